//! How long the server takes to validate and write a 1,000-row bulk invitation in one transaction,
//! on a fresh SQLite file: `cargo bench -p server --bench bulk_invite`. The CSV is parsed, every
//! row checked (shared rules, then the organization's projects, teams, members and pending
//! invitations), and all invitations, grants, messages and audit events written at once. Mail
//! delivery happens afterwards in the background and is not timed.

use app::api::invitations::{bulk_candidates, permits_for};
use roster_core::actor::Actor;
use roster_core::config::Config;
use roster_core::store::{invitations, orgs};
use shared::OrgRole;
use std::time::{Duration, Instant};

const ROWS: usize = 1000;
const RUNS: usize = 5;
const TARGET: Duration = Duration::from_millis(500);

#[tokio::main]
async fn main() {
    let mut times = Vec::new();
    for run in 0..RUNS {
        times.push(one_run(run).await);
    }
    times.sort();
    let median = times[RUNS / 2];
    println!(
        "bulk invite of {ROWS} rows, validated and written in one transaction: median {:.1} ms, best {:.1} ms, worst {:.1} ms over {RUNS} runs (target ≤ {} ms)",
        ms(median),
        ms(times[0]),
        ms(times[RUNS - 1]),
        TARGET.as_millis()
    );
    if median > TARGET {
        eprintln!("slower than the target");
        std::process::exit(1);
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

async fn one_run(run: usize) -> Duration {
    let dir = tempfile::tempdir().unwrap();
    let config = Config {
        database_url: format!("sqlite://{}/bench.db", dir.path().display()),
        ..Config::default()
    };
    let db = server::open_database(&config).await.unwrap();
    let created = orgs::create_with_owner(
        &db,
        orgs::Origin::Operator,
        "Bench",
        "Owner",
        "owner@bench.test",
        "not-a-real-hash",
    )
    .await
    .unwrap();
    for i in 0..20 {
        sqlx::query("INSERT INTO projects (org_id, name, created_at) VALUES ($1, $2, 0)")
            .bind(created.org_id)
            .bind(format!("Project {i}"))
            .execute(&db)
            .await
            .unwrap();
        sqlx::query("INSERT INTO teams (org_id, name, created_at) VALUES ($1, $2, 0)")
            .bind(created.org_id)
            .bind(format!("Team {i}"))
            .execute(&db)
            .await
            .unwrap();
    }
    let mut csv = String::from("email,org_role,projects,project_role,teams\n");
    for i in 0..ROWS {
        csv.push_str(&format!(
            "person{i}-{run}@bench.test,{},Project {};Project {},Analyst,Team {}\n",
            if i % 10 == 0 { "Admin" } else { "Member" },
            i % 20,
            (i + 7) % 20,
            i % 20
        ));
    }
    let actor = Actor {
        account_id: created.owner_id,
        name: "Owner".into(),
        email: "owner@bench.test".into(),
        org_id: created.org_id,
        org_name: "Bench".into(),
        org_slug: "bench".into(),
        role: OrgRole::Owner,
    };

    let started = Instant::now();
    let mut candidates = bulk_candidates(&actor, &csv).unwrap();
    let permits = permits_for(&actor, &candidates).unwrap();
    let written = invitations::create(&db, &permits, &mut candidates, 7 * 86_400, |token| {
        config.invitation_link(token)
    })
    .await
    .unwrap();
    let elapsed = started.elapsed();

    assert_eq!(written.map(|m| m.len()), Some(ROWS), "every row is written");
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM invitations")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(count, ROWS as i64);
    elapsed
}
