//! The Users tab's "+ Invite Users" button, shown only to people the policy lets invite.

use super::use_invite_dialog;
use crate::pages::use_me;
use leptos::prelude::*;
use shared::{can, Action, OrgRole};

const ID: &str = "invite-users-button";

#[component]
pub fn InviteUsersButton() -> impl IntoView {
    let me = use_me();
    let may_invite = move || {
        me.with(|m| {
            m.as_ref().is_some_and(|m| {
                can(
                    m.role,
                    Action::Invite {
                        role: OrgRole::Member,
                    },
                )
                .is_ok()
            })
        })
    };
    let dialog = use_invite_dialog();
    view! {
        <Show when=may_invite>
            <button type="button" class="primary" id=ID on:click=move |_| {
                if let Some(dialog) = dialog {
                    dialog.open_from(ID);
                }
            }>"+ Invite Users"</button>
        </Show>
    }
}
