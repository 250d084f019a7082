//! Changing people's place in the organization: their organization role, their individual project
//! grants, and removing them. Role changes and removals are checked against the `shared` policy
//! inside the write transaction, with the actor's and the target's roles as they are at that
//! moment, so that concurrent requests cannot leave an organization without an Owner.

use super::audit::{Change, Event};
use super::audit_details::{self as details, Details};
use super::checks::{current, may_change_access};
use super::people::role_of;
use super::{now, sessions, teams, Db};
use crate::actor::Actor;
use shared::stored::Flag;
use shared::wire::BulkOutcome;
use shared::AccountId;
use shared::TeamId;
use shared::{ensure_owner_remains, Action, AppError, OrgRole};

mod grants;

pub use grants::{remove_grant, set_grant};

/// The last-Owner rule inside `change`: someone who holds `current` may become `next` (`None`:
/// leave, or be deactivated) only if an active Owner remains. Deactivated Owners do not count, and
/// changing a deactivated Owner takes no active Owner away.
pub(super) async fn keep_an_active_owner(
    change: &mut Change,
    account_id: AccountId,
    current: OrgRole,
    next: Option<OrgRole>,
) -> Result<(), AppError> {
    if current != OrgRole::Owner {
        return Ok(());
    }
    let org_id = change.org_id();
    let (Flag(active), owners): (Flag, i64) = sqlx::query_as(
        "SELECT (SELECT deactivated_at IS NULL FROM memberships WHERE org_id = $1 AND account_id = $2),
                (SELECT COUNT(*) FROM memberships
                 WHERE org_id = $1 AND org_role = 'owner' AND deactivated_at IS NULL)",
    )
    .bind(org_id)
    .bind(account_id)
    .fetch_one(change.tx())
    .await?;
    if active {
        ensure_owner_remains(owners as u64, current, next)?;
    }
    Ok(())
}

async fn name_of(change: &mut Change, account_id: AccountId) -> Result<String, AppError> {
    sqlx::query_scalar("SELECT name FROM accounts WHERE id = $1")
        .bind(account_id)
        .fetch_one(change.tx())
        .await
        .map_err(AppError::from)
}

/// Changes one person's role inside `change`, after the policy and the last-Owner rule allowed it.
/// Returns whether anything changed (someone who has `to` already is left as they are, unrecorded).
async fn apply_role_change(
    change: &mut Change,
    actor: &Actor,
    account_id: AccountId,
    to: OrgRole,
) -> Result<bool, AppError> {
    let org_id = change.org_id();
    let target = role_of(change.tx(), org_id, account_id).await?;
    let permit = actor.permit(Action::ChangeOrgRole { target, to })?;
    if target == to {
        return Ok(false);
    }
    keep_an_active_owner(change, account_id, target, Some(to)).await?;
    sqlx::query("UPDATE memberships SET org_role = $1 WHERE org_id = $2 AND account_id = $3")
        .bind(to.as_str())
        .bind(permit.org_id())
        .bind(account_id)
        .execute(change.tx())
        .await?;
    let name = name_of(change, account_id).await?;
    let event = Event::new(
        name,
        Details::MemberRoleChange(details::RoleChanged {
            account_id: Some(account_id),
            from: target,
            to,
        }),
    )
    .about(account_id);
    change.record(event).await?;
    Ok(true)
}

/// Removes one person inside `change`: their membership, individual grants, team memberships and
/// sessions in this organization. Their account and what they did stay.
async fn apply_removal(
    change: &mut Change,
    actor: &Actor,
    account_id: AccountId,
) -> Result<bool, AppError> {
    let org_id = change.org_id();
    let target = role_of(change.tx(), org_id, account_id).await?;
    actor.permit(Action::RemoveUser { target })?;
    leave(change, account_id, target, false).await
}

/// Takes one person out of the organization inside `change`, after the caller's permission check:
/// their membership, individual grants and team memberships here go, their sessions leave it; their account and
/// what they did stay. Refused if it would leave no active Owner.
pub(super) async fn leave(
    change: &mut Change,
    account_id: AccountId,
    target: OrgRole,
    own: bool,
) -> Result<bool, AppError> {
    let org_id = change.org_id();
    keep_an_active_owner(change, account_id, target, None).await?;
    let name = name_of(change, account_id).await?;
    let statements = [
        "DELETE FROM project_grants WHERE account_id = $1 AND project_id IN (SELECT id FROM projects WHERE org_id = $2)",
        "DELETE FROM team_members WHERE account_id = $1 AND team_id IN (SELECT id FROM teams WHERE org_id = $2)",
        "DELETE FROM memberships WHERE account_id = $1 AND org_id = $2",
    ];
    sessions::move_out_of(change.tx(), Some(account_id), org_id).await?;
    for sql in statements {
        sqlx::query(sql)
            .bind(account_id)
            .bind(org_id)
            .execute(change.tx())
            .await?;
    }
    let removed = details::MemberRemoved {
        account_id: Some(account_id),
        role: target,
    };
    let details = if own {
        Details::MemberLeave(removed)
    } else {
        Details::MemberRemove(removed)
    };
    let event = Event::new(name, details).about(account_id);
    change.record(event).await?;
    Ok(true)
}

/// Deactivates (`active` false) or reactivates one person inside `change`, after the caller's
/// permission check. A deactivated person keeps their grants and teams and loses their sessions
/// here; deactivating the last active Owner is refused. Returns whether anything changed.
pub(super) async fn apply_status(
    change: &mut Change,
    account_id: AccountId,
    target: OrgRole,
    active: bool,
) -> Result<bool, AppError> {
    let org_id = change.org_id();
    let Flag(was_active) = sqlx::query_scalar(
        "SELECT deactivated_at IS NULL FROM memberships WHERE org_id = $1 AND account_id = $2",
    )
    .bind(org_id)
    .bind(account_id)
    .fetch_optional(change.tx())
    .await?
    .ok_or_else(|| AppError::NotFound("This person".into()))?;
    if was_active == active {
        return Ok(false);
    }
    if !active {
        keep_an_active_owner(change, account_id, target, None).await?;
        sessions::move_out_of(change.tx(), Some(account_id), org_id).await?;
    }
    let at = now();
    sqlx::query(
        "UPDATE memberships SET deactivated_at = $1, revision = revision + 1, modified_at = $2
         WHERE org_id = $3 AND account_id = $4",
    )
    .bind((!active).then_some(at))
    .bind(at)
    .bind(org_id)
    .bind(account_id)
    .execute(change.tx())
    .await?;
    let name = name_of(change, account_id).await?;
    let status = details::StatusChanged {
        account_id: Some(account_id),
        role: target,
    };
    let details = if active {
        Details::MemberReactivate(status)
    } else {
        Details::MemberDeactivate(status)
    };
    change
        .record(Event::new(name, details).about(account_id))
        .await?;
    Ok(true)
}

/// Deactivates or reactivates one person, within the ceilings of a role change.
pub async fn change_status(
    db: &Db,
    actor: &Actor,
    account_id: AccountId,
    active: bool,
) -> Result<(), AppError> {
    let mut change = Change::begin(db, actor.audit_actor()).await?;
    let actor = current(&mut change, actor).await?;
    let org_id = change.org_id();
    let target = role_of(change.tx(), org_id, account_id).await?;
    actor.permit(Action::ChangeStatus { target })?;
    apply_status(&mut change, account_id, target, active).await?;
    change.finish().await
}

/// Changes one person's organization role.
pub async fn change_role(
    db: &Db,
    actor: &Actor,
    account_id: AccountId,
    to: OrgRole,
) -> Result<(), AppError> {
    let mut change = Change::begin(db, actor.audit_actor()).await?;
    let actor = current(&mut change, actor).await?;
    apply_role_change(&mut change, &actor, account_id, to).await?;
    change.finish().await
}

/// Removes one person from the organization.
pub async fn remove(db: &Db, actor: &Actor, account_id: AccountId) -> Result<(), AppError> {
    let mut change = Change::begin(db, actor.audit_actor()).await?;
    let actor = current(&mut change, actor).await?;
    apply_removal(&mut change, &actor, account_id).await?;
    change.finish().await
}

/// What a bulk action does to each person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BulkAction {
    ChangeRole(OrgRole),
    Remove,
    AddToTeam(TeamId),
}

/// Applies `action` to each of `account_ids` (each once, however often listed) in one
/// transaction. A person the policy refuses is reported with the reason and skipped; someone the
/// action would leave as they are (already in the team, already holding the role) is reported as
/// unchanged and recorded nowhere; the others are changed, each with their event. When nobody
/// changes, nothing is written (not even the summary event), and if nobody selected is in the
/// organization the answer is `NotFound`.
pub async fn bulk(
    db: &Db,
    actor: &Actor,
    action: BulkAction,
    account_ids: &[AccountId],
) -> Result<Vec<BulkOutcome>, AppError> {
    let mut change = Change::begin(db, actor.audit_actor()).await?;
    let actor = current(&mut change, actor).await?;
    let team = match action {
        BulkAction::AddToTeam(team_id) => Some(team_name(&mut change, &actor, team_id).await?),
        _ => None,
    };
    let mut seen = std::collections::HashSet::with_capacity(account_ids.len());
    let account_ids: Vec<AccountId> = account_ids
        .iter()
        .copied()
        .filter(|id| seen.insert(*id))
        .collect();
    let mut outcomes = Vec::with_capacity(account_ids.len());
    let mut not_found = 0;
    for &account_id in &account_ids {
        // Named before the change (a removal ends the membership) and only if they are in this
        // organization: someone else's id gets no name.
        let name = sqlx::query_scalar::<_, String>(
            "SELECT a.name FROM accounts a JOIN memberships m ON m.account_id = a.id
              WHERE a.id = $1 AND m.org_id = $2",
        )
        .bind(account_id)
        .bind(change.org_id())
        .fetch_optional(change.tx())
        .await?
        .unwrap_or_else(|| format!("#{account_id}"));
        let result = match action {
            BulkAction::ChangeRole(to) => {
                apply_role_change(&mut change, &actor, account_id, to).await
            }
            BulkAction::Remove => apply_removal(&mut change, &actor, account_id).await,
            BulkAction::AddToTeam(team_id) => {
                let team = team.as_deref().unwrap_or_default();
                apply_team_join(&mut change, &actor, account_id, team_id, team).await
            }
        };
        let (changed, refused) = match result {
            Ok(changed) => (changed, None),
            Err(AppError::Internal) => return Err(AppError::Internal),
            Err(refusal) => (false, Some(refusal)),
        };
        not_found += usize::from(matches!(refused, Some(AppError::NotFound(_))));
        outcomes.push(BulkOutcome {
            account_id: account_id.0,
            name,
            changed,
            refused: refused.map(|r| r.to_string()),
        });
    }
    let changed = outcomes.iter().filter(|o| o.changed).count();
    if changed == 0 {
        // Nothing changed, nothing was recorded: `finish` rolls the transaction back.
        change.finish().await?;
        if not_found == outcomes.len() {
            return Err(AppError::NotFound("The selection".into()));
        }
        return Ok(outcomes);
    }
    let people = match account_ids.len() {
        1 => "1 person".to_string(),
        n => format!("{n} people"),
    };
    let summary = Event::new(
        people,
        Details::MemberBulk(details::BulkDone {
            action: match action {
                BulkAction::ChangeRole(_) => details::BulkKind::ChangeRole,
                BulkAction::Remove => details::BulkKind::Remove,
                BulkAction::AddToTeam(_) => details::BulkKind::AddToTeam,
            },
            to: match action {
                BulkAction::ChangeRole(to) => Some(to),
                _ => None,
            },
            team,
            changed: changed as u64,
            unchanged: outcomes
                .iter()
                .filter(|o| !o.changed && o.refused.is_none())
                .count() as u64,
            refused: outcomes.iter().filter(|o| o.refused.is_some()).count() as u64,
        }),
    );
    change.commit(summary).await?;
    Ok(outcomes)
}

/// The name of a team of the actor's organization, after checking they may manage its members.
async fn team_name(
    change: &mut Change,
    actor: &Actor,
    team_id: TeamId,
) -> Result<String, AppError> {
    actor.permit(Action::ManageAccess)?;
    let org_id = change.org_id();
    let name = teams::reads::team_name(change.tx(), org_id, team_id).await?;
    teams::members_by_hand(change.tx(), team_id).await?;
    Ok(name)
}

/// Adds one person to a team inside `change`, if the actor may change what they reach. Returns
/// whether they joined (someone in the team already is left as they are, unrecorded).
async fn apply_team_join(
    change: &mut Change,
    actor: &Actor,
    account_id: AccountId,
    team_id: TeamId,
    team: &str,
) -> Result<bool, AppError> {
    may_change_access(change, actor, account_id).await?;
    let org_id = change.org_id();
    let Some(email) = teams::put_member(change.tx(), org_id, team_id, account_id).await? else {
        return Ok(false);
    };
    let event = Event::new(
        format!("team “{team}”"),
        Details::TeamMemberAdd(details::TeamMember {
            team_id: Some(team_id),
            member: email,
        }),
    )
    .about(account_id);
    change.record(event).await?;
    Ok(true)
}
