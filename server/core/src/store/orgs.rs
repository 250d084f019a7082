//! Organizations: creating one (with its first Owner, or by a signed-in person), finding one by
//! its address, the organizations a person may switch between, and those an operator's command
//! may name (deleted ones included, until they are purged). Renaming, moving and deleting
//! one live in `org_settings`.

use super::audit::{record, Event};
use super::audit_details::{self as details, Details};
use super::{accounts, begin_write, now, Db};
use crate::actor::AuditActor;
use shared::stored::Flag;
use shared::validate;
use shared::wire::OrgChoice;
use shared::AccountId;
use shared::{AppError, OrgRole};

/// Whether any organization exists (if none does, the app shows its first-run setup).
pub async fn any_exists(db: &Db) -> Result<bool, AppError> {
    sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM organizations)")
        .fetch_one(db)
        .await
        .map(|Flag(any)| any)
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
        let Flag(exists) = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM organizations)")
            .fetch_one(&mut *tx)
            .await?;
        if exists {
            return Err(AppError::Forbidden(
                "This Roster is already set up. Sign in instead.".into(),
            ));
        }
    }
    let org_id = insert(&mut tx, org_name, None).await?;
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
    conn: &mut sqlx::AnyConnection,
    org_id: i64,
    account_id: AccountId,
    role: OrgRole,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO memberships (org_id, account_id, org_role, joined_at) VALUES ($1, $2, $3, $4)",
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
    sqlx::query_scalar(
        "SELECT id FROM organizations WHERE name = $1 AND deleted_at IS NULL ORDER BY id LIMIT 1",
    )
    .bind(name)
    .fetch_optional(db)
    .await
    .map_err(AppError::from)
}

/// The ids of all organizations, oldest first.
pub async fn all_ids(db: &Db) -> Result<Vec<i64>, AppError> {
    sqlx::query_scalar("SELECT id FROM organizations WHERE deleted_at IS NULL ORDER BY id")
        .fetch_all(db)
        .await
        .map_err(AppError::from)
}

/// Inserts an organization named `name` at `slug` (or, without one, at the first free address
/// made from its name), inside `conn`'s transaction.
pub(super) async fn insert(
    conn: &mut sqlx::AnyConnection,
    name: &str,
    slug: Option<&str>,
) -> Result<i64, AppError> {
    let slug = match slug {
        Some(slug) => slug.to_string(),
        None => free_slug(conn, &validate::slug_from_name(name)).await?,
    };
    let org_id = sqlx::query_scalar::<_, i64>(
        "INSERT INTO organizations (name, slug, created_at) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(name)
    .bind(&slug)
    .bind(now())
    .fetch_one(&mut *conn)
    .await
    .map_err(super::on_unique(
        "slug",
        "Another organization has this address. Choose another.",
    ))?;
    take_address(conn, &slug).await?;
    Ok(org_id)
}

/// The address `slug` now belongs to the organization that took it, not to one that had it
/// before: it leaves the old addresses kept for redirects, inside `conn`'s transaction.
pub(super) async fn take_address(
    conn: &mut sqlx::AnyConnection,
    slug: &str,
) -> Result<(), AppError> {
    sqlx::query("DELETE FROM organization_old_slugs WHERE slug = $1")
        .bind(slug)
        .execute(conn)
        .await?;
    Ok(())
}

/// `base` if no organization has it, otherwise `base-2`, `base-3`, … (`org` for an empty base).
async fn free_slug(conn: &mut sqlx::AnyConnection, base: &str) -> Result<String, AppError> {
    let base = match validate::slug(base) {
        Ok(base) => base,
        Err(_) if base.is_empty() => "org".to_string(),
        Err(_) => format!(
            "{}-org",
            base.chars()
                .take(validate::SLUG_MAX - 4)
                .collect::<String>()
        ),
    };
    for n in 1.. {
        let candidate = if n == 1 {
            base.clone()
        } else {
            let suffix = format!("-{n}");
            let room = validate::SLUG_MAX - suffix.len();
            format!(
                "{}{suffix}",
                base.chars()
                    .take(room)
                    .collect::<String>()
                    .trim_end_matches('-')
            )
        };
        let Flag(taken) =
            sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM organizations WHERE slug = $1)")
                .bind(&candidate)
                .fetch_one(&mut *conn)
                .await?;
        if !taken {
            return Ok(candidate);
        }
    }
    unreachable!("the counter never ends")
}

/// An organization found by its address.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Found {
    pub id: i64,
    /// Its address now: differs from the one asked for when that was an old one.
    pub slug: String,
}

/// The organization at `slug`, or the one that had it before a rename (when no organization has
/// taken it since). Deleted organizations are not found.
pub async fn find_by_slug(db: &Db, slug: &str) -> Result<Option<Found>, AppError> {
    let found: Option<Found> = sqlx::query_as(
        "SELECT id, slug FROM organizations WHERE slug = $1 AND deleted_at IS NULL
         UNION ALL
         SELECT o.id, o.slug FROM organization_old_slugs s JOIN organizations o ON o.id = s.org_id
         WHERE s.slug = $2 AND o.deleted_at IS NULL
         LIMIT 1",
    )
    .bind(slug)
    .bind(slug)
    .fetch_optional(db)
    .await?;
    Ok(found)
}

/// An organization as the operator's commands see it: active, or deleted and kept for the
/// operator until it is purged.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Kept {
    pub id: i64,
    pub name: String,
    /// Its address; for a deleted organization, the one it had (none if it was deleted before
    /// deleted organizations remembered it).
    pub slug: Option<String>,
    /// When it was deleted (Unix seconds), if it was.
    pub deleted_at: Option<i64>,
}

/// The organizations, active or deleted but not purged yet, whose name or address is `text`
/// (either without regard to ASCII case; a deleted one by the address it had), oldest first.
/// Names are not unique, and a deleted organization's address may belong to another one now, so
/// there may be several.
pub async fn kept_named(db: &Db, text: &str) -> Result<Vec<Kept>, AppError> {
    sqlx::query_as(
        "SELECT id, name, COALESCE(slug, former_slug) AS slug, deleted_at FROM organizations
         WHERE name = $1 COLLATE NOCASE OR slug = $1 COLLATE NOCASE
            OR former_slug = $1 COLLATE NOCASE
         ORDER BY id",
    )
    .bind(text.trim())
    .fetch_all(db)
    .await
    .map_err(AppError::from)
}

/// The organization `id`, active or deleted but not purged yet.
pub async fn kept_by_id(db: &Db, id: i64) -> Result<Option<Kept>, AppError> {
    sqlx::query_as(
        "SELECT id, name, COALESCE(slug, former_slug) AS slug, deleted_at FROM organizations
         WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(db)
    .await
    .map_err(AppError::from)
}

/// The organizations `account_id` is an active member of, by name, with their role in each.
pub async fn choices(db: &Db, account_id: AccountId) -> Result<Vec<OrgChoice>, AppError> {
    sqlx::query_as(
        "SELECT o.id, o.name, o.slug, m.org_role AS role
         FROM memberships m JOIN organizations o ON o.id = m.org_id
         WHERE m.account_id = $1 AND m.deactivated_at IS NULL AND o.deleted_at IS NULL
         ORDER BY o.name COLLATE NOCASE, o.id",
    )
    .bind(account_id)
    .fetch_all(db)
    .await
    .map_err(AppError::from)
}

/// Creates an organization for a signed-in person, who becomes its Owner, in one transaction,
/// audited. Whether they may is the caller's check (an operator's setting).
pub async fn create_for(
    db: &Db,
    account_id: AccountId,
    account_name: &str,
    account_email: &str,
    org_name: &str,
    slug: Option<&str>,
) -> Result<i64, AppError> {
    let mut tx = begin_write(db).await?;
    let org_id = insert(&mut tx, org_name, slug).await?;
    add_membership(&mut tx, org_id, account_id, OrgRole::Owner).await?;
    let actor = AuditActor {
        org_id,
        account_id: Some(account_id),
        name: account_name.to_string(),
    };
    let event = Event::new(
        format!("organization “{org_name}”"),
        Details::OrganizationCreate(details::OrganizationCreated {
            owner: account_email.to_string(),
        }),
    )
    .about(account_id);
    record(&mut tx, &actor, &event).await?;
    tx.commit().await?;
    Ok(org_id)
}
