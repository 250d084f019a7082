//! `GET /export/audit.csv?<the Audit log tab's query>`: every event the tab's filters match (all
//! pages), newest first. Owners and Admins only, like the tab.

use super::{csv_response, csv_text, signed_in};
use axum::extract::{Query, State};
use axum::response::Response;
use roster_core::state::AppState;
use roster_core::store::audit_log;
use shared::audit::{AuditEntry, AuditQuery};
use shared::dates::format_timestamp;
use shared::{Action, AppError};
use std::collections::HashMap;

pub async fn audit_csv(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    csv_response("audit-log.csv", export(&state, &headers, &params).await)
}

async fn export(
    state: &AppState,
    headers: &axum::http::HeaderMap,
    params: &HashMap<String, String>,
) -> Result<String, AppError> {
    let permit = signed_in(state, headers, params)
        .await?
        .permit(Action::ReadAuditLog)?;
    let query = AuditQuery::from_params(|key| params.get(key).cloned());
    let entries = audit_log::export(&state.db, permit.org_id(), &query).await?;
    Ok(to_csv(&entries))
}

/// The CSV text of `entries`, with a header line.
pub fn to_csv(entries: &[AuditEntry]) -> String {
    csv_text(
        ["when", "who", "what", "target", "details", "kind"],
        entries.iter().map(|entry| {
            [
                format_timestamp(entry.at),
                entry.actor.clone(),
                entry.what.clone(),
                entry.target.clone(),
                entry.details.clone(),
                entry.action.clone(),
            ]
        }),
    )
}
