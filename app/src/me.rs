//! The signed-in person, as every settings page sees them: the settings layout loads the session
//! in the organization of its address once per page load and provides it, with that
//! organization, to every tab and page under it.

use crate::api::codec::Loaded;
use leptos::prelude::*;
use shared::wire::{Me, SessionState};
use shared::AppError;

/// The session as the whole app sees it.
pub type SessionResource = Loaded<Result<SessionState, AppError>>;

/// The signed-in person, once the session has loaded (inside the settings layout it always has).
pub fn use_me() -> Signal<Option<Me>> {
    let session = expect_context::<SessionResource>();
    Signal::derive(move || match session.get() {
        Some(Ok(SessionState::SignedIn(me))) => Some(me),
        _ => None,
    })
}

/// The organization the page is about: provided by the settings layout to every tab and page
/// under it, once the person is known to be an active member there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurrentOrg {
    pub id: i64,
    pub slug: String,
}

impl CurrentOrg {
    /// The organization argument of the server functions the page calls.
    pub fn arg(&self) -> Option<i64> {
        Some(self.id)
    }

    /// The page `tab` (a `paths` constant, or a path under it) of this organization.
    pub fn path(&self, tab: &str) -> String {
        crate::paths::in_org(&self.slug, tab)
    }
}

/// The organization of the settings page being shown.
pub fn use_org() -> CurrentOrg {
    expect_context::<CurrentOrg>()
}

/// The page `tab` of the organization of the settings page being shown (while it is drawn).
pub fn org_path(tab: &str) -> String {
    use_org().path(tab)
}
