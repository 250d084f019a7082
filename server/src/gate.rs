//! Sends page requests where they belong before anything renders: to first-run setup while no
//! organization exists, to sign-in without a valid session, into the app with one — addresses
//! without an organization (`/`, `/settings/...`) to the same page of the organization the person
//! used last, and an organization's old address to its new one. Server functions
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

/// Where a signed-in person who belongs to no organization creates one.
const NEW_ORG: &str = "/orgs/new";

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
    let actor = match roster_core::auth::actor_from_headers(&state, request.headers(), None).await {
        Ok(actor) => actor,
        Err(_) => return axum::http::StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    let Some(actor) = actor else {
        // Signed in, in no organization: they may create one (or open an invitation link).
        let session = roster_core::auth::session_owner(&state, request.headers()).await;
        return match (session, PUBLIC_PAGES.contains(&path.as_str())) {
            (Ok(Some(_)), _) if path == NEW_ORG => next.run(request).await,
            (Ok(Some(_)), _) if path.starts_with("/orgs/") => {
                let mut response = next.run(request).await;
                *response.status_mut() = axum::http::StatusCode::NOT_FOUND;
                response
            }
            (Ok(Some(_)), _) => Redirect::to(NEW_ORG).into_response(),
            (Ok(None), true) => next.run(request).await,
            (Ok(None), false) => Redirect::to("/sign-in").into_response(),
            (Err(_), _) => axum::http::StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        };
    };
    // Addresses without an organization lead to the same page of the one used last.
    if path == "/" || PUBLIC_PAGES.contains(&path.as_str()) || path == "/settings" {
        return Redirect::to(&format!("/orgs/{}/settings/users", actor.org_slug)).into_response();
    }
    if let Some(tail) = path.strip_prefix("/settings/") {
        let query = request
            .uri()
            .query()
            .map(|q| format!("?{q}"))
            .unwrap_or_default();
        return Redirect::to(&format!("/orgs/{}/settings/{tail}{query}", actor.org_slug))
            .into_response();
    }
    // An organization's old address leads to its new one; an organization the person is not an
    // active member of (or that does not exist) is "not found". (The page says so too; the status
    // is set here, where it does not depend on when the page's data arrives.)
    if let Some((slug, rest)) = path
        .strip_prefix("/orgs/")
        .and_then(|rest| rest.split_once('/'))
    {
        let found = match orgs::find_by_slug(&state.db, slug).await {
            Ok(found) => found,
            Err(_) => return axum::http::StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        };
        if let Some(found) = &found {
            if found.slug != slug {
                let query = request
                    .uri()
                    .query()
                    .map(|q| format!("?{q}"))
                    .unwrap_or_default();
                return Redirect::permanent(&format!("/orgs/{}/{rest}{query}", found.slug))
                    .into_response();
            }
        }
        let member = match &found {
            Some(found) => {
                roster_core::auth::actor_from_headers(&state, request.headers(), Some(found.id))
                    .await
                    .is_ok()
            }
            None => false,
        };
        let mut response = next.run(request).await;
        if !member {
            *response.status_mut() = axum::http::StatusCode::NOT_FOUND;
        }
        return response;
    }
    next.run(request).await
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
