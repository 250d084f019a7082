//! The real `roster` binary (`live_server`) on a free port and a temporary database (SQLite, or a database of its
//! own on the tests' Postgres server), killed in the middle of a write, under the load of 50
//! writers (5 s by default; `ROSTER_LOAD_SECONDS=30` for the full measurement, see the README's
//! Tests), and two processes on one database racing to demote each other's last Owner.

use crate::bench_support::{percentile, Client};
use crate::live_server::{thousand_rows, Database, Server};
use roster_core::store::{self, Backend};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

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
