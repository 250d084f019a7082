//! The signed-in person, as every page sees them: the session is loaded once per page load and
//! provided to the whole app.

use leptos::prelude::*;
use shared::wire::{Me, SessionState};
use shared::AppError;

/// The session as the whole app sees it.
pub type SessionResource = Resource<Result<SessionState, AppError>>;

/// The signed-in person, once the session has loaded (inside the settings layout it always has).
pub fn use_me() -> Signal<Option<Me>> {
    let session = expect_context::<SessionResource>();
    Signal::derive(move || match session.get() {
        Some(Ok(SessionState::SignedIn(me))) => Some(me),
        _ => None,
    })
}
