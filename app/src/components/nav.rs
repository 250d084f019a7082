//! The navigation bar: the organization switcher (the current organization; the person's other
//! organizations with their role in each, and **+ New organization**), the Settings gear menu and
//! the signed-in person's menu. Both of the last offer "Invite Users" (to those who may invite),
//! which opens the Invite Users modal; the person's menu also leads to leaving the organization.
//!
//! Switching organizations is a whole page load of the same tab in the other organization, so that
//! nothing drawn for one organization stays on the page of another.
//!
//! "Sign out" is a form that posts to the sign-out server function, so it works before the page
//! has hydrated and without JavaScript (the server then sends the browser to the sign-in page).
//! Before hydration the menus open while their button has the focus (see
//! `.menu-button:focus-within` in the style sheet).

use super::invite::use_invite_dialog;
use super::menu::MenuButton;
use crate::api::session::SignOut;
use crate::me::use_org;
use crate::paths;
use leptos::prelude::*;
use leptos_router::hooks::use_location;
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
    let org = use_org();
    let settings_path = org.path(paths::USERS);
    let leave_path = format!("{}#leave", org.path(paths::GENERAL));
    let location = use_location();
    let switch_to = move |slug: &str| paths::same_tab_in(slug, &location.pathname.get());
    let (choices, current_org) = (me.orgs.clone(), me.org_id);
    let org_items = move || {
        choices
            .iter()
            .map(|choice| {
                let current = choice.id == current_org;
                let slug = choice.slug.clone();
                view! {
                    <a
                        role="menuitem"
                        rel="external"
                        href=move || switch_to(&slug)
                        aria-current=current.then_some("true")
                    >
                        <span class="org-choice">{choice.name.clone()}</span>
                        " "
                        <span class="menu-caption">{choice.role.label()}</span>
                    </a>
                }
            })
            .collect_view()
    };
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
            <div class="brand">
                <span class="brand-mark" aria-hidden="true">"◆"</span>
                <MenuButton
                    id="organization"
                    label=format!("Organization: {}", me.org_name)
                    face=ViewFn::from({
                        let name = me.org_name.clone();
                        move || view! { <span class="org-name">{name.clone()}</span> " ▾" }
                    })
                >
                    <p class="menu-caption">"Your organizations"</p>
                    {org_items.clone()()}
                    {me.may_create_orgs.then(|| view! {
                        <a role="menuitem" rel="external" href=paths::NEW_ORG>"+ New organization"</a>
                    })}
                </MenuButton>
            </div>
            <div class="nav-right">
                <MenuButton
                    id="settings"
                    label="Settings"
                    face=ViewFn::from(|| view! { <span class="gear" aria-hidden="true">"⚙"</span> })
                >
                    {invite_item("menu-button-settings")}
                    <a role="menuitem" href=settings_path.clone()>"Organization settings"</a>
                </MenuButton>
                <MenuButton id="account" label=me.name.clone()>
                    <p class="menu-caption">{me.email.clone()}" · "{me.role.label()}</p>
                    {invite_item("menu-button-account")}
                    <a role="menuitem" href=leave_path.clone()>
                        "Leave organization"
                    </a>
                    <crate::theme::ThemeChoices />
                    <ActionForm action=sign_out attr:class="menu-form">
                        <button role="menuitem" type="submit">"Sign out"</button>
                    </ActionForm>
                </MenuButton>
            </div>
        </header>
    }
}
