//! A person's lifecycle over SCIM: deactivation refuses sign-in and ends their sessions while
//! their grants and teams are kept, and reactivation gives everything back; the last active Owner
//! can be neither deactivated nor deleted, and a deactivated Owner does not count as one.

use super::*;
use crate::support::{TestApp, PASSWORD};
use shared::OrgRole;

async fn set_active(app: &TestApp, token: &str, account: i64, active: bool) -> Reply {
    let body = patch(json!([{ "op": "replace", "value": { "active": active } }]));
    scim(
        app,
        Method::PATCH,
        &format!("/Users/{account}"),
        token,
        Some(body),
    )
    .await
}

/// Each project `account` reaches, with where the access comes from, as `cookie` reads it.
async fn access(app: &TestApp, cookie: &str, account: i64) -> BTreeMap<i64, Vec<Value>> {
    let reply = app
        .call(
            "person_access",
            &[("account_id", &account.to_string())],
            Some(cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            let sources = a["grants"]
                .as_array()
                .unwrap()
                .iter()
                .map(|g| g["source"].clone());
            (a["project_id"].as_i64().unwrap(), sources.collect())
        })
        .collect()
}

#[tokio::test]
async fn deactivation_refuses_sign_in_and_keeps_access_that_reactivation_gives_back() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let owner = app.sign_in(&org.owner_email).await;
    let (web, data_project) = (
        app.project(&owner, "Web").await,
        app.project(&owner, "Data").await,
    );
    let email = app.person(&org, OrgRole::Member).await;
    let bo = app.id_of(&email).await;
    let grant = [
        ("account_id", bo.to_string()),
        ("project_id", web.to_string()),
        ("role", "analyst".into()),
    ];
    let grant: Vec<(&str, &str)> = grant.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(
        app.call("set_grant", &grant, Some(&owner)).await.status,
        StatusCode::OK
    );
    let team = json!({ "team": {
        "name": "Analysts",
        "projects": [{ "project_id": data_project, "role": "consumer" }],
        "members": [bo],
    }});
    assert_eq!(
        app.call_json("create_team", team, Some(&owner))
            .await
            .status,
        StatusCode::OK
    );
    let session = app.sign_in(&email).await;
    let granted = access(&app, &session, bo).await;
    assert_eq!(
        granted.keys().copied().collect::<BTreeSet<_>>(),
        BTreeSet::from([data_project, web])
    );
    let token = token(&app, &org).await;

    let off = set_active(&app, &token, bo, false).await;
    assert_eq!(expect(&off, StatusCode::OK)["active"], false);
    let refused = app
        .call(
            "sign_in",
            &[("email", &email), ("password", PASSWORD)],
            None,
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    assert!(
        refused.body.contains("deactivated"),
        "says why: {}",
        refused.body
    );
    assert!(refused.session_cookie().is_none());
    let stale = app.call("list_teams", &[], Some(&session)).await;
    assert_eq!(stale.status, StatusCode::UNAUTHORIZED, "{}", stale.body);
    assert_eq!(
        app.call("session", &[], Some(&session)).await.json(),
        json!("SignedOut")
    );
    let kept = |sql: &'static str| {
        let db = app.db.clone();
        async move {
            sqlx::query_scalar::<_, i64>(sql)
                .bind(bo)
                .fetch_one(&db)
                .await
                .unwrap()
        }
    };
    assert_eq!(
        kept("SELECT COUNT(*) FROM project_grants WHERE account_id = $1").await,
        1
    );
    assert_eq!(
        kept("SELECT COUNT(*) FROM team_members WHERE account_id = $1").await,
        1
    );
    assert_eq!(
        kept("SELECT COUNT(*) FROM sessions WHERE account_id = $1").await,
        0
    );

    let on = set_active(&app, &token, bo, true).await;
    assert_eq!(expect(&on, StatusCode::OK)["active"], true);
    let ended = app.call("list_teams", &[], Some(&session)).await;
    assert_eq!(
        ended.status,
        StatusCode::UNAUTHORIZED,
        "a session ended, not paused"
    );
    let session = app.sign_in(&email).await;
    assert_eq!(
        access(&app, &session, bo).await,
        granted,
        "the grant and the team are back"
    );
    let teams = app.call("list_teams", &[], Some(&session)).await;
    assert_eq!(teams.status, StatusCode::OK, "{}", teams.body);
}

#[tokio::test]
async fn the_only_owner_can_be_neither_deactivated_nor_deleted() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let owner = app.id_of(&org.owner_email).await;
    let token = token(&app, &org).await;
    let before = counts(&app).await;

    let error = expect_error(
        &set_active(&app, &token, owner, false).await,
        StatusCode::FORBIDDEN,
    );
    assert!(
        error["detail"].as_str().unwrap().contains("Owner"),
        "{error}"
    );
    assert_eq!(counts(&app).await, before, "a refusal writes nothing");
    let put = scim(
        &app,
        Method::PUT,
        &format!("/Users/{owner}"),
        &token,
        Some(json!({ "schemas": [USER], "userName": org.owner_email, "active": false })),
    )
    .await;
    expect_error(&put, StatusCode::FORBIDDEN);
    assert_eq!(counts(&app).await, before);
    let delete = scim(
        &app,
        Method::DELETE,
        &format!("/Users/{owner}"),
        &token,
        None,
    )
    .await;
    expect_error(&delete, StatusCode::FORBIDDEN);
    assert_eq!(counts(&app).await, before);
    assert_eq!(deactivated(&app, &org, owner).await, Some(false));
}

#[tokio::test]
async fn with_a_second_active_owner_an_owner_can_be_deactivated_and_deleted() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let a = app.id_of(&org.owner_email).await;
    let b = app.id_of(&app.person(&org, OrgRole::Owner).await).await;
    let token = token(&app, &org).await;

    expect(&set_active(&app, &token, a, false).await, StatusCode::OK);
    assert_eq!(deactivated(&app, &org, a).await, Some(true));
    expect(&set_active(&app, &token, a, true).await, StatusCode::OK);
    let delete = scim(&app, Method::DELETE, &format!("/Users/{b}"), &token, None).await;
    assert_eq!(delete.status, StatusCode::NO_CONTENT, "{}", delete.body);
    assert_eq!(deactivated(&app, &org, b).await, None);
}

#[tokio::test]
async fn a_deactivated_owner_does_not_count_as_the_remaining_owner() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let a = app.id_of(&org.owner_email).await;
    let b = app.id_of(&app.person(&org, OrgRole::Owner).await).await;
    let token = token(&app, &org).await;
    expect(&set_active(&app, &token, b, false).await, StatusCode::OK);
    let before = counts(&app).await;

    expect_error(
        &set_active(&app, &token, a, false).await,
        StatusCode::FORBIDDEN,
    );
    let delete = scim(&app, Method::DELETE, &format!("/Users/{a}"), &token, None).await;
    expect_error(&delete, StatusCode::FORBIDDEN);
    assert_eq!(counts(&app).await, before);
    assert_eq!(deactivated(&app, &org, a).await, Some(false));

    // The deactivated Owner can go: that takes no active Owner away.
    let delete = scim(&app, Method::DELETE, &format!("/Users/{b}"), &token, None).await;
    assert_eq!(delete.status, StatusCode::NO_CONTENT, "{}", delete.body);
}
