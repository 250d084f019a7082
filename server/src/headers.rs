//! Security headers on every response. Each request gets a fresh CSP nonce: it is put in the
//! request's extensions, where the app's render context picks it up (see [`provide_nonce`]) so
//! that Leptos writes it on the inline hydration and streaming scripts, and the
//! `Content-Security-Policy` header allows exactly those scripts and Roster's own files.

use app::state::AppState;
use axum::extract::{Request, State};
use axum::http::{header, HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use leptos::nonce::Nonce;

/// The policy, with `{nonce}` for the request's nonce. The WASM bundle needs
/// `'wasm-unsafe-eval'` to compile; the invitation template downloads from a `data:` link, which
/// no directive restricts; the favicon is an SVG file.
const POLICY: &str = "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";

/// Browsers that have seen Roster over HTTPS keep to HTTPS for two years.
const HSTS: &str = "max-age=63072000";

pub async fn security_headers(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let nonce = Nonce::new();
    request.extensions_mut().insert(nonce.clone());
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let policy = POLICY.replace("{nonce}", &nonce);
    if let Ok(policy) = HeaderValue::from_str(&policy) {
        headers.insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    let fixed: [(HeaderName, &'static str); 3] = [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        // Invitation tokens travel in `/invite/<token>` addresses: never send them elsewhere.
        (header::REFERRER_POLICY, "no-referrer"),
    ];
    for (name, value) in fixed {
        headers.insert(name, HeaderValue::from_static(value));
    }
    if state.config.served_over_https() {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(HSTS),
        );
    }
    response
}

/// Makes the nonce of the request being rendered the one Leptos writes on its scripts (called in
/// the render context, after leptos_axum provided a nonce of its own).
pub fn provide_nonce() {
    let nonce = leptos::prelude::use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<Nonce>().cloned());
    if let Some(nonce) = nonce {
        leptos::prelude::provide_context(nonce);
    }
}
