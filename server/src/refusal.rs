//! The answer a middleware gives when it refuses a request before any handler runs: the app's
//! JSON error for server functions (so forms show the message), plain text for everything else.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use shared::AppError;

/// A refusal of the request to `path` with `status`, carrying `error`'s message.
pub fn refuse(path: &str, status: StatusCode, error: AppError) -> Response {
    if path.starts_with("/api/") {
        let body = serde_json::to_string(&error).unwrap_or_else(|_| "\"Internal\"".into());
        (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
    } else {
        (
            status,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            error.to_string(),
        )
            .into_response()
    }
}
