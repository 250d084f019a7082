//! Reading a bulk invitation file (server side only, so the `csv` crate stays out of the WASM):
//! quoted fields, a byte-order mark, CRLF or LF line ends, columns found by their header names in
//! any order, matched ignoring case, spaces and underscores. A header that names a column Roster
//! does not know is refused with the columns it meant, so a misspelt `project` cannot silently
//! invite people to nothing; so are files that are not UTF-8 or are separated by semicolons. What
//! each row means is checked by `shared::invitations::rows`.

use shared::invitations::{thousands, RawRow, CSV_HEADER, MAX_ROWS};
use shared::AppError;

/// The form field that bulk-invite errors belong to.
pub const FIELD: &str = "csv";

/// The columns of a bulk invitation file, as the template writes them.
const COLUMNS: [&str; 5] = ["email", "org_role", "projects", "project_role", "teams"];

/// The rows of `text`, every field as written. Refuses text that is not UTF-8 or not separated by
/// commas, a header with unknown or repeated columns or without `email`, a file with no rows, and
/// one with more than [`MAX_ROWS`] rows.
pub fn parse(text: &str) -> Result<Vec<RawRow>, AppError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if let Some((at, line)) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains('\u{fffd}'))
    {
        let start: String = line.chars().take(40).collect();
        return Err(AppError::invalid(
            FIELD,
            format!(
                "The file is not UTF-8 text: line {} reads “{start}”, with characters that could not be read. It was probably saved as Latin-1 or Windows-1252; save it as “CSV UTF-8” and choose it again.",
                at + 1
            ),
        ));
    }
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader.headers().map_err(unreadable)?.clone();
    let columns = Columns::find(&headers)?;
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
            email: field(Some(columns.email)),
            org_role: field(columns.org_role),
            projects: field(columns.projects),
            project_role: field(columns.project_role),
            teams: field(columns.teams),
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

/// Where each column is in a file.
struct Columns {
    email: usize,
    org_role: Option<usize>,
    projects: Option<usize>,
    project_role: Option<usize>,
    teams: Option<usize>,
}

impl Columns {
    /// Reads the header line; every problem with it is named in one message.
    fn find(headers: &csv::StringRecord) -> Result<Columns, AppError> {
        if let Some(separator) = other_separator(headers) {
            return Err(AppError::invalid(
                FIELD,
                format!(
                    "The columns are separated by {separator}, but Roster reads commas. Save the file as “CSV UTF-8 (comma delimited)” and choose it again; inside a cell, “;” separates several projects or teams."
                ),
            ));
        }
        let mut found: [Option<usize>; COLUMNS.len()] = [None; COLUMNS.len()];
        let mut problems = Vec::new();
        // Past the first few problems, only how many more there are.
        let mut more = 0usize;
        for (i, header) in headers.iter().enumerate() {
            if header.trim().is_empty() {
                continue;
            }
            let wrote = key(header);
            let at = COLUMNS.iter().position(|c| key(c) == wrote);
            if let Some(c) = at.filter(|c| found[*c].is_none()) {
                found[c] = Some(i);
                continue;
            }
            if problems.len() == MAX_PROBLEMS {
                more += 1;
                continue;
            }
            problems.push(match (at, suggestion(header)) {
                (Some(c), _) => format!("Column “{}” appears twice.", COLUMNS[c]),
                (None, Some(meant)) => format!(
                    "Unknown column “{}” — did you mean “{meant}”?",
                    shortened(header.trim())
                ),
                (None, None) => format!("Unknown column “{}”.", shortened(header.trim())),
            });
        }
        if more > 0 {
            problems.push(format!("And {} more.", thousands(more)));
        }
        let missing: Vec<&str> = COLUMNS
            .iter()
            .zip(found)
            .filter(|(_, at)| at.is_none())
            .map(|(c, _)| *c)
            .collect();
        // Optional columns may be left out, unless the header also names columns Roster does not
        // know: then the missing ones are most likely the ones that were meant.
        if found[0].is_none() || !problems.is_empty() {
            if !missing.is_empty() {
                problems.push(format!(
                    "Missing column{} {}.",
                    if missing.len() == 1 { "" } else { "s" },
                    quoted_list(&missing)
                ));
            }
            problems.push(format!(
                "The first line must name the columns: {CSV_HEADER}"
            ));
            return Err(AppError::invalid(FIELD, problems.join(" ")));
        }
        Ok(Columns {
            email: found[0].unwrap_or_default(),
            org_role: found[1],
            projects: found[2],
            project_role: found[3],
            teams: found[4],
        })
    }
}

/// The most problems with a header that one message lists.
const MAX_PROBLEMS: usize = 5;

/// A header name as a message quotes it: at most 40 characters.
fn shortened(header: &str) -> String {
    if header.chars().count() <= 40 {
        return header.to_string();
    }
    format!("{}…", header.chars().take(40).collect::<String>())
}

/// A header name as it is compared: lower case, without spaces, underscores or hyphens.
fn key(header: &str) -> String {
    header
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

/// The known column an unknown header most likely meant: one or two letters away, or one that
/// contains it or is contained in it (`role` → `org_role`, `team` → `teams`).
fn suggestion(header: &str) -> Option<&'static str> {
    let wrote = key(header);
    if wrote.is_empty() || wrote.chars().count() > 40 {
        return None;
    }
    COLUMNS
        .iter()
        .map(|c| (c, key(c)))
        .map(|(c, known)| {
            let distance = edit_distance(&wrote, &known);
            let nested = known.contains(&wrote) || wrote.contains(&known);
            (c, if nested { distance.min(2) } else { distance })
        })
        .filter(|(_, distance)| *distance <= 2)
        .min_by_key(|(_, distance)| *distance)
        .map(|(c, _)| *c)
}

/// Levenshtein distance between two short strings.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous[j] + usize::from(ca != *cb);
            current.push(substitute.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

/// When the header is one field that other separators split into known columns: how it reads.
fn other_separator(headers: &csv::StringRecord) -> Option<&'static str> {
    if headers.len() != 1 {
        return None;
    }
    let header = headers.get(0)?;
    [(';', "semicolons (“;”)"), ('\t', "tabs")]
        .into_iter()
        .find(|(separator, _)| {
            let names: Vec<&str> = header.split(*separator).collect();
            names.len() > 1
                && names
                    .iter()
                    .any(|n| COLUMNS.iter().any(|c| key(c) == key(n)))
        })
        .map(|(_, reads)| reads)
}

/// `“a”`, `“a” and “b”`, `“a”, “b” and “c”`.
fn quoted_list(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("“{n}”")).collect();
    match quoted.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    }
}

fn unreadable(error: csv::Error) -> AppError {
    let line = error
        .position()
        .map(|p| format!(" (line {})", p.line()))
        .unwrap_or_default();
    AppError::invalid(FIELD, format!("The file could not be read as CSV{line}."))
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
    fn header_names_match_ignoring_case_spaces_and_underscores() {
        let rows = parse("Email,Org Role,Projects,Project Role,TEAMS\nada@example.com,Admin,Web,Analyst,Growth\n").unwrap();
        assert_eq!(rows[0].org_role, "Admin");
        assert_eq!(rows[0].projects, "Web");
        assert_eq!(rows[0].project_role, "Analyst");
        assert_eq!(rows[0].teams, "Growth");
        let rows = parse(" E-mail ,ORG_ROLE,projectRole\nada@example.com,admin,Analyst\n").unwrap();
        assert_eq!(rows[0].org_role, "admin");
        assert_eq!(rows[0].project_role, "Analyst");
    }

    #[test]
    fn unknown_and_missing_columns_are_named_with_what_was_meant() {
        let error = parse(
            "email,org_role,project,project_role,team\nada@example.com,member,Web,Analyst,Growth\n",
        )
        .unwrap_err();
        assert_eq!(
            error.for_field(FIELD).unwrap(),
            "Unknown column “project” — did you mean “projects”? Unknown column “team” — did you mean “teams”? Missing columns “projects” and “teams”. The first line must name the columns: email,org_role,projects,project_role,teams"
        );
        let error = parse("mail,role,colour\nada@example.com,member,red\n").unwrap_err();
        assert_eq!(
            error.for_field(FIELD).unwrap(),
            "Unknown column “mail” — did you mean “email”? Unknown column “role” — did you mean “org_role”? Unknown column “colour”. Missing columns “email”, “org_role”, “projects”, “project_role” and “teams”. The first line must name the columns: email,org_role,projects,project_role,teams"
        );
        let error = parse("email,Teams,teams\nada@example.com,a,b\n").unwrap_err();
        assert!(error
            .for_field(FIELD)
            .unwrap()
            .starts_with("Column “teams” appears twice."));
        // Optional columns may be left out when nothing else is wrong; an empty header is skipped.
        assert_eq!(parse("email,\nada@example.com,\n").unwrap().len(), 1);
    }

    #[test]
    fn text_that_is_not_utf8_or_not_comma_separated_is_told_so() {
        // What a browser reads from a Latin-1 file: the é of "rené" replaced by U+FFFD.
        let latin1 = String::from_utf8_lossy(b"email,org_role\nren\xe9@example.com,member\n");
        assert!(parse(&latin1)
            .unwrap_err()
            .for_field(FIELD)
            .unwrap()
            .starts_with("The file is not UTF-8 text: line 2 reads “ren\u{fffd}@example.com,member”, with characters that could not be read."));
        let semicolons = parse(
            "email;org_role;projects;project_role;teams\nada@example.com;member;Web;Analyst;\n",
        )
        .unwrap_err();
        assert!(semicolons.for_field(FIELD).unwrap().starts_with(
            "The columns are separated by semicolons (“;”), but Roster reads commas."
        ));
        let tabs = parse("email\torg_role\nada@example.com\tmember\n").unwrap_err();
        assert!(tabs.for_field(FIELD).unwrap().contains("separated by tabs"));
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
