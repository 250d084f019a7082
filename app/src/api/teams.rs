//! The Teams tab's server functions: everyone in the organization reads teams; Owners and Admins
//! create, rename and delete them (`ManageTeams`) and change what a team grants and to whom
//! (`ManageAccess`).

#[cfg(feature = "ssr")]
use crate::paths;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use shared::lists::{MemberPage, MemberQuery, TeamPage, TeamQuery};
#[cfg(feature = "ssr")]
use shared::wire::ProjectChoice;
use shared::wire::{NewTeam, TeamDetail, TeamOverview};
use shared::AppError;

#[cfg(feature = "ssr")]
use super::context;
#[cfg(feature = "ssr")]
use shared::{AccountId, ProjectId, TeamId};
#[cfg(feature = "ssr")]
use {
    super::{field, respond},
    roster_core::store::{lists, teams},
    shared::{validate, Action, ProjectRole},
};

#[cfg(feature = "ssr")]
fn team_name(name: &str) -> Result<String, AppError> {
    validate::name("a team name", name).map_err(field("name"))
}

#[cfg(feature = "ssr")]
fn project_role(role: &str) -> Result<ProjectRole, AppError> {
    role.parse()
        .map_err(|_| AppError::invalid("role", "Choose a project role."))
}

/// One page of the Teams tab: the teams whose name contains the search, in the query's order.
#[server(prefix = "/api", endpoint = "list_team_page", input = Json, output = crate::api::codec::Answer)]
pub async fn list_team_page(org: Option<i64>, query: TeamQuery) -> Result<TeamPage, AppError> {
    respond(
        async {
            let (state, actor) = context::allowed(org, Action::ViewDirectory).await?;
            lists::teams(&state.db, actor.org_id, &query).await
        }
        .await,
    )
}

/// A team's page heading: its name, size, what it grants and whether it is managed (its members
/// come a page at a time from [`list_team_members`]).
#[server(prefix = "/api", endpoint = "get_team_overview", output = crate::api::codec::Answer)]
pub async fn get_team_overview(org: Option<i64>, id: i64) -> Result<TeamOverview, AppError> {
    respond(
        async {
            let (state, actor) = context::allowed(org, Action::ViewDirectory).await?;
            lists::team(&state.db, actor.org_id, TeamId(id)).await
        }
        .await,
    )
}

/// One page of a team's members: those whose name or email contains the search, in the query's
/// order.
#[server(prefix = "/api", endpoint = "list_team_members", input = Json, output = crate::api::codec::Answer)]
pub async fn list_team_members(
    org: Option<i64>,
    team_id: i64,
    query: MemberQuery,
) -> Result<MemberPage, AppError> {
    respond(
        async {
            let (state, actor) = context::allowed(org, Action::ViewDirectory).await?;
            lists::team_members(&state.db, actor.org_id, TeamId(team_id), &query).await
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "get_team", output = crate::api::codec::Answer)]
pub async fn get_team(org: Option<i64>, id: i64) -> Result<TeamDetail, AppError> {
    respond(
        async {
            let (state, actor) = context::allowed(org, Action::ViewDirectory).await?;
            teams::detail(&state.db, actor.org_id, TeamId(id)).await
        }
        .await,
    )
}

/// Checks a team name while it is typed: `Some(message)` when it cannot be used. `except` is the
/// team being renamed, whose own name is not a clash.
#[server(prefix = "/api", endpoint = "check_team_name", output = crate::api::codec::Answer)]
pub async fn check_team_name(
    org: Option<i64>,
    name: String,
    except: Option<i64>,
) -> Result<Option<String>, AppError> {
    respond(
        async {
            let (state, actor) = context::allowed(org, Action::ViewDirectory).await?;
            let name = match validate::name("a team name", &name) {
                Ok(name) => name,
                Err(message) => return Ok(Some(message)),
            };
            let taken = teams::name_taken(&state.db, actor.org_id, &name, except).await?;
            Ok(taken.then(|| teams::DUPLICATE.to_string()))
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "create_team", input = Json, output = crate::api::codec::Answer)]
pub async fn create_team(org: Option<i64>, team: NewTeam) -> Result<TeamDetail, AppError> {
    respond(
        async {
            let (state, permit) = context::permitted(org, Action::ManageTeams).await?;
            let team = NewTeam {
                name: team_name(&team.name)?,
                ..team
            };
            teams::create(&state.db, &permit, &team).await
        }
        .await,
    )
}

/// The Create Team flow's last step posted by a plain form (without JavaScript): the fields carry
/// the flow's address state, `projects` as `12:analyst,15:owner` and `members` as `3,7`. The same
/// policy check and store call as [`create_team`]; a plain post then goes to the new team's page.
#[server(prefix = "/api", endpoint = "create_team_form", output = crate::api::codec::Answer)]
pub async fn create_team_form(
    org: Option<i64>,
    name: String,
    projects: String,
    members: String,
) -> Result<TeamDetail, AppError> {
    respond(
        async {
            let (state, permit) = context::permitted(org, Action::ManageTeams).await?;
            let team = NewTeam {
                name: team_name(&name)?,
                projects: listed_choices(&projects)?,
                members: listed_ids(&members)?,
            };
            let created = teams::create(&state.db, &permit, &team).await?;
            super::plain_form_goes_to(&paths::team(&permit.actor().org_slug, created.id));
            Ok(created)
        }
        .await,
    )
}

/// `12:analyst,15:owner` read strictly: a part that is not a project id and a role is refused.
#[cfg(feature = "ssr")]
fn listed_choices(list: &str) -> Result<Vec<ProjectChoice>, AppError> {
    let mut choices: Vec<ProjectChoice> = Vec::new();
    for part in list.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let choice = part
            .split_once(':')
            .and_then(|(id, role)| Some((id.trim().parse::<i64>().ok()?, role.trim())))
            .ok_or_else(|| AppError::invalid("projects", "Choose projects from the list."))?;
        let role = choice
            .1
            .parse()
            .map_err(|_| AppError::invalid("projects", "Choose a project role."))?;
        if !choices.iter().any(|c| c.project_id == choice.0) {
            choices.push(ProjectChoice {
                project_id: choice.0,
                role,
            });
        }
    }
    Ok(choices)
}

/// `3,7` read strictly: a part that is not an id is refused; repeats count once.
#[cfg(feature = "ssr")]
fn listed_ids(list: &str) -> Result<Vec<i64>, AppError> {
    let mut ids: Vec<i64> = Vec::new();
    for part in list.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let id = part
            .parse::<i64>()
            .map_err(|_| AppError::invalid("members", "Choose people from the search."))?;
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    Ok(ids)
}

#[server(prefix = "/api", endpoint = "rename_team", output = crate::api::codec::Answer)]
pub async fn rename_team(org: Option<i64>, id: i64, name: String) -> Result<(), AppError> {
    respond(
        async {
            let (state, permit) = context::permitted(org, Action::ManageTeams).await?;
            teams::rename(&state.db, &permit, TeamId(id), &team_name(&name)?).await
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "delete_team", output = crate::api::codec::Answer)]
pub async fn delete_team(org: Option<i64>, id: i64) -> Result<(), AppError> {
    respond(
        async {
            let (state, permit) = context::permitted(org, Action::ManageTeams).await?;
            teams::delete(&state.db, &permit, TeamId(id)).await
        }
        .await,
    )
}

/// Adds a project to the team with `role`, or changes the role the team grants there.
#[server(prefix = "/api", endpoint = "set_team_project", output = crate::api::codec::Answer)]
pub async fn set_team_project(
    org: Option<i64>,
    team_id: i64,
    project_id: i64,
    role: String,
) -> Result<(), AppError> {
    respond(
        async {
            let (state, permit) = context::permitted(org, Action::ManageAccess).await?;
            let role = project_role(&role)?;
            teams::set_project_role(
                &state.db,
                &permit,
                TeamId(team_id),
                ProjectId(project_id),
                role,
            )
            .await
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "remove_team_project", output = crate::api::codec::Answer)]
pub async fn remove_team_project(
    org: Option<i64>,
    team_id: i64,
    project_id: i64,
) -> Result<(), AppError> {
    respond(
        async {
            let (state, permit) = context::permitted(org, Action::ManageAccess).await?;
            teams::remove_project(&state.db, &permit, TeamId(team_id), ProjectId(project_id)).await
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "add_team_member", output = crate::api::codec::Answer)]
pub async fn add_team_member(
    org: Option<i64>,
    team_id: i64,
    account_id: i64,
) -> Result<(), AppError> {
    respond(
        async {
            let (state, permit) = context::permitted(org, Action::ManageAccess).await?;
            teams::add_member(&state.db, &permit, TeamId(team_id), AccountId(account_id)).await
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "remove_team_member", output = crate::api::codec::Answer)]
pub async fn remove_team_member(
    org: Option<i64>,
    team_id: i64,
    account_id: i64,
) -> Result<(), AppError> {
    respond(
        async {
            let (state, permit) = context::permitted(org, Action::ManageAccess).await?;
            teams::remove_member(&state.db, &permit, TeamId(team_id), AccountId(account_id)).await
        }
        .await,
    )
}
