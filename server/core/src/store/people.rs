//! The organization's directory as the Users tab reads it: search, filters, order and pages done by
//! the database (indexed), one person's page, and the CSV export of a filtered list.

use super::{access, Db};
use shared::stored::Flag;
use shared::wire::{
    PeoplePage, PeopleQuery, PersonDetail, PersonRow, PersonStatus, StaleFilter, TeamRef,
    PEOPLE_PAGE_SIZE,
};
use shared::AccountId;
use shared::{AppError, OrgRole};

mod page;
mod search;
use page::people_matching;
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
