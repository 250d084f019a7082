//! Links to newer and older events under the Audit log table (the server pages by event, so
//! events recorded meanwhile never shift a page).

use super::href;
use leptos::prelude::*;
use shared::audit::AuditPage;

#[component]
pub fn AuditPager(page: AuditPage) -> impl IntoView {
    let slug = crate::me::use_org().slug;
    let newer = page.newer.map(|q| href(&slug, &q));
    let older = page.older.map(|q| href(&slug, &q));
    if newer.is_none() && older.is_none() {
        return ().into_any();
    }
    view! {
        <nav class="pager" aria-label="Pages">
            {newer.map(|to| view! { <a href=to>"Newer events"</a> })}
            {older.map(|to| view! { <a href=to>"Older events"</a> })}
        </nav>
    }
    .into_any()
}
