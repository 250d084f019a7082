//! The organization's people as the SCIM layer reads them: one, by user name or external id, a
//! page, the count.

use super::UserRecord;
use crate::actor::ScimPermit;
use crate::store::Db;
use shared::{AccountId, AppError};

/// The columns read, followed by the rest of the statement (a literal, so the SQL stays static).
macro_rules! select {
    ($rest:literal) => {
        concat!(
            "SELECT m.account_id, m.email, m.name, COALESCE(m.user_name, m.email) AS user_name,
        m.external_id, m.scim_attributes AS attributes, m.deactivated_at IS NULL AS active,
        m.org_role AS role, m.revision, m.joined_at AS created_at,
        COALESCE(m.modified_at, m.joined_at) AS modified_at
     FROM memberships m",
            " ",
            $rest
        )
    };
}

/// One person of the organization, by account id.
pub async fn get(db: &Db, permit: &ScimPermit, id: AccountId) -> Result<UserRecord, AppError> {
    read(&mut *db.acquire().await?, permit.org_id(), id).await
}

pub(super) async fn read(
    conn: &mut sqlx::AnyConnection,
    org_id: i64,
    id: AccountId,
) -> Result<UserRecord, AppError> {
    sqlx::query_as(select!("WHERE m.org_id = $1 AND m.account_id = $2"))
        .bind(org_id)
        .bind(id)
        .fetch_optional(conn)
        .await?
        .ok_or_else(|| AppError::NotFound("This user".into()))
}

/// The person whose user name is `user_name` (compared without regard to case), if any.
pub async fn by_user_name(
    db: &Db,
    permit: &ScimPermit,
    user_name: &str,
) -> Result<Option<UserRecord>, AppError> {
    sqlx::query_as(select!(
        "WHERE m.org_id = $1 AND COALESCE(m.user_name, m.email) = $2 COLLATE NOCASE"
    ))
    .bind(permit.org_id())
    .bind(user_name)
    .fetch_optional(db)
    .await
    .map_err(AppError::from)
}

/// The people whose external id is `external_id`.
pub async fn by_external_id(
    db: &Db,
    permit: &ScimPermit,
    external_id: &str,
) -> Result<Vec<UserRecord>, AppError> {
    sqlx::query_as(select!(
        "WHERE m.org_id = $1 AND m.external_id = $2 ORDER BY m.account_id"
    ))
    .bind(permit.org_id())
    .bind(external_id)
    .fetch_all(db)
    .await
    .map_err(AppError::from)
}

/// How many people the organization has.
pub async fn count(db: &Db, permit: &ScimPermit) -> Result<i64, AppError> {
    sqlx::query_scalar("SELECT COUNT(*) FROM memberships WHERE org_id = $1")
        .bind(permit.org_id())
        .fetch_one(db)
        .await
        .map_err(AppError::from)
}

/// People in account-id order: `count` of them after skipping `offset`.
pub async fn page(
    db: &Db,
    permit: &ScimPermit,
    offset: i64,
    count: i64,
) -> Result<Vec<UserRecord>, AppError> {
    sqlx::query_as(select!(
        "WHERE m.org_id = $1 ORDER BY m.account_id LIMIT $2 OFFSET $3"
    ))
    .bind(permit.org_id())
    .bind(count)
    .bind(offset)
    .fetch_all(db)
    .await
    .map_err(AppError::from)
}
