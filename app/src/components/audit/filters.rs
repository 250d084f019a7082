//! The Audit log tab's filters: by person (done by them or to them) and by kind. Every change
//! moves to the newest events of the new filters.

use super::person_filter::PersonFilter;
use super::GoTo;
use crate::api::codec::Loaded;
use leptos::prelude::*;
use shared::audit::{AuditKind, AuditPage, AuditQuery};
use shared::AppError;

#[component]
pub fn AuditFilters(
    query: Memo<AuditQuery>,
    go: GoTo,
    events: Loaded<Result<AuditPage, AppError>>,
) -> impl IntoView {
    let on_kind = move |ev: leptos::ev::Event| {
        let kind = AuditKind::parse(&event_target_value(&ev));
        let mut next = query.get_untracked().first_page();
        next.kind = kind;
        go.run((next, false));
    };
    view! {
        <div class="filters" role="search" aria-label="Filter the audit log">
            <PersonFilter query go events />
            <div class="field">
                <label for="audit-kind">"Kind"</label>
                <select id="audit-kind" on:change=on_kind>
                    <option value="" selected=move || query.with(|q| q.kind.is_none())>"All kinds"</option>
                    {AuditKind::ALL
                        .into_iter()
                        .map(|kind| {
                            let selected = move || query.with(|q| q.kind == Some(kind));
                            view! { <option value=kind.as_str() selected=selected>{kind.label()}</option> }
                        })
                        .collect_view()}
                </select>
            </div>
        </div>
    }
}
