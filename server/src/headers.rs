//! Security headers on every response. Each request gets a fresh CSP nonce: it is put in the
//! request's extensions, where the app's render context picks it up (see [`provide_nonce`]) so
//! that Leptos writes it on the inline hydration and streaming scripts, and the
//! `Content-Security-Policy` header allows exactly those scripts and Roster's own files.
//!
//! Everything that may depend on who is signed in — pages, server-function answers, exports —
//! is sent with `Cache-Control: no-store`, so that after signing out neither the browser's Back
//! button nor a shared cache shows the previous person's data. Static files are cached by what
//! their name promises (see [`static_cache`]): a bundle file whose name carries its content's hash
//! never changes, so browsers keep it for a year without asking again; the other bundle files are
//! checked with the server on every use (an unchanged file is answered `304 Not Modified`), and
//! the rest (the favicon) is kept for an hour.

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use leptos::nonce::Nonce;
use roster_core::state::AppState;

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
    let status = response.status();
    let headers = response.headers_mut();
    if depends_on_session(&path, headers) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    } else if status.is_success() || status == StatusCode::NOT_MODIFIED {
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static(static_cache(&path)),
        );
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

/// Whether the answer to `path` may depend on who asks, or on the moment: server functions,
/// exports, pages, the SCIM service, the health probes, and any HTML (the page shown for a
/// missing file too). Static files are the rest.
fn depends_on_session(path: &str, headers: &HeaderMap) -> bool {
    let html = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    html || path.starts_with("/api/")
        || path.starts_with("/export/")
        || path.starts_with("/scim/")
        || crate::health::is_probe(path)
        || crate::gate::is_page(path)
}

/// Answers `304 Not Modified`, without the body, a request for a static file that the browser
/// already has: its `If-Modified-Since` is the file's `Last-Modified`. (The static-file handler
/// leaves conditional requests to the caller.)
pub async fn not_modified(request: Request, next: Next) -> Response {
    let since = request.headers().get(header::IF_MODIFIED_SINCE).cloned();
    let response = next.run(request).await;
    let unchanged = response.status() == StatusCode::OK
        && since.is_some_and(|since| response.headers().get(header::LAST_MODIFIED) == Some(&since));
    if !unchanged {
        return response;
    }
    let (mut parts, _) = response.into_parts();
    parts.status = StatusCode::NOT_MODIFIED;
    for name in [
        header::CONTENT_LENGTH,
        header::CONTENT_TYPE,
        header::CONTENT_ENCODING,
    ] {
        parts.headers.remove(name);
    }
    Response::from_parts(parts, axum::body::Body::empty())
}

/// Kept for a year and never revalidated: a bundle file named with its content's hash.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Revalidated on every use: a bundle file whose name does not change with its content.
pub const REVALIDATE: &str = "no-cache";
/// Kept for an hour: the other static files (the favicon), whose addresses pages name directly.
pub const SHORT: &str = "public, max-age=3600";

/// Whether the static file at `path` never changes under its name (see [`static_cache`]).
pub fn is_immutable(path: &str) -> bool {
    static_cache(path) == IMMUTABLE
}

/// The `Cache-Control` of the static file at `path`.
fn static_cache(path: &str) -> &'static str {
    match path.strip_prefix("/pkg/") {
        Some(file) if is_hashed_name(file) => IMMUTABLE,
        Some(_) => REVALIDATE,
        None => SHORT,
    }
}

/// Whether `file` is named `<name>.<hash>.<js|wasm|css>`, the names the release build gives the
/// bundle's files: the hash is the base64url MD5 of the content (22 characters).
fn is_hashed_name(file: &str) -> bool {
    let mut parts = file.rsplitn(3, '.');
    let (Some(ext), Some(hash), Some(stem)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    matches!(ext, "js" | "wasm" | "css")
        && !stem.is_empty()
        && !stem.contains('/')
        && hash.len() == 22
        && hash
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_bundle_files_named_with_their_hash_are_immutable() {
        assert_eq!(
            static_cache("/pkg/roster.Xq3b_-9aZ0Yk1c2d3e4f5g.wasm"),
            IMMUTABLE
        );
        assert_eq!(
            static_cache("/pkg/roster.Xq3b_-9aZ0Yk1c2d3e4f5g.js"),
            IMMUTABLE
        );
        assert_eq!(
            static_cache("/pkg/roster.Xq3b_-9aZ0Yk1c2d3e4f5g.css"),
            IMMUTABLE
        );
        for unhashed in [
            "/pkg/roster.js",
            "/pkg/roster.wasm",
            "/pkg/roster_bg.wasm",
            "/pkg/roster.short.css",
            "/pkg/roster.Xq3b_-9aZ0Yk1c2d3e4f5g.txt",
            "/pkg/roster.Xq3b_-9aZ0Yk1c2d3e4f5!.js",
            "/pkg/a/b.Xq3b_-9aZ0Yk1c2d3e4f5g.js",
            "/pkg/.Xq3b_-9aZ0Yk1c2d3e4f5g.js",
        ] {
            assert_eq!(static_cache(unhashed), REVALIDATE, "{unhashed}");
        }
        assert_eq!(static_cache("/favicon.svg"), SHORT);
    }
}
