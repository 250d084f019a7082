//! The Users tab's "+ Invite Users" button, shown only to people the policy lets invite. It opens
//! the modal; before the page has hydrated (or without JavaScript) it is the submit button of a GET
//! form of the Users tab with `invite=project`, which shows Invite to Project as a plain form.

use super::use_invite_dialog;
use crate::me::use_me;
use crate::paths;
use leptos::ev::SubmitEvent;
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
    let open = move |ev: SubmitEvent| {
        ev.prevent_default();
        if let Some(dialog) = dialog {
            dialog.open_from(ID);
        }
    };
    view! {
        <Show when=may_invite>
            <form class="query-button" method="get" action=crate::me::org_path(paths::USERS) on:submit=open>
                <input type="hidden" name="invite" value="project" />
                <button type="submit" class="primary" id=ID>"+ Invite Users"</button>
            </form>
        </Show>
    }
}
