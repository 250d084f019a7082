//! Write transactions, one at a time.
//!
//! The database takes one writer at a time (SQLite's write lock; on Postgres an advisory lock that
//! every write transaction takes first). Within a process, writers also queue for their turn
//! before they take a connection: the next writer starts the moment the last one commits, instead
//! of polling a busy database (SQLite's busy handler sleeps 1, 2, 5, 10… ms between tries, while
//! the lock may already be free) and holding a pooled connection while it waits. Other processes
//! on the same database still wait on the database's own lock.
//!
//! On a SQLite file, the turn also holds this process's own connection for writing, kept apart
//! from the pool that reads. A SQLite connection that sees the database changed by another
//! connection throws away what it had cached and mapped of the file, and reads every page it
//! needs again; the writing connection, which made those changes itself, keeps its pages and its
//! prepared statements from one write to the next. (A pool connection writing in turn would start
//! each write cold, as the last write was another connection's.)

use super::{in_memory, Backend, Db, SQLITE_PRAGMAS};
use shared::AppError;
use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyConnection, Connection, Executor};
use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::{Mutex as Turn, OwnedMutexGuard};

/// The key of the advisory lock that Postgres write transactions take (any number will do, as
/// long as it is always the same one).
pub const WRITE_LOCK: i64 = 0x526f_7374_6572; // "Roster"

/// How long a writer waits for its turn: as long as SQLite's busy timeout, after which it gives
/// up as SQLite would (a writer that waits longer is stuck behind a transaction that never ends).
const TURN_TIMEOUT: Duration = Duration::from_secs(10);

/// How long the writing connection of a SQLite file stays open with nothing to write (so that a
/// process that opens many databases in turn, as the tests do, does not keep them all open).
const WRITER_IDLE: Duration = Duration::from_secs(60);

/// The writing side of one database in this process: its turn, and on a SQLite file the
/// connection that writes.
#[derive(Default)]
pub struct Writer {
    conn: Option<AnyConnection>,
    /// Whether a transaction was begun on `conn` and has not ended yet.
    in_transaction: bool,
    last_used: Option<Instant>,
}

/// This process's turn to write to the database, held until dropped, with the connection to
/// write on (`&mut *turn`): the writing connection of a SQLite file, otherwise one from the pool.
pub struct WriteTurn {
    turn: Option<OwnedMutexGuard<Writer>>,
    pooled: Option<PoolConnection<Any>>,
}

impl std::ops::Deref for WriteTurn {
    type Target = AnyConnection;

    fn deref(&self) -> &AnyConnection {
        match (&self.pooled, &self.turn) {
            (Some(pooled), _) => pooled,
            (None, Some(turn)) => turn.conn.as_ref().expect("the writing connection is open"),
            (None, None) => unreachable!("a turn holds a connection"),
        }
    }
}

impl std::ops::DerefMut for WriteTurn {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        match (&mut self.pooled, &mut self.turn) {
            (Some(pooled), _) => pooled,
            (None, Some(turn)) => turn.conn.as_mut().expect("the writing connection is open"),
            (None, None) => unreachable!("a turn holds a connection"),
        }
    }
}

/// A write transaction, holding this process's writing turn until it commits or rolls back.
/// Statements run on it as on the transaction's connection (`&mut **tx`).
pub struct Tx(Inner);

enum Inner {
    /// On the writing connection of a SQLite file.
    Own(OwnTx),
    /// On a connection from the pool (Postgres, or SQLite in memory).
    Pooled {
        tx: sqlx::Transaction<'static, Any>,
        _turn: OwnedMutexGuard<Writer>,
    },
}

/// A transaction on the writing connection: one dropped before it ends is rolled back before the
/// turn passes on.
struct OwnTx {
    turn: WriteTurn,
}

impl OwnTx {
    async fn end(mut self, statement: &'static str) -> Result<(), sqlx::Error> {
        (&mut *self.turn).execute(statement).await?;
        if let Some(writer) = self.turn.turn.as_mut() {
            writer.in_transaction = false;
        }
        Ok(())
    }
}

impl Tx {
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        match self.0 {
            Inner::Own(own) => own.end("COMMIT").await,
            Inner::Pooled { tx, .. } => tx.commit().await,
        }
    }

    pub async fn rollback(self) -> Result<(), sqlx::Error> {
        match self.0 {
            Inner::Own(own) => own.end("ROLLBACK").await,
            Inner::Pooled { tx, .. } => tx.rollback().await,
        }
    }
}

impl Drop for OwnTx {
    fn drop(&mut self) {
        // Rolled back at once, so that the database's write lock is not held meanwhile; with no
        // runtime to do it on, the next writer of this process rolls it back first (`own_turn`).
        let Some(mut guard) = self.turn.turn.take().filter(|w| w.in_transaction) else {
            return;
        };
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move { end_unfinished(&mut guard).await });
        }
    }
}

impl std::ops::Deref for Tx {
    type Target = AnyConnection;

    fn deref(&self) -> &AnyConnection {
        match &self.0 {
            Inner::Own(own) => &own.turn,
            Inner::Pooled { tx, .. } => tx,
        }
    }
}

impl std::ops::DerefMut for Tx {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        match &mut self.0 {
            Inner::Own(own) => &mut own.turn,
            Inner::Pooled { tx, .. } => tx,
        }
    }
}

/// The writing side of the database at this address, shared by every pool of this process that
/// opens it. Writing connections left idle (of databases no longer in use) are closed on the way.
fn writer_of(db: &Db) -> Arc<Turn<Writer>> {
    static WRITERS: LazyLock<Mutex<HashMap<String, Arc<Turn<Writer>>>>> =
        LazyLock::new(Default::default);
    let address = db.connect_options().database_url.to_string();
    let mut writers = WRITERS
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    writers.retain(|other, writer| {
        if *other == address {
            return true;
        }
        let Ok(mut idle) = writer.try_lock() else {
            return true;
        };
        if idle.last_used.is_some_and(|t| t.elapsed() > WRITER_IDLE) {
            idle.conn = None;
            return false;
        }
        true
    });
    writers.entry(address).or_default().clone()
}

/// Whether the database has a writing connection of its own: a SQLite file (a database in
/// memory lives in the pool's one connection).
fn writes_on_its_own_connection(db: &Db) -> bool {
    Backend::of(db) == Backend::Sqlite && !in_memory(db.connect_options().database_url.as_str())
}

async fn take_turn(db: &Db) -> Result<OwnedMutexGuard<Writer>, AppError> {
    tokio::time::timeout(TURN_TIMEOUT, writer_of(db).lock_owned())
        .await
        .map_err(|_| {
            tracing::error!("no turn to write within {TURN_TIMEOUT:?}");
            AppError::Internal
        })
}

/// Rolls back a transaction left unfinished on the writing connection; a connection whose
/// rollback fails is closed instead (which rolls back as well), and another is opened next time.
async fn end_unfinished(writer: &mut Writer) {
    if !writer.in_transaction {
        return;
    }
    writer.in_transaction = false;
    let rolled_back = match writer.conn.as_mut() {
        Some(conn) => conn.execute("ROLLBACK").await.is_ok(),
        None => true,
    };
    if !rolled_back {
        writer.conn = None;
    }
}

/// The turn with the writing connection of a SQLite file, opened if it is not. (A transaction
/// still unfinished on it — its rollback never ran, as when a runtime stopped first — is rolled
/// back first.)
async fn own_turn(db: &Db) -> Result<WriteTurn, AppError> {
    let mut turn = take_turn(db).await?;
    end_unfinished(&mut turn).await;
    if turn.conn.is_none() {
        if db.is_closed() {
            return Err(sqlx::Error::PoolClosed.into());
        }
        let mut conn = AnyConnection::connect_with(&db.connect_options()).await?;
        conn.execute(SQLITE_PRAGMAS).await?;
        turn.conn = Some(conn);
    }
    turn.last_used = Some(Instant::now());
    Ok(WriteTurn {
        turn: Some(turn),
        pooled: None,
    })
}

/// Waits for this process's turn to write, for a statement that writes outside a transaction
/// ([`begin_write`] takes the turn itself): on SQLite it runs on the writing connection, in turn
/// with the transactions (otherwise it would poll the busy database while the writers in the
/// queue hand the lock from one to the next). On Postgres such a statement only locks its rows and
/// needs no turn: it runs on a connection from the pool.
pub async fn write_turn(db: &Db) -> Result<WriteTurn, AppError> {
    if writes_on_its_own_connection(db) {
        return own_turn(db).await;
    }
    let turn = match Backend::of(db) {
        Backend::Sqlite => Some(take_turn(db).await?),
        Backend::Postgres => None,
    };
    Ok(WriteTurn {
        turn,
        pooled: Some(db.acquire().await?),
    })
}

/// Starts a write transaction that takes the write lock at once, so that checks made inside it
/// (the last Owner, a unique name) still hold when it commits: SQLite's `BEGIN IMMEDIATE`, or on
/// Postgres a transaction-wide advisory lock that every write transaction of every process
/// takes first (writes are one at a time, as on SQLite; reads never wait for it).
pub async fn begin_write(db: &Db) -> Result<Tx, AppError> {
    if writes_on_its_own_connection(db) {
        let mut turn = own_turn(db).await?;
        (&mut *turn).execute("BEGIN IMMEDIATE").await?;
        if let Some(writer) = turn.turn.as_mut() {
            writer.in_transaction = true;
        }
        return Ok(Tx(Inner::Own(OwnTx { turn })));
    }
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
    Ok(Tx(Inner::Pooled { tx, _turn: turn }))
}

/// Closes the database: this process's writing connection to it, once the write under way is
/// done, then the pool. (When its last connection closes, SQLite folds the write-ahead log back
/// into the database file, which a stopped server leaves whole.)
pub async fn close(db: &Db) {
    {
        let writer = writer_of(db);
        let mut writer = writer.lock().await;
        if let Some(conn) = writer.conn.take() {
            if let Err(error) = conn.close().await {
                tracing::warn!(?error, "the writing connection did not close cleanly");
            }
        }
    }
    db.close().await;
}
