//! The types that cross the wire between the WASM client and the server functions. They carry what
//! a screen shows and nothing more: never a password or token hash.

use crate::roles::{OrgRole, ProjectRole};
use serde::{Deserialize, Serialize};

mod people;

pub use people::{
    BulkChoice, PeoplePage, PeopleQuery, PeopleSort, PersonRow, PersonStatus, StaleFilter,
    PEOPLE_PAGE_SIZE,
};

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
    #[serde(default = "people::active")]
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
