//! Two `roster serve` processes on one database (on Postgres when the tests have a server): the
//! rules that hold because writes are one at a time hold across processes too.

use crate::bench_support::Client;
use crate::live_server::{Database, Server};
use roster_core::store;
use std::collections::BTreeMap;

const FORM: &str = "application/x-www-form-urlencoded";

/// Two Owners, each signed in on a process of their own, send 25 demotions of the other at once
/// (50 requests, each on its own connection): one of them wins, the other is refused by the
/// last-Owner rule or as an Admin by then, and the organization is left with exactly one Owner.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_owners_demoting_each_other_on_two_processes_leave_exactly_one_owner() {
    const EACH_WAY: usize = 25;
    let db = Database::demo_on_tests_backend().await;
    let (one, other) = (Server::start(&db), Server::start(&db));
    let pool = store::connect(&db.url()).await.unwrap();
    let owners = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM memberships WHERE org_role = 'owner'")
            .fetch_one(&pool)
            .await
            .unwrap()
    };
    let mut ids = Vec::new();
    for email in ["owner@acme.test", "admin@acme.test"] {
        let id: i64 = sqlx::query_scalar("SELECT id FROM accounts WHERE email = $1")
            .bind(email)
            .fetch_one(&pool)
            .await
            .unwrap();
        ids.push(id);
    }
    let (owner_id, second_id) = (ids[0], ids[1]);

    let mut owner = Client::connect(&one.addr).await;
    owner.sign_in("owner@acme.test").await;
    let promoted = owner
        .post(
            "/api/change_role",
            FORM,
            &format!("account_id={second_id}&role=owner"),
        )
        .await;
    assert_eq!(
        promoted.status,
        200,
        "{}",
        String::from_utf8_lossy(&promoted.body)
    );
    let mut second = Client::connect(&other.addr).await;
    second.sign_in("admin@acme.test").await;
    assert_eq!(owners().await, 2);

    let mut race = tokio::task::JoinSet::new();
    for i in 0..2 * EACH_WAY {
        let (addr, cookie, target) = if i % 2 == 0 {
            (one.addr.clone(), owner.cookie.clone(), second_id)
        } else {
            (other.addr.clone(), second.cookie.clone(), owner_id)
        };
        race.spawn(async move {
            let mut client = Client::connect(&addr).await;
            client.cookie = cookie;
            let answer = client
                .post(
                    "/api/change_role",
                    FORM,
                    &format!("account_id={target}&role=admin"),
                )
                .await;
            (
                answer.status,
                String::from_utf8_lossy(&answer.body).into_owned(),
            )
        });
    }
    let mut statuses = BTreeMap::new();
    let mut server_errors = Vec::new();
    while let Some(done) = race.join_next().await {
        let (status, body) = done.expect("a request lost its connection");
        *statuses.entry(status).or_insert(0) += 1;
        if status >= 500 {
            server_errors.push(body);
        }
    }
    println!("50 cross-demotions over two processes, answers by status: {statuses:?}");
    assert!(server_errors.is_empty(), "{server_errors:?}");
    assert!(statuses.get(&200).is_some_and(|n| *n > 0), "{statuses:?}");
    assert_eq!(owners().await, 1, "exactly one Owner is left");
    pool.close().await;
}
