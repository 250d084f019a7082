//! How server-function answers leave the server, whatever produced them:
//!
//! - **The status carries the error in the body.** A request whose arguments cannot be read
//!   fails before the function runs, and server_fn answers such failures with 500; here the
//!   status becomes the one of the `AppError` in the body (422 for a malformed request), so 500
//!   means only what it says: a failure on the server. An address under `/api/` that names no
//!   server function, or a method it does not take, is a JSON 404 (not a page, nor server_fn's
//!   text about macros and prefixes).
//! - **A plain form post gets a redirect.** A form posted before the page hydrated (or without
//!   JavaScript) is redirected back to its page by server_fn, with the error in the address for
//!   the page to show; Leptos then replaces the redirect's status with the error's (and answers
//!   a success with a 302). Such an answer keeps its `Location` (without the bare `?` server_fn
//!   leaves when it takes an earlier error out of the address) and becomes a 303 See Other, the
//!   answer to a form post, so the browser shows the page, not JSON.

use crate::refusal::refuse;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use shared::AppError;

/// The longest error body read back to find its status.
const ERROR_BODY_LIMIT: usize = 64 * 1024;

pub async fn server_fn_answers(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_string();
    if !path.starts_with("/api/") {
        return next.run(request).await;
    }
    let plain_form = request
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| accept.contains("text/html"));
    let mut response = next.run(request).await;
    let status = response.status();
    if plain_form && response.headers().contains_key(header::LOCATION) {
        *response.status_mut() = StatusCode::SEE_OTHER;
        without_empty_query(&mut response);
        return response;
    }
    match status {
        StatusCode::INTERNAL_SERVER_ERROR => with_the_errors_status(response).await,
        StatusCode::BAD_REQUEST | StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED
            if !is_json(&response) =>
        {
            refuse(
                &path,
                StatusCode::NOT_FOUND,
                AppError::NotFound("This action".into()),
            )
        }
        _ => response,
    }
}

/// server_fn takes the error of an earlier post out of the page's address it sends the browser
/// back to, and leaves a bare `?` where the error was: the page's own address is without it.
fn without_empty_query(response: &mut Response) {
    let location = response
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_suffix('?'))
        .and_then(|v| v.parse::<HeaderValue>().ok());
    if let Some(location) = location {
        response.headers_mut().insert(header::LOCATION, location);
    }
}

/// A 500 whose body is an `AppError` other than `Internal` gets that error's status.
async fn with_the_errors_status(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, ERROR_BODY_LIMIT).await else {
        tracing::error!("an error answer could not be read back");
        return refuse(
            "/api/",
            StatusCode::INTERNAL_SERVER_ERROR,
            AppError::Internal,
        );
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        if let Ok(status) = StatusCode::from_u16(error.status_code()) {
            parts.status = status;
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// Whether the answer is JSON (a server function's); the router's and leptos_axum's answers for
/// an address or method no server function is registered at are not.
fn is_json(response: &Response) -> bool {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("json"))
}
