//! The Audit log tab: who changed what, when, newest first. Owners and Admins read it (the server
//! refuses everyone else, and the tab tells them so). The person and kind filters and the page
//! live in the address, so a filtered view is bookmarkable and survives a reload.

use crate::api::audit::audit_log;
use crate::api::codec::load;
use crate::components::audit::filters::AuditFilters;
use crate::components::audit::pager::AuditPager;
use crate::components::audit::table::AuditTable;
use crate::components::audit::{href, GoTo};
use crate::components::page_title::PageTitle;
use crate::me::use_me;
use crate::navigation::go_to;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use shared::audit::AuditQuery;
use shared::{can, Action};

#[component]
pub fn AuditLogTab() -> impl IntoView {
    let me = use_me();
    let may_read = move || {
        me.with(|m| {
            m.as_ref()
                .is_some_and(|m| can(m.role, Action::ReadAuditLog).is_ok())
        })
    };
    view! {
        <PageTitle page="Audit log" />
        <section class="panel" aria-labelledby="audit-heading">
            <Show
                when=may_read
                fallback=|| view! {
                    <div class="panel-header"><h2 id="audit-heading">"Audit log"</h2></div>
                    <p role="alert">"Only Owners and Admins can read the audit log."</p>
                }
            >
                <AuditLog />
            </Show>
        </section>
    }
}

/// The log itself, for those who may read it.
#[component]
fn AuditLog() -> impl IntoView {
    let org_id = crate::me::use_org().arg();
    let params = use_query_map();
    let query = Memo::new(move |_| params.with(|p| AuditQuery::from_params(|k| p.get(k))));
    let slug = crate::me::use_org().slug;
    let go: GoTo = go_to(move |query: &AuditQuery| href(&slug, query));
    let events = load(move || query.get(), move |query| audit_log(org_id, query));
    let export_href = move || {
        let query = query.with(|q| q.first_page().to_query_string().replacen('?', "&", 1));
        format!(
            "/export/audit.csv?org={}{query}",
            org_id.unwrap_or_default()
        )
    };
    view! {
        <div class="panel-header">
            <h2 id="audit-heading">"Audit log"</h2>
            <div class="panel-actions">
                <a class="button-link" href=export_href download="audit-log.csv">"Export CSV"</a>
            </div>
        </div>
        <AuditFilters query go events />
        <Transition fallback=|| view! { <p class="loading">"Loading events…"</p> }>
            {move || {
                events
                    .get()
                    .map(|result| match result {
                        Err(error) => view! { <p class="form-error" role="alert">{error.to_string()}</p> }.into_any(),
                        Ok(page) => {
                            let shown = query.get_untracked();
                            view! {
                                <AuditTable entries=page.entries.clone() query=shown />
                                <AuditPager page />
                            }
                                .into_any()
                        }
                    })
            }}
        </Transition>
    }
}
