//! Server-side sessions. The browser holds a random token; the database holds only its SHA-256.
//! A session is valid while it has been used within the idle timeout and is younger than the
//! absolute timeout. It belongs to an account, not to an organization: each request says which
//! organization it is about, and is served only while the account is an active member there. The
//! session remembers the organization used last.

use super::{now, write_turn, Db};
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

/// Starts a session for `account_id`, in `org_id` (`None` for an account that belongs to no
/// organization), and returns its token.
pub async fn create(
    db: &Db,
    account_id: AccountId,
    org_id: Option<i64>,
) -> Result<String, AppError> {
    let token = new_token();
    let at = now();
    let mut turn = write_turn(db).await?;
    sqlx::query("INSERT INTO sessions (token_hash, account_id, org_id, created_at, last_seen_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(token_hash(&token))
        .bind(account_id)
        .bind(org_id)
        .bind(at)
        .bind(at)
        .execute(&mut *turn)
        .await?;
    Ok(token)
}

/// Who a valid session belongs to, and the organization they used last.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionOwner {
    pub account_id: AccountId,
    pub name: String,
    pub email: String,
    /// The organization the session was last used in (where an address without one leads);
    /// `None` for an account that belongs to no organization.
    pub org_id: Option<i64>,
    last_seen_at: i64,
}

/// The owner of the session with this token, if it is valid; refreshes its last use when stale.
/// Whether the owner is a member of an organization is for [`member_in`] to say, per request.
pub async fn lookup(
    db: &Db,
    token: &str,
    lifetimes: Lifetimes,
) -> Result<Option<SessionOwner>, AppError> {
    let at = now();
    let hash = token_hash(token);
    let owner: Option<SessionOwner> = sqlx::query_as(
        "SELECT a.id AS account_id, a.name, a.email, s.org_id, s.last_seen_at
         FROM sessions s JOIN accounts a ON a.id = s.account_id
         WHERE s.token_hash = $1 AND s.last_seen_at > $2 AND s.created_at > $3",
    )
    .bind(&hash)
    .bind(at - lifetimes.idle_seconds)
    .bind(at - lifetimes.absolute_seconds)
    .fetch_optional(db)
    .await?;
    if let Some(owner) = &owner {
        if owner.last_seen_at < at - TOUCH_AFTER_SECONDS {
            let mut turn = write_turn(db).await?;
            sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
                .bind(at)
                .bind(&hash)
                .execute(&mut *turn)
                .await?;
        }
    }
    Ok(owner)
}

/// An active membership, as a request about its organization sees it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Membership {
    pub org_id: i64,
    pub org_name: String,
    pub org_slug: String,
    pub org_role: OrgRole,
    last_active_at: Option<i64>,
}

/// The active membership of the session's owner in `org_id` (`None`: not a member there, or
/// deactivated, or the organization was deleted). Marks the person active there, and remembers
/// the organization as the session's last used.
pub async fn member_in(
    db: &Db,
    token: &str,
    owner: &SessionOwner,
    org_id: i64,
) -> Result<Option<Membership>, AppError> {
    let at = now();
    let membership: Option<Membership> = sqlx::query_as(
        "SELECT o.id AS org_id, o.name AS org_name, o.slug AS org_slug, m.org_role, m.last_active_at
         FROM memberships m JOIN organizations o ON o.id = m.org_id
         WHERE m.org_id = $1 AND m.account_id = $2 AND m.deactivated_at IS NULL
           AND o.deleted_at IS NULL",
    )
    .bind(org_id)
    .bind(owner.account_id)
    .fetch_optional(db)
    .await?;
    let Some(membership) = membership else {
        return Ok(None);
    };
    if membership
        .last_active_at
        .is_none_or(|t| t < at - ACTIVITY_AFTER_SECONDS)
    {
        let mut turn = write_turn(db).await?;
        sqlx::query(
            "UPDATE memberships SET last_active_at = $1 WHERE org_id = $2 AND account_id = $3",
        )
        .bind(at)
        .bind(org_id)
        .bind(owner.account_id)
        .execute(&mut *turn)
        .await?;
    }
    if owner.org_id != Some(org_id) {
        let mut turn = write_turn(db).await?;
        sqlx::query("UPDATE sessions SET org_id = $1 WHERE token_hash = $2")
            .bind(org_id)
            .bind(token_hash(token))
            .execute(&mut *turn)
            .await?;
    }
    Ok(Some(membership))
}

/// Sessions last used in `org_id` by `account_id` (or, with `None`, by anyone), who is leaving it
/// or being deactivated there (or whose organization is being deleted), inside `conn`'s
/// transaction: each moves to another organization where its person is active, or ends when there
/// is none. Nothing of them stays in `org_id`.
pub async fn move_out_of(
    conn: &mut sqlx::AnyConnection,
    account_id: Option<AccountId>,
    org_id: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE sessions SET org_id = (
             SELECT m.org_id FROM memberships m JOIN organizations o ON o.id = m.org_id
             WHERE m.account_id = sessions.account_id AND m.org_id <> $2
               AND m.deactivated_at IS NULL AND o.deleted_at IS NULL
             ORDER BY m.last_active_at IS NULL, m.last_active_at DESC, m.joined_at LIMIT 1)
         WHERE ($1 IS NULL OR account_id = $1) AND org_id = $2
           AND EXISTS (SELECT 1 FROM memberships m JOIN organizations o ON o.id = m.org_id
                       WHERE m.account_id = sessions.account_id AND m.org_id <> $2
                         AND m.deactivated_at IS NULL AND o.deleted_at IS NULL)",
    )
    .bind(account_id)
    .bind(org_id)
    .execute(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM sessions WHERE ($1 IS NULL OR account_id = $1) AND org_id = $2")
        .bind(account_id)
        .bind(org_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Ends the session with this token (signing out).
pub async fn delete(db: &Db, token: &str) -> Result<(), AppError> {
    let mut turn = write_turn(db).await?;
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash(token))
        .execute(&mut *turn)
        .await?;
    Ok(())
}

/// Deletes sessions that can no longer be valid.
pub async fn purge_expired(db: &Db, lifetimes: Lifetimes) -> Result<u64, AppError> {
    let at = now();
    let mut turn = write_turn(db).await?;
    let done = sqlx::query("DELETE FROM sessions WHERE last_seen_at <= $1 OR created_at <= $2")
        .bind(at - lifetimes.idle_seconds)
        .bind(at - lifetimes.absolute_seconds)
        .execute(&mut *turn)
        .await?;
    Ok(done.rows_affected())
}
