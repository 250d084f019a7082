//! The Create Team flow's projects step: a checkbox per project of the organization and the project
//! role the team will grant there. The fields are named (`project`, `role-<id>`) so that without
//! JavaScript the step's GET form carries them in the address.

use super::flow_address::DEFAULT_ROLE;
use super::role_select::RoleSelect;
use crate::api::codec::load;
use crate::api::projects::list_projects;
use leptos::prelude::*;
use shared::wire::{ProjectChoice, ProjectSummary};
use shared::ProjectRole;

#[component]
pub fn ProjectChoices(choices: RwSignal<Vec<ProjectChoice>>) -> impl IntoView {
    let org_id = crate::me::use_org().arg();
    let projects = load(|| (), move |_| list_projects(org_id));
    let rows = move || {
        projects.get().map(|result| match result {
            Err(error) => view! { <p class="form-error" role="alert">{error.to_string()}</p> }.into_any(),
            Ok(list) if list.is_empty() => view! {
                <p class="hint">"The organization has no projects yet. You can add projects to the team later."</p>
            }
            .into_any(),
            Ok(list) => view! {
                <ul class="choices" aria-label="Projects">
                    {list.into_iter().map(|project| view! { <ProjectChoiceRow project choices /> }).collect_view()}
                </ul>
            }
            .into_any(),
        })
    };
    view! { <Transition fallback=|| view! { <p class="loading">"Loading projects…"</p> }>{rows}</Transition> }
}

#[component]
fn ProjectChoiceRow(
    project: ProjectSummary,
    choices: RwSignal<Vec<ProjectChoice>>,
) -> impl IntoView {
    let project_id = project.id;
    let checkbox_id = format!("choose-project-{project_id}");
    let chosen = move || {
        choices.with(|c| {
            c.iter()
                .find(|c| c.project_id == project_id)
                .map(|c| c.role)
        })
    };
    let role = RwSignal::new(chosen().unwrap_or(DEFAULT_ROLE));
    let toggle = move |ev: leptos::ev::Event| {
        let checked = event_target_checked(&ev);
        choices.update(|c| {
            c.retain(|c| c.project_id != project_id);
            if checked {
                c.push(ProjectChoice {
                    project_id,
                    role: role.get_untracked(),
                });
            }
        });
    };
    let set_role = Callback::new(move |new: ProjectRole| {
        role.set(new);
        choices.update(|c| {
            if let Some(choice) = c.iter_mut().find(|c| c.project_id == project_id) {
                choice.role = new;
            }
        });
    });
    view! {
        <li class="choice">
            <input
                id=checkbox_id.clone()
                type="checkbox"
                name="project"
                value=project_id.to_string()
                checked=chosen().is_some()
                prop:checked=move || chosen().is_some()
                on:change=toggle
            />
            <label for=checkbox_id>{project.name.clone()}</label>
            <RoleSelect
                label=format!("Role for {}", project.name)
                name=format!("role-{project_id}")
                value=role
                on_change=set_role
            />
        </li>
    }
}
