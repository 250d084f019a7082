//! What an operator relies on: the health probes through the real router, the refusal to start
//! on a database that a newer Roster migrated, `roster check` (in `operations/backup.rs` with
//! `roster backup`), the command line (`operations/command_line.rs`), and a graceful stop on SIGTERM (`operations/shutdown.rs`, the real binary).

mod audit_export;
mod backup;
mod command_line;
mod mail_restart;
mod observability;
mod shutdown;

use crate::support::TestApp;
use axum::http::{header, StatusCode};
use roster_core::config::Config;

fn no_store(reply: &crate::support::Reply) -> bool {
    reply
        .headers
        .get(header::CACHE_CONTROL)
        .is_some_and(|v| v == "no-store")
}

#[tokio::test]
async fn healthz_answers_ok_without_a_session_and_without_the_database() {
    // No organization yet: every page would be sent to the setup page.
    let app = TestApp::new().await;
    let reply = app.get("/healthz", None).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.location());
    assert_eq!(reply.body, "ok");
    assert!(no_store(&reply), "{:?}", reply.headers);
    assert!(reply.headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/plain"));

    app.db.close().await;
    let reply = app.get("/healthz", None).await;
    assert_eq!(reply.status, StatusCode::OK, "the process is up");
}

#[tokio::test]
async fn readyz_is_ok_on_a_migrated_database_signed_in_or_not() {
    let app = TestApp::new().await;
    let reply = app.get("/readyz", None).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.body, "ok");
    assert!(no_store(&reply), "{:?}", reply.headers);

    let org = app.org("Acme").await;
    let cookie = app.sign_in(&org.owner_email).await;
    assert_eq!(app.get("/readyz", None).await.status, StatusCode::OK);
    assert_eq!(
        app.get("/readyz", Some(&cookie)).await.status,
        StatusCode::OK
    );
    assert_eq!(
        app.get("/healthz", Some(&cookie)).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn readyz_is_unavailable_while_the_newest_migration_is_not_applied() {
    let app = TestApp::new().await;
    let newest: i64 = roster_core::store::Backend::of(&app.db)
        .migrator()
        .iter()
        .map(|m| m.version)
        .max()
        .unwrap();
    sqlx::query("DELETE FROM _sqlx_migrations WHERE version = $1")
        .bind(newest)
        .execute(&app.db)
        .await
        .unwrap();
    let reply = app.get("/readyz", None).await;
    assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(reply.body, format!("migrations not applied ({newest})"));
    assert!(no_store(&reply));
}

#[tokio::test]
async fn readyz_is_unavailable_once_the_database_is_unreachable() {
    let app = TestApp::new().await;
    app.org("Acme").await;
    assert_eq!(app.get("/readyz", None).await.status, StatusCode::OK);
    app.db.close().await;
    let reply = app.get("/readyz", None).await;
    assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(reply.body, "database unavailable");
    assert!(no_store(&reply));
}

#[tokio::test]
async fn the_server_refuses_a_database_a_newer_roster_migrated_and_leaves_it_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let config = Config {
        database_url: format!("sqlite://{}/roster.db", dir.path().display()),
        ..Config::default()
    };
    let db = server::open_database(&config).await.unwrap();
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
         VALUES (9001, 'from a newer Roster', 1, x'00', 0)",
    )
    .execute(&db)
    .await
    .unwrap();
    db.close().await;

    let refused = server::open_database(&config).await.unwrap_err();
    assert!(
        refused.contains("newer Roster") && refused.contains("9001"),
        "{refused}"
    );
    assert!(!refused.contains("VersionMissing"), "not sqlx's own error");

    let db = server::open_existing_database(&config).await.unwrap();
    let versions: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(
        versions as usize,
        roster_core::store::MIGRATOR.iter().count() + 1
    );
}
