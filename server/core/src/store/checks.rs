//! Checks a change makes against the rows as they are inside its own transaction, so that a role
//! changed since the request began is the one that counts.

use super::audit::Change;
use super::people::role_of;
use crate::actor::Actor;
use shared::stored::Flag;
use shared::AccountId;
use shared::{Action, AppError, OrgRole};

/// The actor as they are now: refused if they have left the organization or been deactivated
/// meanwhile.
pub(super) async fn current(change: &mut Change, actor: &Actor) -> Result<Actor, AppError> {
    let row: Option<(OrgRole, Flag)> = sqlx::query_as(
        "SELECT org_role, deactivated_at IS NULL FROM memberships WHERE org_id = $1 AND account_id = $2",
    )
    .bind(actor.org_id)
    .bind(actor.account_id)
    .fetch_optional(change.tx())
    .await?;
    match row {
        Some((role, Flag(true))) => Ok(actor.with_role(role)),
        _ => Err(AppError::Unauthorized),
    }
}

/// Checks, inside `change`, that `actor` (with their role as it is now) may change what person
/// `account_id` reaches — their individual grants and teams — given that person's role now: only
/// people below the actor, and Owners for Owners. `NotFound` for someone not in the organization.
pub(super) async fn may_change_access(
    change: &mut Change,
    actor: &Actor,
    account_id: AccountId,
) -> Result<(), AppError> {
    let actor = current(change, actor).await?;
    let org_id = change.org_id();
    let target = role_of(change.tx(), org_id, account_id).await?;
    actor.permit(Action::ChangePersonAccess { target })?;
    Ok(())
}
