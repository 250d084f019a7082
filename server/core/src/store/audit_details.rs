//! What each audit event records beyond who, what and when: one variant per kind of change. The
//! store writes them (an [`Event`](super::audit::Event) takes its kind from its details, so the
//! two cannot disagree), and the Audit log and its export read them back and put them in words
//! ([`Details::words`]) — here, and nowhere else.
//!
//! They are stored as JSON in `audit_events.details`, without a tag: the event's kind says which
//! variant its JSON is. Fields that older events may lack have defaults.

use serde::{Deserialize, Serialize};
use shared::{AccountId, AuditAction, InvitationId, OrgRole, ProjectId, ProjectRole, TeamId};

mod words;

/// The particulars of one audited change.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Details {
    OrganizationCreate(OrganizationCreated),
    OrganizationSeedDemo(Nothing),
    OrganizationSeedScale(Nothing),
    OrganizationRename(Renamed),
    OrganizationAddress(Renamed),
    OrganizationDelete(OrganizationDeleted),
    MemberLeave(MemberRemoved),
    MemberAdd(MemberAdded),
    MemberRoleChange(RoleChanged),
    MemberRemove(MemberRemoved),
    MemberBulk(BulkDone),
    InvitationCreate(Invited),
    InvitationResend(Resent),
    InvitationLink(InvitationRef),
    InvitationRevoke(InvitationRef),
    InvitationAccept(Accepted),
    GrantSet(GrantSet),
    GrantRemove(GrantRemoved),
    ProjectAllUsersRole(AllUsersRole),
    ProjectCreate(Nothing),
    ProjectRename(Renamed),
    ProjectDelete(Nothing),
    TeamCreate(TeamCreated),
    TeamRename(Renamed),
    TeamDelete(TeamDeleted),
    TeamProjectRole(TeamProjectRole),
    TeamProjectRemove(TeamProjectRemoved),
    TeamMemberAdd(TeamMember),
    TeamMemberRemove(TeamMember),
    MemberDeactivate(StatusChanged),
    MemberReactivate(StatusChanged),
    ScimUserCreate(Provisioned),
    ScimUserUpdate(ProvisionedUpdate),
    ScimGroupCreate(Nothing),
    ScimGroupLink(Nothing),
    ScimGroupUpdate(ProvisionedUpdate),
    ScimGroupUnlink(Nothing),
    ScimTokenCreate(Nothing),
    ScimTokenRevoke(Nothing),
    ProvisionedRole(ProvisionedRoleChanged),
}

/// A person deactivated or reactivated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatusChanged {
    #[serde(default)]
    pub account_id: Option<AccountId>,
    /// Their organization role at the time.
    pub role: OrgRole,
}

/// A person provisioned by the identity provider.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Provisioned {
    pub role: OrgRole,
    /// Whether their account was created for them (otherwise an existing account was linked).
    pub new_account: bool,
    /// Whether a deactivated person was provisioned again and reactivated.
    #[serde(default)]
    pub reactivated: bool,
}

/// What an update over SCIM changed, by attribute name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProvisionedUpdate {
    pub attributes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProvisionedRoleChanged {
    pub from: OrgRole,
    pub to: OrgRole,
}

/// No particulars (stored as `{}`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Nothing {}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrganizationCreated {
    /// The first Owner's email.
    pub owner: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemberAdded {
    pub role: OrgRole,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoleChanged {
    #[serde(default)]
    pub account_id: Option<AccountId>,
    pub from: OrgRole,
    pub to: OrgRole,
}

/// What an organization held when it was deleted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrganizationDeleted {
    pub members: u64,
    pub projects: u64,
    pub teams: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemberRemoved {
    #[serde(default)]
    pub account_id: Option<AccountId>,
    /// Their role when they were removed.
    pub role: OrgRole,
}

/// Which bulk action was applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BulkKind {
    ChangeRole,
    Remove,
    AddToTeam,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BulkDone {
    pub action: BulkKind,
    /// The new role, for a role change.
    #[serde(default)]
    pub to: Option<OrgRole>,
    /// The team's name, for additions to a team.
    #[serde(default)]
    pub team: Option<String>,
    pub changed: u64,
    /// People the action left as they were (already in the team, already in the role).
    #[serde(default)]
    pub unchanged: u64,
    pub refused: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Invited {
    #[serde(default)]
    pub invitation_id: Option<InvitationId>,
    pub role: OrgRole,
    #[serde(default)]
    pub projects: Vec<InvitedTo>,
    #[serde(default)]
    pub team_ids: Vec<TeamId>,
    /// The teams' names, as they were then.
    #[serde(default)]
    pub teams: Vec<String>,
    #[serde(default)]
    pub expires_at: Option<i64>,
}

/// One project of an invitation, named as it was then.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InvitedTo {
    #[serde(default)]
    pub project_id: Option<ProjectId>,
    pub project: String,
    pub role: ProjectRole,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Resent {
    #[serde(default)]
    pub invitation_id: Option<InvitationId>,
    #[serde(default)]
    pub expires_at: Option<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct InvitationRef {
    #[serde(default)]
    pub invitation_id: Option<InvitationId>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Accepted {
    pub role: OrgRole,
    #[serde(default)]
    pub invitation_id: Option<InvitationId>,
    /// Who sent the invitation, by name, if they are still known.
    #[serde(default)]
    pub invited_by: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GrantSet {
    #[serde(default)]
    pub account_id: Option<AccountId>,
    #[serde(default)]
    pub project_id: Option<ProjectId>,
    /// The grant it replaced, if any.
    #[serde(default)]
    pub from: Option<ProjectRole>,
    pub role: ProjectRole,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GrantRemoved {
    #[serde(default)]
    pub account_id: Option<AccountId>,
    #[serde(default)]
    pub project_id: Option<ProjectId>,
    /// The grant that was removed (none when there was nothing to remove).
    #[serde(default)]
    pub role: Option<ProjectRole>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AllUsersRole {
    #[serde(default)]
    pub from: Option<ProjectRole>,
    #[serde(default)]
    pub to: Option<ProjectRole>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Renamed {
    pub from: String,
    pub to: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TeamCreated {
    #[serde(default)]
    pub projects: Vec<TeamProjectRole>,
    /// The first members' emails.
    #[serde(default)]
    pub members: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TeamDeleted {
    pub members: u64,
    pub projects: u64,
}

/// A project a team grants, named as it was then, and the role.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TeamProjectRole {
    pub project: String,
    pub role: ProjectRole,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TeamProjectRemoved {
    pub project: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TeamMember {
    #[serde(default)]
    pub team_id: Option<TeamId>,
    /// The member's email.
    pub member: String,
}

impl Details {
    /// The kind of change these particulars belong to.
    pub fn action(&self) -> AuditAction {
        use AuditAction as A;
        match self {
            Details::OrganizationCreate(_) => A::OrganizationCreate,
            Details::OrganizationSeedDemo(_) => A::OrganizationSeedDemo,
            Details::OrganizationSeedScale(_) => A::OrganizationSeedScale,
            Details::OrganizationRename(_) => A::OrganizationRename,
            Details::OrganizationAddress(_) => A::OrganizationAddress,
            Details::OrganizationDelete(_) => A::OrganizationDelete,
            Details::MemberLeave(_) => A::MemberLeave,
            Details::MemberAdd(_) => A::MemberAdd,
            Details::MemberRoleChange(_) => A::MemberRoleChange,
            Details::MemberRemove(_) => A::MemberRemove,
            Details::MemberBulk(_) => A::MemberBulk,
            Details::InvitationCreate(_) => A::InvitationCreate,
            Details::InvitationResend(_) => A::InvitationResend,
            Details::InvitationLink(_) => A::InvitationLink,
            Details::InvitationRevoke(_) => A::InvitationRevoke,
            Details::InvitationAccept(_) => A::InvitationAccept,
            Details::GrantSet(_) => A::GrantSet,
            Details::GrantRemove(_) => A::GrantRemove,
            Details::ProjectAllUsersRole(_) => A::ProjectAllUsersRole,
            Details::ProjectCreate(_) => A::ProjectCreate,
            Details::ProjectRename(_) => A::ProjectRename,
            Details::ProjectDelete(_) => A::ProjectDelete,
            Details::TeamCreate(_) => A::TeamCreate,
            Details::TeamRename(_) => A::TeamRename,
            Details::TeamDelete(_) => A::TeamDelete,
            Details::TeamProjectRole(_) => A::TeamProjectRole,
            Details::TeamProjectRemove(_) => A::TeamProjectRemove,
            Details::TeamMemberAdd(_) => A::TeamMemberAdd,
            Details::TeamMemberRemove(_) => A::TeamMemberRemove,
            Details::MemberDeactivate(_) => A::MemberDeactivate,
            Details::MemberReactivate(_) => A::MemberReactivate,
            Details::ScimUserCreate(_) => A::ScimUserCreate,
            Details::ScimUserUpdate(_) => A::ScimUserUpdate,
            Details::ScimGroupCreate(_) => A::ScimGroupCreate,
            Details::ScimGroupLink(_) => A::ScimGroupLink,
            Details::ScimGroupUpdate(_) => A::ScimGroupUpdate,
            Details::ScimGroupUnlink(_) => A::ScimGroupUnlink,
            Details::ScimTokenCreate(_) => A::ScimTokenCreate,
            Details::ScimTokenRevoke(_) => A::ScimTokenRevoke,
            Details::ProvisionedRole(_) => A::ProvisionedRole,
        }
    }

    /// The stored form.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".into())
    }

    /// The particulars of an event of kind `action` stored as `json`.
    pub fn read(action: AuditAction, json: &str) -> Result<Details, serde_json::Error> {
        use serde_json::from_str as parse;
        use AuditAction as A;
        Ok(match action {
            A::OrganizationCreate => Details::OrganizationCreate(parse(json)?),
            A::OrganizationSeedDemo => Details::OrganizationSeedDemo(Nothing {}),
            A::OrganizationSeedScale => Details::OrganizationSeedScale(Nothing {}),
            A::OrganizationRename => Details::OrganizationRename(parse(json)?),
            A::OrganizationAddress => Details::OrganizationAddress(parse(json)?),
            A::OrganizationDelete => Details::OrganizationDelete(parse(json)?),
            A::MemberLeave => Details::MemberLeave(parse(json)?),
            A::MemberAdd => Details::MemberAdd(parse(json)?),
            A::MemberRoleChange => Details::MemberRoleChange(parse(json)?),
            A::MemberRemove => Details::MemberRemove(parse(json)?),
            A::MemberBulk => Details::MemberBulk(parse(json)?),
            A::InvitationCreate => Details::InvitationCreate(parse(json)?),
            A::InvitationResend => Details::InvitationResend(parse(json)?),
            A::InvitationLink => Details::InvitationLink(parse(json)?),
            A::InvitationRevoke => Details::InvitationRevoke(parse(json)?),
            A::InvitationAccept => Details::InvitationAccept(parse(json)?),
            A::GrantSet => Details::GrantSet(parse(json)?),
            A::GrantRemove => Details::GrantRemove(parse(json)?),
            A::ProjectAllUsersRole => Details::ProjectAllUsersRole(parse(json)?),
            A::ProjectCreate => Details::ProjectCreate(Nothing {}),
            A::ProjectRename => Details::ProjectRename(parse(json)?),
            A::ProjectDelete => Details::ProjectDelete(Nothing {}),
            A::TeamCreate => Details::TeamCreate(parse(json)?),
            A::TeamRename => Details::TeamRename(parse(json)?),
            A::TeamDelete => Details::TeamDelete(parse(json)?),
            A::TeamProjectRole => Details::TeamProjectRole(parse(json)?),
            A::TeamProjectRemove => Details::TeamProjectRemove(parse(json)?),
            A::TeamMemberAdd => Details::TeamMemberAdd(parse(json)?),
            A::TeamMemberRemove => Details::TeamMemberRemove(parse(json)?),
            A::MemberDeactivate => Details::MemberDeactivate(parse(json)?),
            A::MemberReactivate => Details::MemberReactivate(parse(json)?),
            A::ScimUserCreate => Details::ScimUserCreate(parse(json)?),
            A::ScimUserUpdate => Details::ScimUserUpdate(parse(json)?),
            A::ScimGroupCreate => Details::ScimGroupCreate(Nothing {}),
            A::ScimGroupLink => Details::ScimGroupLink(Nothing {}),
            A::ScimGroupUpdate => Details::ScimGroupUpdate(parse(json)?),
            A::ScimGroupUnlink => Details::ScimGroupUnlink(Nothing {}),
            A::ScimTokenCreate => Details::ScimTokenCreate(Nothing {}),
            A::ScimTokenRevoke => Details::ScimTokenRevoke(Nothing {}),
            A::ProvisionedRole => Details::ProvisionedRole(parse(json)?),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every kind of change has its particulars, and they read back as they were written.
    #[test]
    fn each_kind_is_written_and_read_in_one_place() {
        let written = [
            Details::MemberRoleChange(RoleChanged {
                account_id: Some(AccountId(7)),
                from: OrgRole::Member,
                to: OrgRole::Admin,
            }),
            Details::GrantSet(GrantSet {
                account_id: Some(AccountId(7)),
                project_id: Some(ProjectId(3)),
                from: Some(ProjectRole::Consumer),
                role: ProjectRole::Analyst,
            }),
            Details::ProjectRename(Renamed {
                from: "Web".into(),
                to: "Site".into(),
            }),
            Details::TeamRename(Renamed {
                from: "Data".into(),
                to: "Analytics".into(),
            }),
            Details::ProjectCreate(Nothing {}),
        ];
        for details in written {
            let read = Details::read(details.action(), &details.to_json()).unwrap();
            assert_eq!(read, details);
        }
        for action in AuditAction::ALL {
            // Every kind has a reader; a kind without particulars reads `{}`.
            let _ = Details::read(*action, "{}");
        }
    }

    /// Events stored before the particulars were typed read as they always did.
    #[test]
    fn stored_events_read_as_words() {
        let cases = [
            (
                AuditAction::MemberRoleChange,
                r#"{ "from": "member", "to": "admin" }"#,
                "Member → Admin",
            ),
            (
                AuditAction::GrantSet,
                r#"{ "from": "consumer", "role": "analyst" }"#,
                "Consumer → Analyst",
            ),
            (
                AuditAction::GrantSet,
                r#"{ "from": null, "role": "analyst" }"#,
                "Analyst",
            ),
            (
                AuditAction::ProjectAllUsersRole,
                r#"{ "from": null, "to": "consumer" }"#,
                "nothing → Consumer",
            ),
            (
                AuditAction::InvitationCreate,
                r#"{ "role": "member", "projects": [{ "project": "Web", "role": "analyst" }], "teams": ["Data"] }"#,
                "As Member; Web (Analyst); Team Data",
            ),
            (
                AuditAction::MemberBulk,
                r#"{ "action": "change_role", "to": "admin", "changed": 2, "refused": 1 }"#,
                "Change role to Admin: 2 changed, 1 refused",
            ),
            (
                AuditAction::TeamDelete,
                r#"{ "members": 1, "projects": 2 }"#,
                "1 member, 2 projects",
            ),
            (
                AuditAction::ProjectRename,
                r#"{ "from": "Web", "to": "Site" }"#,
                "“Web” → “Site”",
            ),
            (AuditAction::TeamCreate, "{}", "0 members"),
        ];
        for (action, json, expected) in cases {
            let details = Details::read(action, json).unwrap();
            assert_eq!(details.words(), expected, "{action:?}");
        }
    }
}
