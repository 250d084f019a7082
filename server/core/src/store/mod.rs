//! The database, server side only: the SQLite pool, migrations, write transactions and one module
//! per entity. All SQL of the application lives under this module and nowhere else.
//!
//! Every write that a person makes runs in one `BEGIN IMMEDIATE` transaction that also records its
//! audit event ([`audit::Change`]), so a change and its record land together or not at all.

pub mod acceptance;
pub mod access;
pub mod accounts;
pub mod audit;
pub mod audit_details;
pub mod audit_log;
mod checks;
pub mod directory;
pub mod invitation_links;
pub mod invitations;
pub mod lists;
pub mod maintenance;
pub mod members;
pub mod org_settings;
pub mod orgs;
pub mod outbox;
pub mod password_failures;
pub mod people;
pub mod projects;
pub mod provisioning;
pub mod schema;
pub mod scim_groups;
pub mod scim_users;
pub mod scratch;
pub mod seed;
pub mod sessions;
pub mod sql;
pub mod teams;
mod write;

pub use write::{begin_write, close, write_turn, Tx, WriteTurn, WRITE_LOCK};

use shared::AppError;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::Executor;
use std::str::FromStr;

/// The connection pool, to SQLite or to Postgres (see [`Backend`]).
pub type Db = sqlx::AnyPool;

/// The database engine behind a [`Db`], chosen by the scheme of its address: `postgres:` (or
/// `postgresql:`) is Postgres, anything else SQLite.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// The engine that the address `url` names.
    pub fn of_url(url: &str) -> Backend {
        if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Backend::Postgres
        } else {
            Backend::Sqlite
        }
    }

    /// The engine that `db` is connected to.
    pub fn of(db: &Db) -> Backend {
        Backend::of_url(db.connect_options().database_url.as_str())
    }

    /// The engine behind the connection `conn`.
    pub fn of_conn(conn: &sqlx::AnyConnection) -> Backend {
        if conn.backend_name() == <sqlx::Postgres as sqlx::Database>::NAME {
            Backend::Postgres
        } else {
            Backend::Sqlite
        }
    }

    /// The migrations built in for this engine.
    pub fn migrator(self) -> &'static sqlx::migrate::Migrator {
        match self {
            Backend::Sqlite => &MIGRATOR,
            Backend::Postgres => &POSTGRES_MIGRATOR,
        }
    }
}

/// Opens the database at `url`. SQLite (created if needed): WAL, foreign keys on, a busy timeout
/// so concurrent writers wait for each other instead of failing. Postgres: a pool of
/// [`POSTGRES_CONNECTIONS`].
pub async fn connect(url: &str) -> Result<Db, sqlx::Error> {
    sqlx::any::install_default_drivers();
    match Backend::of_url(url) {
        Backend::Sqlite => connect_sqlite(url).await,
        Backend::Postgres => connect_postgres(url).await,
    }
}

/// Connections per process to a Postgres server.
pub const POSTGRES_CONNECTIONS: u32 = 16;

async fn connect_postgres(url: &str) -> Result<Db, sqlx::Error> {
    pool_options()
        .max_connections(POSTGRES_CONNECTIONS)
        .connect_with(AnyConnectOptions::from_str(url)?)
        .await
}

/// What every pool starts from: connections kept for the life of the process, with no idle
/// timeout and no lifetime. Either one starts sqlx's periodic reaper, which walks "as many
/// connections as are idle" without yielding; the idle count it reads is decremented before it is
/// incremented when a connection is taken back at the same moment, so it can read as nearly
/// 2^64, and the reaper then spins on a worker thread for good (a command never exits; a server
/// loses a core). A Postgres connection that died meanwhile is found by the ping before its next
/// use and replaced.
fn pool_options() -> AnyPoolOptions {
    AnyPoolOptions::new().idle_timeout(None).max_lifetime(None)
}

/// Whether the SQLite address `url` names a database in memory rather than a file.
fn in_memory(url: &str) -> bool {
    url.contains(":memory:") || url.contains("mode=memory")
}

/// The settings of every connection to a SQLite file, the pool's and the writing one's. (mmap:
/// reads come straight from the operating system's cache of the file, shared by every
/// connection, instead of being copied into each connection's own page cache.)
pub(crate) const SQLITE_PRAGMAS: &str = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
     PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON; PRAGMA mmap_size = 268435456;";

async fn connect_sqlite(url: &str) -> Result<Db, sqlx::Error> {
    let in_memory = in_memory(url);
    // Created if missing, unless the address says otherwise.
    let url = if in_memory || url.contains("mode=") {
        url.to_string()
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    };
    let options = AnyConnectOptions::from_str(&url)?;
    let pool = pool_options()
        // Four connections to read keep two cores busy; each more maps the file once more.
        // (Writes have a connection of their own: see `write`.)
        .max_connections(if in_memory { 1 } else { 4 })
        // A local file has no network link to check: a "ping" before each use would only cost
        // a round trip to the connection's thread.
        .test_before_acquire(false)
        .after_connect(|conn, _| {
            Box::pin(async move { conn.execute(SQLITE_PRAGMAS).await.map(|_| ()) })
        });
    // An in-memory database lives as long as its one connection: never close it.
    let pool = if in_memory {
        pool.min_connections(1)
    } else {
        pool
    };
    pool.connect_with(options).await
}

/// The migrations in `server/core/migrations`, built into the binary. A landed migration is never
/// edited (its checksum is recorded by every database that applied it, and listed in
/// `migrations/checksums.txt`); a change to the schema is a new migration.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// The same schema for Postgres (`server/core/migrations-postgres`), under the same rule.
pub static POSTGRES_MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations-postgres");

/// The checksum of the edited text that migration 8 had for a while after it landed. Databases
/// created then hold the schema that migration 12 makes; [`migrate`] records the landed text's
/// checksum for them, so that they migrate like every other database.
const EDITED_MIGRATION_8: &str = "6c87e4ab83189e35b01b8d15b32c494ff9a30945ab7294af64b3b871367ab072faf6173c46b1494fd9d4390eadd2a4c0";

/// Applies the migrations that have not been applied yet.
/// Then refreshes the planner's statistics where they are missing or stale (bounded work, even on a
/// large database), so that queries keep choosing their indexes as the data grows.
///
/// On Postgres the migrator holds an advisory lock while it works, so that several processes
/// starting at once apply each migration once.
pub async fn migrate(db: &Db) -> Result<(), sqlx::migrate::MigrateError> {
    if Backend::of(db) == Backend::Postgres {
        POSTGRES_MIGRATOR.run(db).await?;
        sqlx::query("ANALYZE")
            .execute(db)
            .await
            .map_err(sqlx::migrate::MigrateError::Execute)?;
        return Ok(());
    }
    record_landed_migration_8(db).await?;
    MIGRATOR.run(db).await?;
    sqlx::query("PRAGMA optimize = 0x10002")
        .execute(db)
        .await
        .map_err(sqlx::migrate::MigrateError::Execute)?;
    Ok(())
}

/// See [`EDITED_MIGRATION_8`].
async fn record_landed_migration_8(db: &Db) -> Result<(), sqlx::migrate::MigrateError> {
    let landed = MIGRATOR
        .iter()
        .find(|m| m.version == 8)
        .map(|m| m.checksum.to_vec())
        .unwrap_or_default();
    let Ok(edited) = hex::decode(EDITED_MIGRATION_8) else {
        return Ok(());
    };
    let migrated: shared::stored::Flag = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations')",
    )
    .fetch_one(db)
    .await
    .map_err(sqlx::migrate::MigrateError::Execute)?;
    if migrated.0 {
        let fixed = sqlx::query(
            "UPDATE _sqlx_migrations SET checksum = $1 WHERE version = 8 AND checksum = $2",
        )
        .bind(landed)
        .bind(edited)
        .execute(db)
        .await
        .map_err(sqlx::migrate::MigrateError::Execute)?;
        if fixed.rows_affected() > 0 {
            tracing::info!("migration 8 recorded with its landed text (the schema is unchanged)");
        }
    }
    Ok(())
}

/// This process's name where it holds something in the database (a message it is delivering, a
/// background round's lease): its id and a random number (ids repeat from one machine to the
/// next).
pub fn this_process() -> &'static str {
    static NAME: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        format!("{}-{:016x}", std::process::id(), rand::random::<u64>())
    });
    &NAME
}

/// The current time in Unix seconds.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// Whether `error` is a violation of a UNIQUE constraint.
pub fn is_unique_violation(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(db) if db.is_unique_violation())
}

/// Maps a unique-constraint violation to a conflict on `field`, anything else to an internal error.
pub fn on_unique(field: &'static str, message: &'static str) -> impl Fn(sqlx::Error) -> AppError {
    move |error| {
        if is_unique_violation(&error) {
            AppError::conflict(field, message)
        } else {
            AppError::from(error)
        }
    }
}

#[cfg(test)]
pub(crate) mod testing {
    //! A fresh, migrated, in-memory database per test.
    use super::*;

    /// A new database: in memory, or on the Postgres server the tests are sent to
    /// ([`scratch::POSTGRES_SERVER`]).
    pub async fn fresh_db() -> Db {
        if let Some(server) = scratch::postgres_server() {
            let url = scratch::fresh_postgres(&server)
                .await
                .expect("a new Postgres database");
            return connect(&url).await.expect("open the Postgres database");
        }
        let db = connect("sqlite::memory:")
            .await
            .expect("open in-memory database");
        migrate(&db).await.expect("migrate");
        db
    }
}

#[cfg(test)]
mod tests;
