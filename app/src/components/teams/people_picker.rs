//! A searchable picker of the organization's people: a "Search people" box and, for each match,
//! a button "Add <name>" — or, for someone the signed-in person may not change (an Owner, for an
//! Admin), a note saying who can. The server searches, so a large directory is never loaded whole.
//! Hydrated, the search runs as people type. Given a [`PickerAddress`], the picker also works
//! without JavaScript: the search box is a GET form of that address (the search in `q`), its
//! results are found by the server when the page is rendered, and each "Add" is a GET form whose
//! hidden fields carry the address with that person added.

use super::flow_address::hidden_fields;
use crate::api::codec::load;
use crate::api::directory::search_people;
use crate::me::use_me;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use shared::can;
use shared::wire::MemberRow;

/// The address a picker without JavaScript lives at.
#[derive(Clone)]
pub struct PickerAddress {
    pub path: String,
    /// The search the address holds (`q`).
    pub query: String,
    /// The hidden fields of the search form (`None`) and of the form adding one person.
    pub fields: Callback<Option<i64>, Vec<(&'static str, String)>>,
}

#[component]
pub fn PeoplePicker(
    /// People already chosen, left out of the results.
    #[prop(into)]
    exclude: Signal<Vec<i64>>,
    on_pick: Callback<MemberRow>,
    #[prop(optional, into)] disabled: Signal<bool>,
    #[prop(optional)] address: Option<PickerAddress>,
    /// A team of the organization whose members the server leaves out of the results.
    #[prop(optional)]
    outside_team: Option<i64>,
    /// Changes when the team's members change: the search shown is then made again.
    #[prop(optional, into)]
    members_changed: Option<Signal<usize>>,
) -> impl IntoView {
    let org_id = crate::me::use_org().arg();
    let start_query = address
        .as_ref()
        .map(|a| a.query.clone())
        .unwrap_or_default();
    let query = RwSignal::new(start_query.clone());
    let my_role = use_me().get_untracked().map(|m| m.role);
    let search =
        Action::new(move |query: &String| search_people(org_id, query.clone(), outside_team));
    if let Some(members_changed) = members_changed {
        Effect::new(move |before: Option<usize>| {
            let now = members_changed.get();
            let typed = query.get_untracked();
            if before.is_some_and(|before| before != now) && !typed.trim().is_empty() {
                search.dispatch(typed);
            }
            now
        });
    }
    // The search the address holds, found while the page is rendered.
    let from_address = load(
        move || start_query.clone(),
        move |query| async move {
            if query.trim().is_empty() {
                None
            } else {
                Some(search_people(org_id, query, outside_team).await)
            }
        },
    );
    let path = address.as_ref().map(|a| a.path.clone());
    let search_path = path.clone();
    let has_path = path.is_some();
    let fields = address.as_ref().map(|a| a.fields);
    let add_button = move |person: MemberRow| {
        let label = format!("Add {}", person.name);
        let account_id = person.account_id;
        match (path.clone(), fields) {
            (Some(path), Some(fields)) => {
                let on_submit = move |ev: SubmitEvent| {
                    ev.prevent_default();
                    on_pick.run(person.clone());
                };
                view! {
                    <form class="query-button" method="get" action=path on:submit=on_submit>
                        {hidden_fields(fields.run(Some(account_id)))}
                        <button type="submit" aria-label=label disabled=move || disabled.get()>
                            "Add"
                        </button>
                    </form>
                }
                .into_any()
            }
            _ => view! {
                <button
                    type="button"
                    aria-label=label
                    disabled=move || disabled.get()
                    on:click=move |_| on_pick.run(person.clone())
                >
                    "Add"
                </button>
            }
            .into_any(),
        }
    };
    let list = move || {
        let found = search
            .value()
            .get()
            .or_else(|| from_address.get().flatten());
        found.map(|result| match result {
            Err(error) => {
                view! { <p class="form-error" role="alert">{error.to_string()}</p> }.into_any()
            }
            Ok(people) => {
                let shown: Vec<MemberRow> = people
                    .into_iter()
                    .filter(|p| !exclude.with(|ids| ids.contains(&p.account_id)))
                    .collect();
                if shown.is_empty() {
                    return view! { <p class="hint">"No one else matches."</p> }.into_any();
                }
                view! {
                    <ul class="picker-results" aria-label="People found">
                        {shown
                            .into_iter()
                            .map(|person| {
                                let email = person.email.clone();
                                let name = person.name.clone();
                                let target = person.role;
                                let allowed = my_role.is_some_and(|r| {
                                    can(r, shared::Action::ChangePersonAccess { target }).is_ok()
                                });
                                let pick = if allowed {
                                    add_button(person).into_any()
                                } else {
                                    view! { <span class="badge">{format!("{}: only an Owner can add them", target.label())}</span> }
                                        .into_any()
                                };
                                view! {
                                    <li>
                                        {pick}
                                        <span class="person-name">{name}</span>
                                        <span class="muted">{email}</span>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                .into_any()
            }
        })
    };
    let search_fields = fields.map(|f| hidden_fields(f.run(None)));
    view! {
        <div class="picker">
        <form class="picker-search" method="get" action=search_path.clone() on:submit=|ev: SubmitEvent| ev.prevent_default()>
            {search_fields}
            <div class="field">
                <label for="search-people">"Search people"</label>
                <input
                    id="search-people"
                    type="text"
                    name="q"
                    autocomplete="off"
                    placeholder="Name or email"
                    value=query.get_untracked()
                    prop:value=move || query.get()
                    on:input=move |ev| {
                        let typed = event_target_value(&ev);
                        query.set(typed.clone());
                        search.dispatch(typed);
                    }
                />
            </div>
            {has_path.then(|| view! { <button type="submit" class="before-hydration">"Search"</button> })}
        </form>
        <Transition>{list}</Transition>
        </div>
    }
}
