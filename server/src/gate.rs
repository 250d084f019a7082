//! Sends page requests where they belong before anything renders: to first-run setup while no
//! organization exists, to sign-in without a valid session, into the app with one. Server functions
//! and static files pass through; they check the session themselves, and so do the health probes
//! (`/healthz`, `/readyz`), which need none.

use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use roster_core::state::AppState;
use roster_core::store::orgs;

/// Pages that a signed-out person may see.
const PUBLIC_PAGES: [&str; 1] = ["/sign-in"];

/// Invitation links and password links open for everyone, signed in or not: the link itself
/// decides what it offers.
const LINK_PAGES: [&str; 2] = ["/invite/", "/set-password/"];

pub async fn gate(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_string();
    if request.method() != Method::GET || !is_page(&path) {
        return next.run(request).await;
    }
    let set_up = match orgs::any_exists(&state.db).await {
        Ok(set_up) => set_up,
        Err(_) => return axum::http::StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    if !set_up {
        return if path == "/setup" {
            next.run(request).await
        } else {
            Redirect::to("/setup").into_response()
        };
    }
    if path == "/setup" {
        return Redirect::to("/sign-in").into_response();
    }
    if LINK_PAGES.iter().any(|prefix| path.starts_with(prefix)) {
        return next.run(request).await;
    }
    let signed_in = matches!(
        roster_core::auth::actor_from_headers(&state, request.headers()).await,
        Ok(Some(_))
    );
    match (signed_in, PUBLIC_PAGES.contains(&path.as_str())) {
        (true, true) => Redirect::to("/settings/users").into_response(),
        (false, false) => Redirect::to("/sign-in").into_response(),
        _ => next.run(request).await,
    }
}

/// Whether `path` is one of the app's pages (not a server function, a file or a health probe).
pub fn is_page(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or_default();
    !crate::health::is_probe(path)
        && !path.starts_with("/api/")
        && !path.starts_with("/pkg/")
        && !path.starts_with("/scim/")
        && !last.contains('.')
}

#[cfg(test)]
mod tests {
    use super::is_page;

    #[test]
    fn pages_are_told_from_files_and_functions() {
        assert!(is_page("/settings/users"));
        assert!(is_page("/"));
        assert!(!is_page("/api/list_projects"));
        assert!(!is_page("/pkg/roster.wasm"));
        assert!(!is_page("/favicon.ico"));
        assert!(!is_page("/healthz"));
        assert!(!is_page("/readyz"));
    }
}
