//! The application's addresses, for links, redirects and navigation. (The router's table in
//! `lib.rs` spells the same paths as patterns; `pages_are_routed` below keeps the two in step.)

pub const SIGN_IN: &str = "/sign-in";
pub const SETUP: &str = "/setup";
pub const USERS: &str = "/settings/users";
pub const TEAMS: &str = "/settings/teams";
pub const NEW_TEAM: &str = "/settings/teams/new";
pub const PROJECTS: &str = "/settings/projects";
pub const INVITATIONS: &str = "/settings/invitations";
pub const AUDIT_LOG: &str = "/settings/audit-log";
pub const PROVISIONING: &str = "/settings/provisioning";
/// Links that let a provisioned person choose their password are this followed by their token.
pub const SET_PASSWORD: &str = "/set-password/";
/// Invitation links are this followed by their token.
pub const INVITATION_LINK: &str = "/invite/";

/// One person's page.
pub fn person(account_id: i64) -> String {
    format!("{USERS}/{account_id}")
}

/// One team's page.
pub fn team(team_id: i64) -> String {
    format!("{TEAMS}/{team_id}")
}

/// The people of one project.
pub fn project(project_id: i64) -> String {
    format!("{PROJECTS}/{project_id}")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The paths as the router's table in `lib.rs` names them.
    #[test]
    fn pages_are_routed() {
        let routes = include_str!("lib.rs");
        let routed = |path: &str| {
            let pattern = path.strip_prefix("/settings/").map_or_else(
                || format!("path!(\"{path}\")"),
                |tab| format!("path!(\"{tab}\")"),
            );
            routes.contains(&pattern)
        };
        for path in [
            SIGN_IN,
            SETUP,
            USERS,
            TEAMS,
            NEW_TEAM,
            PROJECTS,
            INVITATIONS,
            AUDIT_LOG,
            PROVISIONING,
        ] {
            assert!(routed(path), "{path} is not in the router's table");
        }
        assert!(routes.contains("path!(\"/settings\")"));
        assert!(routes.contains("path!(\"/invite/:token\")"));
        assert!(routed("/settings/users/:id") && person(7) == "/settings/users/7");
        assert!(routed("/settings/teams/:id") && team(7) == "/settings/teams/7");
        assert!(routed("/settings/projects/:id") && project(7) == "/settings/projects/7");
    }
}
