//! A searchable picker of the organization's people: a "Search people" box and, for each match,
//! a button "Add <name>" — or, for someone the signed-in person may not change (an Owner, for an
//! Admin), a note saying who can. The server searches, so a large directory is never loaded whole;
//! the search runs in the browser only, as people type.

use crate::api::directory::search_people;
use crate::pages::use_me;
use leptos::prelude::*;
use shared::can;
use shared::wire::MemberRow;

#[component]
pub fn PeoplePicker(
    /// People already chosen, left out of the results.
    #[prop(into)]
    exclude: Signal<Vec<i64>>,
    on_pick: Callback<MemberRow>,
    #[prop(optional, into)] disabled: Signal<bool>,
) -> impl IntoView {
    let query = RwSignal::new(String::new());
    let my_role = use_me().get_untracked().map(|m| m.role);
    let search = Action::new(|query: &String| search_people(query.clone()));
    let list = move || {
        search.value().get().map(|result| match result {
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
                                let label = format!("Add {}", person.name);
                                let email = person.email.clone();
                                let name = person.name.clone();
                                let target = person.role;
                                let allowed = my_role.is_some_and(|r| {
                                    can(r, shared::Action::ChangePersonAccess { target }).is_ok()
                                });
                                let pick = if allowed {
                                    view! {
                                        <button
                                            type="button"
                                            aria-label=label
                                            disabled=move || disabled.get()
                                            on:click=move |_| on_pick.run(person.clone())
                                        >
                                            "Add"
                                        </button>
                                    }
                                    .into_any()
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
    view! {
        <div class="picker">
            <div class="field">
                <label for="search-people">"Search people"</label>
                <input
                    id="search-people"
                    type="text"
                    autocomplete="off"
                    placeholder="Name or email"
                    prop:value=move || query.get()
                    on:input=move |ev| {
                        let typed = event_target_value(&ev);
                        query.set(typed.clone());
                        search.dispatch(typed);
                    }
                />
            </div>
            {list}
        </div>
    }
}
