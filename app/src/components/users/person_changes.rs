//! What one person's page says after each change it makes, with the Undo each change has: a role
//! change goes back to the role before, a team joined is left again (and the other way round), an
//! individual grant goes back to the one before or away, a deactivation is reactivated. Removal
//! from the organization has no Undo: it takes grants and teams that cannot come back by
//! themselves.

use crate::api::codec::Loaded;
use crate::api::people::{
    change_role, change_status, remove_grant, set_grant, ChangeRole, ChangeStatus, RemoveGrant,
    RemovePerson, SetGrant,
};
use crate::api::teams::{add_team_member, remove_team_member, AddTeamMember, RemoveTeamMember};
use crate::components::notices::{announce, undo_with, Said, WhenDone};
use crate::components::users::person_teams::TeamsResource;
use leptos::prelude::*;
use shared::wire::{PersonDetail, ProjectSummary};
use shared::words::a_or_an;
use shared::{AppError, GrantSource, ProjectRole};

pub type PersonResource = Loaded<Result<PersonDetail, AppError>>;
pub type ProjectsResource = Loaded<Result<Vec<ProjectSummary>, AppError>>;

/// The page's actions, each of which is announced when it is done.
pub struct PersonActions {
    pub change: ServerAction<ChangeRole>,
    pub status: ServerAction<ChangeStatus>,
    pub set: ServerAction<SetGrant>,
    pub unset: ServerAction<RemoveGrant>,
    pub remove: ServerAction<RemovePerson>,
    pub join: ServerAction<AddTeamMember>,
    pub leave: ServerAction<RemoveTeamMember>,
}

/// The person as the page shows them now (the state a change replaces).
fn shown(person: PersonResource) -> Option<PersonDetail> {
    person.get_untracked().and_then(Result::ok)
}

/// The individual grant the person holds on a project now, if any.
fn individual_grant(detail: &PersonDetail, project_id: i64) -> Option<ProjectRole> {
    detail
        .access
        .iter()
        .filter(|a| a.project_id == project_id)
        .flat_map(|a| &a.grants)
        .find(|g| g.source == GrantSource::Individual)
        .map(|g| g.role)
}

fn project_name(
    detail: &PersonDetail,
    projects: ProjectsResource,
    project_id: i64,
) -> Option<String> {
    detail
        .access
        .iter()
        .find(|a| a.project_id == project_id)
        .map(|a| a.project_name.clone())
        .or_else(|| {
            projects
                .get_untracked()
                .and_then(Result::ok)?
                .into_iter()
                .find(|p| p.id == project_id)
                .map(|p| p.name)
        })
}

/// Announces every change the page makes. `is_self`: the page is the signed-in person's own, whose
/// lowered role cannot be raised again by themselves (so that change has no Undo).
pub fn announce_person_changes(
    actions: &PersonActions,
    person: PersonResource,
    projects: ProjectsResource,
    teams: TeamsResource,
    org_name: impl Fn() -> String + 'static,
    is_self: impl Fn(i64) -> bool + 'static,
) {
    announce(actions.change, move |asked: &ChangeRole| {
        let detail = shown(person)?;
        let (org, id, from, to) = (asked.org, asked.account_id, detail.role, asked.role);
        let name = detail.name;
        let undoable = !(is_self(id) && to < from);
        let when_done: WhenDone<()> = Box::new(move |_| {
            let text = format!("{name} is now {}.", a_or_an(to.label()));
            if !undoable {
                return Some(Said::text(text));
            }
            let undo = undo_with(move || {
                let name = name.clone();
                async move {
                    change_role(org, id, from).await?;
                    Ok(format!("{name} is {} again.", a_or_an(from.label())))
                }
            });
            Some(Said::with_undo(text, undo))
        });
        Some(when_done)
    });

    announce(actions.status, move |asked: &ChangeStatus| {
        let name = shown(person)?.name;
        let (org, id, active) = (asked.org, asked.account_id, asked.active);
        let when_done: WhenDone<()> = Box::new(move |_| {
            let text = if active {
                format!("{name} is active again.")
            } else {
                format!("{name} is deactivated.")
            };
            let undo = undo_with(move || {
                let name = name.clone();
                async move {
                    change_status(org, id, !active).await?;
                    Ok(if active {
                        format!("{name} is deactivated again.")
                    } else {
                        format!("{name} is active again.")
                    })
                }
            });
            Some(Said::with_undo(text, undo))
        });
        Some(when_done)
    });

    announce(actions.set, move |asked: &SetGrant| {
        let detail = shown(person)?;
        let (org, id, project_id, role) =
            (asked.org, asked.account_id, asked.project_id, asked.role);
        let before = individual_grant(&detail, project_id);
        let project = project_name(&detail, projects, project_id)?;
        let name = detail.name;
        let when_done: WhenDone<()> = Box::new(move |_| {
            let text = format!("{name} is now {} on {project}.", a_or_an(role.label()));
            let undo = undo_with(move || {
                let (name, project) = (name.clone(), project.clone());
                async move {
                    match before {
                        Some(before) => {
                            set_grant(org, id, project_id, before).await?;
                            Ok(format!(
                                "{name} is {} on {project} again.",
                                a_or_an(before.label())
                            ))
                        }
                        None => {
                            remove_grant(org, id, project_id).await?;
                            Ok(format!("{name}'s own grant on {project} is removed again."))
                        }
                    }
                }
            });
            Some(Said::with_undo(text, undo))
        });
        Some(when_done)
    });

    announce(actions.unset, move |asked: &RemoveGrant| {
        let detail = shown(person)?;
        let (org, id, project_id) = (asked.org, asked.account_id, asked.project_id);
        let before = individual_grant(&detail, project_id)?;
        let project = project_name(&detail, projects, project_id)?;
        let name = detail.name;
        let when_done: WhenDone<()> = Box::new(move |_| {
            let text = format!("{name}'s own grant on {project} is removed.");
            let undo = undo_with(move || {
                let (name, project) = (name.clone(), project.clone());
                async move {
                    set_grant(org, id, project_id, before).await?;
                    Ok(format!(
                        "{name} is {} on {project} again.",
                        a_or_an(before.label())
                    ))
                }
            });
            Some(Said::with_undo(text, undo))
        });
        Some(when_done)
    });

    announce(actions.join, move |asked: &AddTeamMember| {
        let name = shown(person)?.name;
        let (org, team_id, id) = (asked.org, asked.team_id, asked.account_id);
        let team = teams
            .get_untracked()
            .and_then(Result::ok)?
            .into_iter()
            .find(|t| t.id == team_id)?
            .name;
        let when_done: WhenDone<()> = Box::new(move |_| {
            let text = format!("{name} is now in {team}.");
            let undo = undo_with(move || {
                let (name, team) = (name.clone(), team.clone());
                async move {
                    remove_team_member(org, team_id, id).await?;
                    Ok(format!("{name} is out of {team} again."))
                }
            });
            Some(Said::with_undo(text, undo))
        });
        Some(when_done)
    });

    announce(actions.leave, move |asked: &RemoveTeamMember| {
        let detail = shown(person)?;
        let (org, team_id, id) = (asked.org, asked.team_id, asked.account_id);
        let team = detail.teams.into_iter().find(|t| t.id == team_id)?.name;
        let name = detail.name;
        let when_done: WhenDone<()> = Box::new(move |_| {
            let text = format!("{name} is no longer in {team}.");
            let undo = undo_with(move || {
                let (name, team) = (name.clone(), team.clone());
                async move {
                    add_team_member(org, team_id, id).await?;
                    Ok(format!("{name} is in {team} again."))
                }
            });
            Some(Said::with_undo(text, undo))
        });
        Some(when_done)
    });

    announce(actions.remove, move |_: &RemovePerson| {
        let name = shown(person)?.name;
        let org = org_name();
        let when_done: WhenDone<()> =
            Box::new(move |_| Some(Said::text(format!("{name} was removed from {org}."))));
        Some(when_done)
    });
}
