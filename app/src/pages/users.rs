//! The Users tab: the organization's directory.

use crate::api::directory::list_members;
use crate::components::invite::button::InviteUsersButton;
use leptos::prelude::*;
use shared::dates::{format_date, format_date_time};

#[component]
pub fn UsersTab() -> impl IntoView {
    let members = Resource::new(|| (), |_| list_members());
    let rows = move || {
        members.get().map(|result| match result {
            Err(error) => view! { <p class="form-error" role="alert">{error.to_string()}</p> }.into_any(),
            Ok(list) => view! {
                <p class="count">{format!("{} {}", list.len(), if list.len() == 1 { "person" } else { "people" })}</p>
                <table class="data" aria-label="Users">
                    <thead>
                        <tr>
                            <th scope="col">"Name"</th>
                            <th scope="col">"Email"</th>
                            <th scope="col">"Organization role"</th>
                            <th scope="col">"Date joined"</th>
                            <th scope="col">"Last active"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {list
                            .into_iter()
                            .map(|m| view! {
                                <tr>
                                    <td>{m.name}</td>
                                    <td>{m.email}</td>
                                    <td>{m.role.label()}</td>
                                    <td>{format_date(m.joined_at)}</td>
                                    <td>{m.last_active_at.map(format_date_time).unwrap_or_else(|| "Never".into())}</td>
                                </tr>
                            })
                            .collect_view()}
                    </tbody>
                </table>
            }
            .into_any(),
        })
    };
    view! {
        <section class="panel" aria-labelledby="users-heading">
            <div class="panel-header">
                <h2 id="users-heading">"Users"</h2>
                <InviteUsersButton />
            </div>
            <Transition fallback=|| view! { <p class="loading">"Loading people…"</p> }>{rows}</Transition>
        </section>
    }
}
