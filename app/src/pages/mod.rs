//! One file per page or settings tab.

pub mod accept_invite;
pub mod audit_log;
pub mod invitations;
pub mod new_team;
pub mod not_found;
pub mod person;
pub mod project_people;
pub mod projects;
pub mod settings;
pub mod setup;
pub mod sign_in;
pub mod team;
pub mod teams;
pub mod users;

use crate::SessionResource;
use leptos::prelude::*;
use shared::wire::{Me, SessionState};

/// The signed-in person, once the session has loaded (inside the settings layout it always has).
pub fn use_me() -> Signal<Option<Me>> {
    let session = expect_context::<SessionResource>();
    Signal::derive(move || match session.get() {
        Some(Ok(SessionState::SignedIn(me))) => Some(me),
        _ => None,
    })
}
