//! Reading a bulk invitation file (server side only, so the `csv` crate stays out of the WASM):
//! quoted fields, a byte-order mark, CRLF or LF line ends, columns found by their header names in
//! any order and case. What each row means is checked by `shared::invitations::rows`.

use shared::invitations::{RawRow, CSV_HEADER, MAX_ROWS};
use shared::AppError;

/// The form field that bulk-invite errors belong to.
pub const FIELD: &str = "csv";

/// The rows of `text`, every field as written. Refuses a file without an `email` column, with no
/// rows, or with more than [`MAX_ROWS`] rows.
pub fn parse(text: &str) -> Result<Vec<RawRow>, AppError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader.headers().map_err(unreadable)?.clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
    };
    let Some(email) = column("email") else {
        return Err(AppError::invalid(
            FIELD,
            format!("The first line must name the columns: {CSV_HEADER}"),
        ));
    };
    let (org_role, projects, project_role, teams) = (
        column("org_role"),
        column("projects"),
        column("project_role"),
        column("teams"),
    );
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(unreadable)?;
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if rows.len() == MAX_ROWS {
            let total = rows.len() + 1 + reader.records().count();
            return Err(AppError::invalid(
                FIELD,
                format!(
                    "A file can hold at most {} invitations; this one has {}. Split it and upload the parts one by one.",
                    thousands(MAX_ROWS),
                    thousands(total)
                ),
            ));
        }
        let field = |i: Option<usize>| {
            i.and_then(|i| record.get(i))
                .unwrap_or_default()
                .to_string()
        };
        rows.push(RawRow {
            email: field(Some(email)),
            org_role: field(org_role),
            projects: field(projects),
            project_role: field(project_role),
            teams: field(teams),
        });
    }
    if rows.is_empty() {
        return Err(AppError::invalid(
            FIELD,
            "The file has no invitations: add one row per person under the header.",
        ));
    }
    Ok(rows)
}

fn unreadable(error: csv::Error) -> AppError {
    let line = error
        .position()
        .map(|p| format!(" (line {})", p.line()))
        .unwrap_or_default();
    AppError::invalid(FIELD, format!("The file could not be read as CSV{line}."))
}

/// `1000` as `1,000`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use shared::invitations::{check_row, CSV_TEMPLATE};
    use shared::OrgRole;

    #[test]
    fn reads_quotes_bom_crlf_and_any_column_order() {
        let text = "\u{feff}Teams,EMAIL,org_role\r\n\"Growth;Data\",\"ada@example.com\",\"Billing Admin\"\r\n\r\n,bob@example.com,member\r\n";
        let rows = parse(text).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].email, "ada@example.com");
        assert_eq!(rows[0].teams, "Growth;Data");
        assert_eq!(rows[0].org_role, "Billing Admin");
        assert_eq!(rows[0].projects, "");
        assert_eq!(rows[1].email, "bob@example.com");
    }

    #[test]
    fn the_template_parses_into_a_valid_row() {
        let rows = parse(CSV_TEMPLATE).unwrap();
        assert_eq!(rows.len(), 1);
        assert!(check_row(&rows[0], OrgRole::Admin).is_ok());
    }

    #[test]
    fn refuses_missing_header_empty_files_and_too_many_rows() {
        let no_email = parse("name,role\nAda,member\n").unwrap_err();
        assert!(no_email.for_field(FIELD).unwrap().contains(CSV_HEADER));
        assert!(parse("email\n").unwrap_err().for_field(FIELD).is_some());
        let mut big = String::from("email\n");
        for i in 0..=MAX_ROWS {
            big.push_str(&format!("p{i}@example.com\n"));
        }
        assert_eq!(
            parse(&big).unwrap_err().for_field(FIELD).unwrap(),
            "A file can hold at most 1,000 invitations; this one has 1,001. Split it and upload the parts one by one."
        );
        let at_limit: String = big
            .lines()
            .take(MAX_ROWS + 1)
            .collect::<Vec<_>>()
            .join("\n");
        assert_eq!(parse(&at_limit).unwrap().len(), MAX_ROWS);
    }

    #[test]
    fn formats_thousands() {
        assert_eq!(thousands(7), "7");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1234567), "1,234,567");
    }

    proptest! {
        #[test]
        fn parsing_and_checking_never_panic(text in any::<String>()) {
            if let Ok(rows) = parse(&text) {
                for row in &rows {
                    let _ = check_row(row, OrgRole::Admin);
                }
            }
        }

        #[test]
        fn csv_like_input_never_panics(text in "[a-z@.,;\"\r\n ]{0,200}") {
            let _ = parse(&format!("email,org_role,projects,project_role,teams\n{text}"));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4096))]

        /// Whatever bytes arrive (decoded as the server decodes a request body), reading and
        /// checking the file ends in rows or an error for the field, never a panic.
        #[test]
        fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
            let text = String::from_utf8_lossy(&bytes);
            match parse(&text) {
                Ok(rows) => {
                    prop_assert!(!rows.is_empty() && rows.len() <= MAX_ROWS);
                    for row in &rows {
                        let _ = check_row(row, OrgRole::Owner);
                    }
                }
                Err(error) => prop_assert!(error.for_field(FIELD).is_some(), "{error:?}"),
            }
        }

        /// Bytes under a valid header, biased towards the characters CSV treats specially.
        #[test]
        fn arbitrary_rows_under_a_header_never_panic(
            body in prop::collection::vec(any::<u8>(), 0..2048).prop_map(|bytes| {
                bytes
                    .into_iter()
                    .map(|b| match b % 16 {
                        0 => b',',
                        1 => b'"',
                        2 => b'\r',
                        3 => b'\n',
                        4 => b';',
                        5 => b'@',
                        _ => b,
                    })
                    .collect::<Vec<u8>>()
            })
        ) {
            let text = format!(
                "\u{feff}email,org_role,projects,project_role,teams\n{}",
                String::from_utf8_lossy(&body)
            );
            if let Ok(rows) = parse(&text) {
                for row in &rows {
                    let _ = check_row(row, OrgRole::Admin);
                }
            }
        }
    }
}
