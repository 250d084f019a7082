//! The SCIM 2.0 service at `/scim/v2` (RFC 7643, RFC 7644): identity providers create, update,
//! deactivate and remove an organization's people (Users) and manage its teams (Groups). Every
//! request carries one of the organization's SCIM tokens as a bearer token; a session cookie never
//! authenticates here. Bodies are `application/scim+json` both ways, errors are SCIM error bodies
//! that never carry internal detail.

mod discovery;
mod groups;
mod list;
mod search_all;
mod users;

use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Router};
use leptos::prelude::LeptosOptions;
use roster_core::actor::{ScimClient, ScimPermit};
use roster_core::rate_limit::Client;
use roster_core::state::AppState;
use roster_core::store::provisioning;
use roster_scim::{scim_type, ScimError};
use serde_json::Value;
use shared::AppError;

/// Where the service lives.
pub const BASE_PATH: &str = "/scim/v2";

/// The media type of SCIM bodies.
pub const SCIM_JSON: &str = "application/scim+json";

/// The SCIM routes, each behind the bearer-token check.
pub fn router(state: AppState) -> Router<LeptosOptions> {
    let routes = Router::new()
        .route(
            "/ServiceProviderConfig",
            get(discovery::service_provider_config),
        )
        .route("/ResourceTypes", get(discovery::resource_types))
        .route("/ResourceTypes/{id}", get(discovery::resource_type))
        .route("/Schemas", get(discovery::schemas))
        .route("/Schemas/{id}", get(discovery::schema))
        .route("/Users", get(users::list).post(users::create))
        .route("/Users/.search", post(users::search))
        .route(
            "/Users/{id}",
            get(users::read)
                .put(users::replace)
                .patch(users::patch)
                .delete(users::remove),
        )
        .route("/Groups", get(groups::list).post(groups::create))
        .route("/Groups/.search", post(groups::search))
        .route(
            "/Groups/{id}",
            get(groups::read)
                .put(groups::replace)
                .patch(groups::patch)
                .delete(groups::remove),
        )
        .route("/.search", post(search_all::search_all))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            authenticate,
        ))
        .with_state(state);
    Router::new().nest(BASE_PATH, routes)
}

/// Finds the SCIM client of the request's bearer token, or answers 401. An address whose
/// requests failed too often lately gets 429 before its token is looked up.
async fn authenticate(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let client = Client::of_request(&parts, &state.config.trusted_proxies);
    if let Err(refused) = state.token_failures.check(client) {
        return Failure::from(refused).into_response();
    }
    let token = parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            let (scheme, token) = v.trim().split_once(' ')?;
            scheme
                .eq_ignore_ascii_case("bearer")
                .then(|| token.trim().to_string())
        })
        .filter(|t| !t.is_empty());
    let Some(token) = token else {
        state.token_failures.failed(client);
        return unauthorized("Send one of the organization's SCIM tokens as a bearer token.");
    };
    match provisioning::authenticate(&state.db, &token).await {
        Ok(Some(scim_client)) => {
            let mut request = Request::from_parts(parts, body);
            request.extensions_mut().insert(scim_client);
            next.run(request).await
        }
        Ok(None) => {
            state.token_failures.failed(client);
            unauthorized("This SCIM token is not valid, or it was revoked.")
        }
        Err(error) => Failure::from(error).into_response(),
    }
}

fn unauthorized(detail: &str) -> Response {
    let mut response = Failure(ScimError::new(401, None, detail)).into_response();
    response.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static("Bearer realm=\"Roster SCIM\""),
    );
    response
}

async fn not_found() -> Response {
    Failure(ScimError::new(404, None, "There is no such SCIM endpoint.")).into_response()
}

async fn method_not_allowed() -> Response {
    Failure(ScimError::new(
        405,
        None,
        "This SCIM endpoint does not answer this method.",
    ))
    .into_response()
}

/// The permit of the request's SCIM client, from the shared policy.
fn permit(client: &ScimClient) -> Result<ScimPermit, Failure> {
    client.permit().map_err(Failure::from)
}

/// The SCIM client's extension, as handlers take it.
type Caller = Extension<ScimClient>;

/// A failed SCIM request, answered as a SCIM error body.
#[derive(Debug)]
pub struct Failure(pub ScimError);

impl From<ScimError> for Failure {
    fn from(error: ScimError) -> Self {
        Failure(error)
    }
}

impl From<roster_scim::FilterError> for Failure {
    fn from(error: roster_scim::FilterError) -> Self {
        Failure(error.into())
    }
}

impl From<roster_scim::PatchError> for Failure {
    fn from(error: roster_scim::PatchError) -> Self {
        Failure(error.into())
    }
}

impl From<AppError> for Failure {
    fn from(error: AppError) -> Self {
        let detail = error.to_string();
        Failure(match error {
            AppError::Unauthorized => ScimError::new(401, None, detail),
            AppError::Forbidden(_) => ScimError::new(403, None, detail),
            AppError::NotFound(_) => ScimError::new(404, None, detail),
            AppError::Conflict { field, .. } if field == "version" => {
                ScimError::new(412, None, detail)
            }
            AppError::Conflict { .. } => ScimError::new(409, Some(scim_type::UNIQUENESS), detail),
            AppError::Invalid { .. } => ScimError::bad_request(scim_type::INVALID_VALUE, detail),
            AppError::TooManyRequests(_) => ScimError::new(429, None, detail),
            _ => ScimError::new(500, None, "Roster could not complete this request."),
        })
    }
}

impl From<shared::Denied> for Failure {
    fn from(denied: shared::Denied) -> Self {
        Failure::from(AppError::from(denied))
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        let status =
            StatusCode::from_u16(self.0.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        scim_body(status, &self.0.to_json()).into_response()
    }
}

/// A SCIM body with `status`.
fn scim_body(status: StatusCode, body: &Value) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, HeaderValue::from_static(SCIM_JSON))],
        body.to_string(),
    )
        .into_response()
}

/// A resource with its `ETag` (and `Location` when it was just created).
fn resource(status: StatusCode, body: &Value) -> Response {
    let mut response = scim_body(status, body);
    let meta = body.get("meta");
    if let Some(version) = meta
        .and_then(|m| m.get("version"))
        .and_then(Value::as_str)
        .and_then(|v| HeaderValue::from_str(v).ok())
    {
        response.headers_mut().insert(header::ETAG, version);
    }
    if status == StatusCode::CREATED {
        if let Some(location) = meta
            .and_then(|m| m.get("location"))
            .and_then(Value::as_str)
            .and_then(|v| HeaderValue::from_str(v).ok())
        {
            response.headers_mut().insert(header::LOCATION, location);
        }
    }
    response
}

/// The request body as JSON (`application/scim+json` or `application/json`).
fn json_body(headers: &HeaderMap, body: &Bytes) -> Result<Value, Failure> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or(SCIM_JSON)
        .to_ascii_lowercase();
    if !(content_type.starts_with(SCIM_JSON) || content_type.starts_with("application/json")) {
        return Err(Failure(ScimError::new(
            415,
            None,
            "Send the body as application/scim+json.",
        )));
    }
    serde_json::from_slice(body).map_err(|e| {
        Failure(ScimError::bad_request(
            scim_type::INVALID_SYNTAX,
            format!("The body is not valid JSON: {e}."),
        ))
    })
}

/// The revision an `If-Match` header asks for: `W/"7"` or `"7"`; `*` or none asks for none.
fn if_match(headers: &HeaderMap) -> Result<Option<i64>, Failure> {
    let Some(value) = headers.get(header::IF_MATCH).and_then(|v| v.to_str().ok()) else {
        return Ok(None);
    };
    let value = value.trim();
    if value == "*" {
        return Ok(None);
    }
    parse_version(value).map(Some).ok_or_else(|| {
        Failure(ScimError::new(
            412,
            None,
            "This version does not match the resource's.",
        ))
    })
}

/// Refuses (412) a change made to a version of `what` ("user", "group") other than `current`,
/// when `expected` names one.
fn still_current(expected: Option<i64>, current: i64, what: &str) -> Result<(), Failure> {
    match expected {
        Some(expected) if expected != current => Err(Failure(ScimError::new(
            412,
            None,
            format!("This {what} was changed since you read it."),
        ))),
        _ => Ok(()),
    }
}

/// The revision of an entity tag.
fn parse_version(tag: &str) -> Option<i64> {
    tag.trim()
        .trim_start_matches("W/")
        .trim_matches('"')
        .parse()
        .ok()
}

/// The entity tag of a revision.
fn version(revision: i64) -> String {
    format!("W/\"{revision}\"")
}

/// Whether a GET's `If-None-Match` names the current version (then the answer is 304).
fn not_modified(headers: &HeaderMap, revision: i64) -> bool {
    headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|tag| parse_version(tag) == Some(revision)))
}

/// `2026-12-02T10:00:00Z` for a Unix time in seconds.
fn rfc3339(unix_seconds: i64) -> String {
    let date = shared::dates::format_date(unix_seconds);
    let secs = unix_seconds.rem_euclid(86_400);
    format!(
        "{date}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        (secs % 3600) / 60,
        secs % 60
    )
}

/// The service's base address.
fn base_url(state: &AppState) -> String {
    format!(
        "{}{BASE_PATH}",
        state.config.public_url.trim_end_matches('/')
    )
}
