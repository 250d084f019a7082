//! /settings/teams/new: the Create Team flow, for Owners and Admins.

use crate::components::page_title::PageTitle;
use crate::components::teams::create_flow::CreateTeamFlow;
use crate::me::use_me;
use crate::paths;
use leptos::prelude::*;
use shared::{can, Action};

#[component]
pub fn NewTeamPage() -> impl IntoView {
    let me = use_me();
    let may_create = move || {
        me.with(|m| {
            m.as_ref()
                .is_some_and(|m| can(m.role, Action::ManageTeams).is_ok())
        })
    };
    view! {
        <PageTitle page="Create team · Teams" />
        <section class="panel">
            <p><a href=crate::me::org_path(paths::TEAMS)>"← All teams"</a></p>
            <Show
                when=may_create
                fallback=|| view! { <p role="alert">"Only Owners and Admins can create teams."</p> }
            >
                <CreateTeamFlow />
            </Show>
        </section>
    }
}
