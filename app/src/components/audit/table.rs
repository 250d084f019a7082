//! The Audit log table: when, who, what, target and details of each event, newest first. A name
//! that belongs to a person links to the log filtered by them.

use super::href;
use leptos::prelude::*;
use shared::audit::{AuditEntry, AuditQuery};
use shared::dates::format_date_time;

#[component]
pub fn AuditTable(entries: Vec<AuditEntry>, query: AuditQuery) -> impl IntoView {
    if entries.is_empty() {
        let filtered = query.person.is_some() || query.kind.is_some();
        return if filtered {
            view! { <div class="empty"><p><strong>"No events match."</strong></p><p>"Try another person or kind."</p></div> }
                .into_any()
        } else {
            view! { <div class="empty"><p><strong>"Nothing recorded yet."</strong></p><p>"Changes to people, teams, projects and invitations show here."</p></div> }
                .into_any()
        };
    }
    let slug = crate::me::use_org().slug;
    let person_link = move |id: i64, text: String| {
        let to = href(
            &slug,
            &AuditQuery {
                person: Some(id),
                ..query.first_page()
            },
        );
        view! { <a href=to title="Events by or about this person">{text}</a> }
    };
    view! {
        <table class="data audit" aria-label="Audit log">
            <thead>
                <tr>
                    <th scope="col">"When"</th>
                    <th scope="col">"Who"</th>
                    <th scope="col">"What"</th>
                    <th scope="col">"Target"</th>
                    <th scope="col">"Details"</th>
                </tr>
            </thead>
            <tbody>
                {entries
                    .into_iter()
                    .map(|entry| {
                        let who = match entry.actor_id {
                            Some(id) => person_link(id, entry.actor).into_any(),
                            None => view! { <span class="muted">{entry.actor}</span> }.into_any(),
                        };
                        let target = match entry.subject_id {
                            Some(id) => person_link(id, entry.target).into_any(),
                            None => entry.target.into_any(),
                        };
                        view! {
                            <tr>
                                <td class="nowrap">{format_date_time(entry.at)}</td>
                                <td>{who}</td>
                                <td>{entry.what}</td>
                                <td>{target}</td>
                                <td>{entry.details}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
