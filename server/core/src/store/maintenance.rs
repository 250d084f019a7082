//! Keeping the database file sound while the server runs: an online backup, SQLite's own
//! consistency checks, and the housekeeping that deletes rows nothing will read again (expired
//! sessions, spent or expired password links, old replaced invitation links). No row a person
//! can still use, and no audit event, is deleted here.

use super::{now, sessions, write_turn, Db};
use crate::config::Lifetimes;
use shared::AppError;
use std::time::Duration;

/// Writes a consistent copy of the database to `file` (which must not exist) with
/// `VACUUM INTO`: it reads one snapshot, so writers go on meanwhile and the copy holds every
/// change committed before it started and none after. The copy is compacted, without a WAL.
pub async fn backup(db: &Db, file: &str) -> Result<(), sqlx::Error> {
    sqlx::query("VACUUM INTO $1").bind(file).execute(db).await?;
    Ok(())
}

/// What `PRAGMA integrity_check` finds wrong in the file (empty when it says `ok`).
pub async fn integrity_problems(db: &Db) -> Result<Vec<String>, sqlx::Error> {
    let lines: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_all(db)
        .await?;
    Ok(lines.into_iter().filter(|line| line != "ok").collect())
}

/// The rows that refer to a row that does not exist (`PRAGMA foreign_key_check`), one line
/// each: the table, the row and the table it should refer to.
pub async fn foreign_key_problems(db: &Db) -> Result<Vec<String>, sqlx::Error> {
    let rows: Vec<(String, Option<i64>, String, i64)> = sqlx::query_as("PRAGMA foreign_key_check")
        .fetch_all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(table, row, parent, _)| match row {
            Some(row) => format!("{table} row {row} refers to a missing {parent} row"),
            None => format!("a {table} row refers to a missing {parent} row"),
        })
        .collect())
}

/// How many rows one round of housekeeping deleted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Purged {
    /// Sessions past their idle or absolute lifetime.
    pub sessions: u64,
    /// Password links used already or past their expiry.
    pub password_links: u64,
    /// Replaced invitation links remembered for longer than an invitation lives.
    pub replaced_links: u64,
    /// Organizations deleted more than 30 days ago, with the audit events kept for the operator.
    pub deleted_orgs: u64,
    /// Failed password checks that have left the window.
    pub password_failures: u64,
}

impl Purged {
    /// Whether anything was deleted.
    pub fn any(&self) -> bool {
        self.sessions
            + self.password_links
            + self.replaced_links
            + self.deleted_orgs
            + self.password_failures
            > 0
    }
}

/// Deletes what can no longer be used: sessions past `sessions` lifetimes, password links
/// spent or expired (opening one says the same as a link that never existed), and replaced
/// invitation links older than `invitation_ttl` (a link that old has expired anyway, so it is
/// told apart from an unknown one no longer), and organizations deleted more than 30 days ago
/// (their audit events were kept that long for the operator), and failed password checks older
/// than `failure_window`. Invitations themselves are kept: a pending one
/// past its expiry is shown as expired, and its row is the organization's record.
pub async fn purge(
    db: &Db,
    sessions_lifetimes: Lifetimes,
    invitation_ttl: Duration,
    failure_window: Duration,
) -> Result<Purged, AppError> {
    let at = now();
    let window = i64::try_from(failure_window.as_millis()).unwrap_or(i64::MAX);
    let password_failures =
        super::password_failures::purge(db, (at * 1000).saturating_sub(window)).await?;
    let sessions = sessions::purge_expired(db, sessions_lifetimes).await?;
    let ttl = i64::try_from(invitation_ttl.as_secs()).unwrap_or(i64::MAX);
    let (password_links, replaced_links) = {
        let mut turn = write_turn(db).await?;
        let password_links =
            sqlx::query("DELETE FROM password_links WHERE used_at IS NOT NULL OR expires_at < $1")
                .bind(at)
                .execute(&mut *turn)
                .await?
                .rows_affected();
        let replaced_links =
            sqlx::query("DELETE FROM invitation_replaced_links WHERE replaced_at < $1")
                .bind(at.saturating_sub(ttl))
                .execute(&mut *turn)
                .await?
                .rows_affected();
        (password_links, replaced_links)
    };
    let deleted_orgs = super::org_settings::purge_deleted(db).await?;
    Ok(Purged {
        sessions,
        password_links,
        replaced_links,
        deleted_orgs,
        password_failures,
    })
}

/// Takes the lease of the background round `name` for `holder` until `seconds` from now, or
/// renews it if `holder` has it already; returns whether `holder` holds it (another holder's
/// lease that has not run out keeps it). One statement, so two processes never both take it.
pub async fn take_lease(db: &Db, name: &str, holder: &str, seconds: i64) -> Result<bool, AppError> {
    let at = now();
    let mut turn = write_turn(db).await?;
    let taken: Option<String> = sqlx::query_scalar(
        "INSERT INTO background_leases (name, holder, held_until) VALUES ($1, $2, $3)
         ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, held_until = excluded.held_until
         WHERE background_leases.held_until <= $4 OR background_leases.holder = excluded.holder
         RETURNING holder",
    )
    .bind(name)
    .bind(holder)
    .bind(at.saturating_add(seconds))
    .bind(at)
    .fetch_optional(&mut *turn)
    .await?;
    Ok(taken.is_some())
}
