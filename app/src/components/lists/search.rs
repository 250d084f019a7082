//! A list's search box. Hydrated, each change moves the address at once (to page 1, replacing the
//! history entry, so that back leaves the search rather than stepping through its letters). It is
//! a GET form of the list's address with the order in hidden fields, so before hydration, or
//! without JavaScript, "Search" (or Enter) loads the list with the search.

use super::hidden_fields;
use super::ListAddress;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use shared::lists::{ListQuery, SortKey};

#[component]
pub fn ListSearch<S: SortKey>(
    address: ListAddress<S>,
    /// The input's id.
    id: &'static str,
    label: &'static str,
    #[prop(optional)] placeholder: &'static str,
) -> impl IntoView {
    let (query, go) = (address.query, address.go);
    // Hydrated, every keystroke has already moved the address; Enter must not load the page again.
    let on_submit = move |ev: SubmitEvent| ev.prevent_default();
    let order = move || {
        let params = query.with(ListQuery::to_params);
        hidden_fields(
            params
                .into_iter()
                .filter(|(name, _)| matches!(*name, "sort" | "dir"))
                .collect(),
        )
    };
    view! {
        <form class="list-search" role="search" method="get" action=address.path on:submit=on_submit>
            {order}
            <div class="field">
                <label for=id>{label}</label>
                <input
                    id=id
                    name="q"
                    type="text"
                    autocomplete="off"
                    placeholder=placeholder
                    value=move || query.with(|q| q.search.clone())
                    prop:value=move || query.with(|q| q.search.clone())
                    on:input=move |ev| {
                        let mut next = query.get_untracked();
                        next.search = event_target_value(&ev);
                        next.page = 1;
                        go.run((next, true));
                    }
                />
            </div>
            <button type="submit" class="before-hydration">"Search"</button>
        </form>
    }
}
