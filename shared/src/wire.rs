//! The types that cross the wire between the WASM client and the server functions. They carry what
//! a screen shows and nothing more: never a password or token hash.

use crate::roles::{OrgRole, ProjectRole};
use serde::{Deserialize, Serialize};

/// The signed-in person, in the organization the page is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub account_id: i64,
    pub name: String,
    pub email: String,
    pub org_id: i64,
    pub org_name: String,
    /// The organization's address: `/orgs/<slug>/settings/...`.
    pub org_slug: String,
    pub role: OrgRole,
    /// Every organization the person is an active member of, this one included, by name (the
    /// organization switcher).
    pub orgs: Vec<OrgChoice>,
    /// Whether the person may create an organization (an operator's setting).
    pub may_create_orgs: bool,
}

/// One organization in the organization switcher, with the person's role there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct OrgChoice {
    pub id: i64,
    pub name: String,
    pub slug: String,
    pub role: OrgRole,
}

/// The General tab: the organization's name and address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgSettings {
    pub id: i64,
    pub name: String,
    pub slug: String,
    pub created_at: i64,
    pub members: i64,
    pub projects: i64,
    pub teams: i64,
}

/// What the app shell needs to know before it draws anything.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SessionState {
    /// No organization exists yet: the first-run setup page is the only page.
    NeedsSetup,
    SignedOut,
    SignedIn(Me),
}

/// One project in the Projects tab.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectSummary {
    pub id: i64,
    pub name: String,
    pub all_users_role: Option<ProjectRole>,
    pub created_at: i64,
}

/// One person in the Users tab.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberRow {
    pub account_id: i64,
    pub name: String,
    pub email: String,
    pub role: OrgRole,
    pub joined_at: i64,
    pub last_active_at: Option<i64>,
}

/// One team in the Teams tab.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct TeamSummary {
    pub id: i64,
    pub name: String,
    pub members: i64,
    pub projects: i64,
}

/// How the Users tab's list is sorted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeopleSort {
    #[default]
    Name,
    Email,
    Role,
    /// By the number of teams the person is in.
    Teams,
    Joined,
    LastActive,
}

impl PeopleSort {
    pub const ALL: [PeopleSort; 6] = [
        PeopleSort::Name,
        PeopleSort::Email,
        PeopleSort::Role,
        PeopleSort::Teams,
        PeopleSort::Joined,
        PeopleSort::LastActive,
    ];

    /// The key used in the address bar.
    pub fn as_str(self) -> &'static str {
        match self {
            PeopleSort::Name => "name",
            PeopleSort::Email => "email",
            PeopleSort::Role => "role",
            PeopleSort::Teams => "teams",
            PeopleSort::Joined => "joined",
            PeopleSort::LastActive => "last_active",
        }
    }

    pub fn parse(key: &str) -> Option<PeopleSort> {
        PeopleSort::ALL.into_iter().find(|s| s.as_str() == key)
    }
}

/// The Users tab's search, filters, order and page — everything that lives in its address.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PeopleQuery {
    /// Part of a name or an email.
    pub search: String,
    pub role: Option<OrgRole>,
    pub team_id: Option<i64>,
    /// People who can reach this project (through any grant).
    pub project_id: Option<i64>,
    /// Only people with this status.
    #[serde(default)]
    pub status: Option<PersonStatus>,
    pub sort: PeopleSort,
    pub descending: bool,
    /// 1-based.
    pub page: u32,
}

/// A person's status in an organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PersonStatus {
    Active,
    Deactivated,
}

impl PersonStatus {
    pub const ALL: [PersonStatus; 2] = [PersonStatus::Active, PersonStatus::Deactivated];

    /// The key in the address bar (`?status=deactivated`).
    pub fn as_str(self) -> &'static str {
        match self {
            PersonStatus::Active => "active",
            PersonStatus::Deactivated => "deactivated",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            PersonStatus::Active => "Active",
            PersonStatus::Deactivated => "Deactivated",
        }
    }

    pub fn parse(key: &str) -> Option<PersonStatus> {
        PersonStatus::ALL.into_iter().find(|s| s.as_str() == key)
    }

    pub fn of(active: bool) -> PersonStatus {
        if active {
            PersonStatus::Active
        } else {
            PersonStatus::Deactivated
        }
    }
}

/// People shown per page of the Users tab.
pub const PEOPLE_PAGE_SIZE: u32 = 50;

impl PeopleQuery {
    /// Reads the query from the address's parameters (unknown values fall back to defaults).
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> PeopleQuery {
        PeopleQuery {
            search: get("q").unwrap_or_default(),
            role: get("role").and_then(|r| r.parse().ok()),
            team_id: get("team").and_then(|t| t.parse().ok()),
            project_id: get("project").and_then(|p| p.parse().ok()),
            status: get("status").and_then(|s| PersonStatus::parse(&s)),
            sort: get("sort")
                .and_then(|s| PeopleSort::parse(&s))
                .unwrap_or_default(),
            descending: get("dir").as_deref() == Some("desc"),
            page: get("page")
                .and_then(|p| p.parse().ok())
                .filter(|p| *p >= 1)
                .unwrap_or(1),
        }
    }

    /// The address's parameters for this query, defaults left out.
    pub fn to_params(&self) -> Vec<(&'static str, String)> {
        let mut params = Vec::new();
        if !self.search.trim().is_empty() {
            params.push(("q", self.search.clone()));
        }
        if let Some(role) = self.role {
            params.push(("role", role.as_str().to_string()));
        }
        if let Some(team) = self.team_id {
            params.push(("team", team.to_string()));
        }
        if let Some(project) = self.project_id {
            params.push(("project", project.to_string()));
        }
        if let Some(status) = self.status {
            params.push(("status", status.as_str().to_string()));
        }
        if self.sort != PeopleSort::Name {
            params.push(("sort", self.sort.as_str().to_string()));
        }
        if self.descending {
            params.push(("dir", "desc".to_string()));
        }
        if self.page > 1 {
            params.push(("page", self.page.to_string()));
        }
        params
    }

    /// `?q=…&role=…` for the address bar (empty for the defaults).
    pub fn to_query_string(&self) -> String {
        let params = self.to_params();
        if params.is_empty() {
            return String::new();
        }
        let pairs: Vec<String> = params
            .iter()
            .map(|(k, v)| format!("{k}={}", percent_encode(v)))
            .collect();
        format!("?{}", pairs.join("&"))
    }
}

/// Percent-encodes a query-string value.
pub fn percent_encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// What a bulk action on selected people does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum BulkChoice {
    ChangeRole(OrgRole),
    AddToTeam(i64),
    Remove,
}

/// One person in the Users tab's table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonRow {
    pub account_id: i64,
    pub name: String,
    pub email: String,
    pub role: OrgRole,
    /// How many projects the person reaches, through any grant.
    pub project_count: usize,
    /// The first few of them, by name (for a hover list).
    pub project_names: Vec<String>,
    pub teams: Vec<String>,
    pub joined_at: i64,
    pub last_active_at: Option<i64>,
    #[serde(default = "active")]
    pub status: PersonStatus,
}

fn active() -> PersonStatus {
    PersonStatus::Active
}

/// One page of the Users tab.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeoplePage {
    pub rows: Vec<PersonRow>,
    /// How many people match the search and filters, over all pages.
    pub total: i64,
    pub page: u32,
    pub page_size: u32,
    /// How many invitations to the organization wait for an answer; only for those who invite.
    pub pending_invitations: Option<i64>,
    /// Filters of the query that name nothing of the organization (a team or project deleted
    /// since the link was made): they were left out of this answer.
    #[serde(default)]
    pub dropped_filters: Vec<StaleFilter>,
}

/// A filter of the Users tab whose team or project no longer exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum StaleFilter {
    Team,
    Project,
}

impl StaleFilter {
    /// What the Users tab says when it leaves this filter out.
    pub fn note(self) -> &'static str {
        match self {
            StaleFilter::Team => "The team in this link no longer exists; showing all teams.",
            StaleFilter::Project => {
                "The project in this link no longer exists; showing all projects."
            }
        }
    }

    /// The query without this filter.
    pub fn drop_from(self, query: &mut PeopleQuery) {
        match self {
            StaleFilter::Team => query.team_id = None,
            StaleFilter::Project => query.project_id = None,
        }
    }
}

impl PeoplePage {
    /// The number of the last page of the list (1 when nothing matches).
    pub fn last_page(total: i64, page_size: u32) -> u32 {
        let pages = (total.max(0) as u64).div_ceil(u64::from(page_size.max(1)));
        u32::try_from(pages.max(1)).unwrap_or(u32::MAX)
    }
}

/// A team a person is in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamRef {
    pub id: i64,
    pub name: String,
}

/// Everything the page of one person shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonDetail {
    pub account_id: i64,
    pub name: String,
    pub email: String,
    pub role: OrgRole,
    pub joined_at: i64,
    pub last_active_at: Option<i64>,
    #[serde(default = "active")]
    pub status: PersonStatus,
    pub access: Vec<crate::grants::ProjectAccess>,
    pub teams: Vec<TeamRef>,
}

/// What happened to one person in a bulk action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkOutcome {
    pub account_id: i64,
    pub name: String,
    /// Whether the action changed anything about them (`false` for someone who was in the team
    /// or held the role already, and for a refusal).
    pub changed: bool,
    /// `None` when the change was made; otherwise why it was refused.
    pub refused: Option<String>,
}

/// One project a team grants, with the role it grants there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamProject {
    pub project_id: i64,
    pub project_name: String,
    pub role: ProjectRole,
}

/// One member of a team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct TeamMember {
    pub account_id: i64,
    pub name: String,
    pub email: String,
    /// Their organization role, which decides who may take them out of the team.
    pub role: OrgRole,
}

/// One team in the Teams tab's list, and the heading of its own page: its size and what it
/// grants.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamOverview {
    pub id: i64,
    pub name: String,
    pub members: i64,
    pub projects: Vec<TeamProject>,
    /// Whether the identity provider manages its members (they cannot be changed by hand).
    #[serde(default)]
    pub managed: bool,
}

/// A team's own page: what it grants and to whom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamDetail {
    pub id: i64,
    pub name: String,
    pub projects: Vec<TeamProject>,
    pub members: Vec<TeamMember>,
    /// Whether the identity provider manages its members (they cannot be changed by hand).
    #[serde(default)]
    pub managed: bool,
}

/// A project role chosen for a project while creating a team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectChoice {
    pub project_id: i64,
    pub role: ProjectRole,
}

/// A team to create: its name, its projects with their roles, and its members.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewTeam {
    pub name: String,
    pub projects: Vec<ProjectChoice>,
    pub members: Vec<i64>,
}

/// Who reaches one project, and why. People with a grant of their own (org role, team,
/// individual) are listed, strongest first, up to a cap; everyone else in the organization
/// reaches the project only through its all-users default, summed up in one line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectPeople {
    pub project_id: i64,
    pub project_name: String,
    pub all_users_role: Option<ProjectRole>,
    pub people: Vec<crate::grants::PersonAccess>,
    /// How many people have a grant of their own (`people` may hold fewer: the list is capped).
    pub listed_total: i64,
    /// How many other people are in the organization (they reach it only through all users).
    pub everyone_else: i64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn a_people_query_survives_the_address_bar() {
        let query = PeopleQuery {
            search: "ada".into(),
            role: Some(OrgRole::BillingAdmin),
            team_id: Some(3),
            project_id: None,
            status: Some(PersonStatus::Deactivated),
            sort: PeopleSort::LastActive,
            descending: true,
            page: 4,
        };
        let params: HashMap<&str, String> = query.to_params().into_iter().collect();
        assert_eq!(PeopleQuery::from_params(|k| params.get(k).cloned()), query);
        assert!(
            PeopleQuery::default().to_params().is_empty(),
            "defaults stay out of the address"
        );
        let searched = PeopleQuery {
            search: "a&b c".into(),
            ..PeopleQuery::default()
        };
        assert_eq!(searched.to_query_string(), "?q=a%26b%20c");
        let odd =
            PeopleQuery::from_params(|k| Some(if k == "page" { "0" } else { "bogus" }.to_string()));
        assert_eq!(odd.page, 1);
        assert_eq!(odd.role, None);
        assert_eq!(odd.sort, PeopleSort::Name);
    }
}

/// One SCIM token of the organization, as the Provisioning tab lists it (never the token itself).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScimTokenRow {
    pub id: i64,
    pub name: String,
    pub created_by: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
}

/// What the Provisioning tab shows: where the identity provider connects, the organization's
/// tokens and the role provisioned people get.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProvisioningSettings {
    pub base_url: String,
    pub tokens: Vec<ScimTokenRow>,
    pub provisioned_role: OrgRole,
}

/// A SCIM token just created: the only time the token itself is seen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewScimToken {
    pub id: i64,
    pub name: String,
    pub token: String,
}
