//! Where project access comes from and what it adds up to.
//!
//! A person reaches a project through their organization role (Owners act as project Owner, Admins as
//! project Admin), a team grant, an individual grant, or the project's all-users default. Grants add
//! up: the effective role is the highest of them, and every place that shows access also shows
//! every source.

use crate::roles::{OrgRole, ProjectRole};
use crate::text::lowercase;
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

/// One person's access to one project: the effective role and every grant behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectAccess {
    pub project_id: i64,
    pub project_name: String,
    pub role: ProjectRole,
    pub grants: Vec<Grant>,
}

/// A grant of one project, as the store reads it (individual, team or all-users).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectGrant {
    pub project_id: i64,
    pub project_name: String,
    pub grant: Grant,
}

/// Adds up one person's grants into their access per project, sorted by project name. `org_role`
/// adds its grant on every project in `all_projects` (Owners and Admins reach every project);
/// `grants` are the person's other grants. Projects without any grant are left out.
pub fn person_access(
    org_role: OrgRole,
    all_projects: &[(i64, String)],
    grants: Vec<ProjectGrant>,
) -> Vec<ProjectAccess> {
    use std::collections::HashMap;
    // Each project's grants, in the order the projects were first seen.
    let mut index: HashMap<i64, usize> = HashMap::with_capacity(all_projects.len());
    let mut by_project: Vec<(i64, String, Vec<Grant>)> = Vec::with_capacity(all_projects.len());
    if let Some(org_grant) = org_role_grant(org_role) {
        for (id, name) in all_projects {
            index.insert(*id, by_project.len());
            by_project.push((*id, name.clone(), vec![org_grant.clone()]));
        }
    }
    for g in grants {
        let at = *index.entry(g.project_id).or_insert_with(|| {
            by_project.push((g.project_id, g.project_name, Vec::new()));
            by_project.len() - 1
        });
        by_project[at].2.push(g.grant);
    }
    let mut access: Vec<ProjectAccess> = by_project
        .into_iter()
        .filter_map(|(project_id, project_name, mut grants)| {
            let role = effective_role(&grants)?;
            sort_for_display(&mut grants);
            Some(ProjectAccess {
                project_id,
                project_name,
                role,
                grants,
            })
        })
        .collect();
    // Lowercased once per project, not once per comparison.
    access.sort_by_cached_key(|a| (lowercase(&a.project_name), a.project_id));
    access
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

/// Someone with a grant of their own on a project, as the store reads them.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Grantee {
    pub account_id: i64,
    pub name: String,
    pub email: String,
    pub org_role: OrgRole,
}

/// One person's access to one project: the effective role and every grant behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonAccess {
    pub account_id: i64,
    pub name: String,
    pub email: String,
    pub role: ProjectRole,
    pub grants: Vec<Grant>,
}

/// Adds up the grants of everyone who reaches one project through a grant of their own. `people`
/// are those people with their organization role (which adds its grant, as in [`person_access`]);
/// `grants` are their team and individual grants by account id; `all_users` is the project's
/// all-users default, which everyone listed also holds. People without any grant are left out.
/// Sorted strongest role first, then by name.
pub fn project_people(
    people: Vec<Grantee>,
    grants: Vec<(i64, Grant)>,
    all_users: Option<ProjectRole>,
) -> Vec<PersonAccess> {
    use std::collections::HashMap;
    let mut by_person: HashMap<i64, Vec<Grant>> = HashMap::new();
    for (account_id, grant) in grants {
        by_person.entry(account_id).or_default().push(grant);
    }
    let mut listed: Vec<PersonAccess> = people
        .into_iter()
        .filter_map(|person| {
            let mut grants = by_person.remove(&person.account_id).unwrap_or_default();
            grants.extend(org_role_grant(person.org_role));
            grants.extend(all_users.map(|role| Grant {
                role,
                source: GrantSource::AllUsers,
            }));
            let role = effective_role(&grants)?;
            sort_for_display(&mut grants);
            Some(PersonAccess {
                account_id: person.account_id,
                name: person.name,
                email: person.email,
                role,
                grants,
            })
        })
        .collect();
    listed.sort_by_cached_key(|p| (std::cmp::Reverse(p.role), lowercase(&p.name), p.account_id));
    listed
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
    fn person_access_adds_up_every_source_per_project() {
        let projects = vec![(1, "Web".to_string()), (2, "App".to_string())];
        let g = |project_id, name: &str, role, source| ProjectGrant {
            project_id,
            project_name: name.into(),
            grant: grant(role, source),
        };
        let team = GrantSource::Team {
            team_id: 9,
            name: "Data".into(),
        };
        let grants = vec![
            g(1, "Web", ProjectRole::Consumer, GrantSource::AllUsers),
            g(1, "Web", ProjectRole::Analyst, team.clone()),
            g(1, "Web", ProjectRole::Consumer, GrantSource::Individual),
        ];
        let member = person_access(OrgRole::Member, &projects, grants.clone());
        assert_eq!(member.len(), 1, "a Member reaches only granted projects");
        assert_eq!(member[0].role, ProjectRole::Analyst);
        assert_eq!(member[0].grants.len(), 3);
        assert_eq!(member[0].grants[0].source, team);

        let admin = person_access(OrgRole::Admin, &projects, grants);
        assert_eq!(
            admin
                .iter()
                .map(|a| a.project_name.as_str())
                .collect::<Vec<_>>(),
            ["App", "Web"]
        );
        assert!(admin.iter().all(|a| a.role == ProjectRole::Admin));
        assert_eq!(
            admin[1].grants.len(),
            4,
            "the org role is listed beside the other grants"
        );
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

    #[test]
    fn project_people_lists_every_source_strongest_person_first() {
        let person = |id, name: &str, org_role| Grantee {
            account_id: id,
            name: name.into(),
            email: format!("{name}@x.test"),
            org_role,
        };
        let team = |id, name: &str| GrantSource::Team {
            team_id: id,
            name: name.into(),
        };
        let people = vec![
            person(1, "Zoe", OrgRole::Member),
            person(2, "Adam", OrgRole::Admin),
            person(3, "Bea", OrgRole::Member),
            person(4, "Cy", OrgRole::BillingAdmin),
        ];
        let grants = vec![
            (1, grant(ProjectRole::Consumer, GrantSource::Individual)),
            (1, grant(ProjectRole::Analyst, team(7, "Data"))),
            (1, grant(ProjectRole::Consumer, team(8, "Web"))),
            (3, grant(ProjectRole::Consumer, team(8, "Web"))),
        ];
        let listed = project_people(people.clone(), grants.clone(), Some(ProjectRole::Consumer));
        let names: Vec<&str> = listed.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["Adam", "Zoe", "Bea", "Cy"]);
        assert_eq!(listed[0].role, ProjectRole::Admin);
        assert_eq!(listed[0].grants[0].source, GrantSource::OrgRole);
        let zoe = &listed[1];
        assert_eq!(zoe.role, ProjectRole::Analyst, "the highest grant wins");
        let sources: Vec<String> = zoe.grants.iter().map(|g| g.source.to_string()).collect();
        assert_eq!(
            sources,
            ["Team Data", "Individual", "Team Web", "All users"]
        );
        assert_eq!(
            listed[3].grants,
            vec![grant(ProjectRole::Consumer, GrantSource::AllUsers)]
        );

        let without_default = project_people(people, grants, None);
        assert_eq!(
            without_default
                .iter()
                .map(|p| p.account_id)
                .collect::<Vec<_>>(),
            [2, 1, 3],
            "a Billing Admin without a grant does not reach the project"
        );
    }
}
