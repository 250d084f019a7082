//! The application's addresses, for links, redirects and navigation. (The router's table in
//! `lib.rs` spells the same paths as patterns; `pages_are_routed` below keeps the two in step.)
//!
//! Every settings page has its organization in its address: `/orgs/<slug>/settings/<tab>`. The
//! addresses without one (`/settings/<tab>`, from before there were several organizations) lead
//! to the same page of the organization the person used last.

pub const SIGN_IN: &str = "/sign-in";
pub const SETUP: &str = "/setup";
/// Creating an organization (**+ New organization**).
pub const NEW_ORG: &str = "/orgs/new";
/// Where a person goes after signing in: the Users tab of the organization they used last.
pub const HOME: &str = "/";
/// Links that let a provisioned person choose their password are this followed by their token.
pub const SET_PASSWORD: &str = "/set-password/";
/// Invitation links are this followed by their token.
pub const INVITATION_LINK: &str = "/invite/";

/// The tabs and pages under an organization's settings, as they follow `/settings`.
pub const USERS: &str = "/users";
pub const TEAMS: &str = "/teams";
pub const NEW_TEAM: &str = "/teams/new";
pub const PROJECTS: &str = "/projects";
pub const INVITATIONS: &str = "/invitations";
pub const AUDIT_LOG: &str = "/audit-log";
pub const PROVISIONING: &str = "/provisioning";
pub const GENERAL: &str = "/general";

/// The page `tab` (one of the constants above, or any path under the settings) of the
/// organization at `slug`.
pub fn in_org(slug: &str, tab: &str) -> String {
    format!("/orgs/{slug}/settings{tab}")
}

/// One person's page.
pub fn person(slug: &str, account_id: i64) -> String {
    in_org(slug, &format!("{USERS}/{account_id}"))
}

/// One team's page.
pub fn team(slug: &str, team_id: i64) -> String {
    in_org(slug, &format!("{TEAMS}/{team_id}"))
}

/// The people of one project.
pub fn project(slug: &str, project_id: i64) -> String {
    in_org(slug, &format!("{PROJECTS}/{project_id}"))
}

/// What follows `/settings` in a settings page's `path` (`/users/7`), with or without an
/// organization in it; `None` for a path outside the settings.
pub fn settings_tail(path: &str) -> Option<&str> {
    let rest = match path.strip_prefix("/orgs/") {
        Some(rest) => &rest[rest.find('/')?..],
        None => path,
    };
    rest.strip_prefix("/settings")
        .filter(|tail| tail.is_empty() || tail.starts_with('/'))
}

/// The same page as `path` (a settings page of any organization), in the organization at `slug`:
/// where the organization switcher leads. Pages of one thing (a person, a team, a project) lead to
/// their list, since the thing belongs to the other organization.
pub fn same_tab_in(slug: &str, path: &str) -> String {
    let tail = settings_tail(path).unwrap_or(USERS);
    let tab = tail
        .split('/')
        .nth(1)
        .filter(|tab| !tab.is_empty())
        .unwrap_or("users");
    in_org(slug, &format!("/{tab}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The paths as the router's table in `lib.rs` names them.
    #[test]
    fn pages_are_routed() {
        let routes = include_str!("lib.rs");
        for path in [SIGN_IN, SETUP, NEW_ORG] {
            assert!(
                routes.contains(&format!("path!(\"{path}\")")),
                "{path} is not in the router's table"
            );
        }
        assert!(routes.contains("path!(\"/orgs/:org/settings\")"));
        for tab in [
            USERS,
            TEAMS,
            NEW_TEAM,
            PROJECTS,
            INVITATIONS,
            AUDIT_LOG,
            PROVISIONING,
            GENERAL,
        ] {
            let pattern = format!("path!(\"{}\")", &tab[1..]);
            assert!(
                routes.contains(&pattern),
                "{tab} is not in the router's table"
            );
        }
        assert!(routes.contains("path!(\"/invite/:token\")"));
        assert!(routes.contains("path!(\"users/:id\")"));
        assert_eq!(person("acme", 7), "/orgs/acme/settings/users/7");
        assert_eq!(team("acme", 7), "/orgs/acme/settings/teams/7");
        assert_eq!(project("acme", 7), "/orgs/acme/settings/projects/7");
    }

    #[test]
    fn the_switcher_keeps_the_tab() {
        assert_eq!(
            same_tab_in("globex", "/orgs/acme/settings/teams"),
            "/orgs/globex/settings/teams"
        );
        assert_eq!(
            same_tab_in("globex", "/orgs/acme/settings/users/7"),
            "/orgs/globex/settings/users"
        );
        assert_eq!(
            same_tab_in("globex", "/orgs/acme/settings"),
            "/orgs/globex/settings/users"
        );
        assert_eq!(settings_tail("/settings/audit-log"), Some("/audit-log"));
        assert_eq!(settings_tail("/orgs/acme/settings/users"), Some("/users"));
        assert_eq!(settings_tail("/orgs/acme/settingsx"), None);
        assert_eq!(settings_tail("/sign-in"), None);
    }
}
