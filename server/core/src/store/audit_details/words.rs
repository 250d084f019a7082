//! The particulars of an audit event in words, as the Audit log and its export show them.

use super::{BulkKind, Details};
use shared::dates::format_date_time;
use shared::{OrgRole, ProjectRole};

impl Details {
    /// The particulars in words, as the Audit log shows them (`Member → Admin`).
    pub fn words(&self) -> String {
        let project_role = |role: Option<ProjectRole>| {
            role.map_or_else(|| "nothing".to_string(), |r| r.label().to_string())
        };
        let count =
            |n: u64, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        match self {
            Details::OrganizationCreate(d) => format!("First Owner {}", d.owner),
            Details::OrganizationSeedDemo(_)
            | Details::OrganizationSeedScale(_)
            | Details::InvitationRevoke(_)
            | Details::ProjectCreate(_)
            | Details::ProjectDelete(_)
            | Details::ScimGroupCreate(_)
            | Details::ScimGroupUnlink(_)
            | Details::ScimTokenCreate(_)
            | Details::ScimTokenRevoke(_) => String::new(),
            Details::ScimGroupLink(_) => "An existing team of the same name".to_string(),
            Details::MemberDeactivate(d) | Details::MemberReactivate(d) => {
                format!("As {}", d.role.label())
            }
            Details::ScimUserCreate(d) => {
                let how = match (d.reactivated, d.new_account) {
                    (true, _) => "reactivated",
                    (false, true) => "new account",
                    (false, false) => "existing account linked",
                };
                format!("As {}, {how}", d.role.label())
            }
            Details::ScimUserUpdate(d) | Details::ScimGroupUpdate(d) => d.attributes.join(", "),
            Details::ProvisionedRole(d) => format!("{} → {}", d.from.label(), d.to.label()),
            Details::MemberAdd(d) => format!("As {}", d.role.label()),
            Details::MemberRoleChange(d) => format!("{} → {}", d.from.label(), d.to.label()),
            Details::MemberRemove(d) | Details::MemberLeave(d) => format!("Was {}", d.role.label()),
            Details::OrganizationRename(d) => format!("“{}” → “{}”", d.from, d.to),
            Details::OrganizationAddress(d) => format!("/orgs/{} → /orgs/{}", d.from, d.to),
            Details::OrganizationDelete(d) => format!(
                "{} people, {} projects, {} teams",
                d.members, d.projects, d.teams
            ),
            Details::MemberBulk(d) => {
                let what = match d.action {
                    BulkKind::ChangeRole => format!(
                        "Change role to {}",
                        d.to.map(OrgRole::label).unwrap_or_default()
                    ),
                    BulkKind::Remove => "Remove from the organization".to_string(),
                    BulkKind::AddToTeam => {
                        format!("Add to team “{}”", d.team.as_deref().unwrap_or_default())
                    }
                };
                let unchanged = match d.unchanged {
                    0 => String::new(),
                    n => format!(", {n} already so"),
                };
                format!(
                    "{what}: {} changed, {} refused{unchanged}",
                    d.changed, d.refused
                )
            }
            Details::InvitationCreate(d) => {
                let mut parts = vec![format!("As {}", d.role.label())];
                for grant in &d.projects {
                    parts.push(format!("{} ({})", grant.project, grant.role.label()));
                }
                for team in &d.teams {
                    parts.push(format!("Team {team}"));
                }
                parts.join("; ")
            }
            Details::InvitationResend(d) => match d.expires_at {
                Some(at) => format!("New link, expires {}", format_date_time(at)),
                None => "New link".to_string(),
            },
            Details::InvitationLink(_) => "New link, same expiry".to_string(),
            Details::InvitationAccept(d) => match &d.invited_by {
                Some(by) => format!("Joined as {}, invited by {by}", d.role.label()),
                None => format!("Joined as {}", d.role.label()),
            },
            Details::GrantSet(d) => match d.from {
                Some(from) => format!("{} → {}", from.label(), d.role.label()),
                None => d.role.label().to_string(),
            },
            Details::GrantRemove(d) => match d.role {
                Some(role) => format!("Was {}", role.label()),
                None => String::new(),
            },
            Details::ProjectAllUsersRole(d) => {
                format!("{} → {}", project_role(d.from), project_role(d.to))
            }
            Details::ProjectRename(d) | Details::TeamRename(d) => {
                format!("“{}” → “{}”", d.from, d.to)
            }
            Details::TeamCreate(d) => {
                let projects: Vec<String> = d
                    .projects
                    .iter()
                    .map(|p| format!("{} ({})", p.project, p.role.label()))
                    .collect();
                let members = count(d.members.len() as u64, "member", "members");
                if projects.is_empty() {
                    members
                } else {
                    format!("{}; {members}", projects.join(", "))
                }
            }
            Details::TeamDelete(d) => format!(
                "{}, {}",
                count(d.members, "member", "members"),
                count(d.projects, "project", "projects")
            ),
            Details::TeamProjectRole(d) => format!("{} → {}", d.project, d.role.label()),
            Details::TeamProjectRemove(d) => d.project.clone(),
            Details::TeamMemberAdd(d) | Details::TeamMemberRemove(d) => d.member.clone(),
        }
    }
}
