//! Security headers on every response. Each request gets a fresh CSP nonce: it is put in the
//! request's extensions, where the app's render context picks it up (see [`provide_nonce`]) so
//! that Leptos writes it on the inline hydration and streaming scripts, and the
//! `Content-Security-Policy` header allows exactly those scripts and Roster's own files.
//!
//! Everything that may depend on who is signed in — pages, server-function answers, exports —
//! is sent with `Cache-Control: no-store`, so that after signing out neither the browser's Back
//! button nor a shared cache shows the previous person's data. Static files keep whatever cache
//! their server gives them.

use app::state::AppState;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue};
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
    let path = request.uri().path().to_string();
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if depends_on_session(&path, headers) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    let policy = POLICY.replace("{nonce}", &nonce);
    if let Ok(policy) = HeaderValue::from_str(&policy) {
        headers.insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    let fixed: [(HeaderName, &'static str); 3] = [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        // Invitation tokens travel in `/invite/<token>` addresses: never send them to another
        // site. Roster's own requests keep their `Referer` (a form posted before the page has
        // hydrated is redirected back to it) and their `Origin` (the cross-site check).
        (header::REFERRER_POLICY, "same-origin"),
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

/// Whether the answer to `path` may depend on the session: server functions, exports, pages, and
/// any HTML (the page shown for a missing file too). Static files are the rest.
fn depends_on_session(path: &str, headers: &HeaderMap) -> bool {
    let html = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    html || path.starts_with("/api/") || path.starts_with("/export/") || crate::gate::is_page(path)
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
