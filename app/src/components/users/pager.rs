//! Page links under the Users table.

use crate::pages::users::GoTo;
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
        let mut next = query.get_untracked();
        next.page = number;
        go.run((next, false));
    };
    let (first, last) = (page <= 1, page >= pages);
    view! {
        <nav class="pager" aria-label="Pages">
            <button type="button" disabled=first on:click=move |_| to(page - 1)>"Previous page"</button>
            <span>{format!("Page {} of {pages}", page.min(pages))}</span>
            <button type="button" disabled=last on:click=move |_| to(page + 1)>"Next page"</button>
        </nav>
    }
}
