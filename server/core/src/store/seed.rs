//! A realistic demo organization for people who want to look around at once: several projects, teams
//! with project roles, people in every organization role, individual grants and an all-users default.
//! (The organizations of 50,000 people the benchmarks measure are in `scale`.)

use super::audit::{record, Event};
use super::audit_details::{Details, Nothing};
use super::{accounts, begin_write, now, orgs, Db};
use crate::actor::AuditActor;
use shared::{AppError, OrgRole, ProjectRole};

mod scale;
pub use scale::{scale, scale_org_of_several, scale_several, SCALE_ORG, SCALE_OWNER};

pub const DEMO_ORG: &str = "Acme Analytics";

/// The demo's people: name, email, organization role.
pub const DEMO_PEOPLE: [(&str, &str, OrgRole); 12] = [
    ("Olivia Owner", "owner@acme.test", OrgRole::Owner),
    ("Adam Admin", "admin@acme.test", OrgRole::Admin),
    ("Bea Billing", "billing@acme.test", OrgRole::BillingAdmin),
    ("Max Member", "member@acme.test", OrgRole::Member),
    ("Grace Hopper", "grace@acme.test", OrgRole::Member),
    ("Alan Turing", "alan@acme.test", OrgRole::Member),
    ("Katherine Johnson", "katherine@acme.test", OrgRole::Member),
    ("Edsger Dijkstra", "edsger@acme.test", OrgRole::Member),
    ("Barbara Liskov", "barbara@acme.test", OrgRole::Admin),
    ("Donald Knuth", "donald@acme.test", OrgRole::Member),
    ("Frances Allen", "frances@acme.test", OrgRole::Member),
    ("Ken Thompson", "ken@acme.test", OrgRole::Member),
];

const PROJECTS: [(&str, Option<ProjectRole>); 4] = [
    ("Web App", None),
    ("Mobile App", None),
    ("Data Warehouse", None),
    ("Marketing Site", Some(ProjectRole::Consumer)),
];

/// A demo team: its name, its (project, role) assignments, and the emails of its members.
type DemoTeam = (
    &'static str,
    &'static [(&'static str, ProjectRole)],
    &'static [&'static str],
);

const TEAMS: [DemoTeam; 3] = [
    (
        "Growth",
        &[
            ("Web App", ProjectRole::Analyst),
            ("Marketing Site", ProjectRole::Admin),
        ],
        &["grace@acme.test", "alan@acme.test", "member@acme.test"],
    ),
    (
        "Data",
        &[
            ("Data Warehouse", ProjectRole::Admin),
            ("Web App", ProjectRole::Consumer),
        ],
        &[
            "katherine@acme.test",
            "edsger@acme.test",
            "donald@acme.test",
        ],
    ),
    (
        "Mobile",
        &[("Mobile App", ProjectRole::Analyst)],
        &["frances@acme.test", "ken@acme.test"],
    ),
];

/// Individual grants: email, project, role.
const GRANTS: [(&str, &str, ProjectRole); 2] = [
    ("member@acme.test", "Mobile App", ProjectRole::Consumer),
    ("donald@acme.test", "Web App", ProjectRole::Analyst),
];

/// Creates the demo organization in one transaction; every demo person gets `password_hash`.
pub async fn demo(db: &Db, password_hash: &str) -> Result<i64, AppError> {
    let mut tx = begin_write(db).await?;
    let at = now();
    let org_id = orgs::insert(&mut tx, DEMO_ORG, None).await?;
    let mut people = std::collections::HashMap::new();
    for (name, email, role) in DEMO_PEOPLE {
        let id = accounts::insert(&mut tx, email, name, password_hash).await?;
        orgs::add_membership(&mut tx, org_id, id, role).await?;
        people.insert(email, id);
    }
    let mut projects = std::collections::HashMap::new();
    for (name, all_users) in PROJECTS {
        let id = sqlx::query_scalar::<_, i64>(
            "INSERT INTO projects (org_id, name, all_users_role, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(org_id)
        .bind(name)
        .bind(all_users.map(ProjectRole::as_str))
        .bind(at)
        .fetch_one(&mut *tx)
        .await?
        ;
        projects.insert(name, id);
    }
    for (team, assignments, members) in TEAMS {
        let team_id = sqlx::query_scalar::<_, i64>(
            "INSERT INTO teams (org_id, name, created_at) VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(org_id)
        .bind(team)
        .bind(at)
        .fetch_one(&mut *tx)
        .await?;
        for (project, role) in assignments {
            sqlx::query(
                "INSERT INTO team_projects (team_id, project_id, role) VALUES ($1, $2, $3)",
            )
            .bind(team_id)
            .bind(projects[project])
            .bind(role.as_str())
            .execute(&mut *tx)
            .await?;
        }
        for email in members {
            sqlx::query(
                "INSERT INTO team_members (team_id, account_id, added_at) VALUES ($1, $2, $3)",
            )
            .bind(team_id)
            .bind(people[email])
            .bind(at)
            .execute(&mut *tx)
            .await?;
        }
    }
    for (email, project, role) in GRANTS {
        sqlx::query("INSERT INTO project_grants (project_id, account_id, role, granted_at) VALUES ($1, $2, $3, $4)")
            .bind(projects[project])
            .bind(people[email])
            .bind(role.as_str())
            .bind(at)
            .execute(&mut *tx)
            .await?;
    }
    record_seed(
        &mut tx,
        org_id,
        format!("organization “{DEMO_ORG}”"),
        Details::OrganizationSeedDemo(Nothing {}),
    )
    .await?;
    tx.commit().await?;
    Ok(org_id)
}

/// The audit event of a seed, in its transaction: the actor is the operator's command.
async fn record_seed(
    conn: &mut sqlx::AnyConnection,
    org_id: i64,
    target: String,
    details: Details,
) -> Result<(), AppError> {
    let actor = AuditActor {
        org_id,
        account_id: None,
        name: "Server command".into(),
    };
    record(conn, &actor, &Event::new(target, details)).await
}
