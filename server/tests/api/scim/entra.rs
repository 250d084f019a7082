//! Microsoft Entra ID's provisioning: its PATCH dialect (capitalised ops, booleans as text, an
//! email set through a `type` filter, name parts as dotted keys without a path), lookups by
//! `externalId`, group members added and removed as lists of values, and its probe of a random
//! userName, which must be an empty list.

use super::*;
use crate::support::TestApp;
use shared::OrgRole;

const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

/// A User as Entra sends it: its UPN as userName, the mail as the work email, its object id as
/// externalId.
fn entra_user(user_name: &str, email: &str, external_id: &str) -> Value {
    json!({
        "schemas": [USER, ENTERPRISE],
        "externalId": external_id,
        "userName": user_name,
        "active": true,
        "emails": [{ "primary": true, "type": "work", "value": email }],
        "meta": { "resourceType": "User" },
        "name": { "givenName": "Ann", "familyName": "Lee" },
        ENTERPRISE: { "department": "Sales" },
        "roles": [],
    })
}

async fn patch_user(app: &TestApp, token: &str, id: &str, operations: Value) -> Value {
    let reply = scim(
        app,
        Method::PATCH,
        &format!("/Users/{id}"),
        token,
        Some(patch(operations)),
    )
    .await;
    expect(&reply, StatusCode::OK)
}

async fn account(app: &TestApp, id: &str) -> (String, String) {
    sqlx::query_as("SELECT name, email FROM accounts WHERE id = $1")
        .bind(id.parse::<i64>().unwrap())
        .fetch_one(&app.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn entra_deactivates_with_a_capitalised_replace_and_a_boolean_as_text() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let token = token_named(&app, &org, "Entra").await;
    let user = create_user(
        &app,
        &token,
        entra_user("ann@contoso.test", "ann@acme.test", "e1"),
    )
    .await;
    let id = user["id"].as_str().unwrap();
    let account_id = id.parse().unwrap();

    let off = patch_user(
        &app,
        &token,
        id,
        json!([{ "op": "Replace", "path": "active", "value": "False" }]),
    )
    .await;
    assert_eq!(off["active"], json!(false), "a boolean again: {off}");
    assert_eq!(deactivated(&app, &org, account_id).await, Some(true));

    let on = patch_user(
        &app,
        &token,
        id,
        json!([{ "op": "Replace", "path": "active", "value": "True" }]),
    )
    .await;
    assert_eq!(on["active"], json!(true));
    assert_eq!(deactivated(&app, &org, account_id).await, Some(false));
}

#[tokio::test]
async fn entra_sets_the_work_email_through_a_type_filter() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let token = token_named(&app, &org, "Entra").await;
    let user = create_user(
        &app,
        &token,
        entra_user("ann@contoso.test", "ann@acme.test", "e1"),
    )
    .await;
    let id = user["id"].as_str().unwrap();
    let patched = patch_user(
        &app,
        &token,
        id,
        json!([{ "op": "Add", "path": "emails[type eq \"work\"].value", "value": "new@x.test" }]),
    )
    .await;
    let emails = patched["emails"].as_array().unwrap();
    assert_eq!(
        emails.len(),
        1,
        "the work email changed, none added: {patched}"
    );
    assert_eq!(emails[0]["value"], "new@x.test");
    assert_eq!(emails[0]["type"], "work");
    assert_eq!(account(&app, id).await.1, "new@x.test");
    assert_eq!(patched["userName"], "ann@contoso.test");

    // A user created without emails gets a work email the same way.
    let bare = create_user(
        &app,
        &token,
        json!({ "schemas": [USER], "userName": "bo@acme.test" }),
    )
    .await;
    let id = bare["id"].as_str().unwrap();
    let patched = patch_user(
        &app,
        &token,
        id,
        json!([{ "op": "Add", "path": "emails[type eq \"work\"].value", "value": "bo.new@x.test" }]),
    )
    .await;
    assert_eq!(
        patched["emails"],
        json!([{ "type": "work", "value": "bo.new@x.test" }])
    );
    assert_eq!(account(&app, id).await.1, "bo.new@x.test");
}

#[tokio::test]
async fn entra_replaces_name_parts_given_as_dotted_keys_without_a_path() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let token = token_named(&app, &org, "Entra").await;
    let user = create_user(
        &app,
        &token,
        entra_user("ann@contoso.test", "ann@acme.test", "e1"),
    )
    .await;
    let id = user["id"].as_str().unwrap();
    assert_eq!(account(&app, id).await.0, "Ann Lee");
    let patched = patch_user(
        &app,
        &token,
        id,
        json!([{ "op": "replace", "value": { "name.givenName": "Anna", "name.familyName": "Berg" } }]),
    )
    .await;
    assert_eq!(
        patched["name"],
        json!({ "givenName": "Anna", "familyName": "Berg" })
    );
    assert!(patched.get("name.givenName").is_none(), "{patched}");
    assert_eq!(
        account(&app, id).await.0,
        "Anna Berg",
        "the name Roster shows"
    );
    let read = scim(&app, Method::GET, &format!("/Users/{id}"), &token, None).await;
    assert_eq!(expect(&read, StatusCode::OK)["name"]["familyName"], "Berg");
}

#[tokio::test]
async fn entra_finds_a_user_by_external_id() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let token = token_named(&app, &org, "Entra").await;
    let oid = "8c1f1a6e-5b6d-4f0a-9d0e-2a7c1b3e4f50";
    let user = create_user(
        &app,
        &token,
        entra_user("ann@contoso.test", "ann@acme.test", oid),
    )
    .await;
    create_user(
        &app,
        &token,
        entra_user("bo@contoso.test", "bo@acme.test", "other"),
    )
    .await;
    let path = format!("/Users?{}", filter(&format!("externalId eq \"{oid}\"")));
    let found = resources(&scim(&app, Method::GET, &path, &token, None).await);
    assert_eq!(found, [user]);
    let path = format!(
        "/Users?{}",
        filter("externalId eq \"00000000-0000-0000-0000-000000000000\"")
    );
    assert!(resources(&scim(&app, Method::GET, &path, &token, None).await).is_empty());
}

#[tokio::test]
async fn entra_adds_and_removes_group_members_as_lists_of_values() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let token = token_named(&app, &org, "Entra").await;
    let a = app.id_of(&app.person(&org, OrgRole::Member).await).await;
    let b = app.id_of(&app.person(&org, OrgRole::Member).await).await;
    let body = json!({
        "schemas": [GROUP],
        "externalId": "0a1b2c3d-group",
        "displayName": "Sales",
        "members": [],
    });
    let group = expect(
        &scim(&app, Method::POST, "/Groups", &token, Some(body)).await,
        StatusCode::CREATED,
    );
    assert_eq!(group["externalId"], "0a1b2c3d-group");
    let team = team_id(&group);
    let path = format!("/Groups/team-{team}");

    let add = patch(json!([{
        "op": "Add",
        "path": "members",
        "value": [{ "value": a.to_string() }, { "value": b.to_string() }],
    }]));
    let added = expect(
        &scim(&app, Method::PATCH, &path, &token, Some(add)).await,
        StatusCode::OK,
    );
    assert_eq!(member_values(&added), BTreeSet::from([a, b]));
    assert_eq!(stored_members(&app, team).await, BTreeSet::from([a, b]));

    let remove = patch(
        json!([{ "op": "Remove", "path": "members", "value": [{ "value": a.to_string() }] }]),
    );
    let removed = expect(
        &scim(&app, Method::PATCH, &path, &token, Some(remove)).await,
        StatusCode::OK,
    );
    assert_eq!(member_values(&removed), BTreeSet::from([b]));
    assert_eq!(stored_members(&app, team).await, BTreeSet::from([b]));
}

#[tokio::test]
async fn entra_probing_a_random_user_name_gets_an_empty_list() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let token = token_named(&app, &org, "Entra").await;
    let probe = format!(
        "/Users?{}",
        filter("userName eq \"2f6c1a0e-9b7d-4c3e-8a51-6d0f4b2e7c19\"")
    );
    let reply = scim(&app, Method::GET, &probe, &token, None).await;
    let body = expect(&reply, StatusCode::OK);
    assert_eq!(body["schemas"], json!([LIST_RESPONSE]));
    assert_eq!(body["totalResults"], 0);
    assert_eq!(body["Resources"], json!([]));

    let groups = format!(
        "/Groups?excludedAttributes=members&{}",
        filter("displayName eq \"7d3a9c2b-0e41-4f6b-a8d5-1c2e3f4a5b6c\"")
    );
    let body = expect(
        &scim(&app, Method::GET, &groups, &token, None).await,
        StatusCode::OK,
    );
    assert_eq!(body["totalResults"], 0);
    assert_eq!(body["Resources"], json!([]));
}
