//! `roster backup` and `roster check`: a backup of a database with data opens and passes the
//! check, one taken while twenty writers create projects is consistent too, a backup never
//! overwrites, and `roster check` exits non-zero on a database a newer Roster migrated.

use crate::live_server::Database;
use crate::support::TestApp;
use axum::http::StatusCode;
use roster_core::config::Config;
use roster_core::store::Db;
use server::commands::{self, Command};
use shared::OrgRole;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Opens the backup at `file` as the commands do: as it is, not migrated.
async fn open(file: &Path) -> Db {
    let config = Config {
        database_url: format!("sqlite://{}", file.display()),
        ..Config::default()
    };
    server::open_existing_database(&config).await.unwrap()
}

async fn count(db: &Db, sql: &'static str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(db).await.unwrap()
}

#[tokio::test]
async fn sqlite_a_backup_of_a_database_with_data_opens_and_passes_the_check() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let cookie = app.sign_in(&org.owner_email).await;
    for name in ["Web App", "Mobile App", "Data Platform"] {
        app.project(&cookie, name).await;
    }
    for role in [OrgRole::Admin, OrgRole::Member, OrgRole::Member] {
        app.person(&org, role).await;
    }
    let folder = tempfile::tempdir().unwrap();
    let file = folder.path().join("nested/folder/roster-backup.db");

    let printed = commands::run(&app.db, Command::Backup { file: file.clone() })
        .await
        .unwrap();
    let size = std::fs::metadata(&file).unwrap().len();
    assert!(
        printed.contains(&format!("{size} bytes")),
        "prints the size: {printed}"
    );
    let again = commands::run(&app.db, Command::Backup { file: file.clone() }).await;
    assert!(
        again.unwrap_err().contains("exists already"),
        "never overwrites"
    );
    assert_eq!(std::fs::metadata(&file).unwrap().len(), size);

    let backup = open(&file).await;
    let report = commands::run(&backup, Command::Check).await.unwrap();
    assert!(report.contains("integrity: ok"), "{report}");
    assert!(report.contains("foreign keys: ok"), "{report}");
    let built_in = roster_core::store::MIGRATOR.iter().count();
    assert!(
        report.contains(&format!(
            "{built_in} of the {built_in} built into this binary"
        )),
        "{report}"
    );
    assert_eq!(count(&backup, "SELECT COUNT(*) FROM projects").await, 3);
    assert_eq!(count(&backup, "SELECT COUNT(*) FROM memberships").await, 4);

    // The copy serves: the server opens it like any database of its own.
    backup.close().await;
    let served = Config {
        database_url: format!("sqlite://{}", file.display()),
        ..Config::default()
    };
    let db = server::open_database(&served).await.unwrap();
    assert_eq!(count(&db, "SELECT COUNT(*) FROM projects").await, 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sqlite_a_backup_taken_while_twenty_writers_create_projects_passes_the_check() {
    const WRITERS: usize = 20;
    let app = Arc::new(TestApp::new().await);
    let org = app.org("Acme").await;
    let cookie = app.sign_in(&org.owner_email).await;
    let stop = Arc::new(AtomicBool::new(false));
    let created = Arc::new(AtomicUsize::new(0));
    let mut writers = tokio::task::JoinSet::new();
    for w in 0..WRITERS {
        let (app, cookie, stop, created) =
            (app.clone(), cookie.clone(), stop.clone(), created.clone());
        writers.spawn(async move {
            let mut i = 0;
            while !stop.load(Ordering::Relaxed) {
                i += 1;
                let name = format!("w{w}-{i}");
                let reply = app
                    .call("create_project", &[("name", &name)], Some(&cookie))
                    .await;
                assert_eq!(reply.status, StatusCode::OK, "{name}: {}", reply.body);
                created.fetch_add(1, Ordering::Relaxed);
            }
        });
    }
    // The backup starts while every writer is busy, and they go on after it.
    while created.load(Ordering::Relaxed) < 2 * WRITERS {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let folder = tempfile::tempdir().unwrap();
    let file = folder.path().join("during-writes.db");
    let started_with = created.load(Ordering::Relaxed);
    commands::run(&app.db, Command::Backup { file: file.clone() })
        .await
        .unwrap();
    let ended_with = created.load(Ordering::Relaxed);
    tokio::time::sleep(Duration::from_millis(200)).await;
    stop.store(true, Ordering::Relaxed);
    while let Some(done) = writers.join_next().await {
        done.expect("a writer failed");
    }
    let total = created.load(Ordering::Relaxed);

    let backup = open(&file).await;
    let report = commands::run(&backup, Command::Check).await;
    assert!(report.is_ok(), "{report:?}");
    let projects = count(&backup, "SELECT COUNT(*) FROM projects").await as usize;
    let events = count(
        &backup,
        "SELECT COUNT(*) FROM audit_events WHERE action = 'project.create'",
    )
    .await as usize;
    println!(
        "backup holds {projects} projects; {started_with} were created when it started, \
         {ended_with} when it ended, {total} in all"
    );
    // Every project answered before the backup began is in it; one answered while it ran may
    // or may not be, depending on when its snapshot was taken.
    assert!(
        projects >= started_with,
        "{projects} projects in the backup, at least {started_with} expected"
    );
    assert!(projects < total, "the writers went on after the backup");
    assert_eq!(events, projects, "every project with its audit event");
    assert_eq!(
        count(&app.db, "SELECT COUNT(*) FROM projects").await as usize,
        total
    );
}

#[tokio::test]
async fn roster_check_exits_non_zero_on_a_database_a_newer_roster_migrated() {
    let binary = env!("CARGO_BIN_EXE_roster");
    let db = Database::demo();
    let check = || {
        std::process::Command::new(binary)
            .arg("check")
            .env("DATABASE_URL", db.url())
            .env("RUST_LOG", "warn")
            .output()
            .unwrap()
    };
    let sound = check();
    let printed = String::from_utf8_lossy(&sound.stdout);
    assert!(sound.status.success(), "{printed}");
    assert!(printed.contains("integrity: ok"), "{printed}");

    {
        let mut conn = db.connect().await;
        sqlx::query(
            "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
             VALUES (9001, 'from a newer Roster', 1, x'00', 0)",
        )
        .execute(&mut conn)
        .await
        .unwrap();
    }
    let newer = check();
    let said = String::from_utf8_lossy(&newer.stderr);
    assert!(!newer.status.success(), "{said}");
    assert!(
        said.contains("newer Roster") && said.contains("9001"),
        "{said}"
    );

    let serve = std::process::Command::new(binary)
        .arg("serve")
        .env("DATABASE_URL", db.url())
        .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&serve.stderr);
    assert!(!serve.status.success(), "the server started: {said}");
    assert!(said.contains("migrated by a newer Roster"), "{said}");

    let missing = std::process::Command::new(binary)
        .arg("check")
        .env("DATABASE_URL", "sqlite:///nonexistent/roster.db")
        .output()
        .unwrap();
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("there is no database"));
}
