//! The Audit log tab's pieces: its filters (person, kind), its table and its page links.

pub mod filters;
pub mod pager;
pub mod person_filter;
pub mod table;

use crate::paths;
use shared::audit::AuditQuery;

/// The address of the Audit log tab of the organization at `slug` showing `query`.
pub fn href(slug: &str, query: &AuditQuery) -> String {
    format!(
        "{}{}",
        paths::in_org(slug, paths::AUDIT_LOG),
        query.to_query_string()
    )
}

/// Moves the Audit log tab to another query (a new filter or page).
pub type GoTo = crate::navigation::GoTo<AuditQuery>;
