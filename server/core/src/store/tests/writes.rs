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
            sqlx::query(
                "INSERT INTO background_leases (name, holder, held_until) VALUES ($1, 'test', 0)",
            )
            .bind(format!("writer {i}"))
            .execute(&mut *tx)
            .await?;
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
