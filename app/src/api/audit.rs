//! The Audit log tab: who changed what, when. Owners and Admins read their own organization's log;
//! the server refuses everyone else, whatever the page shows.

use leptos::prelude::*;
use shared::audit::{AuditPage, AuditPerson, AuditQuery};
use shared::AppError;

#[cfg(feature = "ssr")]
use super::context;
#[cfg(feature = "ssr")]
use {super::respond, roster_core::store::audit_log, shared::Action};

#[server(prefix = "/api", endpoint = "audit_log", input = server_fn::codec::Json, output = crate::api::codec::Answer)]
pub async fn audit_log(org: Option<i64>, query: AuditQuery) -> Result<AuditPage, AppError> {
    respond(
        async {
            let (state, permit) = context::permitted(org, Action::ReadAuditLog).await?;
            audit_log::page(&state.db, permit.org_id(), &query).await
        }
        .await,
    )
}

/// The most people the person filter shows for one search.
pub const PERSON_RESULTS: i64 = 20;

/// People for the Audit log's person filter: the organization's members and the people removed
/// from it (marked), never an account that was not in the organization.
#[server(prefix = "/api", endpoint = "search_audit_people", output = crate::api::codec::Answer)]
pub async fn search_audit_people(
    org: Option<i64>,
    query: String,
) -> Result<Vec<AuditPerson>, AppError> {
    respond(
        async {
            let (state, permit) = context::permitted(org, Action::ReadAuditLog).await?;
            audit_log::people(&state.db, permit.org_id(), &query, PERSON_RESULTS).await
        }
        .await,
    )
}
