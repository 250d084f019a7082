//! Effective project access: who reaches which project, with which role, and why. The adding up is
//! `shared::grants`; this module only reads the grants.

use super::Db;
use shared::grants::{person_access, project_people, Grantee, ProjectGrant};
use shared::wire::ProjectPeople;
use shared::{AccountId, ProjectId};
use shared::{AppError, Grant, GrantSource, OrgRole, ProjectAccess, ProjectRole};

/// At most this many people are listed by [`for_project`]; the rest are counted.
pub const PROJECT_PEOPLE_SHOWN: usize = 200;

/// One person's access to every project of the organization they reach, with every source.
/// `NotFound` if they are not a member of the organization.
pub async fn for_person(
    db: &Db,
    org_id: i64,
    account_id: AccountId,
) -> Result<Vec<ProjectAccess>, AppError> {
    let org_role: OrgRole = sqlx::query_scalar(
        "SELECT org_role FROM memberships WHERE org_id = $1 AND account_id = $2",
    )
    .bind(org_id)
    .bind(account_id)
    .fetch_optional(db)
    .await?
    .ok_or_else(|| AppError::NotFound("The person".into()))?;

    let all_projects: Vec<(i64, String)> = if shared::grants::org_role_grant(org_role).is_some() {
        sqlx::query_as("SELECT id, name FROM projects WHERE org_id = $1")
            .bind(org_id)
            .fetch_all(db)
            .await?
    } else {
        Vec::new()
    };

    /// One grant behind the person's access: individual, through a team, or every member's.
    #[derive(sqlx::FromRow)]
    struct GrantRow {
        project_id: i64,
        project_name: String,
        role: ProjectRole,
        kind: String,
        team_id: Option<i64>,
        team_name: Option<String>,
    }
    let rows: Vec<GrantRow> = sqlx::query_as(
        "SELECT p.id AS project_id, p.name AS project_name, g.role, 'individual' AS kind,
                NULL AS team_id, NULL AS team_name
           FROM project_grants g JOIN projects p ON p.id = g.project_id
          WHERE g.account_id = $1 AND p.org_id = $2
         UNION ALL
         SELECT p.id, p.name, tp.role, 'team', t.id, t.name
           FROM team_members tm
           JOIN teams t ON t.id = tm.team_id AND t.org_id = $2
           JOIN team_projects tp ON tp.team_id = t.id
           JOIN projects p ON p.id = tp.project_id
          WHERE tm.account_id = $1
         UNION ALL
         SELECT p.id, p.name, p.all_users_role, 'all_users', NULL, NULL
           FROM projects p
          WHERE p.org_id = $2 AND p.all_users_role IS NOT NULL",
    )
    .bind(account_id)
    .bind(org_id)
    .fetch_all(db)
    .await?;

    let grants = rows
        .into_iter()
        .filter_map(
            |GrantRow {
                 project_id,
                 project_name,
                 role,
                 kind,
                 team_id,
                 team_name,
             }| {
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

/// Who reaches one project of the organization, and why: everyone with a grant of their own (org
/// role, team, individual), strongest first and at most [`PROJECT_PEOPLE_SHOWN`] of them, and how
/// many others reach it only through its all-users default. `NotFound` for another organization's
/// project. The organization's other members are counted, never loaded.
pub async fn for_project(
    db: &Db,
    org_id: i64,
    project_id: ProjectId,
) -> Result<ProjectPeople, AppError> {
    let (project_name, all_users_role): (String, Option<ProjectRole>) =
        sqlx::query_as("SELECT name, all_users_role FROM projects WHERE id = $1 AND org_id = $2")
            .bind(project_id)
            .bind(org_id)
            .fetch_optional(db)
            .await?
            .ok_or_else(|| AppError::NotFound("The project".into()))?;

    // Only the people with a grant of their own are read (found through indexes), never the
    // whole membership.
    let people: Vec<Grantee> = sqlx::query_as(
        "SELECT a.id AS account_id, a.name, a.email, m.org_role
           FROM memberships m JOIN accounts a ON a.id = m.account_id
          WHERE m.org_id = $1 AND m.account_id IN (
                SELECT account_id FROM memberships
                 WHERE org_id = $1 AND org_role IN ('owner', 'admin')
                UNION
                SELECT account_id FROM project_grants WHERE project_id = $2
                UNION
                SELECT tm.account_id FROM team_projects tp
                  JOIN team_members tm ON tm.team_id = tp.team_id
                 WHERE tp.project_id = $2)",
    )
    .bind(org_id)
    .bind(project_id)
    .fetch_all(db)
    .await?;

    // (account id, role, team id, team name); no team for an individual grant.
    type Row = (i64, ProjectRole, Option<i64>, Option<String>);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT account_id, role, NULL, NULL FROM project_grants WHERE project_id = $1
         UNION ALL
         SELECT tm.account_id, tp.role, t.id, t.name
           FROM team_projects tp
           JOIN teams t ON t.id = tp.team_id AND t.org_id = $2
           JOIN team_members tm ON tm.team_id = t.id
          WHERE tp.project_id = $1",
    )
    .bind(project_id)
    .bind(org_id)
    .fetch_all(db)
    .await?;
    let grants = rows
        .into_iter()
        .map(|(account_id, role, team_id, team_name)| {
            let source = match (team_id, team_name) {
                (Some(team_id), Some(name)) => GrantSource::Team { team_id, name },
                _ => GrantSource::Individual,
            };
            (account_id, Grant { role, source })
        })
        .collect();

    let members: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM memberships WHERE org_id = $1")
        .bind(org_id)
        .fetch_one(db)
        .await?;
    let mut listed = project_people(people, grants, all_users_role);
    let listed_total = listed.len() as i64;
    listed.truncate(PROJECT_PEOPLE_SHOWN);
    Ok(ProjectPeople {
        project_id: project_id.0,
        project_name,
        all_users_role,
        people: listed,
        listed_total,
        everyone_else: members - listed_total,
    })
}
