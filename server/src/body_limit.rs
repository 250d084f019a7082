//! How large a request body may be, on every route: 1 MB, and 4 MB for the two server functions
//! that carry a bulk invitation file (1,000 rows of email, role, projects and teams fit with room
//! to spare). A larger body is refused with 413 before any handler runs — by its
//! `Content-Length` when it has one, otherwise as soon as more than the limit has arrived.
//!
//! And how long it may take to arrive: a body not whole within `ROSTER_BODY_TIMEOUT_SECONDS` of
//! its header is answered 408 and its connection closed, so a client trickling a body cannot hold
//! a connection (and a worker's buffer) open. The header's own timeout is the connection's (see
//! `connections`).

use crate::refusal::refuse;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use roster_core::state::AppState;
use shared::AppError;

/// The largest body most routes accept.
pub const DEFAULT_LIMIT: usize = 1024 * 1024;

/// The largest body of a bulk invitation file's server functions.
pub const BULK_INVITE_LIMIT: usize = 4 * 1024 * 1024;

/// The routes that carry a bulk invitation file.
const BULK_INVITE_ROUTES: [&str; 2] = ["/api/preview_bulk_invite", "/api/bulk_invite"];

/// The body limit of the route at `path`.
pub fn limit_for(path: &str) -> usize {
    if BULK_INVITE_ROUTES.contains(&path) {
        BULK_INVITE_LIMIT
    } else {
        DEFAULT_LIMIT
    }
}

pub async fn limit_body(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_string();
    let limit = limit_for(&path);
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|length| length > limit as u64) {
        return too_large(&path, limit);
    }
    let (parts, body) = request.into_parts();
    let read = tokio::time::timeout(state.config.body_timeout, axum::body::to_bytes(body, limit));
    let Ok(read) = read.await else {
        let mut answer = refuse(
            &path,
            StatusCode::REQUEST_TIMEOUT,
            AppError::invalid("request", "The request took too long to arrive."),
        );
        answer
            .headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
        return answer;
    };
    let bytes = match read {
        Ok(bytes) => bytes,
        Err(error) => {
            let over_limit = std::error::Error::source(&error)
                .is_some_and(|source| source.is::<http_body_util::LengthLimitError>());
            return if over_limit {
                too_large(&path, limit)
            } else {
                refuse(
                    &path,
                    StatusCode::BAD_REQUEST,
                    AppError::invalid("request", "The request could not be read."),
                )
            };
        }
    };
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

fn too_large(path: &str, limit: usize) -> Response {
    let megabytes = limit / (1024 * 1024);
    refuse(
        path,
        StatusCode::PAYLOAD_TOO_LARGE,
        AppError::invalid(
            "request",
            format!("The request is too large: at most {megabytes} MB is accepted here."),
        ),
    )
}
