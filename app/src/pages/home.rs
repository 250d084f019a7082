//! Addresses without an organization (`/`, and `/settings/...` from before there were several
//! organizations): they lead to the same page of the organization the person used last, or to
//! sign-in or first-run setup. (For a page load the server's gate redirects before anything is
//! drawn; these views do the same for a move inside the app.)

use crate::api::codec::load;
use crate::api::session::get_session;
use crate::me::{use_org, SessionResource};
use crate::paths;
use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_location;
use shared::wire::SessionState;

#[component]
pub fn HomeRedirect() -> impl IntoView {
    let session: SessionResource = load(|| (), |_| get_session(None));
    let location = use_location();
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let to = match session.await {
                    Ok(SessionState::SignedIn(me)) => {
                        let path = location.pathname.get_untracked();
                        let tail = paths::settings_tail(&path)
                            .filter(|tail| !tail.is_empty())
                            .unwrap_or(paths::USERS)
                            .to_string();
                        format!(
                            "{}{}",
                            paths::in_org(&me.org_slug, &tail),
                            location.search.get_untracked().strip_prefix('?').map(|q| format!("?{q}")).unwrap_or_default()
                        )
                    }
                    Ok(SessionState::NeedsSetup) => paths::SETUP.to_string(),
                    _ => paths::SIGN_IN.to_string(),
                };
                view! { <Redirect path=to /> }
            })}
        </Suspense>
    }
}

/// `/orgs/<slug>/settings` itself: its Users tab.
#[component]
pub fn UsersTabRedirect() -> impl IntoView {
    view! { <Redirect path=use_org().path(paths::USERS) /> }
}
