//! Roster's domain, shared by the WASM client and the server: the organization and project roles,
//! the permission policy, grants and effective access, input validation, the types that cross the
//! wire and the one application error. No I/O lives here; everything compiles for wasm32 and native.

pub mod audit;
pub mod dates;
pub mod error;
pub mod grants;
pub mod ids;
pub mod invitations;
pub mod lists;
pub mod policy;
pub mod query_string;
pub mod roles;
pub mod said;
#[cfg(feature = "sqlx")]
pub mod stored;
pub mod text;
pub mod validate;
pub mod wire;
pub mod words;

pub use audit::AuditAction;
pub use error::AppError;
pub use grants::{effective_role, Grant, GrantSource, PersonAccess, ProjectAccess};
pub use ids::{AccountId, InvitationId, ProjectId, TeamId};
pub use policy::{
    can, ensure_owner_remains, principal_can, provisionable, Action, Denied, Principal,
};
pub use roles::{OrgRole, ProjectRole};
