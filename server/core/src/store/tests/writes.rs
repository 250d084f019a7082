//! Write transactions, one at a time, on a database that several connections share.

use super::super::scratch;
use super::*;
use std::time::Duration;
use tokio::task::JoinSet;

/// A database with a pool of several connections: a new SQLite file in `dir`, or a new database
/// on the Postgres server the tests are sent to.
async fn shared_db(dir: &tempfile::TempDir) -> Db {
    let url = match scratch::postgres_server() {
        Some(server) => scratch::fresh_postgres(&server).await.unwrap(),
        None => format!("sqlite://{}", dir.path().join("roster.db").display()),
    };
    let db = connect(&url).await.unwrap();
    migrate(&db).await.unwrap();
    db
}

/// A write transaction that must begin within five seconds (`why`).
async fn begin_soon(db: &Db, why: &str) -> Tx {
    let begun = tokio::time::timeout(Duration::from_secs(5), begin_write(db)).await;
    begun.expect(why).unwrap()
}

/// A write transaction that has written the row "a" and not committed yet.
async fn writing_a(db: &Db) -> Tx {
    let mut tx = begin_write(db).await.unwrap();
    add_lease(&mut tx, "a").await.unwrap();
    tx
}

/// After a write transaction that did not finish, the next writer begins at once, sees nothing of
/// it, and what it writes is all there is.
async fn the_next_writer_sees_nothing_of_it(db: &Db) {
    let mut tx = begin_soon(db, "the next writer has its turn").await;
    add_lease(&mut tx, "b").await.unwrap();
    tx.commit().await.unwrap();
    let names: Vec<String> = sqlx::query_scalar("SELECT name FROM background_leases")
        .fetch_all(db)
        .await
        .unwrap();
    assert_eq!(names, ["b"], "nothing of the unfinished transaction");
}

/// Writes a row that the tests count.
async fn add_lease(conn: &mut sqlx::AnyConnection, name: &str) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO background_leases (name, holder, held_until) VALUES ($1, 'test', 0)")
        .bind(name)
        .execute(conn)
        .await
        .map(|_| ())
}

async fn lease_count(db: &Db) -> i64 {
    count(db, "SELECT COUNT(*) FROM background_leases").await
}

#[tokio::test]
async fn writers_waiting_for_their_turn_leave_the_connections_to_readers() {
    let dir = tempfile::tempdir().unwrap();
    let db = shared_db(&dir).await;
    let first = begin_write(&db).await.unwrap();
    // More writers than the pool has connections queue behind the open transaction.
    let waiting = db.options().get_max_connections() as usize + 2;
    let mut writers = JoinSet::new();
    for i in 0..waiting {
        let db = db.clone();
        writers.spawn(async move {
            let mut tx = begin_write(&db).await?;
            add_lease(&mut tx, &format!("writer {i}")).await?;
            tx.commit().await?;
            Ok::<_, AppError>(())
        });
    }
    // (Time for every writer to start waiting.)
    tokio::time::sleep(Duration::from_millis(200)).await;
    // A writer waiting for its turn holds no connection, so a read still gets one while they
    // wait. (Were they holding them, the read would wait for the open transaction, which waits
    // for the read.)
    let read = tokio::time::timeout(Duration::from_secs(5), lease_count(&db)).await;
    assert_eq!(read.ok(), Some(0), "a read answered while writers wait");
    first.commit().await.unwrap();
    // Then each writes in its turn.
    while let Some(done) = writers.join_next().await {
        done.unwrap().unwrap();
    }
    assert_eq!(lease_count(&db).await, waiting as i64);
}

/// A new SQLite file in `dir`, migrated, with its pool of several connections.
async fn sqlite_file(dir: &tempfile::TempDir) -> Db {
    let db = connect(&format!(
        "sqlite://{}",
        dir.path().join("roster.db").display()
    ))
    .await
    .unwrap();
    migrate(&db).await.unwrap();
    db
}

#[tokio::test]
async fn sqlite_writes_go_on_a_connection_of_their_own_that_keeps_what_it_read() {
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite_file(&dir).await;
    // Every connection of the pool busy with something else: a writer still writes.
    let mut held = Vec::new();
    for _ in 0..db.options().get_max_connections() {
        held.push(db.acquire().await.unwrap());
    }
    let mut tx = begin_soon(&db, "a writer needs none of the pool's connections").await;
    let version: i64 = sqlx::query_scalar("PRAGMA data_version")
        .fetch_one(&mut *tx)
        .await
        .unwrap();
    add_lease(&mut tx, "a").await.unwrap();
    tx.commit().await.unwrap();
    drop(held);
    assert_eq!(lease_count(&db).await, 1);
    // The next write finds the database as it left it: its own changes are not news to it (a
    // connection that sees another's changes throws away its cache), so it is the same connection.
    let mut turn = write_turn(&db).await.unwrap();
    let now: i64 = sqlx::query_scalar("PRAGMA data_version")
        .fetch_one(&mut *turn)
        .await
        .unwrap();
    assert_eq!(
        now, version,
        "the same connection, with nothing written by another"
    );
}

#[tokio::test]
async fn a_write_transaction_dropped_without_a_commit_is_rolled_back_before_the_next_writer() {
    let dir = tempfile::tempdir().unwrap();
    let db = shared_db(&dir).await;
    let tx = writing_a(&db).await;
    // (As a request that fails halfway, or whose client goes away, drops its transaction.)
    drop(tx);
    the_next_writer_sees_nothing_of_it(&db).await;
}

#[tokio::test]
async fn sqlite_a_closed_database_is_whole_in_its_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite_file(&dir).await;
    let tx = writing_a(&db).await;
    tx.commit().await.unwrap();
    let log = dir.path().join("roster.db-wal");
    assert!(log.exists(), "the write went to the write-ahead log");
    close(&db).await;
    // Its last connection closed, the log is folded back into the file and removed, so a copy of
    // the file alone holds everything.
    assert!(!log.exists(), "no write-ahead log left beside the file");
    let db = sqlite_file(&dir).await;
    assert_eq!(lease_count(&db).await, 1);
    close(&db).await;
}

#[tokio::test]
async fn sqlite_a_transaction_whose_rollback_never_ran_is_rolled_back_by_the_next_writer() {
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite_file(&dir).await;
    let other = db.clone();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let tx = runtime.block_on(async { writing_a(&other).await });
        // Dropped where its rollback is handed to a runtime that stops before running it.
        let entered = runtime.enter();
        drop(tx);
        drop(entered);
        drop(runtime);
    })
    .join()
    .unwrap();
    the_next_writer_sees_nothing_of_it(&db).await;
}

/// No pool runs sqlx's periodic reaper of idle connections (see `pool_options`): neither an idle
/// timeout nor a lifetime is set, on either engine, for a file or for memory.
#[tokio::test]
async fn pools_keep_their_connections_and_run_no_reaper() {
    let dir = tempfile::tempdir().unwrap();
    let file = shared_db(&dir).await;
    let memory = connect("sqlite::memory:").await.unwrap();
    for db in [&file, &memory] {
        let options = db.options();
        assert_eq!(options.get_idle_timeout(), None);
        assert_eq!(options.get_max_lifetime(), None);
    }
    close(&file).await;
}
