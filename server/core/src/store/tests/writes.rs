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
    let mut tx = begin_write(&db).await.unwrap();
    add_lease(&mut tx, "a").await.unwrap();
    // (As a request that fails halfway, or whose client goes away, drops its transaction.)
    drop(tx);
    let mut tx = begin_soon(&db, "the next writer has its turn").await;
    let seen: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM background_leases")
        .fetch_one(&mut *tx)
        .await
        .unwrap();
    assert_eq!(seen, 0, "nothing of the dropped transaction");
    add_lease(&mut tx, "b").await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(lease_count(&db).await, 1);
}
