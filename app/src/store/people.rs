//! The organization's directory as the Users tab reads it: search, filters, order and pages done by
//! the database (indexed), one person's page, and the CSV export of a filtered list.

use super::{access, internal, Db};
use shared::wire::{
    PeoplePage, PeopleQuery, PeopleSort, PersonDetail, PersonRow, TeamRef, PEOPLE_PAGE_SIZE,
};
use shared::{AppError, OrgRole};
use sqlx::{QueryBuilder, Sqlite};
use std::collections::{BTreeSet, HashMap};

/// How many project names a row carries for its hover list.
const PROJECT_NAMES_PER_ROW: usize = 10;
/// The most people one CSV export holds.
pub const EXPORT_LIMIT: i64 = 100_000;

#[derive(Clone, sqlx::FromRow)]
struct MemberRow {
    account_id: i64,
    name: String,
    email: String,
    org_role: String,
    joined_at: i64,
    last_active_at: Option<i64>,
}

/// Appends the WHERE clause of `query` (organization, search, filters).
fn push_filters(sql: &mut QueryBuilder<Sqlite>, org_id: i64, query: &PeopleQuery, counting: bool) {
    let search = query.search.trim();
    // Counting without a search needs no account columns: skip the join.
    let join = if search.is_empty() && counting {
        ""
    } else {
        " JOIN accounts a ON a.id = m.account_id"
    };
    sql.push(" FROM memberships m")
        .push(join)
        .push(" WHERE m.org_id = ")
        .push_bind(org_id);
    if !search.is_empty() {
        let pattern = format!(
            "%{}%",
            search
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        );
        sql.push(" AND (a.name LIKE ")
            .push_bind(pattern.clone())
            .push(" ESCAPE '\\' OR a.email LIKE ")
            .push_bind(pattern)
            .push(" ESCAPE '\\')");
    }
    if let Some(role) = query.role {
        sql.push(" AND m.org_role = ").push_bind(role.as_str());
    }
    if let Some(team_id) = query.team_id {
        sql.push(" AND EXISTS (SELECT 1 FROM team_members tm JOIN teams t ON t.id = tm.team_id WHERE tm.account_id = m.account_id AND t.id = ")
            .push_bind(team_id)
            .push(" AND t.org_id = ")
            .push_bind(org_id)
            .push(")");
    }
    if let Some(project_id) = query.project_id {
        sql.push(" AND EXISTS (SELECT 1 FROM projects p WHERE p.id = ")
            .push_bind(project_id)
            .push(" AND p.org_id = ")
            .push_bind(org_id)
            .push(" AND (m.org_role IN ('owner', 'admin') OR p.all_users_role IS NOT NULL")
            .push(" OR EXISTS (SELECT 1 FROM project_grants g WHERE g.project_id = p.id AND g.account_id = m.account_id)")
            .push(" OR EXISTS (SELECT 1 FROM team_members tm JOIN team_projects tp ON tp.team_id = tm.team_id")
            .push(" WHERE tp.project_id = p.id AND tm.account_id = m.account_id)))");
    }
}

fn order_by(query: &PeopleQuery) -> String {
    let column = match query.sort {
        PeopleSort::Name => "a.name COLLATE NOCASE",
        PeopleSort::Email => "a.email",
        PeopleSort::Role => {
            "CASE m.org_role WHEN 'owner' THEN 4 WHEN 'admin' THEN 3 WHEN 'billing_admin' THEN 2 ELSE 1 END"
        }
        PeopleSort::Joined => "m.joined_at",
        PeopleSort::LastActive => "m.last_active_at",
    };
    let direction = if query.descending { "DESC" } else { "ASC" };
    // The tie-break is the column the chosen index already holds, so that no sort is needed.
    let tie = match query.sort {
        PeopleSort::Name | PeopleSort::Email => "a.id",
        _ => "m.account_id",
    };
    format!(" ORDER BY {column} {direction}, {tie} {direction}")
}

const COLUMNS: &str =
    "SELECT a.id AS account_id, a.name, a.email, m.org_role, m.joined_at, m.last_active_at";

/// One page of the people matching `query`, with their projects and teams.
pub async fn list(db: &Db, org_id: i64, query: &PeopleQuery) -> Result<PeoplePage, AppError> {
    let mut count = QueryBuilder::<Sqlite>::new("SELECT COUNT(*)");
    push_filters(&mut count, org_id, query, true);
    let total: i64 = count
        .build_query_scalar()
        .fetch_one(db)
        .await
        .map_err(internal)?;

    let mut select = QueryBuilder::<Sqlite>::new(COLUMNS);
    push_filters(&mut select, org_id, query, false);
    select.push(order_by(query));
    select
        .push(" LIMIT ")
        .push_bind(i64::from(PEOPLE_PAGE_SIZE));
    select
        .push(" OFFSET ")
        .push_bind(i64::from(query.page.saturating_sub(1)) * i64::from(PEOPLE_PAGE_SIZE));
    let members: Vec<MemberRow> = select
        .build_query_as()
        .fetch_all(db)
        .await
        .map_err(internal)?;

    let rows = with_projects_and_teams(db, org_id, members).await?;
    Ok(PeoplePage {
        rows,
        total,
        page: query.page,
        page_size: PEOPLE_PAGE_SIZE,
    })
}

/// Every person matching `query` (up to [`EXPORT_LIMIT`]), in the list's order.
pub async fn export(db: &Db, org_id: i64, query: &PeopleQuery) -> Result<Vec<PersonRow>, AppError> {
    let mut select = QueryBuilder::<Sqlite>::new(COLUMNS);
    push_filters(&mut select, org_id, query, false);
    select.push(order_by(query));
    select.push(" LIMIT ").push_bind(EXPORT_LIMIT);
    let members: Vec<MemberRow> = select
        .build_query_as()
        .fetch_all(db)
        .await
        .map_err(internal)?;
    let mut rows = Vec::with_capacity(members.len());
    for chunk in members.chunks(500) {
        rows.extend(with_projects_and_teams(db, org_id, chunk.to_vec()).await?);
    }
    Ok(rows)
}

/// Adds to each member the projects they reach and the teams they are in (three queries for the
/// whole page, not per person).
async fn with_projects_and_teams(
    db: &Db,
    org_id: i64,
    members: Vec<MemberRow>,
) -> Result<Vec<PersonRow>, AppError> {
    if members.is_empty() {
        return Ok(Vec::new());
    }
    let projects: Vec<(i64, String, Option<String>)> =
        sqlx::query_as("SELECT id, name, all_users_role FROM projects WHERE org_id = ? ORDER BY name COLLATE NOCASE")
            .bind(org_id)
            .fetch_all(db)
            .await
            .map_err(internal)?;
    let names: HashMap<i64, &str> = projects
        .iter()
        .map(|(id, name, _)| (*id, name.as_str()))
        .collect();
    let for_everyone: BTreeSet<i64> = projects
        .iter()
        .filter(|p| p.2.is_some())
        .map(|p| p.0)
        .collect();

    let mut granted = QueryBuilder::<Sqlite>::new(
        "SELECT g.account_id, g.project_id FROM project_grants g JOIN projects p ON p.id = g.project_id WHERE p.org_id = ",
    );
    granted.push_bind(org_id).push(" AND g.account_id IN (");
    push_ids(&mut granted, &members);
    granted.push(") UNION SELECT tm.account_id, tp.project_id FROM team_members tm JOIN team_projects tp ON tp.team_id = tm.team_id JOIN teams t ON t.id = tm.team_id WHERE t.org_id = ");
    granted.push_bind(org_id).push(" AND tm.account_id IN (");
    push_ids(&mut granted, &members);
    granted.push(")");
    let granted: Vec<(i64, i64)> = granted
        .build_query_as()
        .fetch_all(db)
        .await
        .map_err(internal)?;

    let mut teams = QueryBuilder::<Sqlite>::new(
        "SELECT tm.account_id, t.name FROM team_members tm JOIN teams t ON t.id = tm.team_id WHERE t.org_id = ",
    );
    teams.push_bind(org_id).push(" AND tm.account_id IN (");
    push_ids(&mut teams, &members);
    teams.push(") ORDER BY t.name COLLATE NOCASE");
    let teams: Vec<(i64, String)> = teams
        .build_query_as()
        .fetch_all(db)
        .await
        .map_err(internal)?;

    let mut reach: HashMap<i64, BTreeSet<i64>> = HashMap::new();
    for (account_id, project_id) in granted {
        reach.entry(account_id).or_default().insert(project_id);
    }
    let mut team_names: HashMap<i64, Vec<String>> = HashMap::new();
    for (account_id, name) in teams {
        team_names.entry(account_id).or_default().push(name);
    }
    let order: HashMap<i64, usize> = projects.iter().enumerate().map(|(i, p)| (p.0, i)).collect();

    Ok(members
        .into_iter()
        .filter_map(|m| {
            let role: OrgRole = m.org_role.parse().ok()?;
            let reached: BTreeSet<i64> = if shared::grants::org_role_grant(role).is_some() {
                names.keys().copied().collect()
            } else {
                let mut set = reach.remove(&m.account_id).unwrap_or_default();
                set.extend(&for_everyone);
                set
            };
            let mut listed: Vec<i64> = reached.iter().copied().collect();
            listed.sort_by_key(|id| order.get(id).copied().unwrap_or(usize::MAX));
            Some(PersonRow {
                project_count: reached.len(),
                project_names: listed
                    .iter()
                    .take(PROJECT_NAMES_PER_ROW)
                    .filter_map(|id| names.get(id).map(|n| n.to_string()))
                    .collect(),
                teams: team_names.remove(&m.account_id).unwrap_or_default(),
                account_id: m.account_id,
                name: m.name,
                email: m.email,
                role,
                joined_at: m.joined_at,
                last_active_at: m.last_active_at,
            })
        })
        .collect())
}

fn push_ids(sql: &mut QueryBuilder<Sqlite>, members: &[MemberRow]) {
    let mut ids = sql.separated(", ");
    for m in members {
        ids.push_bind(m.account_id);
    }
}

/// The organization role of one member, or `NotFound` (also for someone of another organization).
pub async fn role_of(
    conn: &mut sqlx::SqliteConnection,
    org_id: i64,
    account_id: i64,
) -> Result<OrgRole, AppError> {
    let role: Option<String> =
        sqlx::query_scalar("SELECT org_role FROM memberships WHERE org_id = ? AND account_id = ?")
            .bind(org_id)
            .bind(account_id)
            .fetch_optional(conn)
            .await
            .map_err(internal)?;
    role.ok_or_else(|| AppError::NotFound("The person".into()))?
        .parse()
        .map_err(|_| AppError::Internal)
}

/// Everything one person's page shows.
pub async fn detail(db: &Db, org_id: i64, account_id: i64) -> Result<PersonDetail, AppError> {
    let member: MemberRow = sqlx::query_as(
        "SELECT a.id AS account_id, a.name, a.email, m.org_role, m.joined_at, m.last_active_at
         FROM memberships m JOIN accounts a ON a.id = m.account_id WHERE m.org_id = ? AND m.account_id = ?",
    )
    .bind(org_id)
    .bind(account_id)
    .fetch_optional(db)
    .await
    .map_err(internal)?
    .ok_or_else(|| AppError::NotFound("The person".into()))?;
    let teams: Vec<(i64, String)> = sqlx::query_as(
        "SELECT t.id, t.name FROM team_members tm JOIN teams t ON t.id = tm.team_id
         WHERE tm.account_id = ? AND t.org_id = ? ORDER BY t.name COLLATE NOCASE",
    )
    .bind(account_id)
    .bind(org_id)
    .fetch_all(db)
    .await
    .map_err(internal)?;
    Ok(PersonDetail {
        role: member.org_role.parse().map_err(|_| AppError::Internal)?,
        access: access::for_person(db, org_id, account_id).await?,
        teams: teams
            .into_iter()
            .map(|(id, name)| TeamRef { id, name })
            .collect(),
        account_id: member.account_id,
        name: member.name,
        email: member.email,
        joined_at: member.joined_at,
        last_active_at: member.last_active_at,
    })
}
