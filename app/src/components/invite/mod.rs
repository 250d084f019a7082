//! The Invite Users modal: one dialog with three tabs (Invite to Project, Invite to Teams, Bulk
//! Invite), opened from the Users tab's button and from the navigation bar's two menus.
//!
//! The settings layout provides one [`InviteDialog`] and renders the modal once; every entry point
//! opens it through [`use_invite_dialog`]. Without JavaScript the Users tab's button leads to
//! `?invite=project`, where [`plain_form`] shows Invite to Project as a plain form.

pub mod bulk_tab;
pub mod button;
pub mod choices;
pub mod emails;
pub mod modal;
pub mod org_role;
pub mod outcome;
pub mod plain_form;
pub mod project_tab;
pub mod teams_tab;

use crate::navigation::focus_element;
use leptos::prelude::*;

/// Whether the Invite Users modal is open, and which element gets the focus back when it closes.
#[derive(Debug, Clone, Copy)]
pub struct InviteDialog {
    pub open: RwSignal<bool>,
    return_to: RwSignal<Option<&'static str>>,
    /// Counts the sends that wrote invitations, so that counts elsewhere can be read again.
    pub sent: RwSignal<u32>,
}

impl InviteDialog {
    /// Provides the dialog's state to everything below the calling component.
    pub fn provide() -> InviteDialog {
        let dialog = InviteDialog {
            open: RwSignal::new(false),
            return_to: RwSignal::new(None),
            sent: RwSignal::new(0),
        };
        provide_context(dialog);
        dialog
    }

    /// Opens the modal; closing it puts the focus back on the element with id `return_to`.
    pub fn open_from(&self, return_to: &'static str) {
        self.return_to.set(Some(return_to));
        self.open.set(true);
    }

    pub fn close(&self) {
        self.open.set(false);
        if let Some(id) = self.return_to.get_untracked() {
            request_animation_frame(move || focus_element(id));
        }
    }
}

/// The Invite Users modal's state, inside the settings layout.
pub fn use_invite_dialog() -> Option<InviteDialog> {
    use_context::<InviteDialog>()
}
