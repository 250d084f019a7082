//! The pieces of the paged lists — the Teams tab, the Projects tab and a team's members: the
//! search box, the sortable column headers and the pager. The list's search, order and page live
//! in its address (reload, back and shared links show the same page), and each piece works before
//! hydration too: it is a GET form of that address with the query in its fields; hydrated, it
//! moves the address without a page load.

pub mod pager;
pub mod query_button;
pub mod search;
pub mod sort_header;

use crate::navigation::{go_to, GoTo};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use shared::lists::{ListQuery, SortKey};

/// A list's address: its path, the query the address holds and the way to another query.
#[derive(Clone)]
pub struct ListAddress<S: SortKey> {
    pub path: String,
    pub query: Memo<ListQuery<S>>,
    pub go: GoTo<ListQuery<S>>,
}

impl<S: SortKey> ListAddress<S> {
    /// The list at `path`, with the query its address holds now.
    pub fn at(path: String) -> ListAddress<S> {
        let params = use_query_map();
        let query = Memo::new(move |_| params.with(|p| ListQuery::from_params(|k| p.get(k))));
        let href = path.clone();
        let go = go_to(move |q: &ListQuery<S>| format!("{href}{}", q.to_query_string()));
        ListAddress { path, query, go }
    }
}

/// Hidden form fields carrying `params` (a query's parameters).
fn hidden_fields(params: Vec<(&'static str, String)>) -> impl IntoView {
    params
        .into_iter()
        .map(|(name, value)| view! { <input type="hidden" name=name value=value /> })
        .collect_view()
}
