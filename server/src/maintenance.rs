//! The operator's database commands: `roster backup FILE` (an online, consistent copy) and
//! `roster check` (SQLite's integrity and foreign-key checks, and the migrations applied against
//! those built in). Each returns the text to print, or, when something is wrong, the text as an
//! error, which makes the command exit non-zero. The SQL is in `store::maintenance`.

use roster_core::store::schema::{self, MigrationState};
use roster_core::store::{maintenance, Backend, Db};
use std::path::Path;
use std::time::Instant;

/// The most problems of one kind that `check` lists one by one.
const LISTED: usize = 20;

/// Copies the database to `file`, which must not exist (a backup never overwrites anything);
/// its folder is created if missing. Returns what to print: where, how big, how long it took.
pub async fn backup(db: &Db, file: &Path) -> Result<String, String> {
    if Backend::of(db) == Backend::Postgres {
        return Err(
            "a Postgres database is backed up by Postgres's own tools (pg_dump, or the \
             base backups and archived WAL of point-in-time recovery), not by roster backup"
                .into(),
        );
    }
    if file.symlink_metadata().is_ok() {
        return Err(format!(
            "{} exists already; a backup never overwrites a file, so name a new one",
            file.display()
        ));
    }
    if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create the folder {}: {e}", dir.display()))?;
    }
    let path = file
        .to_str()
        .ok_or("the backup's file name must be valid UTF-8")?;
    let started = Instant::now();
    maintenance::backup(db, path)
        .await
        .map_err(|e| format!("cannot write the backup {}: {e}", file.display()))?;
    let size = std::fs::metadata(file)
        .map_err(|e| format!("the backup {} cannot be read: {e}", file.display()))?
        .len();
    Ok(format!(
        "Backed up the database to {} ({}) in {:.1} s.",
        file.display(),
        size_text(size),
        started.elapsed().as_secs_f64()
    ))
}

/// Checks the database and reports each check on a line. Pending migrations are reported but
/// are no problem (the server applies them when it starts); a database migrated by a newer
/// Roster, a migration that failed part way or was applied from another text, a damaged file
/// and a dangling reference are.
///
/// On Postgres, which enforces every foreign key as rows are written and checks its own files
/// (`pg_amcheck`), only the migrations are compared.
pub async fn check(db: &Db) -> Result<String, String> {
    let failed = |what: &'static str| move |e: sqlx::Error| format!("cannot run the {what}: {e}");
    let mut report = Vec::new();
    let mut sound = true;
    if Backend::of(db) == Backend::Sqlite {
        let integrity = maintenance::integrity_problems(db)
            .await
            .map_err(failed("integrity check"))?;
        let foreign_keys = maintenance::foreign_key_problems(db)
            .await
            .map_err(failed("foreign key check"))?;
        sound &= listed(&mut report, "integrity", &integrity);
        sound &= listed(&mut report, "foreign keys", &foreign_keys);
    }
    let migrations = schema::state(db)
        .await
        .map_err(failed("migrations check"))?;
    sound &= migrations_report(&mut report, &migrations, Backend::of(db));
    let report = report.join("\n");
    if sound {
        Ok(report)
    } else {
        Err(format!("the database has problems:\n{report}"))
    }
}

/// Adds `ok`, or the problems found, under `name`; returns whether there were none.
fn listed(report: &mut Vec<String>, name: &str, problems: &[String]) -> bool {
    if problems.is_empty() {
        report.push(format!("{name}: ok"));
        return true;
    }
    report.push(format!("{name}: {} problem(s)", problems.len()));
    report.extend(problems.iter().take(LISTED).map(|p| format!("  {p}")));
    if problems.len() > LISTED {
        report.push(format!("  … and {} more", problems.len() - LISTED));
    }
    false
}

/// Adds the migrations' lines; returns whether this binary can serve the database.
fn migrations_report(report: &mut Vec<String>, state: &MigrationState, backend: Backend) -> bool {
    let versions = |list: &[i64]| {
        list.iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    };
    report.push(format!(
        "migrations: {} of the {} built into this binary applied",
        state.applied.len(),
        MigrationState::built_in(backend)
    ));
    if !state.pending.is_empty() {
        report.push(format!(
            "  not applied yet: {} (the server applies them when it starts)",
            versions(&state.pending)
        ));
    }
    let problems = [
        (
            &state.unknown,
            "ERROR: applied by a newer Roster, unknown to this binary",
            "this binary will not serve the database; run the newer one",
        ),
        (
            &state.failed,
            "ERROR: failed part way",
            "restore a backup taken before the attempt",
        ),
        (
            &state.changed,
            "ERROR: applied from a text other than this binary's",
            "the server will not start on it",
        ),
    ];
    let mut sound = true;
    for (list, what, hint) in problems {
        if !list.is_empty() {
            report.push(format!("  {what}: {} ({hint})", versions(list)));
            sound = false;
        }
    }
    sound
}

/// A file size in bytes and in the nearest unit.
fn size_text(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    let mut value = bytes as f64;
    let mut unit = None;
    for next in UNITS {
        if value < 1000.0 {
            break;
        }
        value /= 1000.0;
        unit = Some(next);
    }
    match unit {
        Some(unit) => format!("{bytes} bytes, {value:.1} {unit}"),
        None => format!("{bytes} bytes"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_in_their_unit() {
        assert_eq!(size_text(512), "512 bytes");
        assert_eq!(size_text(4_096), "4096 bytes, 4.1 KB");
        assert_eq!(size_text(12_345_678), "12345678 bytes, 12.3 MB");
    }

    #[test]
    fn pending_migrations_are_reported_and_unknown_ones_are_problems() {
        let mut report = Vec::new();
        let pending = MigrationState {
            applied: vec![1, 2],
            pending: vec![13],
            ..Default::default()
        };
        assert!(migrations_report(&mut report, &pending, Backend::Sqlite));
        assert!(report[1].contains("not applied yet: 13"), "{report:?}");
        let mut report = Vec::new();
        let newer = MigrationState {
            unknown: vec![14],
            ..Default::default()
        };
        assert!(!migrations_report(&mut report, &newer, Backend::Sqlite));
        assert!(report[1].contains("newer Roster"), "{report:?}");
    }
}
