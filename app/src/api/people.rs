//! The Users tab: the directory (everyone in the organization reads it), one person's access, and
//! the changes Owners and Admins make to people (role, individual grants, removal, bulk actions).

use leptos::prelude::*;
use shared::wire::{BulkChoice, BulkOutcome, PeoplePage, PeopleQuery, PersonDetail};
use shared::{AppError, OrgRole, ProjectRole};

#[cfg(feature = "ssr")]
use super::context;
#[cfg(feature = "ssr")]
use shared::{AccountId, ProjectId, TeamId};
#[cfg(feature = "ssr")]
use {
    super::respond,
    roster_core::store::{members, people},
    shared::Action,
};

#[server(prefix = "/api", endpoint = "list_people", input = server_fn::codec::Json, output = crate::api::codec::Answer)]
pub async fn list_people(org: Option<i64>, query: PeopleQuery) -> Result<PeoplePage, AppError> {
    respond(
        async {
            let (state, actor) = context::allowed(org, Action::ViewDirectory).await?;
            // Those who invite see how many invitations are still open, linked from the list.
            let invites = actor
                .permit(Action::Invite {
                    role: OrgRole::Member,
                })
                .is_ok();
            people::list(&state.db, actor.org_id, &query, invites).await
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "person", output = crate::api::codec::Answer)]
pub async fn get_person(org: Option<i64>, account_id: i64) -> Result<PersonDetail, AppError> {
    respond(
        async {
            let (state, actor) = context::allowed(org, Action::ViewDirectory).await?;
            people::detail(&state.db, actor.org_id, AccountId(account_id)).await
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "change_role", output = crate::api::codec::Answer)]
pub async fn change_role(org: Option<i64>, account_id: i64, role: OrgRole) -> Result<(), AppError> {
    respond(
        async {
            let (state, actor) = context::signed_in(org).await?;
            members::change_role(&state.db, &actor, AccountId(account_id), role).await
        }
        .await,
    )
}

/// Deactivates (`active` false) or reactivates a person, within the ceilings of a role change.
#[server(prefix = "/api", endpoint = "change_status", output = crate::api::codec::Answer)]
pub async fn change_status(
    org: Option<i64>,
    account_id: i64,
    active: bool,
) -> Result<(), AppError> {
    respond(
        async {
            let (state, actor) = context::signed_in(org).await?;
            members::change_status(&state.db, &actor, AccountId(account_id), active).await
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "remove_person", output = crate::api::codec::Answer)]
pub async fn remove_person(org: Option<i64>, account_id: i64) -> Result<(), AppError> {
    respond(
        async {
            let (state, actor) = context::signed_in(org).await?;
            members::remove(&state.db, &actor, AccountId(account_id)).await
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "set_grant", output = crate::api::codec::Answer)]
pub async fn set_grant(
    org: Option<i64>,
    account_id: i64,
    project_id: i64,
    role: ProjectRole,
) -> Result<(), AppError> {
    respond(
        async {
            let (state, permit) = context::permitted(org, Action::ManageAccess).await?;
            members::set_grant(
                &state.db,
                &permit,
                AccountId(account_id),
                ProjectId(project_id),
                role,
            )
            .await
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "remove_grant", output = crate::api::codec::Answer)]
pub async fn remove_grant(
    org: Option<i64>,
    account_id: i64,
    project_id: i64,
) -> Result<(), AppError> {
    respond(
        async {
            let (state, permit) = context::permitted(org, Action::ManageAccess).await?;
            members::remove_grant(
                &state.db,
                &permit,
                AccountId(account_id),
                ProjectId(project_id),
            )
            .await
        }
        .await,
    )
}

/// The most people one bulk action takes.
pub const BULK_LIMIT: usize = 500;

#[server(prefix = "/api", endpoint = "bulk_people", input = server_fn::codec::Json, output = crate::api::codec::Answer)]
pub async fn bulk_people(
    org: Option<i64>,
    account_ids: Vec<i64>,
    choice: BulkChoice,
) -> Result<Vec<BulkOutcome>, AppError> {
    respond(
        async {
            let (state, actor) = context::signed_in(org).await?;
            // Refuse outright what the actor's role can never do; per-person limits come later.
            let probe = match choice {
                BulkChoice::ChangeRole(_) | BulkChoice::Remove => Action::RemoveUser {
                    target: OrgRole::Member,
                },
                BulkChoice::AddToTeam(_) => Action::ManageAccess,
            };
            actor.permit(probe)?;
            if account_ids.is_empty() {
                return Err(AppError::invalid(
                    "selection",
                    "Select at least one person.",
                ));
            }
            if account_ids.len() > BULK_LIMIT {
                return Err(AppError::invalid(
                    "selection",
                    format!("Select at most {BULK_LIMIT} people at a time."),
                ));
            }
            let action = match choice {
                BulkChoice::ChangeRole(role) => members::BulkAction::ChangeRole(role),
                BulkChoice::AddToTeam(team) => members::BulkAction::AddToTeam(TeamId(team)),
                BulkChoice::Remove => members::BulkAction::Remove,
            };
            let account_ids: Vec<AccountId> = account_ids.into_iter().map(AccountId).collect();
            members::bulk(&state.db, &actor, action, &account_ids).await
        }
        .await,
    )
}
