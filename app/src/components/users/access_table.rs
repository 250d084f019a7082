//! One person's project access: the effective role per project and every grant behind it
//! ("Granted by"), with their individual grants editable by Owners and Admins.

use crate::api::people::{RemoveGrant, SetGrant};
use crate::components::field::form_error;
use crate::paths;
use leptos::prelude::*;
use shared::wire::ProjectSummary;
use shared::{GrantSource, ProjectAccess, ProjectRole};

#[component]
pub fn AccessTable(
    account_id: i64,
    access: Vec<ProjectAccess>,
    may_manage: bool,
    set: ServerAction<SetGrant>,
    remove: ServerAction<RemoveGrant>,
) -> impl IntoView {
    let org_id = crate::me::use_org().arg();
    if access.is_empty() {
        return view! { <p class="empty">"No project access yet."</p> }.into_any();
    }
    view! {
        <table class="data" aria-label="Project access">
            <thead>
                <tr>
                    <th scope="col">"Project"</th>
                    <th scope="col">"Role"</th>
                    <th scope="col">"Granted by"</th>
                </tr>
            </thead>
            <tbody>
                {access.into_iter().map(|a| {
                    let project_id = a.project_id;
                    let project = a.project_name.clone();
                    let sources = a.grants.into_iter().map(|g| {
                        let label = format!("{} · {}", g.source, g.role.label());
                        let source = match &g.source {
                            GrantSource::Team { team_id, .. } => view! {
                                <a href=paths::team(&crate::me::use_org().slug, *team_id)>{label}</a>
                            }.into_any(),
                            GrantSource::Individual if may_manage => {
                                let project = project.clone();
                                view! {
                                    <span>{label}</span>
                                    <select aria-label=format!("Individual role on {project}") on:change=move |ev| {
                                        if let Ok(role) = event_target_value(&ev).parse::<ProjectRole>() {
                                            set.dispatch(SetGrant { org: org_id, account_id, project_id, role });
                                        }
                                    }>
                                        {ProjectRole::ALL.into_iter().map(|r| view! {
                                            <option value=r.as_str() selected=r == g.role>{r.label()}</option>
                                        }).collect_view()}
                                    </select>
                                    <button type="button" class="danger-link" on:click=move |_| {
                                        remove.dispatch(RemoveGrant { org: org_id, account_id, project_id });
                                    }>{format!("Remove individual grant on {project}")}</button>
                                }.into_any()
                            }
                            _ => view! { <span>{label}</span> }.into_any(),
                        };
                        view! { <li>{source}</li> }
                    }).collect_view();
                    view! {
                        <tr>
                            <td>{a.project_name}</td>
                            <td>{a.role.label()}</td>
                            <td><ul class="sources">{sources}</ul></td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

/// Gives the person an individual grant on a project.
#[component]
pub fn GrantForm(
    account_id: i64,
    projects: Vec<ProjectSummary>,
    set: ServerAction<SetGrant>,
) -> impl IntoView {
    let org_id = crate::me::use_org().arg();
    let project = RwSignal::new(projects.first().map(|p| p.id));
    let role = RwSignal::new(ProjectRole::Consumer);
    view! {
        <form class="inline-form" on:submit=move |ev| {
            ev.prevent_default();
            if let Some(project_id) = project.get_untracked() {
                set.dispatch(SetGrant { org: org_id, account_id, project_id, role: role.get_untracked() });
            }
        }>
            <div class="field">
                <label for="grant-project">"Project"</label>
                <select id="grant-project" on:change=move |ev| project.set(event_target_value(&ev).parse().ok())>
                    {projects.into_iter().map(|p| view! { <option value=p.id.to_string()>{p.name}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="grant-role">"Project role"</label>
                <select id="grant-role" on:change=move |ev| {
                    if let Ok(r) = event_target_value(&ev).parse() {
                        role.set(r);
                    }
                }>
                    {ProjectRole::ALL.into_iter().map(|r| view! {
                        <option value=r.as_str() selected=r == ProjectRole::Consumer>{r.label()}</option>
                    }).collect_view()}
                </select>
            </div>
            <button type="submit" class="primary" disabled=move || set.pending().get()>"Grant access"</button>
            <p class="form-error" role="alert">{move || form_error(set.value()).get()}</p>
        </form>
    }
}
