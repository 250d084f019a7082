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

/// The shortest search the trigram index can answer; shorter ones scan the organization's rows.
const TRIGRAM: usize = 3;

/// Appends the condition "name or email contains `search`" on the memberships aliased `m`.
/// Searches of three characters or more are answered by the trigram index; shorter ones compare
/// the organization's rows one by one, which is still bounded by one organization.
pub(super) fn push_search(sql: &mut QueryBuilder<Sqlite>, search: &str) {
    let search = search.trim();
    if search.is_empty() {
        return;
    }
    if search.chars().count() >= TRIGRAM {
        // One FTS5 phrase: its characters are matched literally, as a substring.
        let phrase = format!("\"{}\"", search.replace('"', "\"\""));
        sql.push(
            " AND m.account_id IN (SELECT rowid FROM account_search WHERE account_search MATCH ",
        )
        .push_bind(phrase)
        .push(")");
    } else {
        let pattern = format!(
            "%{}%",
            search
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        );
        sql.push(" AND (m.name LIKE ")
            .push_bind(pattern.clone())
            .push(" ESCAPE '\\' OR m.email LIKE ")
            .push_bind(pattern)
            .push(" ESCAPE '\\')");
    }
}

/// Who a project filter keeps.
enum ProjectFilter {
    /// No project filter.
    None,
    /// The project is not this organization's: nobody.
    Nobody,
    /// Everyone reaches the project (it has an all-users role).
    Everyone,
    /// Owners, Admins, and whoever has a grant of their own or through a team.
    Reached(i64),
}

async fn project_filter(
    db: &Db,
    org_id: i64,
    query: &PeopleQuery,
) -> Result<ProjectFilter, AppError> {
    let Some(project_id) = query.project_id else {
        return Ok(ProjectFilter::None);
    };
    let project: Option<Option<String>> =
        sqlx::query_scalar("SELECT all_users_role FROM projects WHERE id = ? AND org_id = ?")
            .bind(project_id)
            .bind(org_id)
            .fetch_optional(db)
            .await
            .map_err(internal)?;
    Ok(match project {
        None => ProjectFilter::Nobody,
        Some(Some(_)) => ProjectFilter::Everyone,
        Some(None) => ProjectFilter::Reached(project_id),
    })
}

/// Appends the FROM and WHERE clauses of `query` (organization, search, filters). Everything is
/// read from the organization's memberships, which carry the name and email.
fn push_filters(
    sql: &mut QueryBuilder<Sqlite>,
    org_id: i64,
    query: &PeopleQuery,
    project: &ProjectFilter,
) {
    sql.push(" FROM memberships m WHERE m.org_id = ")
        .push_bind(org_id);
    push_search(sql, &query.search);
    if let Some(role) = query.role {
        sql.push(" AND m.org_role = ").push_bind(role.as_str());
    }
    if let Some(team_id) = query.team_id {
        sql.push(" AND m.account_id IN (SELECT tm.account_id FROM team_members tm JOIN teams t ON t.id = tm.team_id WHERE tm.team_id = ")
            .push_bind(team_id)
            .push(" AND t.org_id = ")
            .push_bind(org_id)
            .push(")");
    }
    match project {
        ProjectFilter::None | ProjectFilter::Everyone => {}
        ProjectFilter::Nobody => {
            sql.push(" AND 0");
        }
        ProjectFilter::Reached(project_id) => {
            sql.push(" AND (m.org_role IN ('owner', 'admin') OR m.account_id IN (SELECT g.account_id FROM project_grants g WHERE g.project_id = ")
                .push_bind(*project_id)
                .push(" UNION SELECT tm.account_id FROM team_members tm JOIN team_projects tp ON tp.team_id = tm.team_id WHERE tp.project_id = ")
                .push_bind(*project_id)
                .push("))");
        }
    }
}

fn order_by(query: &PeopleQuery) -> String {
    let column = match query.sort {
        PeopleSort::Name => "m.name COLLATE NOCASE",
        PeopleSort::Email => "m.email",
        PeopleSort::Role => {
            "CASE m.org_role WHEN 'owner' THEN 4 WHEN 'admin' THEN 3 WHEN 'billing_admin' THEN 2 ELSE 1 END"
        }
        PeopleSort::Joined => "m.joined_at",
        PeopleSort::LastActive => "m.last_active_at",
    };
    let direction = if query.descending { "DESC" } else { "ASC" };
    // Every index over memberships ends with the account id, so the tie-break needs no sort.
    format!(" ORDER BY {column} {direction}, m.account_id {direction}")
}

const COLUMNS: &str =
    "SELECT m.account_id, m.name, m.email, m.org_role, m.joined_at, m.last_active_at";

/// How many people match `query`. Without a search or a team or project filter, the maintained
/// per-role counts answer it.
async fn count(
    db: &Db,
    org_id: i64,
    query: &PeopleQuery,
    project: &ProjectFilter,
) -> Result<i64, AppError> {
    let unfiltered = query.search.trim().is_empty()
        && query.team_id.is_none()
        && matches!(project, ProjectFilter::None | ProjectFilter::Everyone);
    let mut sql = if unfiltered {
        let mut sql = QueryBuilder::<Sqlite>::new(
            "SELECT COALESCE(SUM(members), 0) FROM org_role_counts WHERE org_id = ",
        );
        sql.push_bind(org_id);
        if let Some(role) = query.role {
            sql.push(" AND org_role = ").push_bind(role.as_str());
        }
        sql
    } else {
        let mut sql = QueryBuilder::<Sqlite>::new("SELECT COUNT(*)");
        push_filters(&mut sql, org_id, query, project);
        sql
    };
    sql.build_query_scalar()
        .fetch_one(db)
        .await
        .map_err(internal)
}

/// One page of the people matching `query`, with their projects and teams.
pub async fn list(db: &Db, org_id: i64, query: &PeopleQuery) -> Result<PeoplePage, AppError> {
    let project = project_filter(db, org_id, query).await?;
    let total = count(db, org_id, query, &project).await?;

    let mut select = QueryBuilder::<Sqlite>::new(COLUMNS);
    push_filters(&mut select, org_id, query, &project);
    select.push(order_by(query));
    // Literal numbers: the planner only counts on a short LIMIT when it can see it.
    select.push(format_args!(
        " LIMIT {} OFFSET {}",
        PEOPLE_PAGE_SIZE,
        u64::from(query.page.saturating_sub(1)) * u64::from(PEOPLE_PAGE_SIZE)
    ));
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
        pending_invitations: None,
    })
}

/// Every person matching `query` (up to [`EXPORT_LIMIT`]), in the list's order.
pub async fn export(db: &Db, org_id: i64, query: &PeopleQuery) -> Result<Vec<PersonRow>, AppError> {
    let project = project_filter(db, org_id, query).await?;
    let mut select = QueryBuilder::<Sqlite>::new(COLUMNS);
    push_filters(&mut select, org_id, query, &project);
    select.push(order_by(query));
    select.push(format_args!(" LIMIT {EXPORT_LIMIT}"));
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
