//! SCIM 2.0 (RFC 7643, RFC 7644) protocol pieces that need no database.
//!
//! Roster's SCIM endpoints use this crate to read what an identity provider sends and to shape
//! what goes back:
//!
//! - `filter`: the filter grammar, evaluation against a resource held as JSON, and translation of
//!   a filter to an SQLite `WHERE` clause.
//! - `patch`: PATCH request bodies, their paths, and applying operations to a JSON resource.
//! - `attributes`: the `attributes` / `excludedAttributes` selection of returned attributes.
//! - `query`: the parameters of a list request, from a query string or a `.search` body.
//! - `error`: SCIM error bodies and the HTTP status that goes with them.
//! - `json`: case-insensitive access to JSON object keys, as SCIM attribute names require.
//! - `time`: RFC 3339 date-times as instants.

pub mod attributes;
pub mod error;
pub mod filter;
pub mod json;
pub mod patch;
pub mod query;
pub mod time;

pub use attributes::select;
pub use error::{scim_type, ScimError};
pub use filter::{
    matches, parse_filter, simple_eq, to_sql, AttrPath, Column, ColumnKind, CompareOp, Filter,
    FilterError, SqlColumns, SqlValue, SqlWhere,
};
pub use patch::{apply, PatchError, PatchOp, PatchOperation, PatchPath, PatchRequest};
pub use query::ListQuery;
pub use time::{parse_rfc3339, Timestamp};

/// Schema URN of the core User resource (RFC 7643 §4.1).
pub const USER: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
/// Schema URN of the core Group resource (RFC 7643 §4.2).
pub const GROUP: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
/// Schema URN of the Enterprise User extension (RFC 7643 §4.3).
pub const ENTERPRISE_USER: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
/// Message URN of a list response (RFC 7644 §3.4.2).
pub const LIST_RESPONSE: &str = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
/// Message URN of a PATCH request body (RFC 7644 §3.5.2).
pub const PATCH_OP: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
/// Message URN of an error body (RFC 7644 §3.12).
pub const ERROR: &str = "urn:ietf:params:scim:api:messages:2.0:Error";
/// Message URN of a `.search` request body (RFC 7644 §3.4.3).
pub const SEARCH_REQUEST: &str = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";
/// Schema URN of the service provider configuration (RFC 7643 §5).
pub const SERVICE_PROVIDER_CONFIG: &str =
    "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
/// Schema URN of a resource type description (RFC 7643 §6).
pub const RESOURCE_TYPE: &str = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
/// Schema URN of a schema description (RFC 7643 §7).
pub const SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:Schema";
