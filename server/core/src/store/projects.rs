//! Projects of an organization: list, create, rename, delete. Deleting a project deletes every grant
//! on it (individual, team, invitation) through the schema's cascades.

use super::audit::{Change, Event};
use super::audit_details::{AllUsersRole, Details, Nothing, Renamed};
use super::{now, on_unique, Db};
use crate::actor::Permit;
use shared::wire::ProjectSummary;
use shared::ProjectId;
use shared::{Action, AppError, ProjectRole};

const DUPLICATE: &str = "A project with this name already exists.";

#[derive(sqlx::FromRow)]
struct ProjectRow {
    id: i64,
    name: String,
    all_users_role: Option<ProjectRole>,
    created_at: i64,
}

impl From<ProjectRow> for ProjectSummary {
    fn from(row: ProjectRow) -> Self {
        ProjectSummary {
            id: row.id,
            name: row.name,
            all_users_role: row.all_users_role,
            created_at: row.created_at,
        }
    }
}

/// The organization's projects, by name.
pub async fn list(db: &Db, org_id: i64) -> Result<Vec<ProjectSummary>, AppError> {
    let rows: Vec<ProjectRow> =
        sqlx::query_as("SELECT id, name, all_users_role, created_at FROM projects WHERE org_id = $1 ORDER BY name, id")
            .bind(org_id)
            .fetch_all(db)
            .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// One project of the organization, or `NotFound` (also for another organization's project).
async fn find(
    conn: &mut sqlx::AnyConnection,
    org_id: i64,
    id: ProjectId,
) -> Result<ProjectRow, AppError> {
    sqlx::query_as(
        "SELECT id, name, all_users_role, created_at FROM projects WHERE id = $1 AND org_id = $2",
    )
    .bind(id)
    .bind(org_id)
    .fetch_optional(conn)
    .await?
    .ok_or_else(|| AppError::NotFound("The project".into()))
}

/// The name of a project of the organization, or `NotFound`.
pub(super) async fn name(
    conn: &mut sqlx::AnyConnection,
    org_id: i64,
    id: ProjectId,
) -> Result<String, AppError> {
    Ok(find(conn, org_id, id).await?.name)
}

pub async fn create(db: &Db, permit: &Permit, name: &str) -> Result<ProjectSummary, AppError> {
    permit.expect(Action::CreateProject)?;
    let mut change = Change::begin(db, permit.audit_actor()).await?;
    let at = now();
    let id = sqlx::query_scalar::<_, i64>(
        "INSERT INTO projects (org_id, name, created_at) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(change.org_id())
    .bind(name)
    .bind(at)
    .fetch_one(change.tx())
    .await
    .map_err(on_unique("name", DUPLICATE))?;
    change
        .commit(Event::new(
            format!("project “{name}”"),
            Details::ProjectCreate(Nothing {}),
        ))
        .await?;
    Ok(ProjectSummary {
        id,
        name: name.to_string(),
        all_users_role: None,
        created_at: at,
    })
}

pub async fn rename(
    db: &Db,
    permit: &Permit,
    id: ProjectId,
    name: &str,
) -> Result<ProjectSummary, AppError> {
    permit.expect(Action::RenameProject)?;
    let mut change = Change::begin(db, permit.audit_actor()).await?;
    let org_id = change.org_id();
    let before = find(change.tx(), org_id, id).await?;
    if before.name == name {
        change.finish().await?;
        return Ok(before.into());
    }
    sqlx::query("UPDATE projects SET name = $1 WHERE id = $2 AND org_id = $3")
        .bind(name)
        .bind(id)
        .bind(org_id)
        .execute(change.tx())
        .await
        .map_err(on_unique("name", DUPLICATE))?;
    let event = Event::new(
        format!("project “{name}”"),
        Details::ProjectRename(Renamed {
            from: before.name.clone(),
            to: name.to_string(),
        }),
    );
    change.commit(event).await?;
    Ok(ProjectSummary {
        name: name.to_string(),
        ..before.into()
    })
}

pub async fn delete(db: &Db, permit: &Permit, id: ProjectId) -> Result<(), AppError> {
    permit.expect(Action::DeleteProject)?;
    let mut change = Change::begin(db, permit.audit_actor()).await?;
    let org_id = change.org_id();
    let project = find(change.tx(), org_id, id).await?;
    sqlx::query("DELETE FROM projects WHERE id = $1 AND org_id = $2")
        .bind(id)
        .bind(org_id)
        .execute(change.tx())
        .await?;
    change
        .commit(Event::new(
            format!("project “{}”", project.name),
            Details::ProjectDelete(Nothing {}),
        ))
        .await
}

/// Sets what every person in the organization gets on the project (`None`: nothing by default).
pub async fn set_all_users_role(
    db: &Db,
    permit: &Permit,
    id: ProjectId,
    role: Option<ProjectRole>,
) -> Result<ProjectSummary, AppError> {
    permit.expect(Action::ManageAccess)?;
    let mut change = Change::begin(db, permit.audit_actor()).await?;
    let org_id = change.org_id();
    let before = find(change.tx(), org_id, id).await?;
    if before.all_users_role == role {
        // Everyone gets this already: nothing changes, nothing is recorded.
        change.finish().await?;
        return Ok(before.into());
    }
    sqlx::query("UPDATE projects SET all_users_role = $1 WHERE id = $2 AND org_id = $3")
        .bind(role.map(ProjectRole::as_str))
        .bind(id)
        .bind(org_id)
        .execute(change.tx())
        .await?;
    let event = Event::new(
        format!("project “{}”", before.name),
        Details::ProjectAllUsersRole(AllUsersRole {
            from: before.all_users_role,
            to: role,
        }),
    );
    change.commit(event).await?;
    Ok(ProjectSummary {
        all_users_role: role,
        ..before.into()
    })
}
