//! Request ids, request logs and metrics through the real router: every answer carries an
//! `x-request-id` (a proxy's is kept); the metrics count requests by route template (never the
//! address asked for, which may hold a token), with the pool and the mail queue, and are served
//! only by the metrics listener's router, never by the application's. With
//! `ROSTER_LOG_FORMAT=json` the real binary writes one JSON object a line, the answer's request
//! id among the fields of its log line.

use crate::live_server::{Database, Server};
use crate::support::TestApp;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use server::observe::{metrics_router, Metrics};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tower::ServiceExt;

#[tokio::test]
async fn every_answer_carries_a_request_id_and_one_a_proxy_sent_is_kept() {
    let app = TestApp::new().await;
    let first = app.get("/healthz", None).await;
    let second = app.get("/no-such-page", None).await;
    let ids: Vec<String> = [&first, &second]
        .iter()
        .map(|reply| reply.headers["x-request-id"].to_str().unwrap().to_string())
        .collect();
    assert_eq!(ids[0].len(), 36, "a UUID: {}", ids[0]);
    assert_ne!(ids[0], ids[1]);

    let given = Request::get("/healthz")
        .header("x-request-id", "proxy-7f3a")
        .body(Body::empty())
        .unwrap();
    assert_eq!(app.send(given).await.headers["x-request-id"], "proxy-7f3a");

    // A refusal before any handler runs (the cross-site check) carries one too.
    let cross_site = Request::post("/api/list_invitations")
        .header("sec-fetch-site", "cross-site")
        .body(Body::empty())
        .unwrap();
    let refused = app.send(cross_site).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(refused.headers.contains_key("x-request-id"));
}

#[tokio::test]
async fn the_application_router_never_serves_metrics() {
    let metrics = Metrics::new();
    let app = TestApp::with_metrics(metrics.clone()).await;
    app.get("/healthz", None).await;
    let reply = app.get("/metrics", None).await;
    assert!(
        !reply.body.contains("roster_http_requests"),
        "{}: {}",
        reply.status,
        reply.body
    );
    assert_ne!(reply.status, StatusCode::OK);
}

#[tokio::test]
async fn metrics_count_requests_by_route_template_with_the_pool_and_the_mail_queue() {
    let metrics = Metrics::new();
    let app = TestApp::with_metrics(metrics.clone()).await;
    app.org("Acme").await;
    for _ in 0..3 {
        assert_eq!(app.get("/healthz", None).await.status, StatusCode::OK);
    }
    let token = "9f".repeat(32);
    app.get(&format!("/invite/{token}"), None).await;

    let reply = metrics_router(metrics, app.db.clone())
        .oneshot(Request::get("/metrics").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(reply.status(), StatusCode::OK);
    let bytes = http_body_util::BodyExt::collect(reply.into_body())
        .await
        .unwrap()
        .to_bytes();
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    assert!(
        text.contains(
            r#"roster_http_requests_total{method="GET",route="/healthz",status="200"} 3"#
        ),
        "{text}"
    );
    assert!(
        text.contains(
            r#"roster_http_request_duration_seconds_count{method="GET",route="/healthz"} 3"#
        ),
        "{text}"
    );
    assert!(text.contains("route=\"/invite/"), "{text}");
    assert!(!text.contains(&token), "a token in the metrics: {text}");
    assert!(text.contains("roster_db_pool_connections "), "{text}");
    assert!(text.contains("roster_mail_queued_messages 0"), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_logs_carry_the_request_id_of_each_answer() {
    let db = Database::demo();
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("server.log");
    let server = Server::start_with(&db, &[("ROSTER_LOG_FORMAT", "json")], Some(&log));
    let mut stream = tokio::net::TcpStream::connect(&server.addr).await.unwrap();
    let request = format!(
        "GET /healthz HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
        server.addr
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    let id = answer
        .lines()
        .find_map(|line| line.strip_prefix("x-request-id: "))
        .expect("an x-request-id")
        .trim()
        .to_string();
    drop(server);
    let text = std::fs::read_to_string(&log).unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect();
    assert!(!lines.is_empty());
    let answered = lines
        .iter()
        .find(|l| l["fields"]["message"] == "answered" && l["span"]["request_id"] == id.as_str())
        .unwrap_or_else(|| panic!("no log line for {id}: {text}"));
    assert_eq!(answered["fields"]["status"], 200);
    assert_eq!(answered["span"]["route"], "/healthz");
}
