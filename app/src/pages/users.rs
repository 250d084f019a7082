//! The Users tab: the organization's directory. Search, filters, order and page live in the address
//! (bookmarkable, the back button works) and are applied by the server. Owners and Admins select
//! people for bulk actions; everyone else reads.

use super::use_me;
use crate::api::directory::list_teams;
use crate::api::people::{list_people, BulkPeople};
use crate::api::projects::list_projects;
use crate::components::invite::button::InviteUsersButton;
use crate::components::invite::use_invite_dialog;
use crate::components::users::bulk_bar::{Asked, BulkBar, BulkSummary};
use crate::components::users::filters::PeopleFilters;
use crate::components::users::pager::Pager;
use crate::components::users::table::PeopleTable;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use shared::wire::PeopleQuery;
use shared::{can, Action, OrgRole};
use std::collections::BTreeSet;

/// Moves the Users tab to another query (a new search, filter, order or page).
pub type GoTo = Callback<(PeopleQuery, bool)>;

#[component]
pub fn UsersTab() -> impl IntoView {
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
    let navigate = use_navigate();
    let go: GoTo = Callback::new(move |(next, replace): (PeopleQuery, bool)| {
        let options = NavigateOptions {
            replace,
            scroll: false,
            ..Default::default()
        };
        navigate(
            &format!("/settings/users{}", next.to_query_string()),
            options,
        );
    });

    let bulk = ServerAction::<BulkPeople>::new();
    let asked = RwSignal::new(None::<Asked>);
    // Invitations sent from the modal change the pending count: read the list again.
    let invited = use_invite_dialog().map(|d| d.sent);
    let people = Resource::new(
        move || {
            (
                query.get(),
                bulk.version().get(),
                invited.map(|sent| sent.get()),
            )
        },
        |(q, ..)| list_people(q),
    );
    let teams = Resource::new(|| (), |_| list_teams());
    let projects = Resource::new(|| (), |_| list_projects());
    let selected = RwSignal::new(BTreeSet::<i64>::new());
    // A new page of results starts with nothing selected.
    Effect::new(move |_| {
        query.track();
        selected.set(BTreeSet::new());
    });

    let export_href = move || format!("/export/people.csv{}", query.get().to_query_string());
    view! {
        <section class="panel" aria-labelledby="users-heading">
            <div class="panel-header">
                <h2 id="users-heading">"Users"</h2>
                <div class="panel-actions">
                    <InviteUsersButton />
                    <a class="button-link" href=export_href download="people.csv">"Export CSV"</a>
                </div>
            </div>
            <PeopleFilters query go teams projects />
            <Show when=move || may_manage.get() && !selected.with(BTreeSet::is_empty)>
                <BulkBar selected bulk teams asked />
            </Show>
            <BulkSummary bulk asked />
            <Transition fallback=|| view! { <p class="loading">"Loading people…"</p> }>
                {move || {
                    people
                        .get()
                        .map(|result| match result {
                            Err(error) => view! { <p class="form-error" role="alert">{error.to_string()}</p> }.into_any(),
                            Ok(page) => {
                                let (total, number, size) = (page.total, page.page, page.page_size);
                                let pending = page.pending_invitations.filter(|n| *n > 0).map(|n| view! {
                                    <a class="pending-link" href="/settings/invitations">
                                        {format!("{n} pending {}", if n == 1 { "invitation" } else { "invitations" })}
                                    </a>
                                });
                                view! {
                                    <p class="count" role="status">
                                        {format!("{total} {}", if total == 1 { "person" } else { "people" })}
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
