//! Search and filters of the Users tab. Every change moves to page 1 of the new query.
//!
//! They are a GET form of the tab's own address (the order kept in hidden fields), so before the
//! page has hydrated, or without JavaScript, "Apply" loads the tab with the new query. Hydrated,
//! each change moves the address at once and the button is not shown.

use super::GoTo;
use crate::api::codec::Loaded;
use crate::paths;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use shared::wire::{PeopleQuery, PersonStatus, ProjectSummary, TeamSummary};
use shared::{AppError, OrgRole};

#[component]
pub fn PeopleFilters(
    query: Memo<PeopleQuery>,
    go: GoTo,
    teams: Loaded<Result<Vec<TeamSummary>, AppError>>,
    projects: Loaded<Result<Vec<ProjectSummary>, AppError>>,
) -> impl IntoView {
    let refine = move |change: &dyn Fn(&mut PeopleQuery), replace: bool| {
        let mut next = query.get_untracked();
        change(&mut next);
        next.page = 1;
        go.run((next, replace));
    };
    let team_options = move || {
        teams
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .map(|t| {
                let selected = query.with(|q| q.team_id == Some(t.id));
                view! { <option value=t.id.to_string() selected=selected>{t.name}</option> }
            })
            .collect_view()
    };
    let project_options = move || {
        projects
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .map(|p| {
                let selected = query.with(|q| q.project_id == Some(p.id));
                view! { <option value=p.id.to_string() selected=selected>{p.name}</option> }
            })
            .collect_view()
    };
    // Hydrated, every field has already moved the address; Enter must not load the page again.
    let on_submit = move |ev: SubmitEvent| ev.prevent_default();
    let sort = move || query.with(|q| q.sort.as_str());
    let dir = move || query.with(|q| if q.descending { "desc" } else { "asc" });
    view! {
        <form class="filters" role="search" method="get" action=crate::me::org_path(paths::USERS) on:submit=on_submit>
            <input type="hidden" name="sort" value=sort />
            <input type="hidden" name="dir" value=dir />
            <div class="field">
                <label for="people-search">"Search people"</label>
                <input
                    id="people-search"
                    name="q"
                    type="search"
                    placeholder="Name or email"
                    value=move || query.with(|q| q.search.clone())
                    prop:value=move || query.with(|q| q.search.clone())
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        refine(&move |q| q.search = text.clone(), true);
                    }
                />
            </div>
            <div class="field">
                <label for="people-role">"Organization role"</label>
                <select id="people-role" name="role" on:change=move |ev| {
                    let role = event_target_value(&ev).parse::<OrgRole>().ok();
                    refine(&move |q| q.role = role, false);
                }>
                    <option value="" selected=move || query.with(|q| q.role.is_none())>"All roles"</option>
                    {OrgRole::ALL
                        .into_iter()
                        .map(|r| view! {
                            <option value=r.as_str() selected=move || query.with(|q| q.role == Some(r))>{r.label()}</option>
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="people-status">"Status"</label>
                <select id="people-status" name="status" on:change=move |ev| {
                    let status = PersonStatus::parse(&event_target_value(&ev));
                    refine(&move |q| q.status = status, false);
                }>
                    <option value="" selected=move || query.with(|q| q.status.is_none())>"All statuses"</option>
                    {PersonStatus::ALL
                        .into_iter()
                        .map(|s| view! {
                            <option value=s.as_str() selected=move || query.with(|q| q.status == Some(s))>{s.label()}</option>
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="people-team">"Team"</label>
                <select id="people-team" name="team" on:change=move |ev| {
                    let team = event_target_value(&ev).parse::<i64>().ok();
                    refine(&move |q| q.team_id = team, false);
                }>
                    <option value="">"All teams"</option>
                    <Transition>{team_options}</Transition>
                </select>
            </div>
            <div class="field">
                <label for="people-project">"Project"</label>
                <select id="people-project" name="project" on:change=move |ev| {
                    let project = event_target_value(&ev).parse::<i64>().ok();
                    refine(&move |q| q.project_id = project, false);
                }>
                    <option value="">"All projects"</option>
                    <Transition>{project_options}</Transition>
                </select>
            </div>
            <button type="submit" class="before-hydration">"Apply"</button>
        </form>
    }
}
