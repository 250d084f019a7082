//! Throwaway databases for the tests and benchmarks. With `ROSTER_TEST_POSTGRES` set to the
//! address of a database on a Postgres server (the test command starts one, `.ci/postgres`), each
//! test gets a database of its own on that server: a copy of one that this process migrated once,
//! which is much quicker than migrating every time. Without it, the tests use SQLite.

use super::{connect, migrate};
use sqlx::{AnyConnection, Connection, Executor};
use std::str::FromStr;
use std::sync::atomic::{AtomicUsize, Ordering};
use tokio::sync::OnceCell;

/// The setting that sends the tests to a Postgres server.
pub const POSTGRES_SERVER: &str = "ROSTER_TEST_POSTGRES";

/// The Postgres server the tests are to use, if one is set.
pub fn postgres_server() -> Option<String> {
    std::env::var(POSTGRES_SERVER)
        .ok()
        .filter(|url| !url.trim().is_empty())
}

/// The address of a new database on the Postgres server at `server`, migrated and empty.
pub async fn fresh_postgres(server: &str) -> Result<String, sqlx::Error> {
    static TEMPLATE: OnceCell<String> = OnceCell::const_new();
    static NEXT: AtomicUsize = AtomicUsize::new(1);
    let template = TEMPLATE
        .get_or_try_init(|| migrated_template(server))
        .await?;
    let name = format!(
        "roster_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    );
    create(
        server,
        &format!("CREATE DATABASE {name} TEMPLATE {template}"),
    )
    .await?;
    database_url(server, &name)
}

/// Creates and migrates this process's template database and returns its name.
async fn migrated_template(server: &str) -> Result<String, sqlx::Error> {
    let name = format!("roster_template_{}", std::process::id());
    create(server, &format!("DROP DATABASE IF EXISTS {name}")).await?;
    create(server, &format!("CREATE DATABASE {name}")).await?;
    let db = connect(&database_url(server, &name)?).await?;
    migrate(&db)
        .await
        .map_err(|e| sqlx::Error::Migrate(Box::new(e)))?;
    // A database is copied only while no one is connected to it.
    db.close().await;
    Ok(name)
}

/// Runs `statement` (one that cannot run in a transaction) on the server's own database.
async fn create(server: &str, statement: &str) -> Result<(), sqlx::Error> {
    sqlx::any::install_default_drivers();
    let mut admin = AnyConnection::connect(server).await?;
    admin
        .execute(sqlx::AssertSqlSafe(statement.to_string()))
        .await?;
    admin.close().await
}

/// `server`'s address with the database `name` in it.
fn database_url(server: &str, name: &str) -> Result<String, sqlx::Error> {
    let mut url = sqlx::any::AnyConnectOptions::from_str(server)?.database_url;
    url.set_path(&format!("/{name}"));
    Ok(url.to_string())
}
