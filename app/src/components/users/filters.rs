//! Search and filters of the Users tab. Every change moves to page 1 of the new query.

use crate::pages::users::GoTo;
use leptos::prelude::*;
use shared::wire::{PeopleQuery, ProjectSummary, TeamSummary};
use shared::{AppError, OrgRole};

#[component]
pub fn PeopleFilters(
    query: Memo<PeopleQuery>,
    go: GoTo,
    teams: Resource<Result<Vec<TeamSummary>, AppError>>,
    projects: Resource<Result<Vec<ProjectSummary>, AppError>>,
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
    view! {
        <div class="filters" role="search">
            <div class="field">
                <label for="people-search">"Search people"</label>
                <input
                    id="people-search"
                    type="search"
                    placeholder="Name or email"
                    prop:value=move || query.with(|q| q.search.clone())
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        refine(&move |q| q.search = text.clone(), true);
                    }
                />
            </div>
            <div class="field">
                <label for="people-role">"Organization role"</label>
                <select id="people-role" on:change=move |ev| {
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
                <label for="people-team">"Team"</label>
                <select id="people-team" on:change=move |ev| {
                    let team = event_target_value(&ev).parse::<i64>().ok();
                    refine(&move |q| q.team_id = team, false);
                }>
                    <option value="">"All teams"</option>
                    <Transition>{team_options}</Transition>
                </select>
            </div>
            <div class="field">
                <label for="people-project">"Project"</label>
                <select id="people-project" on:change=move |ev| {
                    let project = event_target_value(&ev).parse::<i64>().ok();
                    refine(&move |q| q.project_id = project, false);
                }>
                    <option value="">"All projects"</option>
                    <Transition>{project_options}</Transition>
                </select>
            </div>
        </div>
    }
}
