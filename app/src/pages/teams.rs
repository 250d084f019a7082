//! The Teams tab: the organization's teams.

use crate::api::directory::list_teams;
use leptos::prelude::*;

#[component]
pub fn TeamsTab() -> impl IntoView {
    let teams = Resource::new(|| (), |_| list_teams());
    let rows = move || {
        teams.get().map(|result| match result {
            Err(error) => view! { <p class="form-error" role="alert">{error.to_string()}</p> }.into_any(),
            Ok(list) if list.is_empty() => view! {
                <div class="empty">
                    <p><strong>"No teams yet."</strong></p>
                    <p>"A team gives a group of people the same projects and project roles, so you assign access once instead of person by person."</p>
                </div>
            }
            .into_any(),
            Ok(list) => view! {
                <table class="data" aria-label="Teams">
                    <thead>
                        <tr>
                            <th scope="col">"Name"</th>
                            <th scope="col">"Members"</th>
                            <th scope="col">"Projects"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {list
                            .into_iter()
                            .map(|t| view! {
                                <tr>
                                    <td>{t.name}</td>
                                    <td>{t.members}</td>
                                    <td>{t.projects}</td>
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
        <section class="panel" aria-labelledby="teams-heading">
            <div class="panel-header">
                <h2 id="teams-heading">"Teams"</h2>
            </div>
            <Transition fallback=|| view! { <p class="loading">"Loading teams…"</p> }>{rows}</Transition>
        </section>
    }
}
