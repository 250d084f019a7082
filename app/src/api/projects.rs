//! The Projects tab: list for everyone in the organization; create and rename for Owners and
//! Admins; delete for Owners.

use leptos::prelude::*;
use shared::wire::ProjectSummary;
use shared::AppError;

#[cfg(feature = "ssr")]
use {
    super::{field, respond},
    crate::{auth, state::AppState, store::projects},
    shared::{validate, Action},
};

#[cfg(feature = "ssr")]
fn project_name(name: &str) -> Result<String, AppError> {
    validate::name("a project name", name).map_err(field("name"))
}

#[server(prefix = "/api", endpoint = "list_projects")]
pub async fn list_projects() -> Result<Vec<ProjectSummary>, AppError> {
    respond(
        async {
            let state = AppState::from_context()?;
            let actor = auth::require_actor(&state).await?;
            actor.permit(Action::ViewDirectory)?;
            projects::list(&state.db, actor.org_id).await
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "create_project")]
pub async fn create_project(name: String) -> Result<ProjectSummary, AppError> {
    respond(
        async {
            let state = AppState::from_context()?;
            let permit = auth::require_actor(&state)
                .await?
                .permit(Action::CreateProject)?;
            projects::create(&state.db, &permit, &project_name(&name)?).await
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "rename_project")]
pub async fn rename_project(id: i64, name: String) -> Result<ProjectSummary, AppError> {
    respond(
        async {
            let state = AppState::from_context()?;
            let permit = auth::require_actor(&state)
                .await?
                .permit(Action::RenameProject)?;
            projects::rename(&state.db, &permit, id, &project_name(&name)?).await
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "delete_project")]
pub async fn delete_project(id: i64) -> Result<(), AppError> {
    respond(
        async {
            let state = AppState::from_context()?;
            let permit = auth::require_actor(&state)
                .await?
                .permit(Action::DeleteProject)?;
            projects::delete(&state.db, &permit, id).await
        }
        .await,
    )
}
