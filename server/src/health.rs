//! Probes for a process supervisor or load balancer, answered without a session and never
//! redirected by the page gate:
//!
//! - `GET /healthz`: `200 ok` while the process answers requests (the database is not touched,
//!   so a slow database does not get a healthy process restarted);
//! - `GET /readyz`: `200 ok` when the database answers a query within [`READY_WITHIN`] and
//!   every migration built into the binary is applied, else `503` with a short plain reason.
//!
//! Both are `text/plain` and `Cache-Control: no-store` (see `headers`).

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use leptos::prelude::LeptosOptions;
use roster_core::state::AppState;
use roster_core::store::schema;
use std::time::Duration;

/// The liveness probe's address.
pub const HEALTHZ: &str = "/healthz";
/// The readiness probe's address.
pub const READYZ: &str = "/readyz";

/// How long the readiness probe waits for the database before calling it unavailable.
pub const READY_WITHIN: Duration = Duration::from_secs(2);

/// Whether `path` is one of the probes.
pub fn is_probe(path: &str) -> bool {
    path == HEALTHZ || path == READYZ
}

/// The probes' routes.
pub fn router(state: AppState) -> Router<LeptosOptions> {
    Router::new()
        .route(HEALTHZ, get(healthz))
        .route(READYZ, get(readyz))
        .with_state(state)
}

async fn healthz() -> Response {
    plain(StatusCode::OK, "ok".into())
}

async fn readyz(State(state): State<AppState>) -> Response {
    match tokio::time::timeout(READY_WITHIN, schema::state(&state.db)).await {
        Err(_) => plain(
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "database did not answer within {} s",
                READY_WITHIN.as_secs()
            ),
        ),
        Ok(Err(error)) => {
            tracing::warn!(%error, "readiness probe: the database did not answer");
            plain(
                StatusCode::SERVICE_UNAVAILABLE,
                "database unavailable".into(),
            )
        }
        Ok(Ok(migrations)) => match migrations.problem() {
            Some(problem) => plain(StatusCode::SERVICE_UNAVAILABLE, problem),
            None => plain(StatusCode::OK, "ok".into()),
        },
    }
}

fn plain(status: StatusCode, text: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        text,
    )
        .into_response()
}
