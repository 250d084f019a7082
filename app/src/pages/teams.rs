//! The Teams tab: the organization's teams with their sizes and what each grants, 50 a page,
//! searched by name and sorted by the server (search, order and page in the address), and
//! "+ Create Team" for Owners and Admins. Each team opens its own page.

use crate::api::codec::load;
use crate::api::teams::list_team_page;
use crate::components::lists::pager::ListPager;
use crate::components::lists::search::ListSearch;
use crate::components::lists::sort_header::SortHeader;
use crate::components::lists::ListAddress;
use crate::components::page_title::PageTitle;
use crate::me::use_me;
use crate::paths;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use shared::lists::{TeamPage, TeamSort};
use shared::wire::TeamOverview;
use shared::words::count_of;
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
    let address = ListAddress::<TeamSort>::at(crate::me::org_path(paths::TEAMS));
    let query = address.query;
    // Each answer keeps the query it answers, so the empty state speaks of the right search.
    let teams = load(
        move || query.get(),
        move |q| async move {
            let answer = list_team_page(org_id, q.clone()).await;
            (q, answer)
        },
    );
    let navigate = use_navigate();

    let rows = {
        let address = address.clone();
        move || {
            let address = address.clone();
            teams.get().map(move |(asked, result)| match result {
                Err(error) => view! { <p class="form-error" role="alert">{error.to_string()}</p> }.into_any(),
                Ok(page) if page.total == 0 && asked.search.trim().is_empty() => view! {
                    <div class="empty">
                        <p><strong>"No teams yet."</strong></p>
                        <p>"A team gives a group of people the same projects and project roles, so you assign access once instead of person by person."</p>
                    </div>
                }
                .into_any(),
                Ok(page) if page.total == 0 => {
                    view! { <p class="hint">"No team matches this search."</p> }.into_any()
                }
                Ok(page) => view! { <TeamsTable page address /> }.into_any(),
            })
        }
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
            <ListSearch address=address.clone() id="search-teams" label="Search teams" />
            <Transition fallback=|| view! { <p class="loading">"Loading teams…"</p> }>{rows}</Transition>
        </section>
    }
}

#[component]
fn TeamsTable(page: TeamPage, address: ListAddress<TeamSort>) -> impl IntoView {
    let (number, pages) = (page.page, page.pages());
    let slug = crate::me::use_org().slug;
    let rows = page
        .rows
        .into_iter()
        .map(|t| {
            let grants = grants_in_words(&t);
            view! {
                <tr>
                    <td><a href=paths::team(&slug, t.id)>{t.name}</a></td>
                    <td>{t.members}</td>
                    <td>{grants}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <p class="count" role="status">{count_of(page.total, "team", "teams")}</p>
        <table class="data" aria-label="Teams">
            <thead>
                <tr>
                    <SortHeader address=address.clone() label="Name" sort=TeamSort::Name />
                    <SortHeader address=address.clone() label="Members" sort=TeamSort::Members />
                    <SortHeader address=address.clone() label="Projects" sort=TeamSort::Projects />
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        <ListPager address page=number pages />
    }
}
