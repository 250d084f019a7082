//! The real `roster` binary on a free port and a temporary database (SQLite, or a database of its
//! own on the tests' Postgres server), killed in the middle of a write, under the load of 50
//! writers (5 s by default; `ROSTER_LOAD_SECONDS=30` for the full measurement, see the README's
//! Tests), and two processes on one database racing to demote each other's last Owner.

use crate::bench_support::{percentile, Client};
use roster_core::store::{self, scratch, Backend};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{AnyConnection, Connection, SqliteConnection};
use std::process::{Child, Command, Stdio};
use std::str::FromStr;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

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
    fn kill(&mut self) {
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

/// One writer's tally.
#[derive(Default)]
struct Tally {
    ok: usize,
    failed: Vec<String>,
    latencies: Vec<Duration>,
}

impl Tally {
    async fn post(&mut self, client: &mut Client, path: &str, body: String) -> Option<String> {
        let started = Instant::now();
        let answer = client
            .post(path, "application/x-www-form-urlencoded", &body)
            .await;
        self.latencies.push(started.elapsed());
        let text = String::from_utf8_lossy(&answer.body).into_owned();
        if answer.status == 200 && !text.contains("locked") {
            self.ok += 1;
            Some(text)
        } else {
            self.failed
                .push(format!("{path}: {} {text}", answer.status));
            None
        }
    }
}

/// Five seconds in the default run; `ROSTER_LOAD_SECONDS=30` for the full measurement.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_concurrent_writers_fail_no_request() {
    const WRITERS: usize = 50;
    let seconds: u64 = std::env::var("ROSTER_LOAD_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let db = Database::demo_on_tests_backend().await;
    // On Postgres, two processes share the writers (a session works on either).
    let servers: Vec<Server> = match db.backend() {
        Backend::Sqlite => vec![Server::start(&db)],
        Backend::Postgres => vec![Server::start(&db), Server::start(&db)],
    };
    let cookie = servers[0].signed_in().await.cookie;
    let started = Instant::now();
    let deadline = started + Duration::from_secs(seconds);

    let mut writers = tokio::task::JoinSet::new();
    for w in 0..WRITERS {
        let addr = servers[w % servers.len()].addr.clone();
        let cookie = cookie.clone();
        writers.spawn(async move {
            let mut client = Client::connect(&addr).await;
            client.cookie = cookie;
            let mut tally = Tally::default();
            let mut i = 0;
            // Each round: create a project, rename it, give all users a role on it.
            while Instant::now() < deadline {
                i += 1;
                let created = tally
                    .post(&mut client, "/api/create_project", format!("name=w{w}-{i}"))
                    .await;
                let Some(id) = created.and_then(|text| {
                    serde_json::from_str::<serde_json::Value>(&text).ok()?["id"].as_i64()
                }) else {
                    continue;
                };
                tally
                    .post(
                        &mut client,
                        "/api/rename_project",
                        format!("id={id}&name=w{w}-{i}-renamed"),
                    )
                    .await;
                tally
                    .post(
                        &mut client,
                        "/api/set_all_users_role",
                        format!("project_id={id}&role=consumer"),
                    )
                    .await;
            }
            tally
        });
    }
    let mut all = Tally::default();
    while let Some(done) = writers.join_next().await {
        let tally = done.expect("a writer lost its connection");
        all.ok += tally.ok;
        all.failed.extend(tally.failed);
        all.latencies.extend(tally.latencies);
    }
    let elapsed = started.elapsed().as_secs_f64();
    let total = all.ok + all.failed.len();
    println!(
        "{WRITERS} writers on {} process(es), {elapsed:.1} s: {total} write requests, {} failed, {:.0} requests/s; \
         latency p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        servers.len(),
        all.failed.len(),
        total as f64 / elapsed,
        percentile(&mut all.latencies, 50.0),
        percentile(&mut all.latencies, 99.0),
        percentile(&mut all.latencies, 100.0),
    );
    assert!(
        all.failed.is_empty(),
        "{} failed: {:?}",
        all.failed.len(),
        &all.failed[..all.failed.len().min(10)]
    );
    assert!(total >= WRITERS, "every writer wrote");
    let projects = db
        .count(
            "SELECT COUNT(*) FROM projects
             WHERE substr(name, 1, 1) = 'w' AND substr(name, length(name) - 7) = '-renamed'",
        )
        .await;
    assert_eq!(
        projects as usize * 3,
        total,
        "every write is in the database"
    );
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_killed_during_a_bulk_invite_has_all_rows_or_none_after_restart() {
    let db = Database::demo_on_tests_backend().await;
    let mut outcomes = Vec::new();
    for attempt in 0..3 {
        let mut server = Server::start(&db);
        let cookie = server.signed_in().await.cookie.unwrap();
        let tag = format!("a{attempt}-");
        let body = thousand_rows(&tag);
        let request = format!(
            "POST /api/bulk_invite HTTP/1.1\r\nHost: {}\r\nAccept: application/json\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\nCookie: {cookie}\r\n\r\n{body}",
            server.addr,
            body.len()
        );
        let addr = server.addr.clone();
        let mut in_flight = tokio::spawn(async move {
            // Its answer never comes: the server dies with the connection open.
            let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
            stream.write_all(request.as_bytes()).await.unwrap();
            let mut answer = Vec::new();
            let _ = stream.read_to_end(&mut answer).await;
        });
        // Kill the server the moment it holds the write lock (a write transaction is open).
        let mut probe = db.write_probe().await;
        let mut killed_mid_write = false;
        while !in_flight.is_finished() {
            if probe.write_in_progress().await {
                server.kill();
                killed_mid_write = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        drop(probe);
        if !killed_mid_write {
            server.kill();
        }
        let _ = (&mut in_flight).await; // the connection died with the server

        // Restart on the same database: recovery happens here.
        let restarted = Server::start(&db);
        let invitations: i64 = {
            let pool = store::connect(&db.url()).await.unwrap();
            // (Equality, not LIKE: Postgres does not take LIKE on a case-insensitive column.)
            let n: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM invitations WHERE substr(email, 1, length($1)) = $2",
            )
            .bind(&tag)
            .bind(&tag)
            .fetch_one(&pool)
            .await
            .unwrap();
            let grants: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM invitation_projects ip JOIN invitations i ON i.id = ip.invitation_id
                  WHERE substr(i.email, 1, length($1)) = $2",
            )
            .bind(&tag)
            .bind(&tag)
            .fetch_one(&pool)
            .await
            .unwrap();
            let events: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM audit_events WHERE target LIKE $1 OR details LIKE $2",
            )
            .bind(format!("%{tag}%"))
            .bind(format!("%{tag}%"))
            .fetch_one(&pool)
            .await
            .unwrap();
            if db.backend() == Backend::Sqlite {
                let integrity: String = sqlx::query_scalar("PRAGMA integrity_check")
                    .fetch_one(&pool)
                    .await
                    .unwrap();
                assert_eq!(integrity, "ok");
            }
            pool.close().await;
            assert!(
                (n, grants) == (0, 0) || (n, grants) == (1000, 2000),
                "attempt {attempt}: {n} invitations and {grants} project grants after the crash"
            );
            assert_eq!(
                events > 0,
                n > 0,
                "attempt {attempt}: audit events follow the rows"
            );
            n
        };
        // The restarted server works, and takes the same file whole if nothing was written.
        let mut client = restarted.signed_in().await;
        if invitations == 0 {
            let answer = client
                .post("/api/bulk_invite", "application/json", &thousand_rows(&tag))
                .await;
            assert_eq!(
                answer.status,
                200,
                "{}",
                String::from_utf8_lossy(&answer.body)
            );
            assert_eq!(
                db.count(
                    "SELECT COUNT(*) FROM invitations
                     WHERE substr(email, length(email) - 9) = '@bulk.test'"
                )
                .await
                    % 1000,
                0
            );
        }
        outcomes.push((killed_mid_write, invitations));
    }
    println!("(killed while holding the write lock, rows after restart) per attempt: {outcomes:?}");
    assert!(
        outcomes.iter().any(|(mid, _)| *mid),
        "no kill landed while the bulk invite was writing"
    );
}
