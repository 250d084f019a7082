//! Which migrations a database has applied, compared with those built into this binary
//! ([`MIGRATOR`]). `/readyz` asks whether the database is current, `roster check` reports the
//! whole comparison, and the server refuses to start on a database that a newer Roster has
//! migrated (an applied version this binary does not know), since its schema is not one this
//! binary's queries were written for. Nothing here changes the database.

use super::{Backend, Db, EDITED_MIGRATION_8};
use shared::stored::Flag;

/// A database's `_sqlx_migrations` table, compared with the binary's migrations.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MigrationState {
    /// Built-in versions applied with the binary's text.
    pub applied: Vec<i64>,
    /// Built-in versions not applied yet; the server applies them when it starts.
    pub pending: Vec<i64>,
    /// Applied versions that this binary does not know: a newer Roster migrated the database.
    pub unknown: Vec<i64>,
    /// Versions whose application stopped part way (recorded as unsuccessful).
    pub failed: Vec<i64>,
    /// Built-in versions applied from a text other than the binary's.
    pub changed: Vec<i64>,
}

impl MigrationState {
    /// How many migrations are built into this binary for `backend`.
    pub fn built_in(backend: Backend) -> usize {
        built_in(backend).count()
    }

    /// Whether a newer Roster has migrated this database.
    pub fn is_newer(&self) -> bool {
        !self.unknown.is_empty()
    }

    /// What keeps the database from being current, in a few words, or `None` when every
    /// migration built in is applied and nothing else is recorded.
    pub fn problem(&self) -> Option<String> {
        let list = |versions: &[i64]| {
            versions
                .iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        };
        if self.is_newer() {
            Some(format!(
                "database newer than this binary (unknown migrations {})",
                list(&self.unknown)
            ))
        } else if !self.failed.is_empty() {
            Some(format!(
                "migrations failed part way ({})",
                list(&self.failed)
            ))
        } else if !self.changed.is_empty() {
            Some(format!(
                "migrations applied from another text ({})",
                list(&self.changed)
            ))
        } else if !self.pending.is_empty() {
            Some(format!("migrations not applied ({})", list(&self.pending)))
        } else {
            None
        }
    }
}

/// The migrations built in (up migrations; Roster has no others).
fn built_in(backend: Backend) -> impl Iterator<Item = &'static sqlx::migrate::Migration> {
    backend
        .migrator()
        .iter()
        .filter(|m| m.migration_type.is_up_migration())
}

/// Reads the migrations `db` has applied and compares them with the binary's. A database that
/// has never been migrated has applied none.
pub async fn state(db: &Db) -> Result<MigrationState, sqlx::Error> {
    let backend = Backend::of(db);
    let exists = match backend {
        Backend::Sqlite => {
            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations')"
        }
        Backend::Postgres => "SELECT to_regclass('_sqlx_migrations') IS NOT NULL",
    };
    let Flag(migrated) = sqlx::query_scalar(exists).fetch_one(db).await?;
    // `success` is read as a number: it is declared BOOLEAN, a type the driver's SQLite side
    // does not read.
    let recorded: Vec<(i64, bool, Vec<u8>)> = if migrated {
        sqlx::query_as(
            "SELECT version, CAST(success AS INTEGER), checksum FROM _sqlx_migrations
             ORDER BY version",
        )
        .fetch_all(db)
        .await?
        .into_iter()
        .map(|(version, Flag(success), checksum): (i64, Flag, Vec<u8>)| {
            (version, success, checksum)
        })
        .collect()
    } else {
        Vec::new()
    };
    Ok(compare(backend, &recorded))
}

/// Compares recorded `(version, success, checksum)` rows with the built-in migrations.
fn compare(backend: Backend, recorded: &[(i64, bool, Vec<u8>)]) -> MigrationState {
    let edited_8 = hex::decode(EDITED_MIGRATION_8).unwrap_or_default();
    let mut state = MigrationState::default();
    for migration in built_in(backend) {
        match recorded.iter().find(|(v, _, _)| *v == migration.version) {
            None => state.pending.push(migration.version),
            Some((version, false, _)) => state.failed.push(*version),
            Some((version, true, checksum)) => {
                // `migrate` records the landed text for databases that applied the edited one.
                let same = *checksum == *migration.checksum
                    || (backend == Backend::Sqlite && *version == 8 && *checksum == edited_8);
                if same {
                    state.applied.push(*version);
                } else {
                    state.changed.push(*version);
                }
            }
        }
    }
    state.unknown = recorded
        .iter()
        .map(|(v, _, _)| *v)
        .filter(|v| !backend.migrator().version_exists(*v))
        .collect();
    state
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows() -> Vec<(i64, bool, Vec<u8>)> {
        built_in(Backend::Sqlite)
            .map(|m| (m.version, true, m.checksum.to_vec()))
            .collect()
    }

    #[test]
    fn every_built_in_migration_applied_is_current() {
        let state = compare(Backend::Sqlite, &rows());
        assert_eq!(
            state.applied.len(),
            MigrationState::built_in(Backend::Sqlite)
        );
        assert_eq!(state.problem(), None);
    }

    #[test]
    fn missing_unknown_failed_and_changed_versions_are_told_apart() {
        let mut recorded = rows();
        let newest = recorded.pop().unwrap().0;
        recorded[0].1 = false;
        recorded[1].2 = vec![0; 48];
        recorded.push((newest + 1000, true, vec![1; 48]));
        let state = compare(Backend::Sqlite, &recorded);
        assert_eq!(state.pending, vec![newest]);
        assert_eq!(state.failed, vec![recorded[0].0]);
        assert_eq!(state.changed, vec![recorded[1].0]);
        assert_eq!(state.unknown, vec![newest + 1000]);
        assert!(state.is_newer());
        assert!(state.problem().unwrap().contains("newer than this binary"));
        let none = compare(Backend::Sqlite, &[]);
        assert_eq!(
            none.pending.len(),
            MigrationState::built_in(Backend::Sqlite)
        );
        assert!(none
            .problem()
            .unwrap()
            .starts_with("migrations not applied"));
    }
}
