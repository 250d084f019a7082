//! What a server function knows of the request it serves, through Leptos context: the
//! application state the router provides, the request's headers and client, the signed-in actor,
//! and the response's cookies and status. Every server function opens with one of
//! [`permitted`], [`allowed`] or [`signed_in`], given the organization the request is about (its
//! `org` argument: the page's organization; without one, the organization the session used last).

use axum::http::{header, HeaderMap, HeaderValue};
use leptos::prelude::use_context;
use roster_core::actor::{Actor, Permit};
use roster_core::auth;
use roster_core::config::Config;
use roster_core::rate_limit::Client;
use roster_core::state::AppState;
use shared::{Action, AppError};

/// The state provided by the server's router.
pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState is missing from the Leptos context");
        AppError::Internal
    })
}

/// The headers of the request being handled (provided by leptos_axum).
pub fn request_headers() -> HeaderMap {
    use_context::<axum::http::request::Parts>()
        .map(|parts| parts.headers)
        .unwrap_or_default()
}

/// Whether the request being handled names `media` in its `Accept` header.
pub fn accepts(media: &str) -> bool {
    request_headers()
        .get(axum::http::header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| accept.contains(media))
}

/// The client of the request being handled, as far as limits are concerned.
pub fn client(config: &Config) -> Client {
    use_context::<axum::http::request::Parts>()
        .map(|parts| Client::of_request(&parts, &config.trusted_proxies))
        .unwrap_or(Client::new(None))
}

/// The signed-in actor of the current request, acting in organization `org` (or, when the
/// request names none, in the one their session used last); `NotFound` when they are not an
/// active member of `org`.
pub async fn current_actor(state: &AppState, org: Option<i64>) -> Result<Option<Actor>, AppError> {
    auth::actor_from_headers(state, &request_headers(), org).await
}

/// The state and the signed-in actor of the current request in `org`, or `Unauthorized`.
pub async fn signed_in(org: Option<i64>) -> Result<(AppState, Actor), AppError> {
    let state = state()?;
    let actor = current_actor(&state, org)
        .await?
        .ok_or(AppError::Unauthorized)?;
    Ok((state, actor))
}

/// The state and the permit for `action` in `org` of the signed-in actor, or the policy's
/// refusal.
pub async fn permitted(org: Option<i64>, action: Action) -> Result<(AppState, Permit), AppError> {
    let (state, actor) = signed_in(org).await?;
    let permit = actor.permit(action)?;
    Ok((state, permit))
}

/// The state and the signed-in actor in `org`, once the policy allows them `action` (for reads,
/// which take the actor's organization rather than a permit).
pub async fn allowed(org: Option<i64>, action: Action) -> Result<(AppState, Actor), AppError> {
    let (state, actor) = signed_in(org).await?;
    actor.permit(action)?;
    Ok((state, actor))
}

/// Adds a `Set-Cookie` header to the response of the current server function.
pub fn set_cookie(value: &str) {
    if let (Some(response), Ok(value)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        HeaderValue::from_str(value),
    ) {
        response.append_header(header::SET_COOKIE, value);
    }
}
