//! The organization settings tabs. Each tab is a link with its own URL, marked up as an ARIA tab;
//! the arrow keys, Home and End move between them. The Invitations, Audit log and Provisioning tabs
//! show only to
//! those the policy lets use them, by the same rules the server applies to their server functions.

use crate::navigation::focus_element;
use crate::paths;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use shared::{can, Action, OrgRole};

/// A tab: label, id and address.
pub type Tab = (&'static str, &'static str, &'static str);

/// The tabs everyone sees.
pub const TABS: [Tab; 3] = [
    ("Users", "tab-users", paths::USERS),
    ("Teams", "tab-teams", paths::TEAMS),
    ("Projects", "tab-projects", paths::PROJECTS),
];

/// The Invitations tab, for those who may invite (its list and actions need the same).
pub const INVITATIONS_TAB: Tab = ("Invitations", "tab-invitations", paths::INVITATIONS);

/// The Audit log tab, for those who may read the log.
pub const AUDIT_LOG_TAB: Tab = ("Audit log", "tab-audit-log", paths::AUDIT_LOG);

/// The Provisioning tab, for Owners (who alone may manage provisioning).
pub const PROVISIONING_TAB: Tab = ("Provisioning", "tab-provisioning", paths::PROVISIONING);

/// The General tab: the organization's name and address, for everyone to read and its Owners to
/// change.
pub const GENERAL_TAB: Tab = ("General", "tab-general", paths::GENERAL);

/// The tabs someone holding `role` sees.
pub fn tabs_for(role: OrgRole) -> Vec<Tab> {
    let mut tabs = TABS.to_vec();
    let invites = Action::Invite {
        role: OrgRole::Member,
    };
    if can(role, invites).is_ok() {
        tabs.push(INVITATIONS_TAB);
    }
    if can(role, Action::ReadAuditLog).is_ok() {
        tabs.push(AUDIT_LOG_TAB);
    }
    if can(role, Action::ManageProvisioning).is_ok() {
        tabs.push(PROVISIONING_TAB);
    }
    tabs.push(GENERAL_TAB);
    tabs
}

/// The id of the tab (among those `role` sees) whose address begins the settings page `path`.
pub fn selected_tab(role: OrgRole, path: &str) -> Option<&'static str> {
    let tail = paths::settings_tail(path)?;
    tabs_for(role)
        .into_iter()
        .find(|(_, _, tab)| tail.starts_with(tab))
        .map(|(_, id, _)| id)
}

#[component]
pub fn SettingsTabs(role: OrgRole) -> impl IntoView {
    let org = crate::me::use_org();
    let tabs = tabs_for(role);
    let count = tabs.len();
    let location = use_location();
    let selected = Memo::new(move |_| selected_tab(role, &location.pathname.get()));
    let navigate = use_navigate();
    let org_for_keys = org.clone();
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let current = tabs_for(role)
            .iter()
            .position(|(_, id, _)| Some(*id) == selected.get_untracked())
            .unwrap_or(0);
        let next = match ev.key().as_str() {
            "ArrowRight" => (current + 1) % count,
            "ArrowLeft" => (current + count - 1) % count,
            "Home" => 0,
            "End" => count - 1,
            _ => return,
        };
        ev.prevent_default();
        let (_, id, tab) = tabs_for(role)[next];
        focus_element(id);
        navigate(&org_for_keys.path(tab), Default::default());
        // The router may move focus while it swaps the panel; put it back on the tab.
        request_animation_frame(move || focus_element(id));
    };
    view! {
        <div class="tabs" role="tablist" aria-label="Organization settings" on:keydown=on_keydown>
            {tabs
                .into_iter()
                .map(|(label, id, tab)| {
                    let href = org.path(tab);
                    let is_selected = move || selected.get() == Some(id);
                    view! {
                        <a
                            role="tab"
                            id=id
                            href=href
                            aria-controls="settings-panel"
                            aria-selected=move || is_selected().to_string()
                            tabindex=move || if is_selected() { "0" } else { "-1" }
                            class:selected=is_selected
                        >
                            {label}
                        </a>
                    }
                })
                .collect_view()}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(role: OrgRole) -> Vec<&'static str> {
        tabs_for(role)
            .into_iter()
            .map(|(label, ..)| label)
            .collect()
    }

    #[test]
    fn tabs_follow_the_policy() {
        let admins = [
            "Users",
            "Teams",
            "Projects",
            "Invitations",
            "Audit log",
            "General",
        ];
        let owners = [
            "Users",
            "Teams",
            "Projects",
            "Invitations",
            "Audit log",
            "Provisioning",
            "General",
        ];
        assert_eq!(labels(OrgRole::Owner), owners);
        assert_eq!(labels(OrgRole::Admin), admins);
        let others = ["Users", "Teams", "Projects", "General"];
        assert_eq!(labels(OrgRole::BillingAdmin), others);
        assert_eq!(labels(OrgRole::Member), others);
        assert_eq!(
            selected_tab(OrgRole::Member, "/orgs/acme/settings/invitations"),
            None
        );
        assert_eq!(
            selected_tab(OrgRole::Member, "/orgs/acme/settings/teams/3"),
            Some("tab-teams")
        );
    }
}
