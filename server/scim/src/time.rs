//! RFC 3339 date-times (`2011-05-13T04:42:34Z`, `2011-05-13T06:42:34.5+02:00`) read as instants.
//!
//! SCIM `dateTime` attributes such as `meta.lastModified` are compared as instants in filters, so
//! two spellings of the same moment are equal and offsets are honoured.

/// An instant: whole seconds since the Unix epoch (1970-01-01T00:00:00Z) and nanoseconds past
/// them. Ordering is chronological.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    /// Seconds since the Unix epoch; negative before 1970.
    pub seconds: i64,
    /// Nanoseconds past `seconds`, below one billion.
    pub nanos: u32,
}

/// Reads an RFC 3339 date-time: `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`. The `T` and `Z` may
/// be lower case and `T` may be a space; fractions beyond nanoseconds are cut off. A leap second
/// (`:60`) counts as the first second of the next minute. Anything else gives `None`.
pub fn parse_rfc3339(text: &str) -> Option<Timestamp> {
    let bytes = text.as_bytes();
    if bytes.len() < 20 {
        return None;
    }
    let year = digits(bytes, 0, 4)?;
    let month = digits(bytes, 5, 2)?;
    let day = digits(bytes, 8, 2)?;
    let hour = digits(bytes, 11, 2)?;
    let minute = digits(bytes, 14, 2)?;
    let second = digits(bytes, 17, 2)?;
    let separators = [(4, b'-'), (7, b'-'), (13, b':'), (16, b':')];
    if separators.iter().any(|&(at, sep)| bytes[at] != sep) || !b"Tt ".contains(&bytes[10]) {
        return None;
    }
    if !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }

    let mut at = 19;
    let mut nanos: u32 = 0;
    if bytes.get(at) == Some(&b'.') {
        at += 1;
        let start = at;
        while at < bytes.len() && bytes[at].is_ascii_digit() {
            if at - start < 9 {
                nanos = nanos * 10 + u32::from(bytes[at] - b'0');
            }
            at += 1;
        }
        let count = at - start;
        if count == 0 {
            return None;
        }
        for _ in count.min(9)..9 {
            nanos *= 10;
        }
    }

    let offset_seconds = match bytes.get(at)? {
        b'Z' | b'z' => {
            at += 1;
            0
        }
        sign @ (b'+' | b'-') => {
            let hours = digits(bytes, at + 1, 2)?;
            if bytes.get(at + 3) != Some(&b':') {
                return None;
            }
            let minutes = digits(bytes, at + 4, 2)?;
            if hours > 23 || minutes > 59 {
                return None;
            }
            at += 6;
            let magnitude = i64::from(hours * 3600 + minutes * 60);
            if *sign == b'-' {
                -magnitude
            } else {
                magnitude
            }
        }
        _ => return None,
    };
    if at != bytes.len() {
        return None;
    }

    let days = days_from_civil(i64::from(year), month, day);
    let seconds =
        days * 86_400 + i64::from(hour) * 3600 + i64::from(minute) * 60 + i64::from(second)
            - offset_seconds;
    Some(Timestamp { seconds, nanos })
}

/// The number made of `len` ASCII digits at `start`, or `None` if any is not a digit.
fn digits(bytes: &[u8], start: usize, len: usize) -> Option<u32> {
    let slice = bytes.get(start..start + len)?;
    slice.iter().try_fold(0u32, |acc, &b| {
        b.is_ascii_digit().then(|| acc * 10 + u32::from(b - b'0'))
    })
}

fn is_leap_year(year: u32) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to the given proleptic Gregorian date.
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = if year >= 0 { year } else { year - 399 } / 400;
    let year_of_era = year - era * 400;
    let month_from_march = i64::from((month + 9) % 12);
    let day_of_year = (153 * month_from_march + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64, nanos: u32) -> Option<Timestamp> {
        Some(Timestamp { seconds, nanos })
    }

    #[test]
    fn utc_instants() {
        assert_eq!(parse_rfc3339("1970-01-01T00:00:00Z"), at(0, 0));
        assert_eq!(parse_rfc3339("2011-05-13T04:42:34Z"), at(1_305_261_754, 0));
        assert_eq!(parse_rfc3339("2000-02-29T23:59:59z"), at(951_868_799, 0));
        assert_eq!(parse_rfc3339("1969-12-31T23:59:59Z"), at(-1, 0));
        assert_eq!(parse_rfc3339("2011-05-13 04:42:34Z"), at(1_305_261_754, 0));
    }

    #[test]
    fn offsets_and_fractions() {
        assert_eq!(
            parse_rfc3339("2011-05-13T06:42:34+02:00"),
            parse_rfc3339("2011-05-13T04:42:34Z")
        );
        assert_eq!(
            parse_rfc3339("2011-05-12T23:12:34-05:30"),
            parse_rfc3339("2011-05-13T04:42:34Z")
        );
        assert_eq!(parse_rfc3339("1970-01-01T00:00:00.5Z"), at(0, 500_000_000));
        assert_eq!(
            parse_rfc3339("1970-01-01T00:00:01.123456789123Z"),
            at(1, 123_456_789)
        );
        assert!(parse_rfc3339("2011-05-13T04:42:34.1Z") > parse_rfc3339("2011-05-13T04:42:34Z"));
    }

    #[test]
    fn malformed_text_is_refused() {
        for text in [
            "",
            "2011-05-13",
            "2011-05-13T04:42:34",
            "2011-05-13T04:42:34+0200",
            "2011-13-13T04:42:34Z",
            "2011-02-29T04:42:34Z",
            "2011-05-13T24:00:00Z",
            "2011-05-13T04:42:34.Z",
            "2011-05-13T04:42:34Zjunk",
            "2011/05/13T04:42:34Z",
            "20x1-05-13T04:42:34Z",
            "2011-05-13T04:42:34+24:00",
        ] {
            assert_eq!(parse_rfc3339(text), None, "{text}");
        }
    }
}
