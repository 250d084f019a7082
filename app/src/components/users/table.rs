//! The Users table: sortable columns (the server sorts; the column buttons work before hydration
//! too), a checkbox per person for bulk actions.

use super::query_button::QueryButton;
use super::GoTo;
use crate::paths;
use leptos::prelude::*;
use shared::dates::{format_date, format_date_time};
use shared::wire::{PeopleQuery, PeopleSort, PersonRow, PersonStatus};
use std::collections::BTreeSet;

#[component]
pub fn PeopleTable(
    rows: Vec<PersonRow>,
    query: Memo<PeopleQuery>,
    go: GoTo,
    selected: RwSignal<BTreeSet<i64>>,
    #[prop(into)] selectable: Signal<bool>,
) -> impl IntoView {
    if rows.is_empty() {
        return view! { <div class="empty"><p><strong>"No one matches."</strong></p><p>"Try another search or filter."</p></div> }
            .into_any();
    }
    let ids: Vec<i64> = rows.iter().map(|r| r.account_id).collect();
    let all_selected = {
        let ids = ids.clone();
        Signal::derive(move || selected.with(|s| ids.iter().all(|id| s.contains(id))))
    };
    let toggle_all = move |_| {
        let select = !all_selected.get_untracked();
        selected.update(|s| {
            for id in &ids {
                if select {
                    s.insert(*id);
                } else {
                    s.remove(id);
                }
            }
        });
    };
    // Each column's button sorts by it, ascending first, then the other way; page 1 of the new
    // order. A GET form's button, so that it sorts before hydration too.
    let header = move |label: &'static str, sort: PeopleSort| {
        let state = move || {
            query.with(|q| match (q.sort == sort, q.descending) {
                (false, _) => "none",
                (true, false) => "ascending",
                (true, true) => "descending",
            })
        };
        let target = Signal::derive(move || {
            let mut next = query.get();
            next.descending = next.sort == sort && !next.descending;
            next.sort = sort;
            next.page = 1;
            next
        });
        view! {
            <th scope="col" aria-sort=state>
                <QueryButton target go class="sort">
                    {label}
                    <span class="sort-mark" aria-hidden="true">
                        {move || match state() {
                            "ascending" => " ▲",
                            "descending" => " ▼",
                            _ => "",
                        }}
                    </span>
                </QueryButton>
            </th>
        }
    };
    view! {
        <table class="data" aria-label="Users">
            <thead>
                <tr>
                    <Show when=move || selectable.get()>
                        <th scope="col">
                            <input type="checkbox" aria-label="Select all on this page" prop:checked=all_selected on:change=toggle_all.clone() />
                        </th>
                    </Show>
                    {header("Name", PeopleSort::Name)}
                    {header("Email", PeopleSort::Email)}
                    {header("Organization role", PeopleSort::Role)}
                    <th scope="col">"Status"</th>
                    <th scope="col">"Projects"</th>
                    {header("Teams", PeopleSort::Teams)}
                    {header("Date joined", PeopleSort::Joined)}
                    {header("Last active", PeopleSort::LastActive)}
                </tr>
            </thead>
            <tbody>
                {rows.into_iter().map(|row| view! { <PersonTableRow row selected selectable /> }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

#[component]
fn PersonTableRow(
    row: PersonRow,
    selected: RwSignal<BTreeSet<i64>>,
    selectable: Signal<bool>,
) -> impl IntoView {
    let id = row.account_id;
    let select_label = format!("Select {}", row.name);
    let projects_title = if row.project_count > row.project_names.len() {
        format!("{}, …", row.project_names.join(", "))
    } else {
        row.project_names.join(", ")
    };
    view! {
        <tr>
            <Show when=move || selectable.get()>
                <td>
                    <input
                        type="checkbox"
                        aria-label=select_label.clone()
                        prop:checked=move || selected.with(|s| s.contains(&id))
                        on:change=move |_| selected.update(|s| if !s.remove(&id) { s.insert(id); })
                    />
                </td>
            </Show>
            <td><a href=paths::person(&crate::me::use_org().slug, id)>{row.name.clone()}</a></td>
            <td>{row.email}</td>
            <td>{row.role.label()}</td>
            <td><StatusBadge status=row.status /></td>
            <td><span class="project-count" title=projects_title>{row.project_count}</span></td>
            <td>{row.teams.join(", ")}</td>
            <td>{format_date(row.joined_at)}</td>
            <td>{row.last_active_at.map(format_date_time).unwrap_or_else(|| "Never".into())}</td>
        </tr>
    }
}

/// A person's status, as a badge whose words say it (not its colour alone).
#[component]
pub fn StatusBadge(status: PersonStatus) -> impl IntoView {
    let class = match status {
        PersonStatus::Active => "status-badge active",
        PersonStatus::Deactivated => "status-badge deactivated",
    };
    view! { <span class=class>{status.label()}</span> }
}
