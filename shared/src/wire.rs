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
