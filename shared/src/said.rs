//! The sentences notifications say once a change to a team, a project, many people at once or the
//! organization's provisioning is done, and once it is undone. Only words live here: which change
//! is said when, and its Undo, belong to the page that makes the change.

use crate::words::{a_or_an, people_count};
use crate::{OrgRole, ProjectRole};

/// "Ana Analyst joined Design."
pub fn joined(name: &str, team: &str) -> String {
    format!("{name} joined {team}.")
}

/// What undoing a join says, as the person's page says it: "Ana Analyst is out of Design again."
pub fn out_again(name: &str, team: &str) -> String {
    format!("{name} is out of {team} again.")
}

/// "Ana Analyst is no longer in Design."
pub fn left(name: &str, team: &str) -> String {
    format!("{name} is no longer in {team}.")
}

/// "Ana Analyst is in Design again."
pub fn in_again(name: &str, team: &str) -> String {
    format!("{name} is in {team} again.")
}

/// What a team grants on a project: "Design is now an Analyst on Checkout."
pub fn team_role(team: &str, role: ProjectRole, project: &str) -> String {
    format!("{team} is now {} on {project}.", a_or_an(role.label()))
}

/// "Design is a Consumer on Checkout again."
pub fn team_role_again(team: &str, role: ProjectRole, project: &str) -> String {
    format!("{team} is {} on {project} again.", a_or_an(role.label()))
}

/// "Design no longer grants access to Checkout."
pub fn team_project_removed(team: &str, project: &str) -> String {
    format!("{team} no longer grants access to {project}.")
}

/// "Team renamed to Platform."
pub fn team_renamed(to: &str) -> String {
    format!("Team renamed to {to}.")
}

/// "Team renamed back to Design."
pub fn team_renamed_back(to: &str) -> String {
    format!("Team renamed back to {to}.")
}

/// "Team Design created."
pub fn team_created(name: &str) -> String {
    format!("Team {name} created.")
}

/// "Team Design deleted."
pub fn team_deleted(name: &str) -> String {
    format!("Team {name} deleted.")
}

/// "Design is unlinked from your identity provider: its members are changed here now."
pub fn team_unlinked(name: &str) -> String {
    format!("{name} is unlinked from your identity provider: its members are changed here now.")
}

/// "Project Checkout created."
pub fn project_created(name: &str) -> String {
    format!("Project {name} created.")
}

/// "Project Checkout renamed to Payments."
pub fn project_renamed(from: &str, to: &str) -> String {
    format!("Project {from} renamed to {to}.")
}

/// "Project Payments renamed back to Checkout."
pub fn project_renamed_back(from: &str, to: &str) -> String {
    format!("Project {from} renamed back to {to}.")
}

/// "Project Checkout deleted."
pub fn project_deleted(name: &str) -> String {
    format!("Project {name} deleted.")
}

/// A role's name for several people: "Admins", "Billing Admins".
fn role_plural(role: OrgRole) -> String {
    format!("{}s", role.label())
}

/// "3 people are now Admins."; "1 person is now a Member."
pub fn people_now(n: usize, role: OrgRole) -> String {
    match n {
        1 => format!("1 person is now {}.", a_or_an(role.label())),
        n => format!("{} are now {}.", people_count(n as i64), role_plural(role)),
    }
}

/// "2 people were Admins already."; "1 person was an Admin already."
pub fn people_already(n: usize, role: OrgRole) -> String {
    match n {
        1 => format!("1 person was {} already.", a_or_an(role.label())),
        n => format!(
            "{} were {} already.",
            people_count(n as i64),
            role_plural(role)
        ),
    }
}

/// What undoing a bulk role change says: "3 people have their roles back."
pub fn roles_back(n: usize) -> String {
    match n {
        1 => "1 person has their role back.".to_string(),
        n => format!("{} have their roles back.", people_count(n as i64)),
    }
}

/// "2 people added to Design."
pub fn people_added(n: usize, team: &str) -> String {
    format!("{} added to {team}.", people_count(n as i64))
}

/// "2 people were in Design already."; "1 person was in Design already."
pub fn people_in_already(n: usize, team: &str) -> String {
    let were = if n == 1 { "was" } else { "were" };
    format!("{} {were} in {team} already.", people_count(n as i64))
}

/// What undoing a bulk addition to a team says: "2 people are out of Design again."
pub fn people_out_again(n: usize, team: &str) -> String {
    let are = if n == 1 { "is" } else { "are" };
    format!("{} {are} out of {team} again.", people_count(n as i64))
}

/// "2 people removed from the organization."
pub fn people_removed(n: usize) -> String {
    format!("{} removed from the organization.", people_count(n as i64))
}

/// "1 person was not removed."
pub fn people_not_removed(n: usize) -> String {
    let were = if n == 1 { "was" } else { "were" };
    format!("{} {were} not removed.", people_count(n as i64))
}

/// "SCIM token Okta revoked."
pub fn scim_token_revoked(name: &str) -> String {
    format!("SCIM token {name} revoked.")
}

/// "People your identity provider adds now join as a Billing Admin."
pub fn provisioned_role(role: OrgRole) -> String {
    format!(
        "People your identity provider adds now join as {}.",
        a_or_an(role.label())
    )
}

/// "People your identity provider adds join as a Member again."
pub fn provisioned_role_again(role: OrgRole) -> String {
    format!(
        "People your identity provider adds join as {} again.",
        a_or_an(role.label())
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn team_changes_name_the_person_team_project_and_role() {
        assert_eq!(
            joined("Ana Analyst", "Design"),
            "Ana Analyst joined Design."
        );
        assert_eq!(
            out_again("Ana Analyst", "Design"),
            "Ana Analyst is out of Design again."
        );
        assert_eq!(
            team_role("Design", ProjectRole::Admin, "Checkout"),
            "Design is now an Admin on Checkout."
        );
        assert_eq!(
            team_role_again("Design", ProjectRole::Consumer, "Checkout"),
            "Design is a Consumer on Checkout again."
        );
        assert_eq!(
            team_project_removed("Design", "Checkout"),
            "Design no longer grants access to Checkout."
        );
        assert_eq!(team_renamed("Platform"), "Team renamed to Platform.");
        assert_eq!(team_deleted("Design"), "Team Design deleted.");
    }

    #[test]
    fn projects_say_their_old_and_new_names() {
        assert_eq!(
            project_renamed("Checkout", "Payments"),
            "Project Checkout renamed to Payments."
        );
        assert_eq!(
            project_renamed_back("Payments", "Checkout"),
            "Project Payments renamed back to Checkout."
        );
    }

    #[test]
    fn bulk_changes_count_people_and_name_roles_in_the_plural() {
        assert_eq!(people_now(3, OrgRole::Admin), "3 people are now Admins.");
        assert_eq!(
            people_now(2, OrgRole::BillingAdmin),
            "2 people are now Billing Admins."
        );
        assert_eq!(people_now(1, OrgRole::Admin), "1 person is now an Admin.");
        assert_eq!(people_now(0, OrgRole::Member), "0 people are now Members.");
        assert_eq!(
            people_already(1, OrgRole::Member),
            "1 person was a Member already."
        );
        assert_eq!(
            people_already(2, OrgRole::Admin),
            "2 people were Admins already."
        );
        assert_eq!(roles_back(1), "1 person has their role back.");
        assert_eq!(people_added(1, "Data"), "1 person added to Data.");
        assert_eq!(
            people_in_already(2, "Data"),
            "2 people were in Data already."
        );
        assert_eq!(
            people_out_again(1, "Data"),
            "1 person is out of Data again."
        );
        assert_eq!(
            people_removed(11),
            "11 people removed from the organization."
        );
    }

    #[test]
    fn provisioning_says_the_role_with_its_article() {
        assert_eq!(
            provisioned_role(OrgRole::Admin),
            "People your identity provider adds now join as an Admin."
        );
        assert_eq!(
            provisioned_role_again(OrgRole::Member),
            "People your identity provider adds join as a Member again."
        );
    }
}
