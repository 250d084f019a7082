//! Races through the real router: two Owners demoting and removing each other at once.
//! (The load and crash tests against the real binary are in `live.rs`, ignored by default.)

use crate::support::TestApp;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use roster_core::store::sessions;
use shared::OrgRole;
use std::collections::BTreeMap;
use tokio::task::JoinSet;
use tower::ServiceExt;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_owners_demoting_and_removing_each_other_fifty_times_at_once_leave_exactly_one() {
    let mut statuses: BTreeMap<u16, usize> = BTreeMap::new();
    for round in 0..3 {
        let app = TestApp::new().await;
        let org = app.org("Acme").await;
        let first = app.id_of(&org.owner_email).await;
        let second = app.id_of(&app.person(&org, OrgRole::Owner).await).await;
        let mut cookies = Vec::new();
        for id in [first, second] {
            let token = sessions::create(&app.db, shared::AccountId(id), Some(org.id))
                .await
                .unwrap();
            cookies.push(format!("{}={token}", roster_core::auth::SESSION_COOKIE));
        }

        let mut requests = JoinSet::new();
        for i in 0..50 {
            // Even requests are the first Owner acting on the second, odd ones the reverse;
            // every other pair removes instead of demoting.
            let (cookie, target) = if i % 2 == 0 {
                (cookies[0].clone(), second)
            } else {
                (cookies[1].clone(), first)
            };
            let (name, body) = if (i / 2) % 2 == 0 {
                ("change_role", format!("account_id={target}&role=admin"))
            } else {
                ("remove_person", format!("account_id={target}"))
            };
            let request = Request::post(format!("/api/{name}"))
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::ACCEPT, "application/json")
                .header(header::COOKIE, cookie)
                .body(Body::from(body))
                .unwrap();
            let router = app.router.clone();
            requests.spawn(async move {
                let response = router.oneshot(request).await.unwrap();
                let status = response.status();
                let bytes = response.into_body().collect().await.unwrap().to_bytes();
                (status, String::from_utf8_lossy(&bytes).into_owned())
            });
        }
        let mut allowed = 0;
        while let Some(done) = requests.join_next().await {
            let (status, body) = done.unwrap();
            *statuses.entry(status.as_u16()).or_default() += 1;
            assert!(!status.is_server_error(), "round {round}: {status}: {body}");
            assert!(!body.contains("locked"), "round {round}: {body}");
            assert!(
                [
                    StatusCode::OK,
                    StatusCode::UNAUTHORIZED,
                    StatusCode::FORBIDDEN,
                    StatusCode::NOT_FOUND
                ]
                .contains(&status),
                "round {round}: {status}: {body}"
            );
            allowed += usize::from(status == StatusCode::OK);
        }
        let owners = app
            .count("SELECT COUNT(*) FROM memberships WHERE org_role = 'owner'")
            .await;
        assert_eq!(owners, 1, "round {round}: exactly one Owner remains");
        assert!(allowed >= 1, "round {round}: one of them got through");
    }
    println!("statuses over 3 rounds of 50: {statuses:?}");
}
