//! How long the store takes to read effective access from a real SQLite file: `access::for_person`
//! for a Member in 200 teams over 500 projects (each team granting 10 projects, individual grants
//! on 100 projects, an all-users default on every project), and `access::for_project` for one of
//! those projects in an organization of 5,000 people.
//!
//! Run with `cargo bench -p server --bench access_queries` (add `--profile dev` to reuse the debug
//! build; SQLite itself is always optimised). The target is at most 1 ms per person.

use roster_core::config::Config;
use roster_core::store::{access, orgs, Db};
use std::time::{Duration, Instant};

const PROJECTS: i64 = 500;
const TEAMS: i64 = 200;
const PROJECTS_PER_TEAM: i64 = 10;
const PEOPLE: i64 = 5_000;
const ROLES: [&str; 4] = ["owner", "admin", "analyst", "consumer"];

/// Seeds the organization in one transaction; returns its id and the measured person's id.
async fn seed(db: &Db) -> (i64, i64) {
    let created = orgs::create_with_owner(
        db,
        orgs::Origin::Operator,
        "Bench",
        "Owner",
        "owner@bench.test",
        "x",
    )
    .await
    .unwrap();
    let org = created.org_id;
    let mut tx = db.begin().await.unwrap();
    for id in 1..=PEOPLE {
        let account = id + 1_000;
        sqlx::query("INSERT INTO accounts (id, email, name, password_hash, created_at) VALUES ($1, $2, $3, 'x', 0)")
            .bind(account)
            .bind(format!("p{id}@bench.test"))
            .bind(format!("Person {id:05}"))
            .execute(&mut *tx)
            .await
            .unwrap();
        sqlx::query("INSERT INTO memberships (org_id, account_id, org_role, joined_at) VALUES ($1, $2, 'member', 0)")
            .bind(org)
            .bind(account)
            .execute(&mut *tx)
            .await
            .unwrap();
    }
    for id in 1..=PROJECTS {
        sqlx::query("INSERT INTO projects (id, org_id, name, all_users_role, created_at) VALUES ($1, $2, $3, 'consumer', 0)")
            .bind(id)
            .bind(org)
            .bind(format!("Project {id:03}"))
            .execute(&mut *tx)
            .await
            .unwrap();
        if id % 5 == 0 {
            sqlx::query("INSERT INTO project_grants (project_id, account_id, role, granted_at) VALUES ($1, 1001, 'analyst', 0)")
                .bind(id)
                .execute(&mut *tx)
                .await
                .unwrap();
        }
    }
    for team in 1..=TEAMS {
        sqlx::query("INSERT INTO teams (id, org_id, name, created_at) VALUES ($1, $2, $3, 0)")
            .bind(team)
            .bind(org)
            .bind(format!("Team {team:03}"))
            .execute(&mut *tx)
            .await
            .unwrap();
        for k in 0..PROJECTS_PER_TEAM {
            sqlx::query(
                "INSERT OR IGNORE INTO team_projects (team_id, project_id, role) VALUES ($1, $2, $3)",
            )
            .bind(team)
            .bind((team * 7 + k * 31) % PROJECTS + 1)
            .bind(ROLES[((team + k) % 4) as usize])
            .execute(&mut *tx)
            .await
            .unwrap();
        }
        // The measured person is in every team; each team also has 20 other people.
        let others = (0..20).map(|i| 1002 + (team * 20 + i) % (PEOPLE - 1));
        for member in std::iter::once(1001).chain(others) {
            sqlx::query("INSERT OR IGNORE INTO team_members (team_id, account_id, added_at) VALUES ($1, $2, 0)")
                .bind(team)
                .bind(member)
                .execute(&mut *tx)
                .await
                .unwrap();
        }
    }
    tx.commit().await.unwrap();
    (org, 1001)
}

async fn measure<F, Fut>(mut f: F) -> (Duration, u32)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    for _ in 0..20 {
        f().await;
    }
    let start = Instant::now();
    let mut runs = 0;
    while start.elapsed() < Duration::from_secs(2) {
        f().await;
        runs += 1;
    }
    (start.elapsed() / runs, runs)
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let dir = tempfile::tempdir().unwrap();
    let config = Config {
        database_url: format!("sqlite://{}/bench.db", dir.path().display()),
        ..Config::default()
    };
    let db = server::open_database(&config).await.unwrap();
    let (org, person) = seed(&db).await;

    let (mean, runs) = measure(|| async {
        let projects = access::for_person(&db, org, shared::AccountId(person))
            .await
            .unwrap();
        assert_eq!(projects.len(), PROJECTS as usize);
    })
    .await;
    println!(
        "access::for_person: 1 person, {PROJECTS} projects, {TEAMS} teams: {:.3} ms per person ({runs} runs, target 1 ms)",
        mean.as_secs_f64() * 1e3
    );

    let (mean, runs) = measure(|| async {
        let people = access::for_project(&db, org, shared::ProjectId(8))
            .await
            .unwrap();
        assert!(people.everyone_else > 0);
    })
    .await;
    println!(
        "access::for_project: 1 project, {PEOPLE} people: {:.3} ms per project ({runs} runs)",
        mean.as_secs_f64() * 1e3
    );
}
