//! The rules Roster adds to SCIM for people: every person needs an email; a new account is mailed
//! a link to choose its password (the stored copy keeps no token); an account of another
//! organization is linked, not duplicated; DELETE is exactly a removal from the organization; and
//! every change is audited as the token. Teams are in `linked_teams`, error bodies in `errors`.

use super::*;
use crate::authz::fixtures::cookie;
use crate::support::{smtp, TestApp};
use shared::OrgRole;

#[tokio::test]
async fn a_user_without_emails_needs_a_user_name_that_is_an_address() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let token = token(&app, &org).await;
    let before = counts(&app).await;
    let body = json!({ "schemas": [USER], "userName": "ann.lee", "name": { "givenName": "Ann" } });
    let reply = scim(&app, Method::POST, "/Users", &token, Some(body)).await;
    let error = expect_error(&reply, StatusCode::BAD_REQUEST);
    assert_eq!(error["scimType"], "invalidValue");
    let detail = error["detail"].as_str().unwrap();
    assert!(detail.contains("email"), "says what is missing: {detail}");
    assert_eq!(counts(&app).await, before);

    let body = json!({ "schemas": [USER], "userName": "bo@acme.test" });
    let created = create_user(&app, &token, body).await;
    let account = app.id_of("bo@acme.test").await;
    assert_eq!(created["id"], account.to_string());
    assert_eq!(created["userName"], "bo@acme.test");
}

/// Where mailed links point.
const PUBLIC_URL: &str = "https://roster.acme.test";

/// A server that mails through `listener`.
async fn mailing(listener: &smtp::Listener) -> TestApp {
    let port = listener.port;
    TestApp::with_config(|config| {
        config.smtp_url = Some(format!("smtp://127.0.0.1:{port}"));
        config.public_url = PUBLIC_URL.into();
    })
    .await
}

/// The next message's recipients and the token of its set-password link.
async fn mailed_link(listener: &smtp::Listener) -> (Vec<String>, String) {
    let mut mail = listener.next_message().await;
    mail.data = mail.data.replace("=\r\n", "");
    let prefix = format!("{PUBLIC_URL}/set-password/");
    let at = mail.data.find(&prefix).expect("a link in the mail");
    let secret: String = mail.data[at + prefix.len()..]
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect();
    assert!(secret.len() >= 32, "a real token: {secret}");
    (mail.to, secret)
}

#[tokio::test]
async fn a_new_account_is_mailed_a_password_link_that_the_outbox_does_not_keep() {
    let listener = smtp::Listener::start().await;
    let app = mailing(&listener).await;
    let org = app.org("Acme").await;
    let token = token(&app, &org).await;
    let created = create_user(&app, &token, user("ann@acme.test", "ann@acme.test")).await;
    let account: i64 = created["id"].as_str().unwrap().parse().unwrap();
    let (to, secret) = mailed_link(&listener).await;
    assert_eq!(to, ["<ann@acme.test>"]);

    let (recipient, body, linked): (String, String, i64) = sqlx::query_as(
        "SELECT recipient, body, (SELECT account_id FROM password_links) FROM outbox",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(recipient, "ann@acme.test");
    assert_eq!(linked, account);
    assert!(
        !body.contains(&secret),
        "the stored body keeps no token: {body}"
    );
    assert!(body.contains("set-password/[token not stored]"), "{body}");
    let hash: Vec<u8> = sqlx::query_scalar("SELECT token_hash FROM password_links")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(hash, roster_core::store::sessions::token_hash(&secret));
}

#[tokio::test]
async fn the_password_link_of_a_new_account_opens_a_page_to_choose_a_password() {
    let listener = smtp::Listener::start().await;
    let app = mailing(&listener).await;
    let org = app.org("Acme").await;
    let token = token(&app, &org).await;
    create_user(&app, &token, user("ann@acme.test", "ann@acme.test")).await;
    let (_, secret) = mailed_link(&listener).await;
    let page = app.get(&format!("/set-password/{secret}"), None).await;
    assert_eq!(
        (page.status, page.location()),
        (StatusCode::OK, None),
        "the link in the mail must open a page"
    );
}

#[tokio::test]
async fn an_account_of_another_organization_is_linked_not_duplicated() {
    let app = TestApp::new().await;
    let acme = app.org("Acme").await;
    let globex = app.org("Globex").await;
    let email = app.person(&globex, OrgRole::Member).await;
    let account = app.id_of(&email).await;
    let token = token(&app, &acme).await;
    let before = counts(&app).await;

    let mut body = user(&email, &email);
    body["displayName"] = json!("Renamed By Acme");
    let created = create_user(&app, &token, body).await;
    assert_eq!(created["id"], account.to_string(), "the existing account");
    let after = counts(&app).await;
    assert_eq!(after["accounts"], before["accounts"]);
    assert_eq!(after["memberships"], before["memberships"] + 1);
    assert_eq!(
        after["outbox"], before["outbox"],
        "no password link: it has one"
    );
    assert_eq!(after["password_links"], before["password_links"]);
    let orgs: Vec<i64> =
        sqlx::query_scalar("SELECT org_id FROM memberships WHERE account_id = $1 ORDER BY org_id")
            .bind(account)
            .fetch_all(&app.db)
            .await
            .unwrap();
    assert_eq!(orgs, [acme.id, globex.id]);
    let name: String = sqlx::query_scalar("SELECT name FROM accounts WHERE id = $1")
        .bind(account)
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(
        name, "Someone",
        "an account shared with another organization is not changed"
    );
}

/// A person's rows in `org`: membership, individual grants, team memberships, sessions; and
/// whether their account and their membership elsewhere are still there.
async fn footprint(app: &TestApp, org: &Org, account: i64) -> [i64; 6] {
    let one = |sql: &'static str| {
        let db = app.db.clone();
        async move {
            sqlx::query_scalar::<_, i64>(sql)
                .bind(account)
                .bind(org.id)
                .fetch_one(&db)
                .await
                .unwrap()
        }
    };
    [
        one("SELECT COUNT(*) FROM memberships WHERE account_id = $1 AND org_id = $2").await,
        one("SELECT COUNT(*) FROM project_grants g JOIN projects p ON p.id = g.project_id WHERE g.account_id = $1 AND p.org_id = $2").await,
        one("SELECT COUNT(*) FROM team_members tm JOIN teams t ON t.id = tm.team_id WHERE tm.account_id = $1 AND t.org_id = $2").await,
        one("SELECT COUNT(*) FROM sessions WHERE account_id = $1 AND org_id = $2").await,
        one("SELECT COUNT(*) FROM memberships WHERE account_id = $1 AND org_id <> $2").await,
        one("SELECT COUNT(*) FROM accounts WHERE id = $1 AND $2 IS NOT NULL").await,
    ]
}

#[tokio::test]
async fn deleting_a_user_removes_them_exactly_as_removal_from_the_organization_does() {
    let app = TestApp::new().await;
    let acme = app.org("Acme").await;
    let globex = app.org("Globex").await;
    let owner = app.sign_in(&acme.owner_email).await;
    let project = app.project(&owner, "Web").await;
    let token = token(&app, &acme).await;
    let mut people = Vec::new();
    for _ in 0..2 {
        // In Globex first, then linked into Acme over SCIM.
        let email = app.person(&globex, OrgRole::Member).await;
        let account = app.id_of(&email).await;
        create_user(&app, &token, user(&email, &email)).await;
        let grant = [
            ("account_id", account.to_string()),
            ("project_id", project.to_string()),
            ("role", "analyst".to_string()),
        ];
        let form: Vec<(&str, &str)> = grant.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let reply = app.call("set_grant", &form, Some(&owner)).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        cookie(&app, account, acme.id).await;
        people.push(account);
    }
    hand_made_team(&app, &owner, "Data", project, &people).await;
    let (over_scim, by_hand) = (people[0], people[1]);
    assert_eq!(footprint(&app, &acme, over_scim).await, [1, 1, 1, 1, 1, 1]);
    assert_eq!(footprint(&app, &acme, by_hand).await, [1, 1, 1, 1, 1, 1]);

    let since = last_event(&app).await;
    let reply = scim(
        &app,
        Method::DELETE,
        &format!("/Users/{over_scim}"),
        &token,
        None,
    )
    .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT, "{}", reply.body);
    assert!(reply.body.is_empty());
    let scim_events = events_since(&app, since).await;
    let since = last_event(&app).await;
    let reply = app
        .call(
            "remove_person",
            &[("account_id", &by_hand.to_string())],
            Some(&owner),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let hand_events = events_since(&app, since).await;

    let gone = [0, 0, 0, 0, 1, 1];
    assert_eq!(
        footprint(&app, &acme, over_scim).await,
        gone,
        "only Acme's rows go"
    );
    assert_eq!(footprint(&app, &acme, by_hand).await, gone);
    let kinds = |events: &[(String, String, String)]| -> Vec<String> {
        events.iter().map(|e| e.0.clone()).collect()
    };
    assert_eq!(kinds(&scim_events), kinds(&hand_events));
    assert_eq!(kinds(&scim_events), ["member.remove"]);
    assert_eq!(scim_events[0].1, "SCIM token Okta");
    let read = scim(
        &app,
        Method::GET,
        &format!("/Users/{over_scim}"),
        &token,
        None,
    )
    .await;
    expect_error(&read, StatusCode::NOT_FOUND);
}

/// Sends a SCIM change that must succeed and be recorded; returns its answer's body (if any).
async fn recorded(
    app: &TestApp,
    token: &str,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> Value {
    let before = last_event(app).await;
    let reply = scim(app, method.clone(), path, token, body).await;
    assert!(reply.status.is_success(), "{method} {path}: {}", reply.body);
    assert!(
        last_event(app).await > before,
        "{method} {path} recorded nothing"
    );
    serde_json::from_str(&reply.body).unwrap_or(Value::Null)
}

#[tokio::test]
async fn every_change_over_scim_is_audited_as_the_token() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let token = token_named(&app, &org, "Okta production").await;
    let since = last_event(&app).await;
    let t = token.as_str();

    let created = recorded(
        &app,
        t,
        Method::POST,
        "/Users",
        Some(user("ann@acme.test", "ann@acme.test")),
    )
    .await;
    let user_path = format!("/Users/{}", created["id"].as_str().unwrap());
    let mut renamed = user("ann@acme.test", "ann@acme.test");
    renamed["displayName"] = json!("Ann B. Lee");
    recorded(&app, t, Method::PUT, &user_path, Some(renamed)).await;
    let off = patch(json!([{ "op": "replace", "value": { "active": false } }]));
    recorded(&app, t, Method::PATCH, &user_path, Some(off)).await;
    let on = patch(json!([{ "op": "replace", "path": "active", "value": true }]));
    recorded(&app, t, Method::PATCH, &user_path, Some(on)).await;
    let group = json!({ "schemas": [GROUP], "displayName": "Ops", "members": [{ "value": created["id"] }] });
    let group = recorded(&app, t, Method::POST, "/Groups", Some(group)).await;
    let group_path = format!("/Groups/{}", group["id"].as_str().unwrap());
    let rename = patch(json!([{ "op": "replace", "path": "displayName", "value": "Operations" }]));
    recorded(&app, t, Method::PATCH, &group_path, Some(rename)).await;
    let empty = patch(json!([{ "op": "remove", "path": "members" }]));
    recorded(&app, t, Method::PATCH, &group_path, Some(empty)).await;
    recorded(&app, t, Method::DELETE, &group_path, None).await;
    recorded(&app, t, Method::DELETE, &user_path, None).await;

    let events = events_since(&app, since).await;
    assert!(events.len() >= 9, "{events:?}");
    for (action, actor, _) in &events {
        assert_eq!(actor, "SCIM token Okta production", "{action}");
    }
    let by_someone: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_events WHERE id > $1 AND actor_id IS NOT NULL",
    )
    .bind(since)
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(by_someone, 0, "a token is no person");
}
