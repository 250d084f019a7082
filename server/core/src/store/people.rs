//! The organization's directory as the Users tab reads it: search, filters, order and pages done by
//! the database (indexed), one person's page, and the CSV export of a filtered list.

use super::{access, Db};
use crate::store::sql::Sql;
use crate::store::Backend;
use shared::stored::Flag;
use shared::wire::{
    PeoplePage, PeopleQuery, PeopleSort, PersonDetail, PersonRow, PersonStatus, StaleFilter,
    TeamRef, PEOPLE_PAGE_SIZE,
};
use shared::AccountId;
use shared::{AppError, OrgRole};
use std::collections::{BTreeSet, HashMap};

mod search;
pub(super) use search::{push_search, Matches};

/// How many project names a row carries for its hover list.
const PROJECT_NAMES_PER_ROW: usize = 10;
/// The most people one CSV export holds.
pub const EXPORT_LIMIT: u64 = 100_000;

#[derive(Clone, sqlx::FromRow)]
struct MemberRow {
    account_id: i64,
    name: String,
    email: String,
    org_role: OrgRole,
    joined_at: i64,
    last_active_at: Option<i64>,
}

/// Who a project filter keeps.
enum ProjectFilter {
    /// No project filter.
    None,
    /// Everyone reaches the project (it has an all-users role).
    Everyone,
    /// Owners, Admins, and whoever has a grant of their own or through a team.
    Reached(i64),
}

/// `query` without the team and project filters that name nothing of the organization (a team
/// or project deleted since the link was made, or another organization's), the filter the
/// project keeps, and which filters were left out.
async fn resolve_filters(
    db: &Db,
    org_id: i64,
    query: &PeopleQuery,
) -> Result<(PeopleQuery, ProjectFilter, Vec<StaleFilter>), AppError> {
    let mut query = query.clone();
    let mut dropped = Vec::new();
    if let Some(team_id) = query.team_id {
        let exists: Option<i64> =
            sqlx::query_scalar("SELECT 1 FROM teams WHERE id = $1 AND org_id = $2")
                .bind(team_id)
                .bind(org_id)
                .fetch_optional(db)
                .await?;
        if exists.is_none() {
            dropped.push(StaleFilter::Team);
        }
    }
    let project = match query.project_id {
        None => ProjectFilter::None,
        Some(project_id) => {
            let project: Option<Option<String>> = sqlx::query_scalar(
                "SELECT all_users_role FROM projects WHERE id = $1 AND org_id = $2",
            )
            .bind(project_id)
            .bind(org_id)
            .fetch_optional(db)
            .await?;
            match project {
                None => {
                    dropped.push(StaleFilter::Project);
                    ProjectFilter::None
                }
                Some(Some(_)) => ProjectFilter::Everyone,
                Some(None) => ProjectFilter::Reached(project_id),
            }
        }
    };
    for filter in &dropped {
        filter.drop_from(&mut query);
    }
    Ok((query, project, dropped))
}

/// The common table that holds a search's matches, gathered once per statement.
const HITS: &str = "search_hits";

/// Appends the FROM and WHERE clauses of `query` (organization, search, filters). Everything is
/// read from the organization's memberships, which carry the name and email.
fn push_filters(
    sql: &mut Sql,
    org_id: i64,
    query: &PeopleQuery,
    project: &ProjectFilter,
    matches: Matches,
) {
    sql.push(" FROM memberships m WHERE m.org_id = ")
        .push_bind(org_id);
    push_search(sql, org_id, &query.search, matches);
    if let Some(role) = query.role {
        sql.push(" AND m.org_role = ").push_bind(role.as_str());
    }
    match query.status {
        None => {}
        Some(PersonStatus::Active) => {
            sql.push(" AND m.deactivated_at IS NULL");
        }
        Some(PersonStatus::Deactivated) => {
            sql.push(" AND m.deactivated_at IS NOT NULL");
        }
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
        ProjectFilter::Reached(project_id) => {
            sql.push(" AND (m.org_role IN ('owner', 'admin') OR m.account_id IN (SELECT g.account_id FROM project_grants g WHERE g.project_id = ")
                .push_bind(*project_id)
                .push(" UNION SELECT tm.account_id FROM team_members tm JOIN team_projects tp ON tp.team_id = tm.team_id WHERE tp.project_id = ")
                .push_bind(*project_id)
                .push("))");
        }
    }
}

fn order_by(backend: Backend, query: &PeopleQuery) -> String {
    let column = match query.sort {
        PeopleSort::Name => "m.name COLLATE NOCASE",
        PeopleSort::Email => "m.email",
        PeopleSort::Role => {
            "CASE m.org_role WHEN 'owner' THEN 4 WHEN 'admin' THEN 3 WHEN 'billing_admin' THEN 2 ELSE 1 END"
        }
        PeopleSort::Teams => "m.team_count",
        PeopleSort::Joined => "m.joined_at",
        PeopleSort::LastActive => "m.last_active_at",
    };
    let direction = if query.descending { "DESC" } else { "ASC" };
    // People never active sort as SQLite puts NULL, first when ascending and last when
    // descending; Postgres puts NULL the other way unless told (its index is built that way).
    let nulls = match (backend, query.sort, query.descending) {
        (Backend::Postgres, PeopleSort::LastActive, false) => " NULLS FIRST",
        (Backend::Postgres, PeopleSort::LastActive, true) => " NULLS LAST",
        _ => "",
    };
    // Every index over memberships ends with the account id, so the tie-break needs no sort.
    format!(" ORDER BY {column} {direction}{nulls}, m.account_id {direction}")
}

/// Appends the expression of the total: without a search or a team or project filter, the
/// maintained per-role counts answer it in one row read; with a search alone whose matches were
/// `counted` already, that number.
fn push_total(
    sql: &mut Sql,
    org_id: i64,
    query: &PeopleQuery,
    project: &ProjectFilter,
    (matches, counted): (Matches, Option<i64>),
) {
    let unfiltered = query.team_id.is_none()
        && query.status.is_none()
        && matches!(project, ProjectFilter::None | ProjectFilter::Everyone);
    if let (true, None, Some(counted)) = (unfiltered, query.role, counted) {
        sql.push(format_args!("(SELECT CAST({counted} AS BIGINT)"));
    } else if unfiltered && query.search.trim().is_empty() {
        sql.push("(SELECT CAST(COALESCE(SUM(members), 0) AS BIGINT) FROM org_role_counts WHERE org_id = ")
            .push_bind(org_id);
        if let Some(role) = query.role {
            sql.push(" AND org_role = ").push_bind(role.as_str());
        }
    } else {
        sql.push("(SELECT COUNT(*)");
        push_filters(sql, org_id, query, project, matches);
    }
    sql.push(")");
}

/// The people matching `query` in its order (`limit` of them from `offset`), the total, and (when
/// `pending` is asked for) the number of the organization's pending invitations.
///
/// One statement answers it all, as one row: the page's people as JSON, each with their teams and
/// the projects granted to them individually or through a team (both kept on the membership); the
/// organization's projects; the total; the pending invitations. A connection hands its rows over
/// one by one, so a single row is what keeps a page cheap; SQLite builds the JSON in the same pass
/// that reads the rows.
async fn people_matching(
    db: &Db,
    org_id: i64,
    query: &PeopleQuery,
    project: &ProjectFilter,
    limit: u64,
    offset: u64,
    pending: bool,
) -> Result<(Vec<PersonRow>, i64, Option<i64>), AppError> {
    let mut sql = Sql::new(Backend::of(db), "WITH ");
    let order = order_by(sql.backend(), query);
    // A search that matches many people (Postgres) is checked person by person along the order,
    // its total already counted; any other search's matches are looked up once, for both the
    // page and the total.
    let counted = if sql.backend() == Backend::Postgres
        && search::has_matches(sql.backend(), query.search.trim())
    {
        search::counted_when_many(db, org_id, &query.search).await?
    } else {
        None
    };
    let (page_matches, total_matches) = match counted {
        Some(_) => (Matches::EachRow, Matches::Inline),
        None => {
            let hits = search::push_gathered(&mut sql, org_id, &query.search, HITS)
                .map_or(Matches::Inline, Matches::Gathered);
            (hits, hits)
        }
    };
    // The page's ids first: they and the sort keys are all in the organization's indexes, so the
    // rows skipped before a deep page are never read from the table.
    sql.push("page_ids AS MATERIALIZED (SELECT m.account_id");
    push_filters(&mut sql, org_id, query, project, page_matches);
    // Literal numbers: the planner only counts on a short LIMIT when it can see it.
    sql.push(&order)
        .push(format_args!(" LIMIT {limit} OFFSET {offset}), "));
    sql.push(
        "page AS (SELECT m.account_id, m.name, m.email, m.org_role, m.team_count, m.joined_at, m.last_active_at, \
         m.team_names, m.granted_projects, m.deactivated_at FROM page_ids p JOIN memberships m ON m.org_id = ",
    )
    .push_bind(org_id)
    .push(" AND m.account_id = p.account_id)");
    // Each membership carries its team names and granted project ids (kept by triggers).
    match sql.backend() {
        Backend::Sqlite => sql
            .push(
                " SELECT (SELECT json_group_array(json_array(m.account_id, m.name, m.email, m.org_role, m.joined_at, m.last_active_at, \
                 json(m.team_names), json(m.granted_projects), json(iif(m.deactivated_at IS NULL, 'true', 'false'))) ",
            )
            .push(&order)
            .push(
                ") FROM page m), \
                 (SELECT json_group_array(json_array(id, name, json(iif(all_users_role IS NULL, 'false', 'true'))) ORDER BY name COLLATE NOCASE) \
                  FROM projects WHERE org_id = ",
            ),
        Backend::Postgres => sql
            .push(
                " SELECT COALESCE((SELECT json_agg(json_build_array(m.account_id, m.name, m.email, m.org_role, m.joined_at, m.last_active_at, \
                 CAST(m.team_names AS json), CAST(m.granted_projects AS json), m.deactivated_at IS NULL) ",
            )
            .push(&order)
            .push(
                ") FROM page m)::text, '[]'), \
                 COALESCE((SELECT json_agg(json_build_array(id, name, all_users_role IS NOT NULL) ORDER BY name COLLATE NOCASE) \
                  FROM projects WHERE org_id = ",
            ),
    };
    sql.push_bind(org_id);
    if sql.backend() == Backend::Postgres {
        sql.push(")::text, '[]'");
    }
    sql.push("), ");
    push_total(&mut sql, org_id, query, project, (total_matches, counted));
    if pending {
        // Expired invitations count until they are answered, resent or revoked.
        sql.push(", (SELECT COUNT(*) FROM invitations WHERE org_id = ")
            .push_bind(org_id)
            .push(" AND status = 'pending')");
    } else {
        sql.push(", NULL");
    }
    let (people, projects, total, pending): (String, String, i64, Option<i64>) =
        sql.build_query_as().fetch_one(db).await?;
    let people: Vec<PageJson> = serde_json::from_str(&people).map_err(json_error)?;
    let projects: Vec<(i64, String, bool)> = serde_json::from_str(&projects).map_err(json_error)?;
    Ok((with_projects(people, &projects), total, pending))
}

/// One person of a page as the statement above writes them.
type PageJson = (
    i64,
    String,
    String,
    OrgRole,
    i64,
    Option<i64>,
    Vec<String>,
    Vec<i64>,
    bool,
);

fn json_error(error: serde_json::Error) -> AppError {
    tracing::error!(%error, "the directory JSON did not parse");
    AppError::Internal
}

/// Turns the page's people into rows: the projects each reaches (everything for Owners and
/// Admins; otherwise their grants and the projects every member gets), counted and named.
fn with_projects(people: Vec<PageJson>, projects: &[(i64, String, bool)]) -> Vec<PersonRow> {
    let order: HashMap<i64, usize> = projects.iter().enumerate().map(|(i, p)| (p.0, i)).collect();
    people
        .into_iter()
        .map(
            |(account_id, name, email, role, joined_at, last_active_at, teams, granted, active)| {
                let mut reached: Vec<usize> = if shared::grants::org_role_grant(role).is_some() {
                    (0..projects.len()).collect()
                } else {
                    let mut set: BTreeSet<usize> = granted
                        .iter()
                        .filter_map(|id| order.get(id).copied())
                        .collect();
                    set.extend((0..projects.len()).filter(|i| projects[*i].2));
                    set.into_iter().collect()
                };
                reached.sort_unstable();
                PersonRow {
                    project_count: reached.len(),
                    project_names: reached
                        .iter()
                        .take(PROJECT_NAMES_PER_ROW)
                        .map(|i| projects[*i].1.clone())
                        .collect(),
                    teams,
                    account_id,
                    name,
                    email,
                    role,
                    joined_at,
                    last_active_at,
                    status: PersonStatus::of(active),
                }
            },
        )
        .collect()
}

/// One page of the people matching `query`, with their projects and teams; with the number of
/// pending invitations when `with_pending_invitations`.
///
/// A page past the end (people were removed since, or the address was typed) answers with the
/// last page, and says which page it is. A team or project filter that names nothing of the
/// organization is left out, and the answer says so.
pub async fn list(
    db: &Db,
    org_id: i64,
    query: &PeopleQuery,
    with_pending_invitations: bool,
) -> Result<PeoplePage, AppError> {
    let (query, project, dropped_filters) = resolve_filters(db, org_id, query).await?;
    let size = u64::from(PEOPLE_PAGE_SIZE);
    let page_of = |page: u32| u64::from(page.saturating_sub(1)) * size;
    let mut page = query.page.max(1);
    let (mut rows, total, pending_invitations) = people_matching(
        db,
        org_id,
        &query,
        &project,
        size,
        page_of(page),
        with_pending_invitations,
    )
    .await?;
    let last = PeoplePage::last_page(total, PEOPLE_PAGE_SIZE);
    if page > last {
        // Only a page past the end costs a second statement.
        page = last;
        rows = people_matching(db, org_id, &query, &project, size, page_of(page), false)
            .await?
            .0;
    }
    Ok(PeoplePage {
        rows,
        total,
        page,
        page_size: PEOPLE_PAGE_SIZE,
        pending_invitations,
        dropped_filters,
    })
}

/// Every person matching `query` (up to [`EXPORT_LIMIT`]), in the list's order; filters that name
/// nothing of the organization are left out, as the list leaves them out.
pub async fn export(db: &Db, org_id: i64, query: &PeopleQuery) -> Result<Vec<PersonRow>, AppError> {
    let (query, project, _) = resolve_filters(db, org_id, query).await?;
    Ok(
        people_matching(db, org_id, &query, &project, EXPORT_LIMIT, 0, false)
            .await?
            .0,
    )
}

/// The organization role of one member, or `NotFound` (also for someone of another organization).
pub async fn role_of(
    conn: &mut sqlx::AnyConnection,
    org_id: i64,
    account_id: AccountId,
) -> Result<OrgRole, AppError> {
    sqlx::query_scalar("SELECT org_role FROM memberships WHERE org_id = $1 AND account_id = $2")
        .bind(org_id)
        .bind(account_id)
        .fetch_optional(conn)
        .await?
        .ok_or_else(|| AppError::NotFound("The person".into()))
}

/// Everything one person's page shows.
pub async fn detail(db: &Db, org_id: i64, account_id: AccountId) -> Result<PersonDetail, AppError> {
    let Flag(active) = sqlx::query_scalar(
        "SELECT deactivated_at IS NULL FROM memberships WHERE org_id = $1 AND account_id = $2",
    )
    .bind(org_id)
    .bind(account_id)
    .fetch_optional(db)
    .await?
    .ok_or_else(|| AppError::NotFound("The person".into()))?;
    let member: MemberRow = sqlx::query_as(
        "SELECT a.id AS account_id, a.name, a.email, m.org_role, m.joined_at, m.last_active_at
         FROM memberships m JOIN accounts a ON a.id = m.account_id WHERE m.org_id = $1 AND m.account_id = $2",
    )
    .bind(org_id)
    .bind(account_id)
    .fetch_optional(db)
    .await?
    .ok_or_else(|| AppError::NotFound("The person".into()))?;
    let teams: Vec<(i64, String)> = sqlx::query_as(
        "SELECT t.id, t.name FROM team_members tm JOIN teams t ON t.id = tm.team_id
         WHERE tm.account_id = $1 AND t.org_id = $2 ORDER BY t.name COLLATE NOCASE",
    )
    .bind(account_id)
    .bind(org_id)
    .fetch_all(db)
    .await?;
    Ok(PersonDetail {
        role: member.org_role,
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
        status: PersonStatus::of(active),
    })
}
