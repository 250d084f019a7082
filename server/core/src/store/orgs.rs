//! Organizations, and creating one together with its first Owner.

use super::audit::{record, Event};
use super::audit_details::{self as details, Details};
use super::{accounts, begin_write, now, Db};
use crate::actor::AuditActor;
use shared::AccountId;
use shared::{AppError, OrgRole};

/// Whether any organization exists (if none does, the app shows its first-run setup).
pub async fn any_exists(db: &Db) -> Result<bool, AppError> {
    sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM organizations)")
        .fetch_one(db)
        .await
        .map_err(AppError::from)
}

/// The new organization and its first Owner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Created {
    pub org_id: i64,
    pub owner_id: AccountId,
}

/// Who asks for a new organization: the first-run page (allowed only while there is none) or an
/// operator's command on the server (allowed any time).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    FirstRun,
    Operator,
}

/// Creates an organization and its Owner account in one transaction, audited.
pub async fn create_with_owner(
    db: &Db,
    origin: Origin,
    org_name: &str,
    owner_name: &str,
    email: &str,
    password_hash: &str,
) -> Result<Created, AppError> {
    let mut tx = begin_write(db).await?;
    if origin == Origin::FirstRun {
        let exists: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM organizations)")
            .fetch_one(&mut *tx)
            .await?;
        if exists {
            return Err(AppError::Forbidden(
                "This Roster is already set up. Sign in instead.".into(),
            ));
        }
    }
    let at = now();
    let org_id = sqlx::query("INSERT INTO organizations (name, created_at) VALUES (?, ?)")
        .bind(org_name)
        .bind(at)
        .execute(&mut *tx)
        .await?
        .last_insert_rowid();
    let owner_id = accounts::insert(&mut tx, email, owner_name, password_hash).await?;
    add_membership(&mut tx, org_id, owner_id, OrgRole::Owner).await?;
    let actor = AuditActor {
        org_id,
        account_id: (origin == Origin::FirstRun).then_some(owner_id),
        name: match origin {
            Origin::FirstRun => owner_name.to_string(),
            Origin::Operator => "Server command".to_string(),
        },
    };
    let event = Event::new(
        format!("organization “{org_name}”"),
        Details::OrganizationCreate(details::OrganizationCreated {
            owner: email.to_string(),
        }),
    )
    .about(owner_id);
    record(&mut tx, &actor, &event).await?;
    tx.commit().await?;
    Ok(Created { org_id, owner_id })
}

/// Adds `account_id` to `org_id` with `role`, inside `conn`'s transaction.
pub async fn add_membership(
    conn: &mut sqlx::SqliteConnection,
    org_id: i64,
    account_id: AccountId,
    role: OrgRole,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO memberships (org_id, account_id, org_role, joined_at) VALUES (?, ?, ?, ?)",
    )
    .bind(org_id)
    .bind(account_id)
    .bind(role.as_str())
    .bind(now())
    .execute(conn)
    .await
    .map_err(super::on_unique(
        "email",
        "This person is already a member of the organization.",
    ))?;
    Ok(())
}

/// The id of the organization with this name (names are not unique across a server; the oldest wins).
pub async fn find_by_name(db: &Db, name: &str) -> Result<Option<i64>, AppError> {
    sqlx::query_scalar("SELECT id FROM organizations WHERE name = ? ORDER BY id LIMIT 1")
        .bind(name)
        .fetch_optional(db)
        .await
        .map_err(AppError::from)
}

/// The ids of all organizations, oldest first.
pub async fn all_ids(db: &Db) -> Result<Vec<i64>, AppError> {
    sqlx::query_scalar("SELECT id FROM organizations ORDER BY id")
        .fetch_all(db)
        .await
        .map_err(AppError::from)
}
