//! The Teams tab: the organization's teams with their members and projects, a search by name, and
//! "+ Create Team" for Owners and Admins. Each team opens its own page.

use crate::api::teams::list_team_overviews;
use crate::components::page_title::PageTitle;
use crate::me::use_me;
use crate::paths;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use shared::wire::TeamOverview;
use shared::{can, Action};

/// What a team grants, in words: "Web (Analyst), App (Consumer)".
fn grants_in_words(team: &TeamOverview) -> String {
    if team.projects.is_empty() {
        return "—".into();
    }
    team.projects
        .iter()
        .map(|p| format!("{} ({})", p.project_name, p.role.label()))
        .collect::<Vec<_>>()
        .join(", ")
}

#[component]
pub fn TeamsTab() -> impl IntoView {
    let org_id = crate::me::use_org().arg();
    let me = use_me();
    let may_create = move || {
        me.with(|m| {
            m.as_ref()
                .is_some_and(|m| can(m.role, Action::ManageTeams).is_ok())
        })
    };
    let teams = Resource::new(|| (), move |_| list_team_overviews(org_id));
    let search = RwSignal::new(String::new());
    let navigate = use_navigate();

    let rows = move || {
        teams.get().map(|result| match result {
            Err(error) => view! { <p class="form-error" role="alert">{error.to_string()}</p> }.into_any(),
            Ok(list) if list.is_empty() => view! {
                <div class="empty">
                    <p><strong>"No teams yet."</strong></p>
                    <p>"A team gives a group of people the same projects and project roles, so you assign access once instead of person by person."</p>
                </div>
            }
            .into_any(),
            Ok(list) => {
                let wanted = search.get().trim().to_lowercase();
                let shown: Vec<TeamOverview> =
                    list.into_iter().filter(|t| t.name.to_lowercase().contains(&wanted)).collect();
                if shown.is_empty() {
                    return view! { <p class="hint">"No team matches this search."</p> }.into_any();
                }
                view! {
                    <table class="data" aria-label="Teams">
                        <thead>
                            <tr>
                                <th scope="col">"Name"</th>
                                <th scope="col">"Members"</th>
                                <th scope="col">"Projects"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {shown
                                .into_iter()
                                .map(|t| {
                                    let grants = grants_in_words(&t);
                                    view! {
                                        <tr>
                                            <td><a href=paths::team(&crate::me::use_org().slug, t.id)>{t.name}</a></td>
                                            <td>{t.members}</td>
                                            <td>{grants}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                }
                .into_any()
            }
        })
    };
    view! {
        <PageTitle page="Teams" />
        <section class="panel" aria-labelledby="teams-heading">
            <div class="panel-header">
                <h2 id="teams-heading">"Teams"</h2>
                <Show when=may_create>
                    <button type="button" class="primary" on:click={
                        let navigate = navigate.clone();
                        let new_team = crate::me::org_path(paths::NEW_TEAM);
                        move |_| navigate(&new_team, Default::default())
                    }>"+ Create Team"</button>
                </Show>
            </div>
            <div class="field">
                <label for="search-teams">"Search teams"</label>
                <input
                    id="search-teams"
                    type="text"
                    autocomplete="off"
                    prop:value=move || search.get()
                    on:input=move |ev| search.set(event_target_value(&ev))
                />
            </div>
            <Transition fallback=|| view! { <p class="loading">"Loading teams…"</p> }>{rows}</Transition>
        </section>
    }
}
