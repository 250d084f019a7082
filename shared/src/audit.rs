//! The audit log as both sides see it: every kind of recorded change with its stable key (stored in
//! `audit_events.action`) and its wording, the groups of kinds the Audit log tab filters by, the
//! tab's query (what lives in its address) and one page of events.

use serde::{Deserialize, Serialize};

macro_rules! audit_actions {
    ($(($variant:ident, $key:literal, $label:literal, $kind:ident)),+ $(,)?) => {
        /// One kind of recorded change. Declared in the order the kinds are listed.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum AuditAction {
            $($variant),+
        }

        impl AuditAction {
            /// Every kind of recorded change.
            pub const ALL: &'static [AuditAction] = &[$(AuditAction::$variant),+];

            /// The stable key stored with each event (`member.role_change`).
            pub fn as_str(self) -> &'static str {
                match self { $(AuditAction::$variant => $key),+ }
            }

            /// What happened, in words (`Changed organization role`).
            pub fn label(self) -> &'static str {
                match self { $(AuditAction::$variant => $label),+ }
            }

            /// The group the Audit log tab filters this kind by.
            pub fn kind(self) -> AuditKind {
                match self { $(AuditAction::$variant => AuditKind::$kind),+ }
            }
        }
    };
}

// One line per kind: variant, stored key, wording, the filter group it belongs to.
#[rustfmt::skip]
audit_actions![
    (OrganizationCreate, "organization.create", "Created the organization", Organization),
    (OrganizationSeedDemo, "organization.seed_demo", "Added the demo data", Organization),
    (OrganizationSeedScale, "organization.seed_scale", "Added the scale test data", Organization),
    (OrganizationRename, "organization.rename", "Renamed the organization", Organization),
    (OrganizationAddress, "organization.address", "Changed the organization's address", Organization),
    (OrganizationDelete, "organization.delete", "Deleted the organization", Organization),
    (MemberLeave, "member.leave", "Left the organization", Removal),
    (MemberAdd, "member.add", "Added a person", Organization),
    (MemberRoleChange, "member.role_change", "Changed organization role", RoleChange),
    (MemberRemove, "member.remove", "Removed from the organization", Removal),
    (MemberBulk, "member.bulk", "Bulk action", Bulk),
    (InvitationCreate, "invitation.create", "Invited", Invitation),
    (InvitationResend, "invitation.resend", "Resent the invitation", Resend),
    (InvitationLink, "invitation.link", "Issued a new invitation link", Resend),
    (InvitationRevoke, "invitation.revoke", "Revoked the invitation", Revoke),
    (InvitationAccept, "invitation.accept", "Accepted the invitation", Accept),
    (GrantSet, "grant.set", "Set an individual grant", GrantChange),
    (GrantRemove, "grant.remove", "Removed an individual grant", GrantChange),
    (ProjectAllUsersRole, "project.all_users_role", "Changed what all users get", GrantChange),
    (ProjectCreate, "project.create", "Created a project", ProjectChange),
    (ProjectRename, "project.rename", "Renamed a project", ProjectChange),
    (ProjectDelete, "project.delete", "Deleted a project", ProjectChange),
    (TeamCreate, "team.create", "Created a team", TeamChange),
    (TeamRename, "team.rename", "Renamed a team", TeamChange),
    (TeamDelete, "team.delete", "Deleted a team", TeamChange),
    (TeamProjectRole, "team.project_role", "Set a team's project role", TeamChange),
    (TeamProjectRemove, "team.project_remove", "Took a project from a team", TeamChange),
    (TeamMemberAdd, "team.member_add", "Added to a team", TeamChange),
    (TeamMemberRemove, "team.member_remove", "Removed from a team", TeamChange),
    (MemberDeactivate, "member.deactivate", "Deactivated", Provisioning),
    (MemberReactivate, "member.reactivate", "Reactivated", Provisioning),
    (ScimUserCreate, "scim.user_create", "Provisioned a person", Provisioning),
    (ScimUserUpdate, "scim.user_update", "Updated a provisioned person", Provisioning),
    (ScimGroupCreate, "scim.group_create", "Provisioned a team", Provisioning),
    (ScimGroupLink, "scim.group_link", "Linked a team to the identity provider", Provisioning),
    (ScimGroupUpdate, "scim.group_update", "Updated a provisioned team", Provisioning),
    (ScimGroupUnlink, "scim.group_unlink", "Unlinked a team from the identity provider", Provisioning),
    (ScimTokenCreate, "scim.token_create", "Created a SCIM token", Provisioning),
    (ScimTokenRevoke, "scim.token_revoke", "Revoked a SCIM token", Provisioning),
    (ProvisionedRole, "provisioning.role", "Changed the role of provisioned people", Provisioning),
];

impl AuditAction {
    /// The kind stored under `key`, if it is one of them.
    pub fn parse(key: &str) -> Option<AuditAction> {
        AuditAction::ALL.iter().copied().find(|a| a.as_str() == key)
    }

    /// The wording of a stored key; an unknown key (from a newer or older version) reads as itself.
    pub fn describe(key: &str) -> String {
        AuditAction::parse(key)
            .map(|a| a.label().to_string())
            .unwrap_or_else(|| key.to_string())
    }
}

/// A group of recorded changes, as the Audit log tab's "Kind" filter offers them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditKind {
    Invitation,
    Resend,
    Revoke,
    Accept,
    RoleChange,
    GrantChange,
    TeamChange,
    Removal,
    ProjectChange,
    Bulk,
    Organization,
    Provisioning,
}

impl AuditKind {
    pub const ALL: [AuditKind; 12] = [
        AuditKind::Invitation,
        AuditKind::Resend,
        AuditKind::Revoke,
        AuditKind::Accept,
        AuditKind::RoleChange,
        AuditKind::GrantChange,
        AuditKind::TeamChange,
        AuditKind::Removal,
        AuditKind::ProjectChange,
        AuditKind::Bulk,
        AuditKind::Organization,
        AuditKind::Provisioning,
    ];

    /// The key used in the address bar (`?kind=role_change`).
    pub fn as_str(self) -> &'static str {
        match self {
            AuditKind::Invitation => "invitation",
            AuditKind::Resend => "resend",
            AuditKind::Revoke => "revoke",
            AuditKind::Accept => "accept",
            AuditKind::RoleChange => "role_change",
            AuditKind::GrantChange => "grant_change",
            AuditKind::TeamChange => "team_change",
            AuditKind::Removal => "removal",
            AuditKind::ProjectChange => "project_change",
            AuditKind::Bulk => "bulk",
            AuditKind::Organization => "organization",
            AuditKind::Provisioning => "provisioning",
        }
    }

    /// The name the filter shows.
    pub fn label(self) -> &'static str {
        match self {
            AuditKind::Invitation => "Invitations sent",
            AuditKind::Resend => "Invitations resent",
            AuditKind::Revoke => "Invitations revoked",
            AuditKind::Accept => "Invitations accepted",
            AuditKind::RoleChange => "Role changes",
            AuditKind::GrantChange => "Grant changes",
            AuditKind::TeamChange => "Team changes",
            AuditKind::Removal => "Removals",
            AuditKind::ProjectChange => "Project changes",
            AuditKind::Bulk => "Bulk actions",
            AuditKind::Organization => "Organization and server commands",
            AuditKind::Provisioning => "Provisioning and status",
        }
    }

    pub fn parse(key: &str) -> Option<AuditKind> {
        AuditKind::ALL.into_iter().find(|k| k.as_str() == key)
    }

    /// The recorded changes of this group.
    pub fn actions(self) -> Vec<AuditAction> {
        AuditAction::ALL
            .iter()
            .copied()
            .filter(|a| a.kind() == self)
            .collect()
    }
}

/// Events shown per page of the Audit log tab.
pub const AUDIT_PAGE_SIZE: u32 = 50;

/// The Audit log tab's filters and position — everything that lives in its address.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AuditQuery {
    /// Events done by this person or to them.
    pub person: Option<i64>,
    pub kind: Option<AuditKind>,
    /// Older events than this one (the next page).
    pub before: Option<i64>,
    /// Newer events than this one (the previous page).
    pub after: Option<i64>,
}

impl AuditQuery {
    /// Reads the query from the address's parameters (unknown values are left out).
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> AuditQuery {
        let id = |key: &str| get(key).and_then(|v| v.parse::<i64>().ok());
        let before = id("before");
        AuditQuery {
            person: id("person"),
            kind: get("kind").and_then(|k| AuditKind::parse(&k)),
            before,
            after: id("after").filter(|_| before.is_none()),
        }
    }

    /// The address's parameters for this query, defaults left out.
    pub fn to_params(&self) -> Vec<(&'static str, String)> {
        let mut params = Vec::new();
        if let Some(person) = self.person {
            params.push(("person", person.to_string()));
        }
        if let Some(kind) = self.kind {
            params.push(("kind", kind.as_str().to_string()));
        }
        if let Some(before) = self.before {
            params.push(("before", before.to_string()));
        } else if let Some(after) = self.after {
            params.push(("after", after.to_string()));
        }
        params
    }

    /// `?person=…&kind=…` for the address bar (empty for the defaults).
    pub fn to_query_string(&self) -> String {
        crate::query_string::from_params(&self.to_params())
    }

    /// The same filters, from the newest event on.
    pub fn first_page(&self) -> AuditQuery {
        AuditQuery {
            before: None,
            after: None,
            ..self.clone()
        }
    }
}

/// One recorded change, as the Audit log tab and its CSV show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: i64,
    /// Unix seconds.
    pub at: i64,
    /// `None` for a change made by an operator's command on the server.
    pub actor_id: Option<i64>,
    /// Who made the change ("Server operator" for a command on the server).
    pub actor: String,
    /// The stored key of the change (`member.role_change`).
    pub action: String,
    /// What happened, in words.
    pub what: String,
    /// What was acted on, in words.
    pub target: String,
    /// The person the change was about, if any.
    pub subject_id: Option<i64>,
    /// The particulars, in words (`Member → Admin`).
    pub details: String,
}

/// Who an actor without an account is shown as.
pub const SERVER_OPERATOR: &str = "Server operator";

/// A person the log is filtered by: someone who is, or was, in the organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct AuditPerson {
    pub account_id: i64,
    pub name: String,
    pub email: String,
    /// No longer in the organization (removed from it).
    #[cfg_attr(feature = "sqlx", sqlx(try_from = "crate::stored::Flag"))]
    pub removed: bool,
}

/// One page of the Audit log tab, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    /// The query for newer events, when there are any.
    pub newer: Option<AuditQuery>,
    /// The query for older events, when there are any.
    pub older: Option<AuditQuery>,
    /// The person filtered by, when the query names one the organization knows.
    pub person: Option<AuditPerson>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_action_has_a_unique_key_and_a_kind_that_lists_it() {
        let keys: HashSet<_> = AuditAction::ALL.iter().map(|a| a.as_str()).collect();
        assert_eq!(keys.len(), AuditAction::ALL.len());
        for action in AuditAction::ALL {
            assert_eq!(AuditAction::parse(action.as_str()), Some(*action));
            assert!(action.kind().actions().contains(action));
        }
        for kind in AuditKind::ALL {
            assert!(!kind.actions().is_empty(), "{kind:?} lists no change");
            assert_eq!(AuditKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(AuditAction::describe("something.new"), "something.new");
    }

    #[test]
    fn the_query_round_trips_through_the_address() {
        let query = AuditQuery {
            person: Some(7),
            kind: Some(AuditKind::RoleChange),
            before: Some(120),
            after: None,
        };
        let text = query.to_query_string();
        assert_eq!(text, "?person=7&kind=role_change&before=120");
        let params: Vec<(String, String)> = text[1..]
            .split('&')
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap();
                (k.to_string(), v.to_string())
            })
            .collect();
        let read = AuditQuery::from_params(|k| {
            params
                .iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.clone())
        });
        assert_eq!(read, query);
        assert_eq!(AuditQuery::default().to_query_string(), "");
        let junk = AuditQuery::from_params(|k| Some(format!("x{k}")));
        assert_eq!(junk, AuditQuery::default());
    }
}
