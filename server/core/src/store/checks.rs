//! Checks a change makes against the rows as they are inside its own transaction, so that a role
//! changed since the request began is the one that counts.

use super::audit::Change;
use super::people::role_of;
use crate::actor::Actor;
use shared::AccountId;
use shared::{Action, AppError};

/// The actor as they are now: refused if they have left the organization meanwhile.
pub(super) async fn current(change: &mut Change, actor: &Actor) -> Result<Actor, AppError> {
    match role_of(change.tx(), actor.org_id, actor.account_id).await {
        Ok(role) => Ok(actor.with_role(role)),
        Err(AppError::NotFound(_)) => Err(AppError::Unauthorized),
        Err(other) => Err(other),
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
