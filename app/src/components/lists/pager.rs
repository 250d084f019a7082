//! "Previous page", "Page n of m", "Next page" under a list, shown when it has more than one page.

use super::query_button::ListQueryButton;
use super::ListAddress;
use leptos::prelude::*;
use shared::lists::SortKey;

#[component]
pub fn ListPager<S: SortKey>(
    address: ListAddress<S>,
    /// The page shown.
    page: u32,
    pages: u32,
    /// The pager's accessible name.
    #[prop(default = "Pages")]
    label: &'static str,
) -> impl IntoView {
    if pages <= 1 {
        return ().into_any();
    }
    let query = address.query;
    let to = move |n: u32| Signal::derive(move || query.get().at_page(n));
    view! {
        <nav class="pager" aria-label=label>
            <ListQueryButton address=address.clone() target=to(page.saturating_sub(1).max(1)) disabled={page <= 1}>
                "Previous page"
            </ListQueryButton>
            <span>{format!("Page {page} of {pages}")}</span>
            <ListQueryButton address target=to(page + 1) disabled={page >= pages}>
                "Next page"
            </ListQueryButton>
        </nav>
    }
    .into_any()
}
