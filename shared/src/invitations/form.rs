//! The rules of the Invite to Project and Invite to Teams forms as a whole: at least one email, and
//! at least one project (with a role) or one team. The browser checks them before sending, so every
//! problem shows at once next to its field; the server checks the same rules and refuses.

use super::rows::{mark_duplicates, CheckedRow};
use super::wire::InviteRequest;
use crate::error::AppError;

/// Everything wrong with `request` as a whole, in the order the form shows the fields: the emails,
/// the project role, then the projects or teams.
pub fn form_errors(request: &InviteRequest) -> Vec<AppError> {
    let mut errors = Vec::new();
    if request.emails.iter().all(|e| e.trim().is_empty()) {
        errors.push(AppError::invalid("email", "Enter an email address."));
    }
    if !request.project_ids.is_empty() && request.project_role.is_none() {
        errors.push(AppError::invalid("project_role", "Choose a project role."));
    }
    if request.project_ids.is_empty() && request.team_ids.is_empty() {
        // A project role without projects comes from Invite to Project; nothing at all from
        // Invite to Teams. Either way an invitation gives access to something.
        errors.push(if request.project_role.is_some() {
            AppError::invalid("projects", "Choose at least one project.")
        } else {
            AppError::invalid("teams", "Choose at least one team.")
        });
    } else if request.project_ids.is_empty() && request.project_role.is_some() {
        errors.push(AppError::invalid(
            "projects",
            "Choose at least one project.",
        ));
    }
    errors
}

/// The error of each non-blank email of `emails`, in order (blank rows are not sent): not an
/// email address, or the same address as an earlier row.
pub fn email_errors(emails: &[String]) -> Vec<Option<String>> {
    let mut checked: Vec<Result<CheckedRow, String>> = emails
        .iter()
        .filter(|e| !e.trim().is_empty())
        .map(|email| {
            crate::validate::email(email).map(|email| CheckedRow {
                email,
                org_role: crate::OrgRole::Member,
                projects: Vec::new(),
                project_role: None,
                teams: Vec::new(),
            })
        })
        .collect();
    mark_duplicates(&mut checked);
    checked.into_iter().map(Result::err).collect()
}

/// The addresses in pasted text: separated by commas, semicolons, spaces or line breaks.
pub fn split_pasted(text: &str) -> Vec<String> {
    text.split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{OrgRole, ProjectRole};

    fn request(
        emails: &[&str],
        projects: &[i64],
        role: Option<ProjectRole>,
        teams: &[i64],
    ) -> InviteRequest {
        InviteRequest {
            emails: emails.iter().map(|e| e.to_string()).collect(),
            org_role: OrgRole::Member,
            project_ids: projects.to_vec(),
            project_role: role,
            team_ids: teams.to_vec(),
        }
    }

    fn fields(errors: Vec<AppError>) -> Vec<String> {
        errors
            .into_iter()
            .map(|e| match e {
                AppError::Invalid { field, .. } => field,
                other => panic!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn each_tab_asks_for_what_it_gives() {
        let analyst = Some(ProjectRole::Analyst);
        assert!(form_errors(&request(&["a@x.com"], &[1], analyst, &[])).is_empty());
        assert!(form_errors(&request(&["a@x.com"], &[], None, &[2])).is_empty());
        assert!(form_errors(&request(&["a@x.com"], &[1], analyst, &[2])).is_empty());
        // Invite to Project with nothing ticked, Invite to Teams with nothing ticked.
        assert_eq!(
            fields(form_errors(&request(&["a@x.com"], &[], analyst, &[]))),
            ["projects"]
        );
        assert_eq!(
            fields(form_errors(&request(&["a@x.com"], &[], None, &[]))),
            ["teams"]
        );
        assert_eq!(
            form_errors(&request(&["a@x.com"], &[], None, &[]))[0].to_string(),
            "Choose at least one team."
        );
        // Every problem at once, emails first.
        assert_eq!(
            fields(form_errors(&request(&["", " "], &[], analyst, &[]))),
            ["email", "projects"]
        );
        assert_eq!(
            fields(form_errors(&request(&["a@x.com"], &[1], None, &[]))),
            ["project_role"]
        );
    }

    #[test]
    fn emails_are_checked_row_by_row() {
        let emails: Vec<String> = ["a@x.com", "", "not-an-email", "A@x.com"]
            .iter()
            .map(|e| e.to_string())
            .collect();
        let errors = email_errors(&emails);
        assert_eq!(errors.len(), 3, "the blank row is not sent");
        assert_eq!(errors[0], None);
        assert!(errors[1].is_some());
        assert_eq!(errors[2].as_deref(), Some("Duplicate of row 1."));
    }

    #[test]
    fn pasted_lists_become_addresses() {
        assert_eq!(split_pasted("a1@x.com, a2@x.com"), ["a1@x.com", "a2@x.com"]);
        assert_eq!(
            split_pasted("a1@x.com\na2@x.com\r\n"),
            ["a1@x.com", "a2@x.com"]
        );
        assert_eq!(
            split_pasted("a1@x.com; a2@x.com\tb@y.org"),
            ["a1@x.com", "a2@x.com", "b@y.org"]
        );
        assert_eq!(split_pasted("  one@x.com "), ["one@x.com"]);
        assert!(split_pasted(" ,\n").is_empty());
    }
}
