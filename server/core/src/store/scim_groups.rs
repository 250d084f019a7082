//! Teams as the identity provider sees them over SCIM Groups. A team the identity provider creates
//! or writes to is linked to it (`scim_managed`): from then on its members change only over SCIM,
//! while its project roles are still set in Roster. A group created with the name of an existing
//! team links that team instead of failing.

use super::audit::{Change, Event};
use super::audit_details::{self as details, Details, Nothing};
use super::teams::{put_member, DUPLICATE};
use super::{now, on_unique, Db};
use crate::actor::ScimPermit;
use shared::stored::Flag;
use shared::{AccountId, AppError, TeamId};
use std::collections::BTreeSet;

/// A team as the SCIM layer reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupRecord {
    pub id: TeamId,
    pub name: String,
    pub external_id: Option<String>,
    pub managed: bool,
    pub revision: i64,
    pub created_at: i64,
    pub modified_at: i64,
    /// Members by account id, with their names, in account-id order.
    pub members: Vec<(AccountId, String)>,
}

#[derive(sqlx::FromRow)]
struct GroupRow {
    id: TeamId,
    name: String,
    external_id: Option<String>,
    #[sqlx(try_from = "shared::stored::Flag")]
    managed: bool,
    revision: i64,
    created_at: i64,
    modified_at: i64,
}

/// What the identity provider says about a group, read by the SCIM layer.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupInput {
    pub name: String,
    pub external_id: Option<String>,
    /// Every member, by account id.
    pub members: Vec<AccountId>,
}

/// The columns read, followed by the rest of the statement (a literal, so the SQL stays static).
macro_rules! select {
    ($rest:literal) => {
        concat!(
            "SELECT id, name, external_id, scim_managed AS managed, revision, created_at,
        COALESCE(modified_at, created_at) AS modified_at
     FROM teams",
            " ",
            $rest
        )
    };
}

async fn members_of(
    conn: &mut sqlx::AnyConnection,
    id: TeamId,
) -> Result<Vec<(AccountId, String)>, AppError> {
    sqlx::query_as(
        "SELECT a.id, a.name FROM team_members tm JOIN accounts a ON a.id = tm.account_id
         WHERE tm.team_id = $1 ORDER BY a.id",
    )
    .bind(id)
    .fetch_all(conn)
    .await
    .map_err(AppError::from)
}

async fn read(
    conn: &mut sqlx::AnyConnection,
    org_id: i64,
    id: TeamId,
    with_members: bool,
) -> Result<GroupRecord, AppError> {
    let row: GroupRow = sqlx::query_as(select!("WHERE org_id = $1 AND id = $2"))
        .bind(org_id)
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| AppError::NotFound("This group".into()))?;
    let members = if with_members {
        members_of(conn, id).await?
    } else {
        Vec::new()
    };
    Ok(record(row, members))
}

fn record(row: GroupRow, members: Vec<(AccountId, String)>) -> GroupRecord {
    GroupRecord {
        id: row.id,
        name: row.name,
        external_id: row.external_id,
        managed: row.managed,
        revision: row.revision,
        created_at: row.created_at,
        modified_at: row.modified_at,
        members,
    }
}

/// One team of the organization, by id; `with_members` false leaves its members out.
pub async fn get(
    db: &Db,
    permit: &ScimPermit,
    id: TeamId,
    with_members: bool,
) -> Result<GroupRecord, AppError> {
    read(&mut *db.acquire().await?, permit.org_id(), id, with_members).await
}

/// Every team of the organization, in id order.
pub async fn all(
    db: &Db,
    permit: &ScimPermit,
    with_members: bool,
) -> Result<Vec<GroupRecord>, AppError> {
    let mut conn = db.acquire().await?;
    let rows: Vec<GroupRow> = sqlx::query_as(select!("WHERE org_id = $1 ORDER BY id"))
        .bind(permit.org_id())
        .fetch_all(&mut *conn)
        .await?;
    let mut groups = Vec::with_capacity(rows.len());
    for row in rows {
        let members = if with_members {
            members_of(&mut conn, row.id).await?
        } else {
            Vec::new()
        };
        groups.push(record(row, members));
    }
    Ok(groups)
}

/// Creates a team linked to the identity provider, or links the unlinked team of that name; a
/// linked team of that name is a conflict. Its members become exactly `input.members`.
pub async fn create(
    db: &Db,
    permit: &ScimPermit,
    input: &GroupInput,
) -> Result<GroupRecord, AppError> {
    let mut change = Change::begin(db, permit.audit_actor()).await?;
    let org_id = permit.org_id();
    let existing: Option<(TeamId, Flag)> =
        sqlx::query_as("SELECT id, scim_managed FROM teams WHERE org_id = $1 AND name = $2")
            .bind(org_id)
            .bind(&input.name)
            .fetch_optional(change.tx())
            .await?;
    let at = now();
    let (id, details) = match existing {
        Some((_, Flag(true))) => return Err(AppError::conflict("displayName", DUPLICATE)),
        Some((id, Flag(false))) => (id, Details::ScimGroupLink(Nothing {})),
        None => {
            let id = sqlx::query_scalar::<_, i64>(
                "INSERT INTO teams (org_id, name, created_at) VALUES ($1, $2, $3) RETURNING id",
            )
            .bind(org_id)
            .bind(&input.name)
            .bind(at)
            .fetch_one(change.tx())
            .await
            .map_err(on_unique("displayName", DUPLICATE))?;
            (TeamId(id), Details::ScimGroupCreate(Nothing {}))
        }
    };
    sqlx::query(
        "UPDATE teams SET scim_managed = 1, external_id = $1, revision = revision + 1,
                modified_at = $2 WHERE id = $3",
    )
    .bind(&input.external_id)
    .bind(at)
    .bind(id)
    .execute(change.tx())
    .await?;
    change
        .record(Event::new(format!("team “{}”", input.name), details))
        .await?;
    set_members(&mut change, id, &input.name, &input.members).await?;
    let group = read(change.tx(), org_id, id, true).await?;
    change.finish().await?;
    Ok(group)
}

/// Replaces what the identity provider says about team `id` (a PUT, or a PATCH applied to its
/// current state); links the team if it was not. `expected_revision`, when given, must match.
pub async fn update(
    db: &Db,
    permit: &ScimPermit,
    id: TeamId,
    input: &GroupInput,
    expected_revision: Option<i64>,
) -> Result<GroupRecord, AppError> {
    let mut change = Change::begin(db, permit.audit_actor()).await?;
    let org_id = permit.org_id();
    let before = read(change.tx(), org_id, id, false).await?;
    if expected_revision.is_some_and(|r| r != before.revision) {
        return Err(AppError::conflict(
            "version",
            "This group was changed since you read it.",
        ));
    }
    let at = now();
    if before.name != input.name {
        sqlx::query("UPDATE teams SET name = $1 WHERE id = $2")
            .bind(&input.name)
            .bind(id)
            .execute(change.tx())
            .await
            .map_err(on_unique("displayName", DUPLICATE))?;
        let event = Event::new(
            format!("team “{}”", input.name),
            Details::TeamRename(details::Renamed {
                from: before.name.clone(),
                to: input.name.clone(),
            }),
        );
        change.record(event).await?;
    }
    if !before.managed {
        change
            .record(Event::new(
                format!("team “{}”", input.name),
                Details::ScimGroupLink(Nothing {}),
            ))
            .await?;
    }
    if before.external_id != input.external_id {
        change
            .record(Event::new(
                format!("team “{}”", input.name),
                Details::ScimGroupUpdate(details::ProvisionedUpdate {
                    attributes: vec!["externalId".into()],
                }),
            ))
            .await?;
    }
    let members_changed = set_members(&mut change, id, &input.name, &input.members).await?;
    let changed = before.name != input.name
        || !before.managed
        || before.external_id != input.external_id
        || members_changed;
    if changed {
        sqlx::query(
            "UPDATE teams SET scim_managed = 1, external_id = $1, revision = revision + 1,
                    modified_at = $2 WHERE id = $3",
        )
        .bind(&input.external_id)
        .bind(at)
        .bind(id)
        .execute(change.tx())
        .await?;
    }
    let group = read(change.tx(), org_id, id, true).await?;
    change.finish().await?;
    Ok(group)
}

/// Deletes team `id`, which the identity provider must have linked (a team made by hand is not
/// its to delete): its project assignments and memberships go with it, nothing else.
pub async fn delete(db: &Db, permit: &ScimPermit, id: TeamId) -> Result<(), AppError> {
    let mut change = Change::begin(db, permit.audit_actor()).await?;
    let org_id = permit.org_id();
    let team = read(change.tx(), org_id, id, true).await?;
    if !team.managed {
        return Err(AppError::Forbidden(
            "This team was made in Roster, not by your identity provider: delete it there.".into(),
        ));
    }
    let projects: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM team_projects WHERE team_id = $1")
        .bind(id)
        .fetch_one(change.tx())
        .await?;
    sqlx::query("DELETE FROM teams WHERE id = $1 AND org_id = $2")
        .bind(id)
        .bind(org_id)
        .execute(change.tx())
        .await?;
    let event = Event::new(
        format!("team “{}”", team.name),
        Details::TeamDelete(details::TeamDeleted {
            members: team.members.len() as u64,
            projects: projects as u64,
        }),
    );
    change.commit(event).await
}

/// Makes the members of team `id` exactly `wanted` (people of the organization; anyone else is
/// refused), recording each joining and leaving. Returns whether anything changed.
async fn set_members(
    change: &mut Change,
    id: TeamId,
    team: &str,
    wanted: &[AccountId],
) -> Result<bool, AppError> {
    let org_id = change.org_id();
    let wanted: BTreeSet<AccountId> = wanted.iter().copied().collect();
    let current: BTreeSet<AccountId> =
        sqlx::query_scalar("SELECT account_id FROM team_members WHERE team_id = $1")
            .bind(id)
            .fetch_all(change.tx())
            .await?
            .into_iter()
            .collect();
    let mut changed = false;
    for &account_id in wanted.difference(&current) {
        let email = put_member(change.tx(), org_id, id, account_id)
            .await
            .map_err(|e| match e {
                AppError::NotFound(_) => AppError::invalid(
                    "members",
                    format!("There is no user {account_id} in this organization."),
                ),
                other => other,
            })?;
        if let Some(email) = email {
            changed = true;
            let event = Event::new(
                format!("team “{team}”"),
                Details::TeamMemberAdd(details::TeamMember {
                    team_id: Some(id),
                    member: email,
                }),
            )
            .about(account_id);
            change.record(event).await?;
        }
    }
    for &account_id in current.difference(&wanted) {
        let email: String = sqlx::query_scalar(
            "DELETE FROM team_members WHERE team_id = $1 AND account_id = $2
             RETURNING (SELECT email FROM accounts WHERE id = team_members.account_id)",
        )
        .bind(id)
        .bind(account_id)
        .fetch_one(change.tx())
        .await?;
        changed = true;
        let event = Event::new(
            format!("team “{team}”"),
            Details::TeamMemberRemove(details::TeamMember {
                team_id: Some(id),
                member: email,
            }),
        )
        .about(account_id);
        change.record(event).await?;
    }
    Ok(changed)
}
