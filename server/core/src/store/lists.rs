//! The Teams tab, the Projects tab and a team's members, a page at a time: searched, sorted and cut
//! in the database, each order walking one organization's (or one team's) rows through an index
//! (migration `0016_list_orders.sql`). A page past the end answers with the last page.
//!
//! Team and project names are searched as a substring in any case, letters past ASCII included:
//! through their trigram indexes (migration `0018_team_and_project_search.sql`), or for a search
//! too short for them, with `LIKE` over the organization's rows and every spelling of the search
//! in upper and lower case (`LIKE` folds ASCII letters only). A team's members are searched by
//! name or email as the Users tab searches people.

use super::teams::reads::team_name;
use super::{people, Db};
use crate::store::sql::{Sql, TRIGRAM};
use crate::store::Backend;
use shared::lists::{
    ListPage, ListQuery, MemberPage, MemberQuery, MemberSort, ProjectPage, ProjectQuery,
    ProjectSort, SortKey, TeamPage, TeamQuery, TeamSort, LIST_PAGE_SIZE,
};
use shared::stored::Flag;
use shared::wire::{PeoplePage, ProjectSummary, TeamMember, TeamOverview, TeamProject};
use shared::{AppError, ProjectRole, TeamId};

/// Appends "the name of the row aliased `alias` contains the search, in any case", `index` being
/// the trigram index of that row's table (nothing for an empty search; nothing matches a search
/// holding a NUL character, which FTS5 and `LIKE` cannot read and no name holds).
fn push_name_search(sql: &mut Sql, alias: &str, index: &str, search: &str) {
    let search = search.trim();
    if search.is_empty() {
        return;
    }
    if search.contains('\0') {
        sql.push_false();
    } else if sql.backend() == Backend::Sqlite && search.chars().count() >= TRIGRAM {
        sql.push(format_args!(
            " AND {alias}.id IN (SELECT rowid FROM {index} WHERE {index} MATCH "
        ))
        .push_bind(format!("\"{}\"", search.replace('"', "\"\"")))
        .push(")");
    } else {
        sql.push_contains(&[&format!("{alias}.name")], search);
    }
}

/// ` ORDER BY column dir, id dir LIMIT n OFFSET m` for `page` (literal numbers, so that the
/// planner sees a short limit).
fn push_order_and_page(sql: &mut Sql, column: &str, id: &str, desc: bool, page: u32) {
    let dir = if desc { "DESC" } else { "ASC" };
    let offset = u64::from(page.saturating_sub(1)) * u64::from(LIST_PAGE_SIZE);
    sql.push(format_args!(
        " ORDER BY {column} {dir}, {id} {dir} LIMIT {LIST_PAGE_SIZE} OFFSET {offset}"
    ));
}

/// The page to read: the one asked for, or the last one when it is past the end.
fn page_within<S: SortKey>(query: &ListQuery<S>, total: i64) -> u32 {
    query
        .page
        .clamp(1, PeoplePage::last_page(total, LIST_PAGE_SIZE))
}

fn list_page<T>(rows: Vec<T>, total: i64, page: u32) -> ListPage<T> {
    ListPage {
        rows,
        total,
        page,
        page_size: LIST_PAGE_SIZE,
    }
}

/// One page of the organization's teams whose name contains the search, with their member
/// counts and what each grants.
pub async fn teams(db: &Db, org_id: i64, query: &TeamQuery) -> Result<TeamPage, AppError> {
    let mut count = Sql::new(
        Backend::of(db),
        "SELECT COUNT(*) FROM teams t WHERE t.org_id = ",
    );
    count.push_bind(org_id);
    push_name_search(&mut count, "t", "team_search", &query.search);
    let total: i64 = count.build_query_scalar().fetch_one(db).await?;
    let page = page_within(query, total);

    #[derive(sqlx::FromRow)]
    struct TeamRow {
        id: i64,
        name: String,
        members: i64,
        #[sqlx(try_from = "shared::stored::Flag")]
        managed: bool,
    }
    let mut sql = Sql::new(
        Backend::of(db),
        "SELECT t.id, t.name, t.member_count AS members, t.scim_managed AS managed
         FROM teams t WHERE t.org_id = ",
    );
    sql.push_bind(org_id);
    push_name_search(&mut sql, "t", "team_search", &query.search);
    let column = match query.sort {
        TeamSort::Name => "t.name",
        TeamSort::Members => "t.member_count",
        TeamSort::Projects => "t.project_count",
    };
    push_order_and_page(&mut sql, column, "t.id", query.descending, page);
    let rows: Vec<TeamRow> = sql.build_query_as().fetch_all(db).await?;

    // What the page's teams grant, read for those teams only.
    let ids: Vec<i64> = rows.iter().map(|t| t.id).collect();
    let grants: Vec<(i64, i64, String, ProjectRole)> = Sql::new(
        Backend::of(db),
        "SELECT tp.team_id, p.id, p.name, tp.role
         FROM team_projects tp JOIN projects p ON p.id = tp.project_id
         WHERE tp.team_id IN ",
    )
    .push_list(&ids)
    .push(" ORDER BY p.name, p.id")
    .build_query_as()
    .fetch_all(db)
    .await?;
    let rows = rows
        .into_iter()
        .map(|t| TeamOverview {
            projects: grants
                .iter()
                .filter(|g| g.0 == t.id)
                .map(|(_, project_id, project_name, role)| TeamProject {
                    project_id: *project_id,
                    project_name: project_name.clone(),
                    role: *role,
                })
                .collect(),
            id: t.id,
            name: t.name,
            members: t.members,
            managed: t.managed,
        })
        .collect();
    Ok(list_page(rows, total, page))
}

/// One team of the organization as its page's heading shows it: its name, member count, what it
/// grants and whether the identity provider manages it; `NotFound` for another organization's.
pub async fn team(db: &Db, org_id: i64, id: TeamId) -> Result<TeamOverview, AppError> {
    let (name, members, Flag(managed)): (String, i64, Flag) = sqlx::query_as(
        "SELECT name, member_count, scim_managed FROM teams WHERE id = $1 AND org_id = $2",
    )
    .bind(id)
    .bind(org_id)
    .fetch_optional(db)
    .await?
    .ok_or_else(|| AppError::NotFound("The team".into()))?;
    let projects: Vec<(i64, String, ProjectRole)> = sqlx::query_as(
        "SELECT p.id, p.name, tp.role FROM team_projects tp JOIN projects p ON p.id = tp.project_id
         WHERE tp.team_id = $1 ORDER BY p.name, p.id",
    )
    .bind(id)
    .fetch_all(db)
    .await?;
    Ok(TeamOverview {
        id: id.0,
        name,
        members,
        managed,
        projects: projects
            .into_iter()
            .map(|(project_id, project_name, role)| TeamProject {
                project_id,
                project_name,
                role,
            })
            .collect(),
    })
}

/// One page of a team's members whose name or email contains the search; `NotFound` for a team
/// of another organization.
///
/// The team's rows come first (`CROSS JOIN` keeps SQLite from walking the whole organization's
/// name index instead, which a small team of a large organization would pay for); each member's
/// name and email are read from their membership, which carries them.
pub async fn team_members(
    db: &Db,
    org_id: i64,
    team_id: TeamId,
    query: &MemberQuery,
) -> Result<MemberPage, AppError> {
    let mut conn = db.acquire().await?;
    team_name(&mut conn, org_id, team_id).await?;
    let backend = Backend::of(db);
    // (Postgres plans the join order itself, and has no `CROSS JOIN … ON`.)
    let join = match backend {
        Backend::Sqlite => "CROSS JOIN",
        Backend::Postgres => "JOIN",
    };
    let from = |select: &str| {
        let mut sql = Sql::new(backend, select);
        sql.push(format_args!(
            " FROM team_members tm {join} memberships m ON m.org_id = "
        ))
        .push_bind(org_id)
        .push(" AND m.account_id = tm.account_id WHERE tm.team_id = ")
        .push_bind(team_id);
        people::push_search(&mut sql, org_id, &query.search, people::Matches::Inline);
        sql
    };
    let total: i64 = from("SELECT COUNT(*)")
        .build_query_scalar()
        .fetch_one(&mut *conn)
        .await?;
    let page = page_within(query, total);
    let mut sql = from("SELECT m.account_id, m.name, m.email, m.org_role AS role");
    let column = match query.sort {
        MemberSort::Name => "m.name COLLATE NOCASE",
        MemberSort::Email => "m.email",
    };
    push_order_and_page(&mut sql, column, "m.account_id", query.descending, page);
    let rows: Vec<TeamMember> = sql.build_query_as().fetch_all(&mut *conn).await?;
    Ok(list_page(rows, total, page))
}

/// One page of the organization's projects whose name contains the search.
pub async fn projects(db: &Db, org_id: i64, query: &ProjectQuery) -> Result<ProjectPage, AppError> {
    let mut count = Sql::new(
        Backend::of(db),
        "SELECT COUNT(*) FROM projects p WHERE p.org_id = ",
    );
    count.push_bind(org_id);
    push_name_search(&mut count, "p", "project_search", &query.search);
    let total: i64 = count.build_query_scalar().fetch_one(db).await?;
    let page = page_within(query, total);

    #[derive(sqlx::FromRow)]
    struct ProjectRow {
        id: i64,
        name: String,
        all_users_role: Option<ProjectRole>,
        created_at: i64,
    }
    let mut sql = Sql::new(
        Backend::of(db),
        "SELECT p.id, p.name, p.all_users_role, p.created_at FROM projects p WHERE p.org_id = ",
    );
    sql.push_bind(org_id);
    push_name_search(&mut sql, "p", "project_search", &query.search);
    let column = match query.sort {
        ProjectSort::Name => "p.name",
        ProjectSort::Created => "p.created_at",
    };
    push_order_and_page(&mut sql, column, "p.id", query.descending, page);
    let rows: Vec<ProjectRow> = sql.build_query_as().fetch_all(db).await?;
    let rows = rows
        .into_iter()
        .map(|p| ProjectSummary {
            id: p.id,
            name: p.name,
            all_users_role: p.all_users_role,
            created_at: p.created_at,
        })
        .collect();
    Ok(list_page(rows, total, page))
}
