//! One statement that reads a page of the Users list: the page's people in the list's order,
//! with their teams and projects, the organization's projects, the total and the pending
//! invitations, as one row.

use super::search::{self, push_search, Matches};
use super::{ProjectFilter, PROJECT_NAMES_PER_ROW};
use crate::store::sql::Sql;
use crate::store::{Backend, Db};
use shared::wire::{PeopleQuery, PeopleSort, PersonRow, PersonStatus};
use shared::{AppError, OrgRole};
use std::collections::{BTreeSet, HashMap};

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
pub(super) async fn people_matching(
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
