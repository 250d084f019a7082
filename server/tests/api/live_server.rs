//! A real `roster` server for the tests: the binary on a free port over a temporary database (a
//! SQLite file, or a database of its own on the tests' Postgres server) seeded with the demo
//! organization; a probe that tells whether a server holds the write lock; a 1,000-row bulk file.

use crate::bench_support::Client;
use roster_core::store::{self, scratch, Backend};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{AnyConnection, Connection, SqliteConnection};
use std::process::{Child, Command, Stdio};
use std::str::FromStr;
use std::time::{Duration, Instant};

const BINARY: &str = env!("CARGO_BIN_EXE_roster");
const OWNER: &str = "owner@acme.test";

/// A database seeded with the demo organization: a SQLite file in a folder removed on drop, or,
/// when the tests are sent to a Postgres server, a database of its own there.
pub struct Database {
    url: String,
    _dir: Option<tempfile::TempDir>,
}

impl Database {
    /// On SQLite, whatever the tests' backend (for the tests about SQLite's files).
    pub fn demo() -> Database {
        let dir = tempfile::tempdir().unwrap();
        Database::seeded(Database {
            url: format!("sqlite://{}/roster.db", dir.path().display()),
            _dir: Some(dir),
        })
    }

    /// On the tests' backend: a database of its own on their Postgres server, if they have one.
    pub async fn demo_on_tests_backend() -> Database {
        match scratch::postgres_server() {
            Some(server) => Database::seeded(Database {
                url: scratch::fresh_postgres(&server).await.unwrap(),
                _dir: None,
            }),
            None => Database::demo(),
        }
    }

    fn seeded(db: Database) -> Database {
        let status = Command::new(BINARY)
            .arg("seed-demo")
            .env("DATABASE_URL", db.url())
            .env("RUST_LOG", "warn")
            .status()
            .unwrap();
        assert!(status.success(), "seeding failed");
        db
    }

    pub fn url(&self) -> String {
        self.url.clone()
    }

    pub fn backend(&self) -> Backend {
        Backend::of_url(&self.url)
    }

    /// A SQLite connection of our own, which never waits for the server's locks.
    pub async fn connect(&self) -> SqliteConnection {
        let options = SqliteConnectOptions::from_str(&self.url())
            .unwrap()
            .busy_timeout(Duration::ZERO);
        SqliteConnection::connect_with(&options).await.unwrap()
    }

    /// A connection of our own that tells when a server is writing.
    pub async fn write_probe(&self) -> WriteProbe {
        match self.backend() {
            Backend::Sqlite => WriteProbe::Sqlite(self.connect().await),
            Backend::Postgres => {
                sqlx::any::install_default_drivers();
                WriteProbe::Postgres(AnyConnection::connect(&self.url).await.unwrap())
            }
        }
    }

    pub async fn count(&self, sql: &'static str) -> i64 {
        let pool = store::connect(&self.url).await.unwrap();
        let n = sqlx::query_scalar(sql).fetch_one(&pool).await.unwrap();
        pool.close().await;
        n
    }
}

/// A connection that tells whether a server holds the write lock now, without waiting for it.
pub enum WriteProbe {
    Sqlite(SqliteConnection),
    Postgres(AnyConnection),
}

impl WriteProbe {
    /// Whether a write transaction is open: SQLite refuses our own `BEGIN IMMEDIATE` (busy) exactly
    /// then; on Postgres the advisory lock every write transaction takes is not free.
    pub async fn write_in_progress(&mut self) -> bool {
        match self {
            WriteProbe::Sqlite(conn) => {
                match sqlx::query("BEGIN IMMEDIATE").execute(&mut *conn).await {
                    Ok(_) => {
                        sqlx::query("ROLLBACK").execute(&mut *conn).await.unwrap();
                        false
                    }
                    // SQLITE_BUSY (5): someone else holds the write lock.
                    Err(sqlx::Error::Database(e)) if e.code().as_deref() == Some("5") => true,
                    Err(other) => panic!("probe: {other}"),
                }
            }
            WriteProbe::Postgres(conn) => {
                let free: bool = sqlx::query_scalar("SELECT pg_try_advisory_lock($1)")
                    .bind(store::WRITE_LOCK)
                    .fetch_one(&mut *conn)
                    .await
                    .unwrap();
                if free {
                    sqlx::query("SELECT pg_advisory_unlock($1)")
                        .bind(store::WRITE_LOCK)
                        .execute(&mut *conn)
                        .await
                        .unwrap();
                }
                !free
            }
        }
    }
}

/// `roster serve` over `db` on a free port; killed (SIGKILL) when dropped.
pub struct Server {
    child: Child,
    pub addr: String,
}

impl Server {
    pub fn start(db: &Database) -> Server {
        Server::start_with(db, &[], None)
    }

    /// Like [`Server::start`], with more environment variables, and the server's log written
    /// to `log` (at `info`) if given.
    pub fn start_with(
        db: &Database,
        env: &[(&str, &str)],
        log: Option<&std::path::Path>,
    ) -> Server {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let addr = format!("127.0.0.1:{port}");
        let (stdout, level) = match log {
            Some(path) => (Stdio::from(std::fs::File::create(path).unwrap()), "info"),
            None => (Stdio::null(), "warn"),
        };
        let mut child = Command::new(BINARY)
            .arg("serve")
            .env("DATABASE_URL", db.url())
            .env("LEPTOS_SITE_ADDR", &addr)
            .env("LEPTOS_OUTPUT_NAME", "roster")
            .env("RUST_LOG", level)
            .envs(env.iter().copied())
            .stdout(stdout)
            .spawn()
            .unwrap();
        for _ in 0..600 {
            if std::net::TcpStream::connect(&addr).is_ok() {
                return Server { child, addr };
            }
            if let Some(status) = child.try_wait().unwrap() {
                panic!("the server exited: {status}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = child.kill();
        panic!("the server did not start listening");
    }

    /// SIGKILL: no shutdown, no flush, no cleanup.
    pub fn kill(&mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }

    /// Sends SIGTERM, as a service manager stopping the server does.
    pub fn terminate(&self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success(), "kill -TERM failed");
    }

    /// The exit status, once the process has exited within `limit`.
    pub async fn wait_for_exit(&mut self, limit: Duration) -> Option<std::process::ExitStatus> {
        let started = Instant::now();
        while started.elapsed() < limit {
            if let Some(status) = self.child.try_wait().unwrap() {
                return Some(status);
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        None
    }

    pub async fn signed_in(&self) -> Client {
        let mut client = Client::connect(&self.addr).await;
        client.sign_in(OWNER).await;
        client
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A 1,000-row bulk invitation file for the demo organization.
pub fn thousand_rows(tag: &str) -> String {
    let mut csv = String::from("email,org_role,projects,project_role\n");
    for i in 0..1000 {
        csv.push_str(&format!(
            "{tag}{i}@bulk.test,member,Web App;Mobile App,analyst\n"
        ));
    }
    serde_json::json!({ "csv": csv }).to_string()
}
