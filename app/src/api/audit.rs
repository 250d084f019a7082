//! The Audit log tab: who changed what, when. Owners and Admins read their own organization's log;
//! the server refuses everyone else, whatever the page shows.

use leptos::prelude::*;
use shared::audit::{AuditPage, AuditQuery};
use shared::AppError;

#[cfg(feature = "ssr")]
use {
    super::respond,
    crate::{auth, state::AppState, store::audit_log},
    shared::Action,
};

#[server(prefix = "/api", endpoint = "audit_log", input = server_fn::codec::Json)]
pub async fn audit_log(query: AuditQuery) -> Result<AuditPage, AppError> {
    respond(
        async {
            let state = AppState::from_context()?;
            let permit = auth::require_actor(&state)
                .await?
                .permit(Action::ReadAuditLog)?;
            audit_log::page(&state.db, permit.org_id(), &query).await
        }
        .await,
    )
}
