//! Adding a project to a team: a project the team does not grant yet, and the role to grant. The
//! addition is said in a notification whose Undo takes the project away again.

use super::role_select::RoleSelect;
use crate::api::teams::{remove_team_project, SetTeamProject};
use crate::components::field::form_error;
use crate::components::notices::{announce, undo_with, Said};
use leptos::prelude::*;
use shared::said;
use shared::wire::ProjectSummary;
use shared::ProjectRole;

/// Says the project added, with the role the team grants there; Undo takes it away again.
fn announce_addition(
    add: ServerAction<SetTeamProject>,
    team: String,
    unassigned: &[ProjectSummary],
) {
    let names = StoredValue::new(
        unassigned
            .iter()
            .map(|p| (p.id, p.name.clone()))
            .collect::<Vec<_>>(),
    );
    let team = StoredValue::new(team);
    announce(add, move |asked: &SetTeamProject| {
        let (org, team_id, project_id) = (asked.org, asked.team_id, asked.project_id);
        let role: ProjectRole = asked.role.parse().ok()?;
        let project = names.with_value(|n| {
            n.iter()
                .find(|(id, _)| *id == project_id)
                .map(|(_, name)| name.clone())
        })?;
        let team = team.get_value();
        let text = said::team_role(&team, role, &project);
        let undo = undo_with(move || {
            let (project, team) = (project.clone(), team.clone());
            async move {
                remove_team_project(org, team_id, project_id).await?;
                Ok(said::team_project_removed(&team, &project))
            }
        });
        Said::with_undo(text, undo).when_done()
    });
}

#[component]
pub fn AddTeamProject(
    team_id: i64,
    team_name: String,
    /// The organization's projects that the team does not grant yet.
    unassigned: Vec<ProjectSummary>,
    changed: Callback<()>,
) -> impl IntoView {
    let org_id = crate::me::use_org().arg();
    let chosen = RwSignal::new(String::new());
    let role = RwSignal::new(ProjectRole::Consumer);
    let add = ServerAction::<SetTeamProject>::new();
    announce_addition(add, team_name, &unassigned);
    Effect::new(move |_| {
        if matches!(add.value().get(), Some(Ok(()))) {
            changed.run(());
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Ok(project_id) = chosen.get_untracked().parse() {
            add.dispatch(SetTeamProject {
                org: org_id,
                team_id,
                project_id,
                role: role.get_untracked().as_str().to_string(),
            });
        }
    };
    view! {
        <form class="inline-form" on:submit=submit>
            <div class="field">
                <label for="add-project">"Project"</label>
                <select id="add-project" prop:value=move || chosen.get() on:change=move |ev| chosen.set(event_target_value(&ev))>
                    <option value="">"Choose a project"</option>
                    {unassigned
                        .into_iter()
                        .map(|p| view! { <option value=p.id.to_string()>{p.name}</option> })
                        .collect_view()}
                </select>
            </div>
            <div class="field">
                <span class="field-label" aria-hidden="true">"Project role"</span>
                <RoleSelect label="Project role" value=role on_change=Callback::new(move |r| role.set(r)) />
            </div>
            <button type="submit" class="primary" disabled=move || add.pending().get() || chosen.get().is_empty()>
                "Add project"
            </button>
            <p class="form-error" role="alert">{move || form_error(add.value()).get()}</p>
        </form>
    }
}
