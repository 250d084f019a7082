//! Server-side sessions. The browser holds a random token; the database holds only its SHA-256.
//! A session is valid while its account is still a member of the session's organization, it has
//! been used within the idle timeout, and it is younger than the absolute timeout.

use super::{now, Db};
use crate::config::Lifetimes;
use rand::RngCore;
use sha2::{Digest, Sha256};
use shared::AccountId;
use shared::{AppError, OrgRole};

/// How stale `last_seen_at` / `last_active_at` may get before a request refreshes them, so that
/// reads do not turn into a write on every request.
const TOUCH_AFTER_SECONDS: i64 = 60;
const ACTIVITY_AFTER_SECONDS: i64 = 300;

/// A random 256-bit token, hex-encoded, for a cookie or a link.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// The stored form of a token.
pub fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// Starts a session for `account_id` in `org_id` and returns its token.
pub async fn create(db: &Db, account_id: AccountId, org_id: i64) -> Result<String, AppError> {
    let token = new_token();
    let at = now();
    sqlx::query("INSERT INTO sessions (token_hash, account_id, org_id, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)")
        .bind(token_hash(&token))
        .bind(account_id)
        .bind(org_id)
        .bind(at)
        .bind(at)
        .execute(db)
        .await?;
    Ok(token)
}

/// Who a valid session belongs to.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionOwner {
    pub account_id: AccountId,
    pub name: String,
    pub email: String,
    pub org_id: i64,
    pub org_name: String,
    pub org_role: OrgRole,
    last_seen_at: i64,
    last_active_at: Option<i64>,
}

/// The owner of the session with this token, if it is valid; refreshes its activity times when
/// they are stale.
pub async fn lookup(
    db: &Db,
    token: &str,
    lifetimes: Lifetimes,
) -> Result<Option<SessionOwner>, AppError> {
    let at = now();
    let hash = token_hash(token);
    let owner: Option<SessionOwner> = sqlx::query_as(
        "SELECT a.id AS account_id, a.name, a.email, o.id AS org_id, o.name AS org_name, m.org_role,
                s.last_seen_at, m.last_active_at
         FROM sessions s
         JOIN memberships m ON m.org_id = s.org_id AND m.account_id = s.account_id
         JOIN accounts a ON a.id = s.account_id
         JOIN organizations o ON o.id = s.org_id
         WHERE s.token_hash = ? AND s.last_seen_at > ? AND s.created_at > ?
           AND m.deactivated_at IS NULL",
    )
    .bind(&hash)
    .bind(at - lifetimes.idle_seconds)
    .bind(at - lifetimes.absolute_seconds)
    .fetch_optional(db)
    .await?;
    if let Some(owner) = &owner {
        if owner.last_seen_at < at - TOUCH_AFTER_SECONDS {
            sqlx::query("UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?")
                .bind(at)
                .bind(&hash)
                .execute(db)
                .await?;
        }
        if owner
            .last_active_at
            .is_none_or(|t| t < at - ACTIVITY_AFTER_SECONDS)
        {
            sqlx::query(
                "UPDATE memberships SET last_active_at = ? WHERE org_id = ? AND account_id = ?",
            )
            .bind(at)
            .bind(owner.org_id)
            .bind(owner.account_id)
            .execute(db)
            .await?;
        }
    }
    Ok(owner)
}

/// Ends the session with this token (signing out).
pub async fn delete(db: &Db, token: &str) -> Result<(), AppError> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = ?")
        .bind(token_hash(token))
        .execute(db)
        .await?;
    Ok(())
}

/// Deletes sessions that can no longer be valid.
pub async fn purge_expired(db: &Db, lifetimes: Lifetimes) -> Result<u64, AppError> {
    let at = now();
    let done = sqlx::query("DELETE FROM sessions WHERE last_seen_at <= ? OR created_at <= ?")
        .bind(at - lifetimes.idle_seconds)
        .bind(at - lifetimes.absolute_seconds)
        .execute(db)
        .await?;
    Ok(done.rows_affected())
}
