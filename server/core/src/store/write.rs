//! Write transactions, one at a time.
//!
//! The database takes one writer at a time (SQLite's write lock; on Postgres an advisory lock that
//! every write transaction takes first). Within a process, writers also queue for their turn
//! before they take a connection: the next writer starts the moment the last one commits, instead
//! of polling a busy database (SQLite's busy handler sleeps 1, 2, 5, 10… ms between tries, while
//! the lock may already be free) and holding a pooled connection while it waits. Other processes
//! on the same database still wait on the database's own lock.

use super::{Backend, Db};
use shared::AppError;
use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};
use std::time::Duration;
use tokio::sync::{Mutex as Turn, OwnedMutexGuard};

/// The key of the advisory lock that Postgres write transactions take (any number will do, as
/// long as it is always the same one).
pub const WRITE_LOCK: i64 = 0x526f_7374_6572; // "Roster"

/// How long a writer waits for its turn: as long as SQLite's busy timeout, after which it gives
/// up as SQLite would (a writer that waits longer is stuck behind a transaction that never ends).
const TURN_TIMEOUT: Duration = Duration::from_secs(10);

/// A write transaction, holding this process's writing turn until it commits or rolls back.
/// Statements run on it as on the transaction's connection (`&mut **tx`).
pub struct Tx {
    tx: sqlx::Transaction<'static, sqlx::Any>,
    _turn: OwnedMutexGuard<()>,
}

impl Tx {
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        self.tx.commit().await
    }

    pub async fn rollback(self) -> Result<(), sqlx::Error> {
        self.tx.rollback().await
    }
}

impl std::ops::Deref for Tx {
    type Target = sqlx::AnyConnection;

    fn deref(&self) -> &sqlx::AnyConnection {
        &self.tx
    }
}

impl std::ops::DerefMut for Tx {
    fn deref_mut(&mut self) -> &mut sqlx::AnyConnection {
        &mut self.tx
    }
}

/// The writing turn of the database at this address, shared by every pool of this process
/// that opens it.
fn turn_of(db: &Db) -> Arc<Turn<()>> {
    static TURNS: LazyLock<Mutex<HashMap<String, Arc<Turn<()>>>>> = LazyLock::new(Default::default);
    let address = db.connect_options().database_url.to_string();
    let mut turns = TURNS
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    turns.entry(address).or_default().clone()
}

/// This process's turn to write to the database, held until dropped.
pub struct WriteTurn {
    _turn: Option<OwnedMutexGuard<()>>,
}

/// Waits for this process's turn to write. A statement that writes outside a transaction
/// ([`begin_write`] takes the turn itself) holds it while it runs on SQLite, where the database
/// takes one writer at a time: otherwise it would poll the busy database while the writers in the
/// queue hand the lock from one to the next. On Postgres such a statement only locks its rows and
/// needs no turn.
pub async fn write_turn(db: &Db) -> Result<WriteTurn, AppError> {
    match Backend::of(db) {
        Backend::Sqlite => Ok(WriteTurn {
            _turn: Some(take_turn(db).await?),
        }),
        Backend::Postgres => Ok(WriteTurn { _turn: None }),
    }
}

async fn take_turn(db: &Db) -> Result<OwnedMutexGuard<()>, AppError> {
    tokio::time::timeout(TURN_TIMEOUT, turn_of(db).lock_owned())
        .await
        .map_err(|_| {
            tracing::error!("no turn to write within {TURN_TIMEOUT:?}");
            AppError::Internal
        })
}

/// Starts a write transaction that takes the write lock at once, so that checks made inside it
/// (the last Owner, a unique name) still hold when it commits: SQLite's `BEGIN IMMEDIATE`, or on
/// Postgres a transaction-wide advisory lock that every write transaction of every process
/// takes first (writes are one at a time, as on SQLite; reads never wait for it).
pub async fn begin_write(db: &Db) -> Result<Tx, AppError> {
    let turn = take_turn(db).await?;
    let tx = match Backend::of(db) {
        Backend::Sqlite => db.begin_with("BEGIN IMMEDIATE").await?,
        Backend::Postgres => {
            let mut tx = db.begin().await?;
            sqlx::query("SELECT pg_advisory_xact_lock($1)")
                .bind(WRITE_LOCK)
                .execute(&mut *tx)
                .await?;
            tx
        }
    };
    Ok(Tx { tx, _turn: turn })
}
