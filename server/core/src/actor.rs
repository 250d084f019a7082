//! Who acts, and the proof that the `shared` policy let them. A server function finds the
//! signed-in [`Actor`] from the session, then asks the policy for a [`Permit`] for the action it is
//! about to perform; store functions that change anything take a `&Permit`, and only
//! [`Actor::permit`] makes one.

use shared::wire::{Me, OrgChoice};
use shared::AccountId;
use shared::{can, principal_can, Action, AppError, OrgRole, Principal};

/// Who an audit event is attributed to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditActor {
    pub org_id: i64,
    /// `None` for changes made by an operator's command on the server or by a SCIM token.
    pub account_id: Option<AccountId>,
    pub name: String,
}

/// A signed-in person acting in the organization the request is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub account_id: AccountId,
    pub name: String,
    pub email: String,
    pub org_id: i64,
    pub org_name: String,
    pub org_slug: String,
    pub role: OrgRole,
}

impl Actor {
    /// Asks the policy whether this actor may perform `action`; if so, returns the permit for it.
    pub fn permit(&self, action: Action) -> Result<Permit, AppError> {
        can(self.role, action)?;
        Ok(Permit {
            actor: self.clone(),
            action,
        })
    }

    /// Who audit events of this actor's changes are attributed to.
    pub fn audit_actor(&self) -> AuditActor {
        AuditActor {
            org_id: self.org_id,
            account_id: Some(self.account_id),
            name: self.name.clone(),
        }
    }

    /// The same actor with their role as it is now in the database (read inside a write
    /// transaction, so that a role changed since the request began is the one that counts).
    pub fn with_role(&self, role: OrgRole) -> Actor {
        Actor {
            role,
            ..self.clone()
        }
    }

    /// The person as the pages see them, with the organizations they may switch to.
    pub fn me(&self, orgs: Vec<OrgChoice>, may_create_orgs: bool) -> Me {
        Me {
            account_id: self.account_id.0,
            name: self.name.clone(),
            email: self.email.clone(),
            org_id: self.org_id,
            org_name: self.org_name.clone(),
            org_slug: self.org_slug.clone(),
            role: self.role,
            orgs,
            may_create_orgs,
        }
    }
}

/// Proof that the policy allowed `action` for `actor`. Only [`Actor::permit`] makes one.
#[derive(Debug, Clone)]
pub struct Permit {
    actor: Actor,
    action: Action,
}

impl Permit {
    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    pub fn org_id(&self) -> i64 {
        self.actor.org_id
    }

    /// The action this permit allows.
    pub fn action(&self) -> Action {
        self.action
    }

    /// Checks that this permit is for `action` (a store function given the wrong permit is a bug).
    pub fn expect(&self, action: Action) -> Result<(), AppError> {
        if self.action == action {
            Ok(())
        } else {
            tracing::error!(granted = ?self.action, needed = ?action, "permit used for another action");
            Err(AppError::Internal)
        }
    }

    pub fn audit_actor(&self) -> AuditActor {
        AuditActor {
            org_id: self.actor.org_id,
            account_id: Some(self.actor.account_id),
            name: self.actor.name.clone(),
        }
    }
}

/// An organization's identity provider, calling with one of the organization's SCIM tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScimClient {
    pub token_id: i64,
    pub token_name: String,
    pub org_id: i64,
}

impl ScimClient {
    /// Asks the policy whether a SCIM token may provision (it may, and may do nothing else).
    pub fn permit(&self) -> Result<ScimPermit, AppError> {
        principal_can(Principal::ScimToken, Action::Provision)?;
        Ok(ScimPermit {
            client: self.clone(),
        })
    }
}

/// Proof that the policy allowed a SCIM token to provision. Only [`ScimClient::permit`] makes one.
#[derive(Debug, Clone)]
pub struct ScimPermit {
    client: ScimClient,
}

impl ScimPermit {
    pub fn org_id(&self) -> i64 {
        self.client.org_id
    }

    pub fn client(&self) -> &ScimClient {
        &self.client
    }

    /// Changes made over SCIM read "SCIM token <name>" in the audit log.
    pub fn audit_actor(&self) -> AuditActor {
        AuditActor {
            org_id: self.client.org_id,
            account_id: None,
            name: format!("SCIM token {}", self.client.token_name),
        }
    }
}
