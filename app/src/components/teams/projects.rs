//! A team's projects: the role the team grants on each, changed in place, and the project taken
//! away. Read-only for people who may not manage access.

use super::role_select::RoleSelect;
use crate::api::teams::{RemoveTeamProject, SetTeamProject};
use crate::components::field::form_error;
use leptos::prelude::*;
use shared::wire::TeamProject;

#[component]
pub fn TeamProjects(
    team_id: i64,
    projects: Vec<TeamProject>,
    editable: bool,
    changed: Callback<()>,
) -> impl IntoView {
    let org_id = crate::me::use_org().arg();
    let set_role = ServerAction::<SetTeamProject>::new();
    let remove = ServerAction::<RemoveTeamProject>::new();
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
