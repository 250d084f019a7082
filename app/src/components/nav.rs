//! The navigation bar: the organization's name, the Settings gear menu and the signed-in person's
//! menu. Both menus offer "Invite Users" (to those who may invite), which opens the Invite Users
//! modal.
//!
//! "Sign out" is a form that posts to the sign-out server function, so it works before the page
//! has hydrated and without JavaScript (the server then sends the browser to the sign-in page).
//! Before hydration the menus open while their button has the focus (see
//! `.menu-button:focus-within` in the style sheet).

use super::invite::use_invite_dialog;
use super::menu::MenuButton;
use crate::api::session::SignOut;
use crate::paths;
use leptos::prelude::*;
use shared::wire::Me;
use shared::{can, Action, OrgRole};

#[component]
pub fn NavBar(me: Me) -> impl IntoView {
    let sign_out = ServerAction::<SignOut>::new();
    Effect::new(move |_| {
        if sign_out.value().get().is_some() {
            crate::navigation::reload_to(paths::SIGN_IN);
        }
    });
    let may_invite = can(
        me.role,
        Action::Invite {
            role: OrgRole::Member,
        },
    )
    .is_ok();
    let dialog = use_invite_dialog();
    // The menu closes when an item is chosen, so the focus returns to the menu's button.
    let invite_item = move |menu: &'static str| {
        (may_invite && dialog.is_some()).then(|| {
            view! {
                <button role="menuitem" type="button" on:click=move |_| {
                    if let Some(dialog) = dialog {
                        dialog.open_from(menu);
                    }
                }>"Invite Users"</button>
            }
        })
    };
    view! {
        <header class="navbar">
            <a class="brand" href=paths::USERS>
                <span class="brand-mark" aria-hidden="true">"◆"</span>
                <span class="org-name">{me.org_name.clone()}</span>
            </a>
            <div class="nav-right">
                <MenuButton
                    id="settings"
                    label="Settings"
                    face=ViewFn::from(|| view! { <span class="gear" aria-hidden="true">"⚙"</span> })
                >
                    {invite_item("menu-button-settings")}
                    <a role="menuitem" href=paths::USERS>"Organization settings"</a>
                </MenuButton>
                <MenuButton id="account" label=me.name.clone()>
                    <p class="menu-caption">{me.email.clone()}" · "{me.role.label()}</p>
                    {invite_item("menu-button-account")}
                    <ActionForm action=sign_out attr:class="menu-form">
                        <button role="menuitem" type="submit">"Sign out"</button>
                    </ActionForm>
                </MenuButton>
            </div>
        </header>
    }
}
