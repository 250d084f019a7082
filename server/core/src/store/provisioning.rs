//! How the identity provider provisions an organization: its SCIM tokens (only their SHA-256 is
//! stored) and the organization role provisioned people get. Managed by Owners.

use super::audit::{Change, Event};
use super::audit_details::{self as details, Details, Nothing};
use super::sessions::{new_token, token_hash};
use super::{now, write_turn, Db};
use crate::actor::{AuditActor, Permit, ScimClient};
use shared::stored::Flag;
use shared::wire::{NewScimToken, ScimTokenRow};
use shared::{provisionable, AccountId, Action, AppError, OrgRole};

/// How stale a token's `last_used_at` may get before a request refreshes it.
const TOUCH_AFTER_SECONDS: i64 = 60;

/// The longest token name.
pub const TOKEN_NAME_MAX: usize = 100;

/// The organization's tokens that are not revoked, newest first.
pub async fn tokens(db: &Db, permit: &Permit) -> Result<Vec<ScimTokenRow>, AppError> {
    permit.expect(Action::ManageProvisioning)?;
    let rows: Vec<(i64, String, String, i64, Option<i64>)> = sqlx::query_as(
        "SELECT id, name, created_by_name, created_at, last_used_at FROM scim_tokens
         WHERE org_id = $1 AND revoked_at IS NULL ORDER BY id DESC",
    )
    .bind(permit.org_id())
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(id, name, created_by, created_at, last_used_at)| ScimTokenRow {
                id,
                name,
                created_by,
                created_at,
                last_used_at,
            },
        )
        .collect())
}

/// Creates a token named `name` (trimmed, not empty, unique among the organization's tokens that
/// are not revoked). The token (256 random bits) is returned this once.
pub async fn create_token(db: &Db, permit: &Permit, name: &str) -> Result<NewScimToken, AppError> {
    permit.expect(Action::ManageProvisioning)?;
    insert_token(db, permit.audit_actor(), name).await
}

/// Creates a token for organization `org_id` by an operator's command on the server.
pub async fn create_token_by_operator(
    db: &Db,
    org_id: i64,
    name: &str,
) -> Result<NewScimToken, AppError> {
    let actor = AuditActor {
        org_id,
        account_id: None,
        name: "Server command".into(),
    };
    insert_token(db, actor, name).await
}

async fn insert_token(db: &Db, actor: AuditActor, name: &str) -> Result<NewScimToken, AppError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(AppError::invalid("name", "Give the token a name."));
    }
    if name.chars().count() > TOKEN_NAME_MAX {
        return Err(AppError::invalid(
            "name",
            format!("A token name has at most {TOKEN_NAME_MAX} characters."),
        ));
    }
    let org_id = actor.org_id;
    let (created_by, created_by_name) = (actor.account_id, actor.name.clone());
    let mut change = Change::begin(db, actor).await?;
    let Flag(taken) = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM scim_tokens
                        WHERE org_id = $1 AND name = $2 COLLATE NOCASE AND revoked_at IS NULL)",
    )
    .bind(org_id)
    .bind(name)
    .fetch_one(change.tx())
    .await?;
    if taken {
        return Err(AppError::conflict(
            "name",
            "A token with this name exists. Choose another name.",
        ));
    }
    let token = format!("roster_scim_{}", new_token());
    let id = sqlx::query_scalar::<_, i64>(
        "INSERT INTO scim_tokens (org_id, name, token_hash, created_by, created_by_name, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(org_id)
    .bind(name)
    .bind(token_hash(&token))
    .bind(created_by)
    .bind(created_by_name)
    .bind(now())
    .fetch_one(change.tx())
    .await?
    ;
    change
        .commit(Event::new(
            format!("SCIM token “{name}”"),
            Details::ScimTokenCreate(Nothing {}),
        ))
        .await?;
    Ok(NewScimToken {
        id,
        name: name.to_string(),
        token,
    })
}

/// Revokes a token of the organization: from now on it authenticates nothing.
pub async fn revoke_token(db: &Db, permit: &Permit, id: i64) -> Result<(), AppError> {
    permit.expect(Action::ManageProvisioning)?;
    let mut change = Change::begin(db, permit.audit_actor()).await?;
    let name: Option<String> = sqlx::query_scalar(
        "UPDATE scim_tokens SET revoked_at = $1 WHERE id = $2 AND org_id = $3 AND revoked_at IS NULL
         RETURNING name",
    )
    .bind(now())
    .bind(id)
    .bind(permit.org_id())
    .fetch_optional(change.tx())
    .await?;
    let Some(name) = name else {
        return Err(AppError::NotFound("This token".into()));
    };
    change
        .commit(Event::new(
            format!("SCIM token “{name}”"),
            Details::ScimTokenRevoke(Nothing {}),
        ))
        .await
}

/// The organization role provisioned people get.
pub async fn provisioned_role(
    conn: &mut sqlx::AnyConnection,
    org_id: i64,
) -> Result<OrgRole, AppError> {
    sqlx::query_scalar("SELECT provisioned_role FROM organizations WHERE id = $1")
        .bind(org_id)
        .fetch_one(conn)
        .await
        .map_err(AppError::from)
}

/// Sets the organization role provisioned people get (never Owner).
pub async fn set_provisioned_role(db: &Db, permit: &Permit, to: OrgRole) -> Result<(), AppError> {
    permit.expect(Action::ManageProvisioning)?;
    provisionable(to).map_err(|denied| AppError::invalid("role", denied.to_string()))?;
    let mut change = Change::begin(db, permit.audit_actor()).await?;
    let from = provisioned_role(change.tx(), permit.org_id()).await?;
    if from == to {
        return change.finish().await;
    }
    sqlx::query("UPDATE organizations SET provisioned_role = $1 WHERE id = $2")
        .bind(to)
        .bind(permit.org_id())
        .execute(change.tx())
        .await?;
    change
        .commit(Event::new(
            "Provisioned people",
            Details::ProvisionedRole(details::ProvisionedRoleChanged { from, to }),
        ))
        .await
}

/// The SCIM client a bearer token stands for, if it is a token that is not revoked; refreshes the
/// token's last use when it is stale.
pub async fn authenticate(db: &Db, token: &str) -> Result<Option<ScimClient>, AppError> {
    let hash = token_hash(token);
    let row: Option<(i64, String, i64, Option<i64>)> = sqlx::query_as(
        "SELECT id, name, org_id, last_used_at FROM scim_tokens
         WHERE token_hash = $1 AND revoked_at IS NULL",
    )
    .bind(&hash)
    .fetch_optional(db)
    .await?;
    let Some((token_id, token_name, org_id, last_used_at)) = row else {
        return Ok(None);
    };
    let at = now();
    if last_used_at.is_none_or(|t| t < at - TOUCH_AFTER_SECONDS) {
        let mut turn = write_turn(db).await?;
        sqlx::query("UPDATE scim_tokens SET last_used_at = $1 WHERE id = $2")
            .bind(at)
            .bind(token_id)
            .execute(&mut *turn)
            .await?;
    }
    Ok(Some(ScimClient {
        token_id,
        token_name,
        org_id,
    }))
}

/// Uses a link that lets a provisioned person choose their password: if it is valid (not used,
/// not expired, its person still active in its organization), sets the password hash and spends
/// the link, in one transaction. Returns the account and the organization to sign in to.
pub async fn use_password_link(
    db: &Db,
    token: &str,
    password_hash: &str,
) -> Result<(AccountId, i64), AppError> {
    let mut tx = super::begin_write(db).await?;
    let at = now();
    let link: Option<(AccountId, i64)> = sqlx::query_as(
        "SELECT l.account_id, l.org_id FROM password_links l
         JOIN memberships m ON m.org_id = l.org_id AND m.account_id = l.account_id
         WHERE l.token_hash = $1 AND l.used_at IS NULL AND l.expires_at > $2
           AND m.deactivated_at IS NULL",
    )
    .bind(token_hash(token))
    .bind(at)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((account_id, org_id)) = link else {
        return Err(AppError::Forbidden(
            "This link was used already, has expired, or is not valid. If you have chosen your password, sign in.".into(),
        ));
    };
    sqlx::query("UPDATE password_links SET used_at = $1 WHERE token_hash = $2")
        .bind(at)
        .bind(token_hash(token))
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE accounts SET password_hash = $1 WHERE id = $2")
        .bind(password_hash)
        .bind(account_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok((account_id, org_id))
}
