//! Formatting of timestamps (Unix seconds, UTC) for display, without a calendar crate in the WASM.

/// `2026-11-28` for a Unix time in seconds.
pub fn format_date(unix_seconds: i64) -> String {
    let (y, m, d) = civil_from_days(unix_seconds.div_euclid(86_400));
    format!("{y:04}-{m:02}-{d:02}")
}

/// `2026-11-28 14:05 UTC` for a Unix time in seconds.
pub fn format_date_time(unix_seconds: i64) -> String {
    let secs = unix_seconds.rem_euclid(86_400);
    format!(
        "{} {:02}:{:02} UTC",
        format_date(unix_seconds),
        secs / 3600,
        (secs % 3600) / 60
    )
}

/// `2026-11-28 14:05:09 UTC` for a Unix time in seconds (exports, where seconds matter).
pub fn format_timestamp(unix_seconds: i64) -> String {
    let secs = unix_seconds.rem_euclid(86_400);
    format!(
        "{} {:02}:{:02}:{:02} UTC",
        format_date(unix_seconds),
        secs / 3600,
        (secs % 3600) / 60,
        secs % 60
    )
}

/// Days since 1970-01-01 to (year, month, day) in the proleptic Gregorian calendar
/// (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_dates() {
        assert_eq!(format_date(0), "1970-01-01");
        assert_eq!(format_date(951_782_400), "2000-02-29");
        assert_eq!(format_date_time(1_795_827_900), "2026-11-28 01:05 UTC");
        assert_eq!(format_date(-1), "1969-12-31");
        assert_eq!(format_timestamp(1_795_827_909), "2026-11-28 01:05:09 UTC");
    }
}
