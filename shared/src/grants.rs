//! Where project access comes from and what it adds up to.
//!
//! A person reaches a project through their organization role (Owners act as project Owner, Admins as
//! project Admin), a team grant, an individual grant, or the project's all-users default. Grants add
//! up: the effective role is the highest of them, and every place that shows access also shows
//! every source.

use crate::roles::{OrgRole, ProjectRole};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Where one grant of project access comes from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum GrantSource {
    OrgRole,
    Team { team_id: i64, name: String },
    Individual,
    AllUsers,
}

impl fmt::Display for GrantSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GrantSource::OrgRole => f.write_str("Org role"),
            GrantSource::Team { name, .. } => write!(f, "Team {name}"),
            GrantSource::Individual => f.write_str("Individual"),
            GrantSource::AllUsers => f.write_str("All users"),
        }
    }
}

/// One grant: a project role and where it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grant {
    pub role: ProjectRole,
    pub source: GrantSource,
}

/// The project role an organization role carries on every project of the organization.
pub fn org_role_grant(role: OrgRole) -> Option<Grant> {
    let role = match role {
        OrgRole::Owner => ProjectRole::Owner,
        OrgRole::Admin => ProjectRole::Admin,
        OrgRole::BillingAdmin | OrgRole::Member => return None,
    };
    Some(Grant {
        role,
        source: GrantSource::OrgRole,
    })
}

/// The effective role on a project: the highest of its grants, or none without a grant.
pub fn effective_role(grants: &[Grant]) -> Option<ProjectRole> {
    grants.iter().map(|g| g.role).max()
}

/// Sorts grants for display: strongest first, then by source (org role, individual, teams, all users).
pub fn sort_for_display(grants: &mut [Grant]) {
    fn source_order(s: &GrantSource) -> (u8, &str) {
        match s {
            GrantSource::OrgRole => (0, ""),
            GrantSource::Individual => (1, ""),
            GrantSource::Team { name, .. } => (2, name.as_str()),
            GrantSource::AllUsers => (3, ""),
        }
    }
    grants.sort_by(|a, b| {
        b.role
            .cmp(&a.role)
            .then_with(|| source_order(&a.source).cmp(&source_order(&b.source)))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grant(role: ProjectRole, source: GrantSource) -> Grant {
        Grant { role, source }
    }

    #[test]
    fn org_roles_carry_project_roles() {
        assert_eq!(
            org_role_grant(OrgRole::Owner).map(|g| g.role),
            Some(ProjectRole::Owner)
        );
        assert_eq!(
            org_role_grant(OrgRole::Admin).map(|g| g.role),
            Some(ProjectRole::Admin)
        );
        assert_eq!(org_role_grant(OrgRole::BillingAdmin), None);
        assert_eq!(org_role_grant(OrgRole::Member), None);
    }

    #[test]
    fn the_highest_grant_wins() {
        let team = |n: &str| GrantSource::Team {
            team_id: 1,
            name: n.into(),
        };
        let grants = vec![
            grant(ProjectRole::Consumer, GrantSource::AllUsers),
            grant(ProjectRole::Analyst, team("Data")),
            grant(ProjectRole::Consumer, GrantSource::Individual),
        ];
        assert_eq!(effective_role(&grants), Some(ProjectRole::Analyst));
        assert_eq!(effective_role(&[]), None);
    }

    #[test]
    fn sources_read_as_the_ui_shows_them() {
        let team = GrantSource::Team {
            team_id: 7,
            name: "Growth".into(),
        };
        assert_eq!(team.to_string(), "Team Growth");
        assert_eq!(GrantSource::OrgRole.to_string(), "Org role");
        assert_eq!(GrantSource::AllUsers.to_string(), "All users");
    }

    #[test]
    fn display_order_is_strongest_first() {
        let mut grants = vec![
            grant(ProjectRole::Consumer, GrantSource::AllUsers),
            grant(ProjectRole::Admin, GrantSource::Individual),
            grant(ProjectRole::Admin, GrantSource::OrgRole),
        ];
        sort_for_display(&mut grants);
        assert_eq!(grants[0].source, GrantSource::OrgRole);
        assert_eq!(grants[1].source, GrantSource::Individual);
        assert_eq!(grants[2].source, GrantSource::AllUsers);
    }
}
