//! Effective project access: who reaches which project, with which role, and why. The adding up is
//! `shared::grants`; this module only reads the grants.

use super::{internal, Db};
use shared::grants::{person_access, ProjectGrant};
use shared::{AppError, Grant, GrantSource, OrgRole, ProjectAccess, ProjectRole};

/// One person's access to every project of the organization they reach, with every source.
/// `NotFound` if they are not a member of the organization.
pub async fn for_person(
    db: &Db,
    org_id: i64,
    account_id: i64,
) -> Result<Vec<ProjectAccess>, AppError> {
    let role: Option<String> =
        sqlx::query_scalar("SELECT org_role FROM memberships WHERE org_id = ? AND account_id = ?")
            .bind(org_id)
            .bind(account_id)
            .fetch_optional(db)
            .await
            .map_err(internal)?;
    let org_role: OrgRole = role
        .ok_or_else(|| AppError::NotFound("The person".into()))?
        .parse()
        .map_err(|_| AppError::Internal)?;

    let all_projects: Vec<(i64, String)> = if shared::grants::org_role_grant(org_role).is_some() {
        sqlx::query_as("SELECT id, name FROM projects WHERE org_id = ?")
            .bind(org_id)
            .fetch_all(db)
            .await
            .map_err(internal)?
    } else {
        Vec::new()
    };

    // (project id, project name, role, source kind, team id, team name)
    type Row = (i64, String, String, String, Option<i64>, Option<String>);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT p.id, p.name, g.role, 'individual', NULL, NULL
           FROM project_grants g JOIN projects p ON p.id = g.project_id
          WHERE g.account_id = ?1 AND p.org_id = ?2
         UNION ALL
         SELECT p.id, p.name, tp.role, 'team', t.id, t.name
           FROM team_members tm
           JOIN teams t ON t.id = tm.team_id AND t.org_id = ?2
           JOIN team_projects tp ON tp.team_id = t.id
           JOIN projects p ON p.id = tp.project_id
          WHERE tm.account_id = ?1
         UNION ALL
         SELECT p.id, p.name, p.all_users_role, 'all_users', NULL, NULL
           FROM projects p
          WHERE p.org_id = ?2 AND p.all_users_role IS NOT NULL",
    )
    .bind(account_id)
    .bind(org_id)
    .fetch_all(db)
    .await
    .map_err(internal)?;

    let grants = rows
        .into_iter()
        .filter_map(
            |(project_id, project_name, role, kind, team_id, team_name)| {
                let role: ProjectRole = role.parse().ok()?;
                let source = match kind.as_str() {
                    "individual" => GrantSource::Individual,
                    "team" => GrantSource::Team {
                        team_id: team_id?,
                        name: team_name?,
                    },
                    _ => GrantSource::AllUsers,
                };
                Some(ProjectGrant {
                    project_id,
                    project_name,
                    grant: Grant { role, source },
                })
            },
        )
        .collect();
    Ok(person_access(org_role, &all_projects, grants))
}
