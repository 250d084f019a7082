//! Seeing what the server does: a request id on every request and answer (`x-request-id`, kept
//! when a proxy sent one, else a new UUID), one log line per answer (method, route template,
//! status, time taken, inside a span carrying the request id), and, when enabled, Prometheus
//! metrics: requests counted and timed by route template, the database pool's use and the mail
//! queue's length.
//!
//! Logs and metrics name the route *template* (`/invite/{token}`), never the address asked for:
//! invitation links carry their token in the path, and searches carry names and emails in the
//! query. The metrics are served only by [`metrics_router`], on a listener of their own
//! (`ROSTER_METRICS_ADDR`), never by the application's router: turning them on cannot publish
//! them by accident.

use axum::body::Body;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderName, Response, StatusCode};
use axum::middleware::Next;
use axum::response::IntoResponse;
use axum::Router;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;
use roster_core::store::{outbox, Db};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;
use tracing::Span;

/// The header that carries a request's id, on the request and on its answer.
pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The route template of a request, or `other` for what no route matched (static files, pages
/// not found): a bounded set of names.
fn route_of<B>(request: &axum::http::Request<B>) -> String {
    request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "other".to_string(), |p| p.as_str().to_string())
}

/// Adds the request id, the request log and (when `metrics` is given) the counting of requests
/// around `router`. The id is set outermost, so every answer carries it.
pub fn observed(router: Router, metrics: Option<Metrics>) -> Router {
    let router = match metrics {
        Some(metrics) => router.layer(axum::middleware::from_fn_with_state(metrics, count)),
        None => router,
    };
    router
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|request: &Request<Body>| {
                    let id = request
                        .headers()
                        .get(&REQUEST_ID)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or_default();
                    tracing::info_span!(
                        "request",
                        request_id = %id,
                        method = %request.method(),
                        route = %route_of(request),
                    )
                })
                .on_request(())
                .on_response(|response: &Response<Body>, latency: Duration, _: &Span| {
                    tracing::info!(
                        target: "roster::request",
                        status = response.status().as_u16(),
                        ms = latency.as_secs_f64() * 1000.0,
                        "answered"
                    );
                })
                .on_failure(()),
        )
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: String,
    route: String,
    status: u16,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    method: String,
    route: String,
}

/// The Prometheus metrics of one server.
#[derive(Clone)]
pub struct Metrics {
    inner: Arc<Inner>,
}

struct Inner {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram>,
    pool_connections: Gauge,
    pool_idle: Gauge,
    mail_queued: Gauge,
}

fn latency_histogram() -> Histogram {
    // 1 ms to about 33 s.
    Histogram::new(exponential_buckets(0.001, 2.0, 16))
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

impl Metrics {
    pub fn new() -> Metrics {
        let mut registry = Registry::with_prefix("roster");
        let requests = Family::<RequestLabels, Counter>::default();
        let latency = Family::<RouteLabels, Histogram>::new_with_constructor(
            latency_histogram as fn() -> Histogram,
        );
        let (pool_connections, pool_idle, mail_queued) =
            (Gauge::default(), Gauge::default(), Gauge::default());
        registry.register(
            "http_requests",
            "HTTP requests answered, by method, route template and status",
            requests.clone(),
        );
        registry.register(
            "http_request_duration_seconds",
            "Time to answer, by method and route template",
            latency.clone(),
        );
        registry.register(
            "db_pool_connections",
            "Database connections open (in use and idle)",
            pool_connections.clone(),
        );
        registry.register(
            "db_pool_idle_connections",
            "Database connections open and idle",
            pool_idle.clone(),
        );
        registry.register(
            "mail_queued_messages",
            "Invitation messages waiting to be handed to the mail relay",
            mail_queued.clone(),
        );
        Metrics {
            inner: Arc::new(Inner {
                registry,
                requests,
                latency,
                pool_connections,
                pool_idle,
                mail_queued,
            }),
        }
    }

    /// The metrics in Prometheus' text format, with the pool and mail queue read now.
    pub async fn render(&self, db: &Db) -> Result<String, String> {
        let inner = &self.inner;
        inner.pool_connections.set(i64::from(db.size()));
        inner.pool_idle.set(db.num_idle() as i64);
        let queued = outbox::queued(db)
            .await
            .map_err(|e| format!("mail queue: {e}"))?;
        inner.mail_queued.set(queued);
        let mut text = String::new();
        prometheus_client::encoding::text::encode(&mut text, &inner.registry)
            .map_err(|e| e.to_string())?;
        Ok(text)
    }
}

/// Counts and times each request by its route template.
async fn count(State(metrics): State<Metrics>, request: Request, next: Next) -> Response<Body> {
    let method = request.method().to_string();
    let route = route_of(&request);
    let started = Instant::now();
    let response = next.run(request).await;
    let inner = &metrics.inner;
    inner
        .latency
        .get_or_create(&RouteLabels {
            method: method.clone(),
            route: route.clone(),
        })
        .observe(started.elapsed().as_secs_f64());
    inner
        .requests
        .get_or_create(&RequestLabels {
            method,
            route,
            status: response.status().as_u16(),
        })
        .inc();
    response
}

/// The router of the metrics listener: `GET /metrics` and nothing else.
pub fn metrics_router(metrics: Metrics, db: Db) -> Router {
    Router::new().route(
        "/metrics",
        axum::routing::get(move || {
            let (metrics, db) = (metrics.clone(), db.clone());
            async move {
                match metrics.render(&db).await {
                    Ok(text) => (
                        [(
                            header::CONTENT_TYPE,
                            "application/openmetrics-text; version=1.0.0; charset=utf-8",
                        )],
                        text,
                    )
                        .into_response(),
                    Err(error) => {
                        tracing::error!(%error, "metrics not available");
                        StatusCode::SERVICE_UNAVAILABLE.into_response()
                    }
                }
            }
        }),
    )
}
