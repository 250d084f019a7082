//! Who reaches what, and why: read by everyone in the organization; the all-users default of a
//! project is set by Owners and Admins (`ManageAccess`).

use leptos::prelude::*;
use shared::wire::{ProjectPeople, ProjectSummary};
use shared::AppError;

#[cfg(feature = "ssr")]
use super::context;
#[cfg(feature = "ssr")]
use shared::{AccountId, ProjectId};
#[cfg(feature = "ssr")]
use {
    super::respond,
    roster_core::store::{access, projects},
    shared::{Action, ProjectRole},
};

/// Everyone who reaches a project, with their effective role and every source.
#[server(prefix = "/api", endpoint = "project_people", output = crate::api::codec::Answer)]
pub async fn list_project_people(
    org: Option<i64>,
    project_id: i64,
) -> Result<ProjectPeople, AppError> {
    respond(
        async {
            let (state, actor) = context::allowed(org, Action::ViewDirectory).await?;
            access::for_project(&state.db, actor.org_id, ProjectId(project_id)).await
        }
        .await,
    )
}

/// One person's access to every project they reach, with every source.
#[server(prefix = "/api", endpoint = "person_access", output = crate::api::codec::Answer)]
pub async fn get_person_access(
    org: Option<i64>,
    account_id: i64,
) -> Result<Vec<shared::ProjectAccess>, AppError> {
    respond(
        async {
            let (state, actor) = context::allowed(org, Action::ViewDirectory).await?;
            access::for_person(&state.db, actor.org_id, AccountId(account_id)).await
        }
        .await,
    )
}

/// Sets what everyone in the organization gets on a project; an empty `role` means no access.
#[server(prefix = "/api", endpoint = "set_all_users_role", output = crate::api::codec::Answer)]
pub async fn set_all_users_role(
    org: Option<i64>,
    project_id: i64,
    role: String,
) -> Result<ProjectSummary, AppError> {
    respond(
        async {
            let (state, permit) = context::permitted(org, Action::ManageAccess).await?;
            let role: Option<ProjectRole> = match role.as_str() {
                "" => None,
                other => Some(
                    other
                        .parse()
                        .map_err(|_| AppError::invalid("role", "Choose a project role."))?,
                ),
            };
            projects::set_all_users_role(&state.db, &permit, ProjectId(project_id), role).await
        }
        .await,
    )
}
