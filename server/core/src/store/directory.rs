//! The organization's directory as the Users and Teams tabs read it, and the operator's way to add
//! a person or an empty team directly (used by the server's admin commands and the demo seed).

use super::audit::{record, Event};
use super::audit_details::{self as details, Details};
use super::{accounts, begin_write, orgs, people, Db};
use crate::actor::AuditActor;
use crate::store::sql::Sql;
use crate::store::Backend;
use shared::wire::{MemberRow, TeamSummary};
use shared::{AccountId, TeamId};
use shared::{AppError, OrgRole};

#[derive(sqlx::FromRow)]
struct Row {
    account_id: i64,
    name: String,
    email: String,
    org_role: OrgRole,
    joined_at: i64,
    last_active_at: Option<i64>,
}

/// The organization's teams with their sizes, by name.
pub async fn teams(db: &Db, org_id: i64) -> Result<Vec<TeamSummary>, AppError> {
    sqlx::query_as(
        "SELECT t.id, t.name,
                (SELECT COUNT(*) FROM team_members tm WHERE tm.team_id = t.id) AS members,
                (SELECT COUNT(*) FROM team_projects tp WHERE tp.team_id = t.id) AS projects
         FROM teams t WHERE t.org_id = $1 ORDER BY t.name, t.id",
    )
    .bind(org_id)
    .fetch_all(db)
    .await
    .map_err(AppError::from)
}

/// A new, empty team added by an operator's command, audited as a server command.
pub async fn add_team(db: &Db, org_id: i64, name: &str) -> Result<i64, AppError> {
    let mut tx = begin_write(db).await?;
    let team_id = sqlx::query_scalar::<_, i64>(
        "INSERT INTO teams (org_id, name, created_at) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(org_id)
    .bind(name)
    .bind(super::now())
    .fetch_one(&mut *tx)
    .await
    .map_err(super::on_unique(
        "name",
        "A team with this name already exists.",
    ))?;
    let actor = AuditActor {
        org_id,
        account_id: None,
        name: "Server command".into(),
    };
    record(
        &mut tx,
        &actor,
        &Event::new(
            format!("team “{name}”"),
            Details::TeamCreate(details::TeamCreated::default()),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(team_id)
}

/// A new person added by an operator's command: creates the account and the membership in one
/// transaction, audited as a server command.
pub async fn add_person(
    db: &Db,
    org_id: i64,
    name: &str,
    email: &str,
    password_hash: &str,
    role: OrgRole,
) -> Result<AccountId, AppError> {
    let mut tx = begin_write(db).await?;
    let account_id = accounts::insert(&mut tx, email, name, password_hash).await?;
    orgs::add_membership(&mut tx, org_id, account_id, role).await?;
    let actor = AuditActor {
        org_id,
        account_id: None,
        name: "Server command".into(),
    };
    let event = Event::new(
        format!("{name} <{email}>"),
        Details::MemberAdd(details::MemberAdded { role }),
    )
    .about(account_id);
    record(&mut tx, &actor, &event).await?;
    tx.commit().await?;
    Ok(account_id)
}

/// Up to `limit` people of the organization whose name or email contains `query` (any case), by
/// name: a picker's answer, which never loads the whole directory.
pub async fn search(
    db: &Db,
    org_id: i64,
    query: &str,
    limit: i64,
) -> Result<Vec<MemberRow>, AppError> {
    find(db, org_id, query, None, limit).await
}

/// [`search`] without the people who are in `team` already, so that a picker adding people to
/// a team shows only who it can add, however many members the team has; `NotFound` for a team
/// of another organization.
pub async fn search_outside_team(
    db: &Db,
    org_id: i64,
    team: TeamId,
    query: &str,
    limit: i64,
) -> Result<Vec<MemberRow>, AppError> {
    super::teams::reads::team_name(&mut *db.acquire().await?, org_id, team).await?;
    find(db, org_id, query, Some(team), limit).await
}

/// Up to `limit` people of the organization matching `query` and, given a team, not in it.
async fn find(
    db: &Db,
    org_id: i64,
    query: &str,
    outside: Option<TeamId>,
    limit: i64,
) -> Result<Vec<MemberRow>, AppError> {
    let mut sql = Sql::new(
        Backend::of(db),
        "SELECT m.account_id, m.name, m.email, m.org_role, m.joined_at, m.last_active_at
         FROM memberships m WHERE m.org_id = ",
    );
    sql.push_bind(org_id);
    people::push_search(&mut sql, org_id, query, people::Matches::Inline);
    if let Some(team) = outside {
        sql.push(
            " AND NOT EXISTS (SELECT 1 FROM team_members tm WHERE tm.account_id = m.account_id AND tm.team_id = ",
        )
        .push_bind(team)
        .push(")");
    }
    sql.push(format_args!(
        " ORDER BY m.name COLLATE NOCASE, m.account_id LIMIT {}",
        limit.max(0)
    ));
    let rows: Vec<Row> = sql.build_query_as().fetch_all(db).await?;
    Ok(rows
        .into_iter()
        .map(|r| MemberRow {
            role: r.org_role,
            account_id: r.account_id,
            name: r.name,
            email: r.email,
            joined_at: r.joined_at,
            last_active_at: r.last_active_at,
        })
        .collect())
}
