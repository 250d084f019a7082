//! The types that cross the wire between the WASM client and the server functions. They carry what
//! a screen shows and nothing more: never a password or token hash.

use crate::roles::{OrgRole, ProjectRole};
use serde::{Deserialize, Serialize};

/// The signed-in person, in the organization of their session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub account_id: i64,
    pub name: String,
    pub email: String,
    pub org_id: i64,
    pub org_name: String,
    pub role: OrgRole,
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
pub struct TeamSummary {
    pub id: i64,
    pub name: String,
    pub members: i64,
    pub projects: i64,
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
pub struct TeamMember {
    pub account_id: i64,
    pub name: String,
    pub email: String,
}

/// One team in the Teams tab's list: its size and what it grants.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamOverview {
    pub id: i64,
    pub name: String,
    pub members: i64,
    pub projects: Vec<TeamProject>,
}

/// A team's own page: what it grants and to whom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamDetail {
    pub id: i64,
    pub name: String,
    pub projects: Vec<TeamProject>,
    pub members: Vec<TeamMember>,
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
