//! Reading teams: one team with its projects and members, whether a name is taken, a team's name.

use crate::store::Db;
use shared::stored::Flag;
use shared::wire::{TeamDetail, TeamMember, TeamProject};
use shared::{AppError, ProjectRole, TeamId};
use sqlx::AnyConnection;

/// The message for a team name that is already taken, whatever its case.
pub const DUPLICATE: &str = "A team with this name already exists.";

type ProjectRow = (i64, i64, String, ProjectRole);

fn team_project((_, project_id, project_name, role): ProjectRow) -> TeamProject {
    TeamProject {
        project_id,
        project_name,
        role,
    }
}

/// One team of the organization with its projects and members, or `NotFound` (also for another
/// organization's team).
pub async fn detail(db: &Db, org_id: i64, id: TeamId) -> Result<TeamDetail, AppError> {
    let mut conn = db.acquire().await?;
    read_detail(&mut conn, org_id, id).await
}

pub(super) async fn read_detail(
    conn: &mut AnyConnection,
    org_id: i64,
    id: TeamId,
) -> Result<TeamDetail, AppError> {
    let (name, Flag(managed)): (String, Flag) =
        sqlx::query_as("SELECT name, scim_managed FROM teams WHERE id = $1 AND org_id = $2")
            .bind(id)
            .bind(org_id)
            .fetch_optional(&mut *conn)
            .await?
            .ok_or_else(|| AppError::NotFound("The team".into()))?;
    let projects: Vec<ProjectRow> = sqlx::query_as(
        "SELECT tp.team_id, p.id, p.name, tp.role
         FROM team_projects tp JOIN projects p ON p.id = tp.project_id
         WHERE tp.team_id = $1 ORDER BY p.name, p.id",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let members: Vec<TeamMember> = sqlx::query_as(
        "SELECT a.id AS account_id, a.name, a.email, m.org_role AS role FROM team_members tm
         JOIN accounts a ON a.id = tm.account_id
         JOIN memberships m ON m.account_id = tm.account_id AND m.org_id = $1
         WHERE tm.team_id = $2 ORDER BY a.name COLLATE NOCASE, a.id",
    )
    .bind(org_id)
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(TeamDetail {
        id: id.0,
        name,
        projects: projects.into_iter().map(team_project).collect(),
        members,
        managed,
    })
}

/// Whether another team of the organization (other than `except`) already has `name`, in any case.
pub async fn name_taken(
    db: &Db,
    org_id: i64,
    name: &str,
    except: Option<i64>,
) -> Result<bool, AppError> {
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM teams WHERE org_id = $1 AND name = $2 AND id IS DISTINCT FROM $3)",
    )
    .bind(org_id)
    .bind(name)
    .bind(except)
    .fetch_one(db)
    .await
    .map(|Flag(taken)| taken)
    .map_err(AppError::from)
}

/// The name of a team of the organization, or `NotFound`.
pub(in crate::store) async fn team_name(
    conn: &mut AnyConnection,
    org_id: i64,
    id: TeamId,
) -> Result<String, AppError> {
    sqlx::query_scalar("SELECT name FROM teams WHERE id = $1 AND org_id = $2")
        .bind(id)
        .bind(org_id)
        .fetch_optional(conn)
        .await?
        .ok_or_else(|| AppError::NotFound("The team".into()))
}
