//! The Users tab: the organization's directory. Search, filters, order and page live in the address
//! (bookmarkable, the back button works) and are applied by the server. Owners and Admins select
//! people for bulk actions; everyone else reads.

use crate::api::codec::load;
use crate::api::directory::list_teams;
use crate::api::people::{list_people, BulkPeople};
use crate::api::projects::list_projects;
use crate::components::invite::button::InviteUsersButton;
use crate::components::invite::plain_form::InviteProjectForm;
use crate::components::invite::use_invite_dialog;
use crate::components::notices::Notices;
use crate::components::page_title::PageTitle;
use crate::components::users::bulk_bar::{Asked, BulkBar, BulkSummary};
use crate::components::users::filters::PeopleFilters;
use crate::components::users::pager::Pager;
use crate::components::users::table::PeopleTable;
use crate::components::users::GoTo;
use crate::me::use_me;
use crate::navigation::go_to;
use crate::paths;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use shared::wire::{PeopleQuery, StaleFilter};
use shared::words::{count_of, people_count};
use shared::{can, Action, OrgRole};
use std::collections::{BTreeMap, BTreeSet};

#[component]
pub fn UsersTab() -> impl IntoView {
    let org_id = crate::me::use_org().arg();
    let me = use_me();
    let may_manage = Signal::derive(move || {
        me.with(|m| {
            m.as_ref().is_some_and(|m| {
                can(
                    m.role,
                    Action::RemoveUser {
                        target: OrgRole::Member,
                    },
                )
                .is_ok()
            })
        })
    });
    let params = use_query_map();
    let query = Memo::new(move |_| params.with(|p| PeopleQuery::from_params(|k| p.get(k))));
    let users = crate::me::org_path(paths::USERS);
    let go: GoTo = go_to(move |query: &PeopleQuery| format!("{users}{}", query.to_query_string()));

    let bulk = ServerAction::<BulkPeople>::new();
    let asked = RwSignal::new(None::<Asked>);
    // Invitations sent from the modal change the pending count: read the list again.
    let invited = use_invite_dialog().map(|d| d.sent);
    // A bulk change undone from its notification changes the list too.
    let notices = Notices::get();
    // Each answer keeps the query it answers, so a late answer is never taken for the current one.
    let people = load(
        move || {
            (
                query.get(),
                bulk.version().get(),
                invited.map(|sent| sent.get()),
                notices.undone(),
            )
        },
        move |(q, ..)| async move {
            let answer = list_people(org_id, q.clone()).await;
            (q, answer)
        },
    );
    // The server answers a page past the end with the last page and leaves out a team or project
    // that no longer exists: the address follows, and a note says what was left out. (Run by the
    // view of each answer, so that nothing outside the list waits for it.)
    let stale_note = RwSignal::new(None::<(PeopleQuery, Vec<StaleFilter>)>);
    let follow = move |asked: PeopleQuery, page: u32, dropped: Vec<StaleFilter>| {
        Effect::new(move |_| {
            if asked != query.get_untracked() {
                return;
            }
            let mut shown = asked.clone();
            for filter in &dropped {
                filter.drop_from(&mut shown);
            }
            shown.page = page;
            if !dropped.is_empty() {
                stale_note.set(Some((shown.clone(), dropped.clone())));
            }
            if shown != asked {
                go.run((shown, true));
            }
        });
    };
    let notes = move || {
        stale_note.with(|note| match note {
            Some((shown, filters)) if query.with(|q| q == shown) => filters
                .iter()
                .map(|f| view! { <p class="note" role="status">{f.note()}</p> })
                .collect_view()
                .into_any(),
            _ => ().into_any(),
        })
    };
    let teams = load(|| (), move |_| list_teams(org_id));
    let projects = load(|| (), move |_| list_projects(org_id));
    let selected = RwSignal::new(BTreeSet::<i64>::new());
    // The roles of the people shown: what a bulk role change replaces, for its Undo.
    let shown_roles = Signal::derive(move || {
        people.with(|answer| {
            answer
                .as_ref()
                .and_then(|(_, result)| result.as_ref().ok())
                .map(|page| page.rows.iter().map(|p| (p.account_id, p.role)).collect())
                .unwrap_or_else(BTreeMap::new)
        })
    });
    // A new page of results starts with nothing selected.
    Effect::new(move |_| {
        query.track();
        selected.set(BTreeSet::new());
    });

    let export_href = move || {
        let query = query.get().to_query_string().replacen('?', "&", 1);
        format!(
            "/export/people.csv?org={}{query}",
            org_id.unwrap_or_default()
        )
    };
    // Invite to Project as a plain form, where the button leads without JavaScript.
    let inviting = Memo::new(move |_| params.with(|p| p.get_str("invite") == Some("project")));
    view! {
        <Show when=move || inviting.get()>
            <InviteProjectForm projects />
        </Show>
        <PageTitle page="Users" />
        <section class="panel" aria-labelledby="users-heading">
            <div class="panel-header">
                <h2 id="users-heading">"Users"</h2>
                <div class="panel-actions">
                    <InviteUsersButton />
                    <a class="button-link" href=export_href download="people.csv">"Export CSV"</a>
                </div>
            </div>
            <PeopleFilters query go teams projects />
            {notes}
            <Show when=move || may_manage.get() && !selected.with(BTreeSet::is_empty)>
                <BulkBar selected bulk teams asked shown_roles />
            </Show>
            <BulkSummary bulk asked />
            <Transition fallback=|| view! { <p class="loading">"Loading people…"</p> }>
                {move || {
                    people
                        .get()
                        .map(|(asked, result)| match result {
                            Err(error) => view! { <p class="form-error" role="alert">{error.to_string()}</p> }.into_any(),
                            Ok(page) => {
                                follow(asked, page.page, page.dropped_filters.clone());
                                let (total, number, size) = (page.total, page.page, page.page_size);
                                let count = people_count(total);
                                let pending = page.pending_invitations.filter(|n| *n > 0).map(|n| view! {
                                    <a class="pending-link" href=crate::me::org_path(paths::INVITATIONS)>
                                        {count_of(n, "pending invitation", "pending invitations")}
                                    </a>
                                });
                                view! {
                                    <p class="count" role="status">
                                        {count}
                                    </p>
                                    {pending}
                                    <PeopleTable rows=page.rows query go selected selectable=may_manage />
                                    <Pager query go total page=number page_size=size />
                                }
                                    .into_any()
                            }
                        })
                }}
            </Transition>
        </section>
    }
}
