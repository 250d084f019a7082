//! Filtering the audit log by person. Without one chosen: a "Filter by person" search (the server
//! searches the organization's people and those removed from it, marked "Removed") with a "Show
//! events of <name>" button per match. With one
//! chosen: who it is (named by the server, so the filter reads the same after a reload) and a
//! button to clear it.

use super::GoTo;
use crate::api::audit::search_audit_people;
use crate::api::codec::Loaded;
use leptos::prelude::*;
use shared::audit::{AuditPage, AuditQuery};
use shared::AppError;

#[component]
pub fn PersonFilter(
    query: Memo<AuditQuery>,
    go: GoTo,
    events: Loaded<Result<AuditPage, AppError>>,
) -> impl IntoView {
    let choose = move |person: Option<i64>| {
        let mut next = query.get_untracked().first_page();
        next.person = person;
        go.run((next, false));
    };
    let chosen = move || {
        let id = query.with(|q| q.person)?;
        let name = events
            .get()
            .and_then(Result::ok)
            .and_then(|page| page.person)
            .filter(|p| p.account_id == id)
            .map(|p| {
                let removed = if p.removed { ", removed" } else { "" };
                format!("{} ({}{removed})", p.name, p.email)
            })
            .unwrap_or_else(|| "someone this organization does not know".to_string());
        Some(view! {
            <div class="field person-chosen">
                <span class="field-label">"Person"</span>
                <p>
                    <span>"Events by or about "</span>
                    <strong>{name}</strong>
                    " "
                    <button type="button" on:click=move |_| choose(None)>"Clear person filter"</button>
                </p>
            </div>
        })
    };
    view! {
        <Show
            when=move || query.with(|q| q.person.is_none())
            fallback=move || view! { <Transition>{chosen}</Transition> }
        >
            <PersonSearch on_pick=Callback::new(move |id| choose(Some(id))) />
        </Show>
    }
}

#[component]
fn PersonSearch(on_pick: Callback<i64>) -> impl IntoView {
    let org_id = crate::me::use_org().arg();
    let typed = RwSignal::new(String::new());
    let search = Action::new(move |text: &String| search_audit_people(org_id, text.clone()));
    let results = move || {
        if typed.with(|t| t.trim().is_empty()) {
            return None;
        }
        search.value().get().map(|result| match result {
            Err(error) => {
                view! { <p class="form-error" role="alert">{error.to_string()}</p> }.into_any()
            }
            Ok(people) if people.is_empty() => {
                view! { <p class="hint">"No one matches."</p> }.into_any()
            }
            Ok(people) => view! {
                <ul class="picker-results" aria-label="People found">
                    {people
                        .into_iter()
                        .map(|person| {
                            let id = person.account_id;
                            let label = format!("Show events of {}", person.name);
                            let removed = person.removed.then(|| view! { <span class="badge">"Removed"</span> });
                            view! {
                                <li>
                                    <button type="button" aria-label=label on:click=move |_| on_pick.run(id)>
                                        "Show events"
                                    </button>
                                    <span class="person-name">{person.name}</span>
                                    <span class="muted">{person.email}</span>
                                    {removed}
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            }
            .into_any(),
        })
    };
    view! {
        <div class="field picker">
            <label for="audit-person">"Filter by person"</label>
            <input
                id="audit-person"
                type="search"
                autocomplete="off"
                placeholder="Name or email"
                prop:value=move || typed.get()
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    typed.set(text.clone());
                    if !text.trim().is_empty() {
                        search.dispatch(text);
                    }
                }
            />
            {results}
        </div>
    }
}
