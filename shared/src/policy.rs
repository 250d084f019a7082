//! The permission policy: what a person with a given organization role may do, the ceilings on the
//! roles they may hand out, and the rule that an organization always keeps an Owner.
//!
//! The UI consults it to decide what to show; the server consults it to decide what to allow. Any
//! decision about permissions is made here and nowhere else.

use crate::roles::OrgRole;
use serde::{Deserialize, Serialize};

/// Something a member of an organization may try to do. Actions that concern another person carry
/// that person's current organization role, so the policy can apply the "only below you" rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Action {
    /// See the Users, Teams and Projects tabs.
    ViewDirectory,
    /// Invite someone into the organization with the given organization role.
    Invite { role: OrgRole },
    /// Remove someone who currently holds `target` from the organization.
    RemoveUser { target: OrgRole },
    /// Change the organization role of someone who holds `target` to `to`.
    ChangeOrgRole { target: OrgRole, to: OrgRole },
    /// Change project roles and team roles, individual grants, all-users defaults, team members.
    ManageAccess,
    /// Change what one person who holds `target` reaches: their individual grants and the teams
    /// they are in. `ManageAccess`, limited to people below the actor (Owners: other Owners too).
    ChangePersonAccess { target: OrgRole },

    /// Create, rename and delete teams.
    ManageTeams,
    /// Create a project.
    CreateProject,
    /// Rename a project.
    RenameProject,
    /// Delete a project.
    DeleteProject,
    /// Manage billing (the role exists before the feature does).
    ManageBilling,
    /// Read the audit log.
    ReadAuditLog,
    /// Deactivate or reactivate someone who holds `target` (the ceilings of a role change).
    ChangeStatus { target: OrgRole },
    /// See and change how the identity provider provisions the organization: SCIM tokens, the
    /// role provisioned people get, unlinking a team from the identity provider.
    ManageProvisioning,
    /// Provision over SCIM: create, update, deactivate and remove people, and manage the teams the
    /// identity provider links. Only an organization's SCIM token may, and nothing else.
    Provision,
    /// Rename the organization or change its address (slug).
    ManageOrganization,
    /// Delete the organization with everything in it.
    DeleteOrganization,
    /// Leave the organization (any member; the last active Owner is refused by the store).
    LeaveOrganization,
}

/// Who is acting: a person with their organization role, or an organization's SCIM token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Principal {
    Member(OrgRole),
    ScimToken,
}

/// Why the policy refused an action. The messages are written for the person who was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum Denied {
    #[error("Only Owners and Admins can do this.")]
    NeedsAdmin,
    #[error("Only Owners can do this.")]
    NeedsOwner,
    #[error("Only Owners and Billing Admins can manage billing.")]
    NeedsBilling,
    #[error("You can give roles up to {0}, and no higher.")]
    AboveCeiling(OrgRole),
    #[error("You can only change or remove people whose role is below yours.")]
    TargetNotBelow,
    #[error("An organization must keep at least one Owner.")]
    LastOwner,
    #[error("Only the organization's identity provider can do this, with a SCIM token.")]
    NeedsScimToken,
    #[error("A SCIM token can only provision people and groups over SCIM.")]
    ScimOnly,
    #[error(
        "People provisioned by the identity provider can get roles up to Admin, and no higher."
    )]
    ProvisionedAboveAdmin,
    #[error("This team's members are managed by your identity provider.")]
    ManagedByIdentityProvider,
}

/// The most powerful organization role `actor` may hand out, by invitation or by role change.
pub fn ceiling(actor: OrgRole) -> Option<OrgRole> {
    match actor {
        OrgRole::Owner => Some(OrgRole::Owner),
        OrgRole::Admin => Some(OrgRole::Admin),
        OrgRole::BillingAdmin | OrgRole::Member => None,
    }
}

/// The organization roles `actor` may hand out, most powerful first (empty for non-admins).
pub fn grantable_roles(actor: OrgRole) -> Vec<OrgRole> {
    match ceiling(actor) {
        Some(top) => OrgRole::ALL.into_iter().filter(|r| *r <= top).collect(),
        None => Vec::new(),
    }
}

/// Decides whether `principal` may perform `action`: a person by their role ([`can`]); an
/// organization's SCIM token provisioning ([`Action::Provision`]) and nothing else.
pub fn principal_can(principal: Principal, action: Action) -> Result<(), Denied> {
    match principal {
        Principal::Member(role) => can(role, action),
        Principal::ScimToken if action == Action::Provision => Ok(()),
        Principal::ScimToken => Err(Denied::ScimOnly),
    }
}

/// The roles people provisioned by the identity provider may get by default: never Owner.
pub fn provisionable(role: OrgRole) -> Result<(), Denied> {
    if role == OrgRole::Owner {
        Err(Denied::ProvisionedAboveAdmin)
    } else {
        Ok(())
    }
}

/// Decides whether someone holding `actor` may perform `action`.
pub fn can(actor: OrgRole, action: Action) -> Result<(), Denied> {
    use OrgRole::*;
    let is_admin = matches!(actor, Owner | Admin);
    let admin_only = || {
        if is_admin {
            Ok(())
        } else {
            Err(Denied::NeedsAdmin)
        }
    };
    match action {
        Action::ViewDirectory => Ok(()),
        Action::ManageAccess
        | Action::ManageTeams
        | Action::CreateProject
        | Action::RenameProject => admin_only(),
        Action::ReadAuditLog => admin_only(),
        Action::ChangePersonAccess { target } => {
            admin_only()?;
            may_act_on(actor, target)
        }
        Action::DeleteProject => match actor {
            Owner => Ok(()),
            _ => Err(Denied::NeedsOwner),
        },
        Action::ManageBilling => match actor {
            Owner | BillingAdmin => Ok(()),
            _ => Err(Denied::NeedsBilling),
        },
        Action::Invite { role } => {
            admin_only()?;
            within_ceiling(actor, role)
        }
        Action::RemoveUser { target } => {
            admin_only()?;
            may_act_on(actor, target)
        }
        Action::ChangeOrgRole { target, to } => {
            admin_only()?;
            may_act_on(actor, target)?;
            within_ceiling(actor, to)
        }
        Action::ChangeStatus { target } => {
            admin_only()?;
            may_act_on(actor, target)
        }
        Action::ManageProvisioning => match actor {
            Owner => Ok(()),
            _ => Err(Denied::NeedsOwner),
        },
        Action::Provision => Err(Denied::NeedsScimToken),
        Action::ManageOrganization | Action::DeleteOrganization => match actor {
            Owner => Ok(()),
            _ => Err(Denied::NeedsOwner),
        },
        Action::LeaveOrganization => Ok(()),
    }
}

fn within_ceiling(actor: OrgRole, role: OrgRole) -> Result<(), Denied> {
    match ceiling(actor) {
        Some(top) if role <= top => Ok(()),
        Some(top) => Err(Denied::AboveCeiling(top)),
        None => Err(Denied::NeedsAdmin),
    }
}

/// An actor may act only on people below them; Owners may also act on other Owners.
fn may_act_on(actor: OrgRole, target: OrgRole) -> Result<(), Denied> {
    if target < actor || (actor == OrgRole::Owner && target == OrgRole::Owner) {
        Ok(())
    } else {
        Err(Denied::TargetNotBelow)
    }
}

/// The last-Owner rule. `owners` is the number of Owners the organization has now, `current` the
/// role of the person being changed and `next` their role afterwards (`None` when they leave or are
/// removed). The caller counts the Owners inside the same write transaction as the change.
pub fn ensure_owner_remains(
    owners: u64,
    current: OrgRole,
    next: Option<OrgRole>,
) -> Result<(), Denied> {
    let loses_an_owner = current == OrgRole::Owner && next != Some(OrgRole::Owner);
    if loses_an_owner && owners <= 1 {
        Err(Denied::LastOwner)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roles::OrgRole::{self, *};

    /// The expected answer for every (actor, action) pair, written out from the product's matrix
    /// independently of the implementation above.
    fn expected(actor: OrgRole, action: Action) -> bool {
        let admin = actor == Owner || actor == Admin;
        match action {
            Action::ViewDirectory => true,
            Action::ManageAccess
            | Action::ManageTeams
            | Action::CreateProject
            | Action::RenameProject
            | Action::ReadAuditLog => admin,
            Action::ChangePersonAccess { target } => match actor {
                Owner => true,
                Admin => target == BillingAdmin || target == Member,
                _ => false,
            },
            Action::DeleteProject => actor == Owner,
            Action::ManageBilling => actor == Owner || actor == BillingAdmin,
            Action::Invite { role } => actor == Owner || (actor == Admin && role != Owner),
            Action::RemoveUser { target } => match actor {
                Owner => true,
                Admin => target == BillingAdmin || target == Member,
                _ => false,
            },
            Action::ChangeOrgRole { target, to } => match actor {
                Owner => true,
                Admin => (target == BillingAdmin || target == Member) && to != Owner,
                _ => false,
            },
            Action::ChangeStatus { target } => match actor {
                Owner => true,
                Admin => target == BillingAdmin || target == Member,
                _ => false,
            },
            Action::ManageProvisioning => actor == Owner,
            Action::Provision => false,
            Action::ManageOrganization | Action::DeleteOrganization => actor == Owner,
            Action::LeaveOrganization => true,
        }
    }

    fn every_action() -> Vec<Action> {
        let mut actions = vec![
            Action::ViewDirectory,
            Action::ManageAccess,
            Action::ManageTeams,
            Action::CreateProject,
            Action::RenameProject,
            Action::DeleteProject,
            Action::ManageBilling,
            Action::ReadAuditLog,
            Action::ManageProvisioning,
            Action::Provision,
            Action::ManageOrganization,
            Action::DeleteOrganization,
            Action::LeaveOrganization,
        ];
        for target in OrgRole::ALL {
            actions.push(Action::ChangeStatus { target });
            actions.push(Action::Invite { role: target });
            actions.push(Action::ChangePersonAccess { target });
            actions.push(Action::RemoveUser { target });
            for to in OrgRole::ALL {
                actions.push(Action::ChangeOrgRole { target, to });
            }
        }
        actions
    }

    #[test]
    fn every_actor_action_and_target_matches_the_matrix() {
        let mut checked = 0;
        for actor in OrgRole::ALL {
            for action in every_action() {
                assert_eq!(
                    can(actor, action).is_ok(),
                    expected(actor, action),
                    "{actor:?} doing {action:?}"
                );
                checked += 1;
            }
        }
        // 4 actors × (13 plain actions + 4 status changes + 4 invites + 4 access changes
        // + 4 removals + 16 role changes)
        assert_eq!(checked, 4 * 45);
    }

    #[test]
    fn a_scim_token_provisions_and_does_nothing_else() {
        for action in every_action() {
            let allowed = principal_can(Principal::ScimToken, action).is_ok();
            assert_eq!(allowed, action == Action::Provision, "{action:?}");
        }
        for role in OrgRole::ALL {
            assert_eq!(
                principal_can(Principal::Member(role), Action::Provision),
                Err(Denied::NeedsScimToken)
            );
            assert_eq!(provisionable(role).is_ok(), role != Owner);
        }
    }

    #[test]
    fn refusals_say_why() {
        assert_eq!(can(Member, Action::CreateProject), Err(Denied::NeedsAdmin));
        assert_eq!(can(Admin, Action::DeleteProject), Err(Denied::NeedsOwner));
        assert_eq!(
            can(Admin, Action::Invite { role: Owner }),
            Err(Denied::AboveCeiling(Admin))
        );
        assert_eq!(
            can(
                Admin,
                Action::ChangeOrgRole {
                    target: Member,
                    to: Owner
                }
            ),
            Err(Denied::AboveCeiling(Admin))
        );
        assert_eq!(
            can(
                Admin,
                Action::ChangeOrgRole {
                    target: Admin,
                    to: Member
                }
            ),
            Err(Denied::TargetNotBelow)
        );
        assert_eq!(
            can(Member, Action::ManageBilling),
            Err(Denied::NeedsBilling)
        );
        assert_eq!(
            can(Admin, Action::ChangePersonAccess { target: Owner }),
            Err(Denied::TargetNotBelow)
        );
    }

    #[test]
    fn ceilings() {
        assert_eq!(grantable_roles(Owner), OrgRole::ALL.to_vec());
        assert_eq!(grantable_roles(Admin), vec![Admin, BillingAdmin, Member]);
        assert!(grantable_roles(BillingAdmin).is_empty());
        assert!(grantable_roles(Member).is_empty());
    }

    #[test]
    fn last_owner_rule() {
        assert_eq!(
            ensure_owner_remains(1, Owner, Some(Admin)),
            Err(Denied::LastOwner)
        );
        assert_eq!(ensure_owner_remains(1, Owner, None), Err(Denied::LastOwner));
        assert_eq!(ensure_owner_remains(1, Owner, Some(Owner)), Ok(()));
        assert_eq!(ensure_owner_remains(2, Owner, None), Ok(()));
        assert_eq!(ensure_owner_remains(1, Admin, None), Ok(()));
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    /// One attempted step: `actor` (an index into the org) changes `target` to `to`, or removes them.
    #[derive(Debug, Clone)]
    struct Step {
        actor: usize,
        target: usize,
        to: Option<OrgRole>,
    }

    fn role() -> impl Strategy<Value = OrgRole> {
        prop::sample::select(OrgRole::ALL.to_vec())
    }

    fn step() -> impl Strategy<Value = Step> {
        (0usize..8, 0usize..8, prop::option::weighted(0.8, role()))
            .prop_map(|(actor, target, to)| Step { actor, target, to })
    }

    /// Applies a step to the org the way the server does: the policy first, then the last-Owner rule
    /// counted on the org as it is. Returns whether the step was applied.
    fn apply(org: &mut Vec<OrgRole>, s: &Step) -> bool {
        if org.is_empty() {
            return false;
        }
        let (a, t) = (s.actor % org.len(), s.target % org.len());
        let (actor, target) = (org[a], org[t]);
        let action = match s.to {
            Some(to) => Action::ChangeOrgRole { target, to },
            None => Action::RemoveUser { target },
        };
        let owners = org.iter().filter(|r| **r == OrgRole::Owner).count() as u64;
        if can(actor, action).is_err() || ensure_owner_remains(owners, target, s.to).is_err() {
            return false;
        }
        match s.to {
            Some(to) => org[t] = to,
            None => {
                org.remove(t);
            }
        }
        true
    }

    proptest! {
        #[test]
        fn no_sequence_of_allowed_changes_leaves_no_owner_or_lets_an_admin_make_one(
            others in prop::collection::vec(role(), 0..7),
            steps in prop::collection::vec(step(), 0..60),
        ) {
            let mut org = vec![OrgRole::Owner];
            org.extend(others);
            for s in &steps {
                let before = org.clone();
                let applied = apply(&mut org, s);
                prop_assert!(org.contains(&OrgRole::Owner), "no Owner after {s:?} on {before:?}");
                if applied && s.to == Some(OrgRole::Owner) {
                    let actor = before[s.actor % before.len()];
                    prop_assert_eq!(actor, OrgRole::Owner, "a non-Owner made an Owner");
                }
            }
        }
    }
}
