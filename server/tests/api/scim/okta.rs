//! Okta's user provisioning as its SCIM 2.0 documentation describes it: the userName lookup
//! before a create, the create with its Location and ETag, the uniqueness conflict, deactivation by
//! a PATCH without a path, reassignment of a deactivated user (by userName or externalId), the PUT
//! of the whole user, and case-insensitive lookups. Group push is in `okta_groups`.

use super::*;
use crate::support::TestApp;

/// A User as Okta sends it, password and attributes Roster does not keep included.
fn okta_user(user_name: &str, external_id: &str) -> Value {
    json!({
        "schemas": [USER],
        "userName": user_name,
        "name": { "givenName": "Ann", "familyName": "Lee" },
        "emails": [{ "primary": true, "value": user_name, "type": "work" }],
        "displayName": "Ann Lee",
        "locale": "en-US",
        "externalId": external_id,
        "groups": [],
        "password": "1mz050nq-not-kept",
        "active": true,
    })
}

fn lookup(user_name: &str) -> String {
    format!(
        "/Users?{}&startIndex=1&count=100",
        filter(&format!("userName eq \"{user_name}\""))
    )
}

async fn deactivate(app: &TestApp, token: &str, id: &str) -> Value {
    let body = patch(json!([{ "op": "replace", "value": { "active": false } }]));
    let reply = scim(
        app,
        Method::PATCH,
        &format!("/Users/{id}"),
        token,
        Some(body),
    )
    .await;
    expect(&reply, StatusCode::OK)
}

#[tokio::test]
async fn okta_looks_a_user_up_before_creating_and_an_unknown_user_name_is_an_empty_list() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let token = token(&app, &org).await;
    let reply = scim(&app, Method::GET, &lookup("ann@acme.test"), &token, None).await;
    let body = expect(&reply, StatusCode::OK);
    assert_eq!(
        body,
        json!({
            "schemas": [LIST_RESPONSE],
            "totalResults": 0,
            "startIndex": 1,
            "itemsPerPage": 0,
            "Resources": [],
        })
    );
}

#[tokio::test]
async fn okta_creates_a_user_and_gets_its_location_and_version_back() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let token = token(&app, &org).await;
    let reply = scim(
        &app,
        Method::POST,
        "/Users",
        &token,
        Some(okta_user("ann.lee@acme.test", "00u1abc")),
    )
    .await;
    let created = expect(&reply, StatusCode::CREATED);
    let id = app.id_of("ann.lee@acme.test").await;
    assert_eq!(created["id"], id.to_string());
    assert_eq!(created["userName"], "ann.lee@acme.test");
    assert_eq!(created["externalId"], "00u1abc");
    assert_eq!(created["name"]["givenName"], "Ann");
    assert_eq!(created["emails"][0]["value"], "ann.lee@acme.test");
    assert_eq!(created["active"], true);
    assert!(created.get("password").is_none(), "{created}");
    assert!(created.get("locale").is_none(), "not kept: {created}");

    let location = created["meta"]["location"].as_str().unwrap();
    assert!(
        location.ends_with(&format!("/scim/v2/Users/{id}")),
        "{location}"
    );
    assert_eq!(reply.location(), Some(location));
    let etag = reply.headers.get(header::ETAG).unwrap().to_str().unwrap();
    assert_eq!(created["meta"]["version"], etag);

    let (name, email, role): (String, String, String) = sqlx::query_as(
        "SELECT a.name, a.email, m.org_role FROM accounts a
         JOIN memberships m ON m.account_id = a.id AND m.org_id = $1 WHERE a.id = $2",
    )
    .bind(org.id)
    .bind(id)
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(
        (name.as_str(), email.as_str()),
        ("Ann Lee", "ann.lee@acme.test")
    );
    assert_eq!(role, "member", "the organization's provisioned role");

    let read = scim(&app, Method::GET, &local(location), &token, None).await;
    assert_eq!(expect(&read, StatusCode::OK), created);
    assert_eq!(read.headers.get(header::ETAG).unwrap(), etag);

    let found = resources(
        &scim(
            &app,
            Method::GET,
            &lookup("ann.lee@acme.test"),
            &token,
            None,
        )
        .await,
    );
    assert_eq!(found, [created]);
}

#[tokio::test]
async fn okta_creating_a_taken_user_name_again_is_a_uniqueness_conflict() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let token = token(&app, &org).await;
    create_user(&app, &token, okta_user("ann@acme.test", "00u1")).await;
    let before = counts(&app).await;
    for user_name in ["ann@acme.test", "ANN@Acme.Test"] {
        let again = scim(
            &app,
            Method::POST,
            "/Users",
            &token,
            Some(okta_user(user_name, "00u2")),
        )
        .await;
        let error = expect_error(&again, StatusCode::CONFLICT);
        assert_eq!(error["scimType"], "uniqueness", "{user_name}: {error}");
    }
    assert_eq!(counts(&app).await, before, "a conflict writes nothing");
}

#[tokio::test]
async fn okta_deactivates_a_user_with_a_replace_of_active_without_a_path() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let token = token(&app, &org).await;
    let created = create_user(&app, &token, okta_user("ann@acme.test", "00u1")).await;
    let id = created["id"].as_str().unwrap();
    let account = app.id_of("ann@acme.test").await;

    let updated = deactivate(&app, &token, id).await;
    assert_eq!(updated["active"], false);
    assert_eq!(updated["userName"], "ann@acme.test", "the rest is kept");
    assert_eq!(updated["name"], created["name"]);
    assert_ne!(updated["meta"]["version"], created["meta"]["version"]);
    assert_eq!(deactivated(&app, &org, account).await, Some(true));

    let read = scim(&app, Method::GET, &format!("/Users/{id}"), &token, None).await;
    assert_eq!(expect(&read, StatusCode::OK)["active"], false);
}

#[tokio::test]
async fn okta_reassigning_a_deactivated_user_by_user_name_reactivates_the_same_id() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let token = token(&app, &org).await;
    let created = create_user(&app, &token, okta_user("ann@acme.test", "00u1")).await;
    let id = created["id"].as_str().unwrap();
    deactivate(&app, &token, id).await;
    let before = counts(&app).await;

    let reply = scim(
        &app,
        Method::POST,
        "/Users",
        &token,
        Some(okta_user("ann@acme.test", "00u1")),
    )
    .await;
    let again = expect(&reply, StatusCode::CREATED);
    assert_eq!(again["id"], created["id"], "the same person, not a new one");
    assert_eq!(again["active"], true);
    assert_eq!(reply.location(), again["meta"]["location"].as_str());
    let account = app.id_of("ann@acme.test").await;
    assert_eq!(deactivated(&app, &org, account).await, Some(false));
    let after = counts(&app).await;
    assert_eq!(after["accounts"], before["accounts"]);
    assert_eq!(after["memberships"], before["memberships"]);
    assert_eq!(
        after["outbox"], before["outbox"],
        "no second password message"
    );
}

#[tokio::test]
async fn okta_reassigning_a_deactivated_user_by_external_id_reactivates_the_same_id() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let token = token(&app, &org).await;
    let created = create_user(&app, &token, okta_user("ann@acme.test", "00u1")).await;
    let id = created["id"].as_str().unwrap();
    deactivate(&app, &token, id).await;
    let before = counts(&app).await;

    let mut renamed = okta_user("ann@acme.test", "00u1");
    renamed["userName"] = json!("ann.lee");
    let again = create_user(&app, &token, renamed).await;
    assert_eq!(again["id"], created["id"]);
    assert_eq!(again["userName"], "ann.lee");
    assert_eq!(again["active"], true);
    let after = counts(&app).await;
    assert_eq!(after["accounts"], before["accounts"]);
    assert_eq!(after["memberships"], before["memberships"]);
    let found = resources(&scim(&app, Method::GET, &lookup("ann.lee"), &token, None).await);
    assert_eq!(ids(&found), BTreeSet::from([id.to_string()]));
}

#[tokio::test]
async fn okta_updates_a_user_with_a_put_of_the_whole_user() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let token = token(&app, &org).await;
    let created = create_user(&app, &token, okta_user("ann@acme.test", "00u1")).await;
    let id = created["id"].as_str().unwrap().to_string();

    // Okta sends the whole user as it now is, read-only attributes and all.
    let mut whole = created.clone();
    whole["userName"] = json!("annie@acme.test");
    whole["name"] = json!({ "givenName": "Annie", "familyName": "Lee" });
    whole["displayName"] = json!("Annie Lee");
    whole["emails"] = json!([{ "primary": true, "value": "annie@acme.test", "type": "work" }]);
    whole["password"] = json!("changed-but-not-kept");
    let reply = scim(
        &app,
        Method::PUT,
        &format!("/Users/{id}"),
        &token,
        Some(whole),
    )
    .await;
    let put = expect(&reply, StatusCode::OK);
    assert_eq!(put["id"], id);
    assert_eq!(put["userName"], "annie@acme.test");
    assert_eq!(put["name"]["givenName"], "Annie");
    assert_eq!(put["emails"][0]["value"], "annie@acme.test");
    assert!(put.get("password").is_none());
    assert_ne!(put["meta"]["version"], created["meta"]["version"]);
    assert_eq!(
        reply.headers.get(header::ETAG).unwrap().to_str().unwrap(),
        put["meta"]["version"]
    );
    let (name, email): (String, String) =
        sqlx::query_as("SELECT name, email FROM accounts WHERE id = $1")
            .bind(id.parse::<i64>().unwrap())
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(
        (name.as_str(), email.as_str()),
        ("Annie Lee", "annie@acme.test")
    );
    let read = scim(&app, Method::GET, &format!("/Users/{id}"), &token, None).await;
    assert_eq!(expect(&read, StatusCode::OK), put);
    assert!(
        resources(&scim(&app, Method::GET, &lookup("ann@acme.test"), &token, None).await)
            .is_empty()
    );

    // What a PUT leaves out is gone; a PUT may also deactivate.
    let mut fewer = put.clone();
    fewer.as_object_mut().unwrap().remove("name");
    fewer["active"] = json!(false);
    let reply = scim(
        &app,
        Method::PUT,
        &format!("/Users/{id}"),
        &token,
        Some(fewer),
    )
    .await;
    let put = expect(&reply, StatusCode::OK);
    assert!(put.get("name").is_none(), "{put}");
    assert_eq!(put["active"], false);
    let account = id.parse().unwrap();
    assert_eq!(deactivated(&app, &org, account).await, Some(true));
}

#[tokio::test]
async fn okta_user_name_lookups_ignore_case() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let token = token(&app, &org).await;
    let ann = create_user(&app, &token, okta_user("ann.lee@acme.test", "00u1")).await;
    let mut bo = okta_user("bo@acme.test", "00u2");
    bo["userName"] = json!("BoJensen");
    let bo = create_user(&app, &token, bo).await;
    for (asked, wanted) in [
        ("ANN.Lee@ACME.test", &ann),
        ("ann.lee@acme.test", &ann),
        ("bojensen", &bo),
        ("BOJENSEN", &bo),
    ] {
        let found = resources(&scim(&app, Method::GET, &lookup(asked), &token, None).await);
        assert_eq!(ids(&found), ids(std::slice::from_ref(wanted)), "{asked}");
    }
}
