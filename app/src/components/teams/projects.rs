//! A team's projects: the role the team grants on each, changed in place, and the project taken
//! away. Read-only for people who may not manage access. Each change is said in a notification
//! whose Undo puts back the role the team granted before.

use super::role_select::RoleSelect;
use crate::api::teams::{set_team_project, RemoveTeamProject, SetTeamProject};
use crate::components::field::form_error;
use crate::components::notices::{announce, undo_with, Said, UndoFn};
use leptos::prelude::*;
use shared::said;
use shared::wire::TeamProject;
use shared::ProjectRole;

/// An Undo that makes the team grant `role` on the project again.
fn grant_again(
    org: Option<i64>,
    team_id: i64,
    (project_id, project): (i64, String),
    role: ProjectRole,
    team: String,
) -> UndoFn {
    undo_with(move || {
        let (project, team) = (project.clone(), team.clone());
        async move {
            set_team_project(org, team_id, project_id, role.as_str().to_string()).await?;
            Ok(said::team_role_again(&team, role, &project))
        }
    })
}

/// Says each role changed and each project taken away, with the role before as their Undo.
fn announce_project_changes(
    set_role: ServerAction<SetTeamProject>,
    remove: ServerAction<RemoveTeamProject>,
    team: String,
    before: Vec<TeamProject>,
) {
    let before = StoredValue::new(before);
    let team = StoredValue::new(team);
    let shown = move |project_id: i64| {
        before.with_value(|b| {
            b.iter()
                .find(|p| p.project_id == project_id)
                .map(|p| (p.project_name.clone(), p.role))
        })
    };
    announce(set_role, move |asked: &SetTeamProject| {
        let (org, team_id, project_id) = (asked.org, asked.team_id, asked.project_id);
        let role: ProjectRole = asked.role.parse().ok()?;
        let (project, was) = shown(project_id)?;
        let team = team.get_value();
        let text = said::team_role(&team, role, &project);
        Said::with_undo(
            text,
            grant_again(org, team_id, (project_id, project), was, team),
        )
        .when_done()
    });
    announce(remove, move |asked: &RemoveTeamProject| {
        let (org, team_id, project_id) = (asked.org, asked.team_id, asked.project_id);
        let (project, was) = shown(project_id)?;
        let team = team.get_value();
        let text = said::team_project_removed(&team, &project);
        Said::with_undo(
            text,
            grant_again(org, team_id, (project_id, project), was, team),
        )
        .when_done()
    });
}

#[component]
pub fn TeamProjects(
    team_id: i64,
    team_name: String,
    projects: Vec<TeamProject>,
    editable: bool,
    changed: Callback<()>,
) -> impl IntoView {
    let org_id = crate::me::use_org().arg();
    let set_role = ServerAction::<SetTeamProject>::new();
    let remove = ServerAction::<RemoveTeamProject>::new();
    announce_project_changes(set_role, remove, team_name, projects.clone());
    Effect::new(move |_| {
        if matches!(set_role.value().get(), Some(Ok(())))
            || matches!(remove.value().get(), Some(Ok(())))
        {
            changed.run(());
        }
    });
    let error = move || {
        form_error(set_role.value())
            .get()
            .or_else(|| form_error(remove.value()).get())
    };
    if projects.is_empty() {
        return view! { <p class="hint">"This team grants no projects yet."</p> }.into_any();
    }
    let rows = projects
        .into_iter()
        .map(|project| {
            let project_id = project.project_id;
            let role_cell = if editable {
                view! {
                    <RoleSelect
                        label=format!("Role for {}", project.project_name)
                        value=Signal::stored(project.role)
                        disabled=set_role.pending()
                        on_change=Callback::new(move |role: shared::ProjectRole| {
                            set_role.dispatch(SetTeamProject { org: org_id, team_id, project_id, role: role.as_str().to_string() });
                        })
                    />
                }
                .into_any()
            } else {
                view! { <span>{project.role.label()}</span> }.into_any()
            };
            let remove_button = editable.then(|| {
                view! {
                    <button
                        type="button"
                        class="danger-link"
                        aria-label=format!("Remove {}", project.project_name)
                        disabled=move || remove.pending().get()
                        on:click=move |_| {
                            remove.dispatch(RemoveTeamProject { org: org_id, team_id, project_id });
                        }
                    >
                        "Remove"
                    </button>
                }
            });
            view! {
                <tr>
                    <td>{project.project_name.clone()}</td>
                    <td>{role_cell}</td>
                    <td class="row-actions">{remove_button}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="data" aria-label="Projects">
            <thead>
                <tr>
                    <th scope="col">"Project"</th>
                    <th scope="col">"Role"</th>
                    <th scope="col"><span class="sr-only">"Actions"</span></th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        <p class="form-error" role="alert">{error}</p>
    }
    .into_any()
}
