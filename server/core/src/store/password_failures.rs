//! Failed password checks, counted in the database, so that every server process on one database
//! applies the same limits. What the counts decide is `rate_limit`'s; here they are read and
//! written, each attempt in one write transaction (two attempts never both read the count before
//! either is recorded, in one process or several).

use super::{begin_write, write_turn, Db};
use shared::AppError;

/// What a failure is counted under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// One email from one client.
    EmailAndClient = 1,
    /// One client, whatever the email.
    Client = 2,
    /// One email, from anywhere.
    Email = 3,
}

/// A count to read and add to: what it counts under, and how many of its newest failure times
/// are worth reading (more would change no decision).
#[derive(Debug, Clone, Copy)]
pub struct Counter<'a> {
    pub kind: Kind,
    pub key: &'a [u8],
    pub keep: usize,
}

/// Reads each counter's failures at `since` or later (newest first, at most its `keep`) and hands
/// them to `decide`: when it refuses, nothing is written and the refusal is returned; otherwise a
/// failure at `at` is recorded under every counter (taken back if the password turns out right)
/// and the new rows' ids come back with the decision, in the counters' order.
pub async fn count_and_record<D, R>(
    db: &Db,
    counters: &[Counter<'_>],
    since: i64,
    at: i64,
    decide: impl FnOnce(&[Vec<i64>]) -> Result<D, R>,
) -> Result<Result<(D, Vec<i64>), R>, AppError> {
    let mut tx = begin_write(db).await?;
    let mut seen = Vec::with_capacity(counters.len());
    for counter in counters {
        let times: Vec<i64> = sqlx::query_scalar(
            "SELECT at FROM password_failures WHERE kind = $1 AND key = $2 AND at >= $3
             ORDER BY at DESC LIMIT $4",
        )
        .bind(counter.kind as i64)
        .bind(counter.key)
        .bind(since)
        .bind(counter.keep as i64)
        .fetch_all(&mut *tx)
        .await?;
        seen.push(times);
    }
    let decision = match decide(&seen) {
        Ok(decision) => decision,
        Err(refused) => return Ok(Err(refused)),
    };
    let mut ids = Vec::with_capacity(counters.len());
    for counter in counters {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO password_failures (kind, key, at) VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(counter.kind as i64)
        .bind(counter.key)
        .bind(at)
        .fetch_one(&mut *tx)
        .await?;
        ids.push(id);
    }
    tx.commit().await?;
    Ok(Ok((decision, ids)))
}

/// After a right password: forgets every failure under each of `clear`, and the single failure
/// row `take_back` (the attempt's own, under a count that keeps its other failures).
pub async fn forget(db: &Db, clear: &[(Kind, &[u8])], take_back: i64) -> Result<(), AppError> {
    let mut tx = begin_write(db).await?;
    for (kind, key) in clear {
        sqlx::query("DELETE FROM password_failures WHERE kind = $1 AND key = $2")
            .bind(*kind as i64)
            .bind(*key)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query("DELETE FROM password_failures WHERE id = $1")
        .bind(take_back)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Deletes the failures older than `before` (they count no more); returns how many.
pub async fn purge(db: &Db, before: i64) -> Result<u64, AppError> {
    let mut turn = write_turn(db).await?;
    Ok(sqlx::query("DELETE FROM password_failures WHERE at < $1")
        .bind(before)
        .execute(&mut *turn)
        .await?
        .rows_affected())
}
