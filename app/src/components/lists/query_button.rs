//! A button that moves a list to another query (an order, a page): the submit button of a small
//! GET form whose hidden fields are that query's parameters, so that before hydration (or without
//! JavaScript) it loads the list's address with the new query.

use super::hidden_fields;
use super::ListAddress;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use shared::lists::{ListQuery, SortKey};

#[component]
pub fn ListQueryButton<S: SortKey>(
    address: ListAddress<S>,
    /// The query the button leads to.
    target: Signal<ListQuery<S>>,
    #[prop(optional)] disabled: bool,
    #[prop(optional)] class: &'static str,
    children: Children,
) -> impl IntoView {
    let go = address.go;
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        go.run((target.get_untracked(), false));
    };
    let fields = move || hidden_fields(target.get().to_params());
    view! {
        <form class="query-button" method="get" action=address.path on:submit=on_submit>
            {fields}
            <button type="submit" class=class disabled=disabled>
                {children()}
            </button>
        </form>
    }
}
