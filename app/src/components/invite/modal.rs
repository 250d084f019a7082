//! The Invite Users dialog: a modal with three tabs. The focus starts inside, Tab and Shift+Tab
//! stay inside, Escape closes it, and the focus goes back to what opened it.

use super::bulk_tab::BulkTab;
use super::project_tab::{ProjectForm, ProjectTab};
use super::teams_tab::{TeamsForm, TeamsTab};
use super::InviteDialog;
use crate::navigation::{focus_element, trap_focus};
use leptos::html;
use leptos::prelude::*;
use shared::OrgRole;

/// The tabs: label and id.
const TABS: [(&str, &str); 3] = [
    ("Invite to Project", "invite-tab-project"),
    ("Invite to Teams", "invite-tab-teams"),
    ("Bulk Invite", "invite-tab-bulk"),
];

#[component]
pub fn InviteModal(dialog: InviteDialog, mine: OrgRole) -> impl IntoView {
    let selected = RwSignal::new(0usize);
    let dialog_ref = NodeRef::<html::Div>::new();
    Effect::new(move |_| {
        if dialog.open.get() {
            selected.set(0);
            request_animation_frame(|| focus_element("project-email-0"));
        }
    });
    // Listened for on the window: a button that disables itself while sending drops the focus to
    // the page, and Escape and Tab must still work then.
    let keys = window_event_listener(leptos::ev::keydown, move |ev| {
        if !dialog.open.get_untracked() {
            return;
        }
        match ev.key().as_str() {
            "Escape" => {
                ev.prevent_default();
                dialog.close();
            }
            "Tab" => trap_focus(&ev, dialog_ref),
            _ => {}
        }
    });
    on_cleanup(move || keys.remove());
    let on_tab_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let current = selected.get_untracked();
        let next = match ev.key().as_str() {
            "ArrowRight" => (current + 1) % TABS.len(),
            "ArrowLeft" => (current + TABS.len() - 1) % TABS.len(),
            "Home" => 0,
            "End" => TABS.len() - 1,
            _ => return,
        };
        ev.prevent_default();
        selected.set(next);
        focus_element(TABS[next].1);
    };
    view! {
        <Show when=move || dialog.open.get()>
            <div class="backdrop">
                <div
                    class="dialog invite-dialog"
                    role="dialog"
                    aria-modal="true"
                    aria-labelledby="invite-title"
                    node_ref=dialog_ref
                >
                    <div class="dialog-header">
                        <h2 id="invite-title">"Invite Users"</h2>
                        <button type="button" class="close" aria-label="Close" on:click=move |_| dialog.close()>"×"</button>
                    </div>
                    <div class="tabs" role="tablist" aria-label="How to invite" on:keydown=on_tab_keydown>
                        {TABS
                            .into_iter()
                            .enumerate()
                            .map(|(index, (label, id))| {
                                let is_selected = move || selected.get() == index;
                                view! {
                                    <button
                                        type="button"
                                        role="tab"
                                        id=id
                                        aria-controls="invite-panel"
                                        aria-selected=move || is_selected().to_string()
                                        tabindex=move || if is_selected() { "0" } else { "-1" }
                                        on:click=move |_| selected.set(index)
                                    >
                                        {label}
                                    </button>
                                }
                            })
                            .collect_view()}
                    </div>
                    <div role="tabpanel" id="invite-panel" aria-labelledby=move || TABS[selected.get()].1>
                        <InvitePanel selected mine />
                    </div>
                </div>
            </div>
        </Show>
    }
}

/// The selected tab's form. What the Invite to Project and Invite to Teams forms hold lives here,
/// for as long as the dialog is open, so switching tabs and back keeps it.
#[component]
fn InvitePanel(selected: RwSignal<usize>, mine: OrgRole) -> impl IntoView {
    let project = ProjectForm::new();
    let teams = TeamsForm::new();
    move || match selected.get() {
        0 => view! { <ProjectTab mine form=project /> }.into_any(),
        1 => view! { <TeamsTab mine form=teams /> }.into_any(),
        _ => view! { <BulkTab /> }.into_any(),
    }
}
