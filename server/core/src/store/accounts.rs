//! Accounts: people who can sign in, and their credentials.

use super::{now, Db};
use shared::stored::Flag;
use shared::AccountId;
use shared::AppError;

/// What sign-in needs to know about an account. Not serializable: it carries the password hash.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Credentials {
    pub account_id: i64,
    pub password_hash: String,
}

/// The credentials of the account with this email, if there is one.
pub async fn credentials(db: &Db, email: &str) -> Result<Option<Credentials>, AppError> {
    // No stored address holds a NUL byte, and Postgres refuses one in a query's text.
    if email.contains('\0') {
        return Ok(None);
    }
    sqlx::query_as("SELECT id AS account_id, password_hash FROM accounts WHERE email = $1")
        .bind(email)
        .fetch_optional(db)
        .await
        .map_err(AppError::from)
}

/// Creates an account inside `conn`'s transaction. The email must be new.
pub async fn insert(
    conn: &mut sqlx::AnyConnection,
    email: &str,
    name: &str,
    password_hash: &str,
) -> Result<AccountId, AppError> {
    let id = sqlx::query_scalar::<_, i64>(
        "INSERT INTO accounts (email, name, password_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(email)
    .bind(name)
    .bind(password_hash)
    .bind(now())
    .fetch_one(conn)
    .await
    .map_err(super::on_unique(
        "email",
        "An account with this email already exists.",
    ))?
    ;
    Ok(AccountId(id))
}

/// The organization an account signs in to: of those where it is active, the one it used last
/// (the first it joined, when it has used none).
pub async fn home_org(db: &Db, account_id: AccountId) -> Result<Option<i64>, AppError> {
    sqlx::query_scalar(
        "SELECT m.org_id FROM memberships m JOIN organizations o ON o.id = m.org_id
         WHERE m.account_id = $1 AND m.deactivated_at IS NULL AND o.deleted_at IS NULL
         ORDER BY m.last_active_at IS NULL, m.last_active_at DESC, m.joined_at, m.org_id LIMIT 1",
    )
    .bind(account_id)
    .fetch_optional(db)
    .await
    .map_err(AppError::from)
}

/// Whether the account is deactivated in an organization (which keeps it from signing in while it
/// is active in none).
pub async fn deactivated_somewhere(db: &Db, account_id: AccountId) -> Result<bool, AppError> {
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM memberships m JOIN organizations o ON o.id = m.org_id
                        WHERE m.account_id = $1 AND m.deactivated_at IS NOT NULL
                          AND o.deleted_at IS NULL)",
    )
    .bind(account_id)
    .fetch_one(db)
    .await
    .map(|Flag(deactivated)| deactivated)
    .map_err(AppError::from)
}

/// The account with this email, if it belongs to a member of organization `org_id`, inside
/// `conn`'s transaction. Accounts outside the organization are never named to it: whether an email
/// has an account elsewhere is none of its business.
pub async fn member_id_by_email(
    conn: &mut sqlx::AnyConnection,
    org_id: i64,
    email: &str,
) -> Result<Option<AccountId>, AppError> {
    sqlx::query_scalar(
        "SELECT a.id FROM accounts a JOIN memberships m ON m.account_id = a.id AND m.org_id = $1
         WHERE a.email = $2",
    )
    .bind(org_id)
    .bind(email)
    .fetch_optional(conn)
    .await
    .map_err(AppError::from)
}
