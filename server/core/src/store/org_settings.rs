//! The organization's own settings (the General tab): its name, its address, deleting it — and a
//! person leaving it. Each is one transaction with its audit event; every check is made against
//! the rows as they are inside it.

use super::audit::{Change, Event};
use super::audit_details::{self as details, Details};
use super::checks::current;
use super::members::leave;
use super::{now, sessions, write_turn, Db};
use crate::actor::{Actor, Permit};
use shared::wire::OrgSettings;
use shared::{Action, AppError, OrgRole};

/// How long the audit events of a deleted organization are kept for the operator.
pub const DELETED_KEPT_SECONDS: i64 = 30 * 24 * 3600;

/// The General tab of organization `org_id`.
pub async fn settings(db: &Db, org_id: i64) -> Result<OrgSettings, AppError> {
    let row: Option<(i64, String, String, i64, i64, i64, i64)> = sqlx::query_as(
        "SELECT o.id, o.name, o.slug, o.created_at,
                (SELECT COUNT(*) FROM memberships WHERE org_id = o.id),
                (SELECT COUNT(*) FROM projects WHERE org_id = o.id),
                (SELECT COUNT(*) FROM teams WHERE org_id = o.id)
         FROM organizations o WHERE o.id = $1 AND o.deleted_at IS NULL",
    )
    .bind(org_id)
    .fetch_optional(db)
    .await?;
    let (id, name, slug, created_at, members, projects, teams) =
        row.ok_or_else(|| AppError::NotFound("This organization".into()))?;
    Ok(OrgSettings {
        id,
        name,
        slug,
        created_at,
        members,
        projects,
        teams,
    })
}

/// Opens the change of an organization setting that `permit` allows, once the policy still allows
/// it with the actor's role as it is inside the transaction.
async fn begin(db: &Db, permit: &Permit, action: Action) -> Result<Change, AppError> {
    permit.expect(action)?;
    let mut change = Change::begin(db, permit.audit_actor()).await?;
    current(&mut change, permit.actor()).await?.permit(action)?;
    Ok(change)
}

/// Renames the organization (`name` already checked). Nothing is written when it is unchanged.
pub async fn rename(db: &Db, permit: &Permit, name: &str) -> Result<(), AppError> {
    let mut change = begin(db, permit, Action::ManageOrganization).await?;
    let org_id = change.org_id();
    let old: String = sqlx::query_scalar("SELECT name FROM organizations WHERE id = $1")
        .bind(org_id)
        .fetch_one(change.tx())
        .await?;
    if old == name {
        return change.finish().await;
    }
    sqlx::query("UPDATE organizations SET name = $1 WHERE id = $2")
        .bind(name)
        .bind(org_id)
        .execute(change.tx())
        .await?;
    let event = Event::new(
        format!("organization “{name}”"),
        Details::OrganizationRename(details::Renamed {
            from: old,
            to: name.to_string(),
        }),
    );
    change.commit(event).await
}

/// Moves the organization to the address `slug` (already checked). The old address keeps leading
/// to it until another organization takes it. Nothing is written when it is unchanged.
pub async fn change_slug(db: &Db, permit: &Permit, slug: &str) -> Result<(), AppError> {
    let mut change = begin(db, permit, Action::ManageOrganization).await?;
    let org_id = change.org_id();
    let (old, name): (String, String) =
        sqlx::query_as("SELECT slug, name FROM organizations WHERE id = $1")
            .bind(org_id)
            .fetch_one(change.tx())
            .await?;
    if old == slug {
        return change.finish().await;
    }
    sqlx::query("UPDATE organizations SET slug = $1 WHERE id = $2")
        .bind(slug)
        .bind(org_id)
        .execute(change.tx())
        .await
        .map_err(super::on_unique(
            "slug",
            "Another organization has this address. Choose another.",
        ))?;
    super::orgs::take_address(change.tx(), slug).await?;
    sqlx::query(
        "INSERT INTO organization_old_slugs (slug, org_id) VALUES ($1, $2)
         ON CONFLICT (slug) DO UPDATE SET org_id = excluded.org_id",
    )
    .bind(&old)
    .bind(org_id)
    .execute(change.tx())
    .await?;
    let event = Event::new(
        format!("organization “{name}”"),
        Details::OrganizationAddress(details::Renamed {
            from: old,
            to: slug.to_string(),
        }),
    );
    change.commit(event).await
}

/// The tables that hold an organization's data (its sessions move first: see [`delete`]), in the
/// order [`delete`] empties them (people
/// before teams and projects, so that the triggers keeping each member's lists have nothing left
/// to update). Grants, team members and team projects go with their projects and teams, an
/// invitation's projects, teams and old links with it. `audit_events` is kept for the operator.
pub const ORGANIZATION_TABLES: [&str; 9] = [
    "outbox",
    "password_links",
    "scim_tokens",
    "invitations",
    "memberships",
    "org_role_counts",
    "teams",
    "projects",
    "organization_old_slugs",
];

/// Deletes the organization, after its Owner typed its name (`confirm`): everything in it goes in
/// one transaction; the organization's row stays (without its address, which is free again, but
/// remembering it as `former_slug`) with its audit events, for the operator (`roster
/// export-audit`), and is purged after [`DELETED_KEPT_SECONDS`]. The people's
/// accounts stay; they can sign in to their other organizations, or create or join one.
pub async fn delete(db: &Db, permit: &Permit, confirm: &str) -> Result<(), AppError> {
    let mut change = begin(db, permit, Action::DeleteOrganization).await?;
    let org_id = change.org_id();
    let name: String = sqlx::query_scalar("SELECT name FROM organizations WHERE id = $1")
        .bind(org_id)
        .fetch_one(change.tx())
        .await?;
    if confirm.trim() != name {
        return Err(AppError::invalid(
            "confirm",
            format!("Type the organization's name, “{name}”, exactly as it is written."),
        ));
    }
    let count = |table: &'static str| format!("SELECT COUNT(*) FROM {table} WHERE org_id = $1");
    let mut held = [0u64; 3];
    for (n, table) in ["memberships", "projects", "teams"].into_iter().enumerate() {
        let sql = sqlx::AssertSqlSafe(count(table));
        held[n] = sqlx::query_scalar::<_, i64>(sql)
            .bind(org_id)
            .fetch_one(change.tx())
            .await? as u64;
    }
    // Its people's sessions move to their other organizations (or end).
    sessions::move_out_of(change.tx(), None, org_id).await?;
    for table in ORGANIZATION_TABLES {
        // The names are the constants above, never a request's.
        let sql = sqlx::AssertSqlSafe(format!("DELETE FROM {table} WHERE org_id = $1"));
        sqlx::query(sql).bind(org_id).execute(change.tx()).await?;
    }
    // The address is free again at once; the one it had stays on record for the operator.
    sqlx::query(
        "UPDATE organizations SET deleted_at = $1, former_slug = slug, slug = NULL WHERE id = $2",
    )
    .bind(now())
    .bind(org_id)
    .execute(change.tx())
    .await?;
    let event = Event::new(
        format!("organization “{name}”"),
        Details::OrganizationDelete(details::OrganizationDeleted {
            members: held[0],
            projects: held[1],
            teams: held[2],
        }),
    );
    change.commit(event).await
}

/// The signed-in person leaves the organization of `actor`: as a removal, but their own doing.
/// Refused for its last active Owner.
pub async fn leave_organization(db: &Db, actor: &Actor) -> Result<(), AppError> {
    let mut change = Change::begin(db, actor.audit_actor()).await?;
    let actor = current(&mut change, actor).await?;
    actor.permit(Action::LeaveOrganization)?;
    leave(&mut change, actor.account_id, actor.role, true)
        .await
        .map_err(|error| match error {
            AppError::Forbidden(_) if actor.role == OrgRole::Owner => AppError::Forbidden(format!(
                "You are the last active Owner of {}. Make someone else an Owner first, or delete the organization.",
                actor.org_name
            )),
            other => other,
        })?;
    change.finish().await
}

/// Purges organizations deleted more than [`DELETED_KEPT_SECONDS`] ago, with their audit events.
/// Returns how many.
pub async fn purge_deleted(db: &Db) -> Result<u64, AppError> {
    let mut turn = write_turn(db).await?;
    let done =
        sqlx::query("DELETE FROM organizations WHERE deleted_at IS NOT NULL AND deleted_at <= $1")
            .bind(now() - DELETED_KEPT_SECONDS)
            .execute(&mut *turn)
            .await?;
    Ok(done.rows_affected())
}
