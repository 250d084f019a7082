//! Page links under the Users table: buttons that work before hydration too (see
//! [`QueryButton`]).

use super::query_button::QueryButton;
use super::GoTo;
use leptos::prelude::*;
use shared::wire::PeopleQuery;

#[component]
pub fn Pager(
    query: Memo<PeopleQuery>,
    go: GoTo,
    total: i64,
    page: u32,
    page_size: u32,
) -> impl IntoView {
    let pages = ((total.max(0) as u64).div_ceil(u64::from(page_size)).max(1)) as u32;
    let to = move |number: u32| {
        Signal::derive(move || {
            let mut next = query.get();
            next.page = number;
            next
        })
    };
    let (first, last) = (page <= 1, page >= pages);
    view! {
        <nav class="pager" aria-label="Pages">
            <QueryButton target=to(page.saturating_sub(1).max(1)) go disabled=first>"Previous page"</QueryButton>
            <span>{format!("Page {} of {pages}", page.min(pages))}</span>
            <QueryButton target=to(page + 1) go disabled=last>"Next page"</QueryButton>
        </nav>
    }
}
