//! A button that moves the Users tab to another query (an order, a page). It is the submit button
//! of a small GET form whose hidden fields are that query's parameters, so before the page has
//! hydrated (or without JavaScript) it loads the tab at the new address; hydrated, it moves there
//! without a page load.

use super::GoTo;
use crate::paths;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use shared::wire::PeopleQuery;

#[component]
pub fn QueryButton(
    /// The query the button leads to.
    #[prop(into)]
    target: Signal<PeopleQuery>,
    go: GoTo,
    #[prop(optional)] disabled: bool,
    #[prop(optional)] class: &'static str,
    children: Children,
) -> impl IntoView {
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        go.run((target.get_untracked(), false));
    };
    let fields = move || {
        target
            .get()
            .to_params()
            .into_iter()
            .map(|(name, value)| view! { <input type="hidden" name=name value=value /> })
            .collect_view()
    };
    view! {
        <form class="query-button" method="get" action=crate::me::org_path(paths::USERS) on:submit=on_submit>
            {fields}
            <button type="submit" class=class disabled=disabled>
                {children()}
            </button>
        </form>
    }
}
