//! Read-only views of the organization's people and teams, for everyone in the organization.

use leptos::prelude::*;
use shared::wire::{MemberRow, TeamSummary};
use shared::AppError;

#[cfg(feature = "ssr")]
use super::context;
#[cfg(feature = "ssr")]
use {super::respond, roster_core::store::directory, shared::Action, shared::TeamId};

#[server(prefix = "/api", endpoint = "list_teams", output = crate::api::codec::Answer)]
pub async fn list_teams(org: Option<i64>) -> Result<Vec<TeamSummary>, AppError> {
    respond(
        async {
            let (state, actor) = context::allowed(org, Action::ViewDirectory).await?;
            directory::teams(&state.db, actor.org_id).await
        }
        .await,
    )
}

/// The most people a picker shows for one search.
pub const PICKER_RESULTS: i64 = 20;

/// People of the organization whose name or email contains `query`, for pickers; given
/// `outside_team`, only those who are not in that team of the organization.
#[server(prefix = "/api", endpoint = "search_people", output = crate::api::codec::Answer)]
pub async fn search_people(
    org: Option<i64>,
    query: String,
    outside_team: Option<i64>,
) -> Result<Vec<MemberRow>, AppError> {
    respond(
        async {
            let (state, actor) = context::allowed(org, Action::ViewDirectory).await?;
            match outside_team {
                Some(team) => {
                    directory::search_outside_team(
                        &state.db,
                        actor.org_id,
                        TeamId(team),
                        &query,
                        PICKER_RESULTS,
                    )
                    .await
                }
                None => directory::search(&state.db, actor.org_id, &query, PICKER_RESULTS).await,
            }
        }
        .await,
    )
}
