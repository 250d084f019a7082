//! The rules of one invitation row (a line of a bulk CSV file, or one email of the Invite to
//! Project / Invite to Teams tabs) that need no I/O: the email, the organization role and its
//! ceiling, the project role, the lists of project and team names, and duplicates within one upload.

use crate::policy::{can, Action};
use crate::roles::{OrgRole, ProjectRole};
use crate::validate;
use std::collections::HashSet;

/// The most invitations one upload may hold.
pub const MAX_ROWS: usize = 1000;

/// The most project or team names one cell may hold, repeats counted. An invitation that names
/// more than a thousand projects or teams is a mistake (or an attack): the row is refused after
/// counting separators, before any name is looked at.
pub const MAX_NAMES_PER_CELL: usize = 1000;

/// The header line of a bulk invitation file.
pub const CSV_HEADER: &str = "email,org_role,projects,project_role,teams";

/// The downloadable template: the header and one example row. Projects and teams are separated by
/// `;`; roles are written as the interface shows them, in any case.
pub const CSV_TEMPLATE: &str = "email,org_role,projects,project_role,teams\r\n\
ada@example.com,Member,Web App;Mobile App,Analyst,Growth\r\n";

/// Separates several projects or teams in one CSV field.
pub const LIST_SEPARATOR: char = ';';

/// One row as written, every field as text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawRow {
    pub email: String,
    pub org_role: String,
    pub projects: String,
    pub project_role: String,
    pub teams: String,
}

/// One row that passed every rule that needs no I/O.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedRow {
    /// Trimmed and lower-cased.
    pub email: String,
    pub org_role: OrgRole,
    /// Project names, trimmed, without blanks or repeats (in the order written).
    pub projects: Vec<String>,
    /// Present whenever `projects` is not empty.
    pub project_role: Option<ProjectRole>,
    /// Team names, trimmed, without blanks or repeats.
    pub teams: Vec<String>,
}

/// Checks one row for someone holding `inviter`. The error is the message shown next to the row.
pub fn check_row(raw: &RawRow, inviter: OrgRole) -> Result<CheckedRow, String> {
    let email = validate::email(&raw.email)?;
    let org_role = if raw.org_role.trim().is_empty() {
        OrgRole::Member
    } else {
        raw.org_role.parse::<OrgRole>().map_err(|_| {
            format!(
                "“{}” is not an organization role (Owner, Admin, Billing Admin or Member).",
                raw.org_role.trim()
            )
        })?
    };
    can(inviter, Action::Invite { role: org_role }).map_err(|denied| denied.to_string())?;
    let projects = names(&raw.projects, "projects")?;
    let project_role = match raw.project_role.trim() {
        "" if projects.is_empty() => None,
        "" => return Err("Give a project role for the projects.".into()),
        role => Some(role.parse::<ProjectRole>().map_err(|_| {
            format!("“{role}” is not a project role (Owner, Admin, Analyst or Consumer).")
        })?),
    };
    let teams = names(&raw.teams, "teams")?;
    Ok(CheckedRow {
        email,
        org_role,
        project_role: project_role.filter(|_| !projects.is_empty()),
        projects,
        teams,
    })
}

/// The `;`-separated names of a field in their normal form, without blanks or repeats (compared
/// ignoring ASCII case, as the database compares names), in the order written. `what` ("projects"
/// or "teams") names them in the message. Linear in the length of the field: a cell is counted
/// before anything else, and repeats are found with a set.
fn names(field: &str, what: &str) -> Result<Vec<String>, String> {
    let written = field
        .split(LIST_SEPARATOR)
        .filter(|name| !name.trim().is_empty())
        .count();
    if written > MAX_NAMES_PER_CELL {
        return Err(format!(
            "A row can name at most {} {what}; this one names {}.",
            thousands(MAX_NAMES_PER_CELL),
            thousands(written)
        ));
    }
    let mut seen = HashSet::with_capacity(written);
    let mut names = Vec::with_capacity(written);
    for name in field.split(LIST_SEPARATOR) {
        if name.trim().is_empty() {
            continue;
        }
        let name = validate::name("a name", name)?;
        if seen.insert(name.to_ascii_lowercase()) {
            names.push(name);
        }
    }
    Ok(names)
}

/// `1000` as `1,000`.
pub fn thousands(n: usize) -> String {
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

/// Turns every row whose email already appeared in an earlier row into an error naming that row
/// (rows are numbered from 1, as the preview shows them).
pub fn mark_duplicates(rows: &mut [Result<CheckedRow, String>]) {
    let mut first_seen: std::collections::HashMap<String, usize> = Default::default();
    for (index, row) in rows.iter_mut().enumerate() {
        let Ok(checked) = row else { continue };
        match first_seen.get(&checked.email) {
            Some(first) => *row = Err(format!("Duplicate of row {first}.")),
            None => {
                first_seen.insert(checked.email.clone(), index + 1);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn raw(email: &str, role: &str, projects: &str, project_role: &str, teams: &str) -> RawRow {
        RawRow {
            email: email.into(),
            org_role: role.into(),
            projects: projects.into(),
            project_role: project_role.into(),
            teams: teams.into(),
        }
    }

    #[test]
    fn a_full_row_is_cleaned() {
        let row = check_row(
            &raw(
                " Ada@Example.com ",
                "billing admin",
                " Web ; web;Mobile;",
                "ANALYST",
                "Growth",
            ),
            OrgRole::Admin,
        )
        .unwrap();
        assert_eq!(row.email, "ada@example.com");
        assert_eq!(row.org_role, OrgRole::BillingAdmin);
        assert_eq!(row.projects, ["Web", "Mobile"]);
        assert_eq!(row.project_role, Some(ProjectRole::Analyst));
        assert_eq!(row.teams, ["Growth"]);
    }

    #[test]
    fn an_empty_role_means_member_and_no_projects_need_no_project_role() {
        let row = check_row(&raw("a@b.co", "", "", "", ""), OrgRole::Owner).unwrap();
        assert_eq!(row.org_role, OrgRole::Member);
        assert_eq!(row.project_role, None);
        assert!(row.projects.is_empty() && row.teams.is_empty());
    }

    #[test]
    fn each_broken_rule_has_its_message() {
        let admin = OrgRole::Admin;
        assert_eq!(
            check_row(&raw("not-an-email", "member", "", "", ""), admin),
            Err("“not-an-email” is not a valid email address.".into())
        );
        assert!(check_row(&raw("a@b.co", "boss", "", "", ""), admin)
            .unwrap_err()
            .contains("is not an organization role"));
        assert_eq!(
            check_row(&raw("a@b.co", "Owner", "", "", ""), admin),
            Err("You can give roles up to Admin, and no higher.".into())
        );
        assert_eq!(
            check_row(&raw("a@b.co", "member", "Web", "", ""), admin),
            Err("Give a project role for the projects.".into())
        );
        assert!(
            check_row(&raw("a@b.co", "member", "Web", "chief", ""), admin)
                .unwrap_err()
                .contains("is not a project role")
        );
        assert_eq!(
            check_row(&raw("a@b.co", "member", "", "", ""), OrgRole::Member),
            Err("Only Owners and Admins can do this.".into())
        );
        assert!(check_row(
            &raw("a@b.co", "member", &"x".repeat(101), "consumer", ""),
            admin
        )
        .is_err());
    }

    #[test]
    fn a_cell_names_at_most_a_thousand_projects_or_teams() {
        let many = |n: usize| vec!["Web"; n].join(";");
        let at_cap = check_row(
            &raw(
                "a@b.co",
                "",
                &many(MAX_NAMES_PER_CELL),
                "analyst",
                &many(MAX_NAMES_PER_CELL),
            ),
            OrgRole::Admin,
        )
        .unwrap();
        assert_eq!(at_cap.projects, ["Web"]);
        assert_eq!(
            check_row(
                &raw("a@b.co", "", &many(120_000), "analyst", ""),
                OrgRole::Admin
            ),
            Err("A row can name at most 1,000 projects; this one names 120,000.".into())
        );
        assert_eq!(
            check_row(
                &raw("a@b.co", "", "", "", &format!("{};;", many(1001))),
                OrgRole::Admin
            ),
            Err("A row can name at most 1,000 teams; this one names 1,001.".into())
        );
    }

    #[test]
    fn repeats_are_found_in_the_normal_form_of_each_name() {
        let row = check_row(
            &raw(
                "a@b.co",
                "",
                "Caf\u{65}\u{301} ;CAF\u{e9};Data  Warehouse;data warehouse",
                "analyst",
                "",
            ),
            OrgRole::Admin,
        )
        .unwrap();
        assert_eq!(row.projects, ["Caf\u{e9}", "Data Warehouse"]);
        assert!(check_row(
            &raw("a@b.co", "", "Data Warehouse\u{200b}", "analyst", ""),
            OrgRole::Admin
        )
        .unwrap_err()
        .contains("U+200B"));
    }

    #[test]
    fn formats_thousands() {
        assert_eq!(thousands(7), "7");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1234567), "1,234,567");
    }

    #[test]
    fn an_owner_may_invite_an_owner() {
        assert!(check_row(&raw("a@b.co", "owner", "", "", ""), OrgRole::Owner).is_ok());
    }

    #[test]
    fn later_duplicates_name_the_first_row() {
        let mut rows: Vec<_> = ["a@b.co", "c@d.co", "A@B.CO", "x"]
            .iter()
            .map(|e| check_row(&raw(e, "", "", "", ""), OrgRole::Owner))
            .collect();
        mark_duplicates(&mut rows);
        assert!(rows[0].is_ok() && rows[1].is_ok());
        assert_eq!(rows[2], Err("Duplicate of row 1.".into()));
        assert!(rows[3].is_err());
    }

    #[test]
    fn the_template_row_is_valid() {
        let mut lines = CSV_TEMPLATE.lines();
        assert_eq!(lines.next(), Some(CSV_HEADER));
        let fields: Vec<&str> = lines.next().unwrap().split(',').collect();
        let row = raw(fields[0], fields[1], fields[2], fields[3], fields[4]);
        assert!(check_row(&row, OrgRole::Admin).is_ok());
    }

    proptest! {
        #[test]
        fn row_checks_never_panic(
            email in any::<String>(), role in any::<String>(), projects in any::<String>(),
            project_role in any::<String>(), teams in any::<String>(), inviter in 0usize..4,
        ) {
            let row = RawRow { email, org_role: role, projects, project_role, teams };
            let mut rows = vec![check_row(&row, OrgRole::ALL[inviter]), check_row(&row, OrgRole::Owner)];
            mark_duplicates(&mut rows);
        }
    }
}
