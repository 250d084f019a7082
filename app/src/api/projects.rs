//! The Projects tab: a page of the list for everyone in the organization, and every project for
//! pickers; create and rename for Owners and Admins; delete for Owners.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use shared::lists::{ProjectPage, ProjectQuery};
use shared::wire::ProjectSummary;
use shared::AppError;

#[cfg(feature = "ssr")]
use super::context;
#[cfg(feature = "ssr")]
use shared::ProjectId;
#[cfg(feature = "ssr")]
use {
    super::{field, respond},
    roster_core::store::{lists, projects},
    shared::{validate, Action},
};

#[cfg(feature = "ssr")]
fn project_name(name: &str) -> Result<String, AppError> {
    validate::name("a project name", name).map_err(field("name"))
}

/// One page of the Projects tab: the projects whose name contains the search, in the query's
/// order.
#[server(prefix = "/api", endpoint = "list_project_page", input = Json, output = crate::api::codec::Answer)]
pub async fn list_project_page(
    org: Option<i64>,
    query: ProjectQuery,
) -> Result<ProjectPage, AppError> {
    respond(
        async {
            let (state, actor) = context::allowed(org, Action::ViewDirectory).await?;
            lists::projects(&state.db, actor.org_id, &query).await
        }
        .await,
    )
}

/// Every project of the organization, by name: for the pickers that choose among them (the
/// Users tab's project filter, a team's Add project, Invite to Project, a person's grants).
#[server(prefix = "/api", endpoint = "list_projects", output = crate::api::codec::Answer)]
pub async fn list_projects(org: Option<i64>) -> Result<Vec<ProjectSummary>, AppError> {
    respond(
        async {
            let (state, actor) = context::allowed(org, Action::ViewDirectory).await?;
            projects::list(&state.db, actor.org_id).await
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "create_project", output = crate::api::codec::Answer)]
pub async fn create_project(org: Option<i64>, name: String) -> Result<ProjectSummary, AppError> {
    respond(
        async {
            let (state, permit) = context::permitted(org, Action::CreateProject).await?;
            projects::create(&state.db, &permit, &project_name(&name)?).await
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "rename_project", output = crate::api::codec::Answer)]
pub async fn rename_project(
    org: Option<i64>,
    id: i64,
    name: String,
) -> Result<ProjectSummary, AppError> {
    respond(
        async {
            let (state, permit) = context::permitted(org, Action::RenameProject).await?;
            projects::rename(&state.db, &permit, ProjectId(id), &project_name(&name)?).await
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "delete_project", output = crate::api::codec::Answer)]
pub async fn delete_project(org: Option<i64>, id: i64) -> Result<(), AppError> {
    respond(
        async {
            let (state, permit) = context::permitted(org, Action::DeleteProject).await?;
            projects::delete(&state.db, &permit, ProjectId(id)).await
        }
        .await,
    )
}
