//! Cross-site request forgery: a request that could change something (any method but GET, HEAD
//! and OPTIONS) is refused with 403 before any handler runs when the browser says it comes from
//! another site — `Sec-Fetch-Site: cross-site` or `same-site`, or an `Origin` that is not Roster's
//! own (the request's `Host`, or `ROSTER_PUBLIC_URL`). A browser that says `Sec-Fetch-Site:
//! same-origin` is believed whatever its `Origin` reads (pages cannot set that header, and a
//! strict referrer policy makes Chromium send `Origin: null` on a page's own form posts). Requests
//! with neither header (scripts, command-line clients) carry no ambient browser credentials worth
//! forging and pass. The SCIM service is not checked at all: only its bearer token authenticates
//! there, never a cookie, so a cross-site request has nothing to borrow.

use crate::refusal::refuse;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use roster_core::state::AppState;
use shared::AppError;

const REFUSED: &str =
    "This request came from another site, so Roster refused it. Open Roster itself and try again.";

pub async fn refuse_cross_site(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    // HTTP/2 carries the host in the URI's authority instead of a Host header.
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .or_else(|| request.uri().authority().map(|a| a.to_string()));
    if safe
        || request.uri().path().starts_with(crate::scim::BASE_PATH)
        || comes_from_roster(
            request.headers(),
            host.as_deref(),
            state.config.public_origin(),
        )
    {
        return next.run(request).await;
    }
    tracing::warn!(
        method = %request.method(),
        path = request.uri().path(),
        origin = ?request.headers().get(header::ORIGIN),
        fetch_site = ?request.headers().get("sec-fetch-site"),
        "refused a cross-site request"
    );
    refuse(
        request.uri().path(),
        StatusCode::FORBIDDEN,
        AppError::Forbidden(REFUSED.into()),
    )
}

/// Whether a state-changing request with these headers, to `host`, may be served.
fn comes_from_roster(headers: &HeaderMap, host: Option<&str>, public_origin: &str) -> bool {
    let fetch_site = headers
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if fetch_site.eq_ignore_ascii_case("cross-site") || fetch_site.eq_ignore_ascii_case("same-site")
    {
        return false;
    }
    if fetch_site.eq_ignore_ascii_case("same-origin") {
        return true;
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true;
    };
    let Ok(origin) = origin.to_str() else {
        return false;
    };
    if origin.eq_ignore_ascii_case(public_origin) {
        return true;
    }
    match (origin.split_once("://"), host) {
        (Some(("http" | "https", authority)), Some(host)) => authority.eq_ignore_ascii_case(host),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use axum::http::{header, HeaderMap};

    fn comes_from_roster(headers: &HeaderMap, public_origin: &str) -> bool {
        let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
        super::comes_from_roster(headers, host, public_origin)
    }

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, value.parse().unwrap());
        }
        map
    }

    const PUBLIC: &str = "https://roster.example.com";

    #[test]
    fn own_origin_and_headerless_clients_pass() {
        assert!(comes_from_roster(&headers(&[]), PUBLIC));
        assert!(comes_from_roster(
            &headers(&[
                ("host", "127.0.0.1:3000"),
                ("origin", "http://127.0.0.1:3000")
            ]),
            PUBLIC
        ));
        assert!(comes_from_roster(
            &headers(&[
                ("host", "internal:8080"),
                ("origin", "https://roster.example.com"),
                ("sec-fetch-site", "same-origin")
            ]),
            PUBLIC
        ));
    }

    #[test]
    fn the_browsers_own_same_origin_posts_pass_whatever_their_origin_reads() {
        for origin in ["null", "http://127.0.0.1:3000"] {
            assert!(comes_from_roster(
                &headers(&[
                    ("host", "127.0.0.1:3000"),
                    ("origin", origin),
                    ("sec-fetch-site", "same-origin")
                ]),
                PUBLIC
            ));
        }
    }

    #[test]
    fn other_sites_are_refused() {
        let host = ("host", "127.0.0.1:3000");
        for refused in [
            headers(&[host, ("origin", "https://evil.example")]),
            headers(&[host, ("origin", "null")]),
            headers(&[host, ("origin", "http://127.0.0.1:3001")]),
            headers(&[host, ("sec-fetch-site", "cross-site")]),
            headers(&[host, ("sec-fetch-site", "same-site")]),
            headers(&[
                host,
                ("origin", "http://127.0.0.1:3000"),
                ("sec-fetch-site", "cross-site"),
            ]),
            headers(&[("origin", "http://127.0.0.1:3000")]),
        ] {
            assert!(!comes_from_roster(&refused, PUBLIC), "{refused:?}");
        }
    }
}
