//! A team's members: who they are, removing one, and adding people of the organization through a
//! searchable picker. Read-only for people who may not manage access.

use super::people_picker::PeoplePicker;
use crate::api::teams::{AddTeamMember, RemoveTeamMember};
use crate::components::field::form_error;
use crate::me::use_me;
use leptos::prelude::*;
use shared::wire::{MemberRow, TeamMember};
use shared::{can, Action, OrgRole};

#[component]
pub fn TeamMembers(
    team_id: i64,
    members: Vec<TeamMember>,
    editable: bool,
    changed: Callback<()>,
) -> impl IntoView {
    let org_id = crate::me::use_org().arg();
    let add = ServerAction::<AddTeamMember>::new();
    let remove = ServerAction::<RemoveTeamMember>::new();
    Effect::new(move |_| {
        if matches!(add.value().get(), Some(Ok(()))) || matches!(remove.value().get(), Some(Ok(())))
        {
            changed.run(());
        }
    });
    let error = move || {
        form_error(add.value())
            .get()
            .or_else(|| form_error(remove.value()).get())
    };
    let member_ids: Vec<i64> = members.iter().map(|m| m.account_id).collect();
    // Only people below the signed-in person (Owners: Owners too) can be taken out of the team.
    let my_role = use_me().get_untracked().map(|m| m.role);
    let may_change = move |target: OrgRole| {
        my_role.is_some_and(|r| can(r, Action::ChangePersonAccess { target }).is_ok())
    };
    let table = if members.is_empty() {
        view! { <p class="hint">"No one is in this team yet."</p> }.into_any()
    } else {
        let rows = members
            .into_iter()
            .map(|member| {
                let account_id = member.account_id;
                let remove_button = (editable && may_change(member.role)).then(|| {
                    view! {
                        <button
                            type="button"
                            class="danger-link"
                            aria-label=format!("Remove {}", member.name)
                            disabled=move || remove.pending().get()
                            on:click=move |_| {
                                remove.dispatch(RemoveTeamMember { org: org_id, team_id, account_id });
                            }
                        >
                            "Remove"
                        </button>
                    }
                });
                view! {
                    <tr>
                        <td>{member.name.clone()}</td>
                        <td>{member.email.clone()}</td>
                        <td class="row-actions">{remove_button}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <table class="data" aria-label="Members">
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Email"</th>
                        <th scope="col"><span class="sr-only">"Actions"</span></th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        }
        .into_any()
    };
    let picker = editable.then(|| {
        view! {
            <h4>"Add people"</h4>
            <PeoplePicker
                exclude=Signal::stored(member_ids)
                disabled=add.pending()
                on_pick=Callback::new(move |person: MemberRow| {
                    add.dispatch(AddTeamMember { org: org_id, team_id, account_id: person.account_id });
                })
            />
        }
    });
    view! {
        {table}
        <p class="form-error" role="alert">{error}</p>
        {picker}
    }
}
