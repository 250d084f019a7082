//! A column header that sorts its list by that column: ascending first, then the other way, from
//! page 1. It says how the list is sorted (`aria-sort`, and ▲ or ▼).

use super::query_button::ListQueryButton;
use super::ListAddress;
use leptos::prelude::*;
use shared::lists::SortKey;

#[component]
pub fn SortHeader<S: SortKey>(
    address: ListAddress<S>,
    label: &'static str,
    sort: S,
) -> impl IntoView {
    let query = address.query;
    let state = move || {
        query.with(|q| match (q.sort == sort, q.descending) {
            (false, _) => "none",
            (true, false) => "ascending",
            (true, true) => "descending",
        })
    };
    let target = Signal::derive(move || query.get().sorted_by(sort));
    view! {
        <th scope="col" aria-sort=state>
            <ListQueryButton address target class="sort">
                {label}
                <span class="sort-mark" aria-hidden="true">
                    {move || match state() {
                        "ascending" => " ▲",
                        "descending" => " ▼",
                        _ => "",
                    }}
                </span>
            </ListQueryButton>
        </th>
    }
}
