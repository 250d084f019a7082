//! The SCIM 2.0 service at `/scim/v2` through the real router, called the way identity providers
//! call it: Okta's and Microsoft Entra ID's requests, the rules Roster adds (emails, linking,
//! auditing, teams managed by the identity provider), a person's lifecycle (deactivation and the
//! last Owner), isolation between organizations, and the authorization of every route. Each test
//! runs on a fresh database; the helpers here send SCIM requests and check SCIM answers.

mod authz;
mod entra;
mod errors;
mod isolation;
mod lifecycle;
mod linked_teams;
mod okta;
mod okta_groups;
mod rules;

use crate::support::{Org, Reply, TestApp};
use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use roster_core::store::provisioning;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};

pub const SCIM_JSON: &str = "application/scim+json";
pub const USER: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
pub const GROUP: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
pub const PATCH_OP: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
pub const ERROR: &str = "urn:ietf:params:scim:api:messages:2.0:Error";
pub const LIST_RESPONSE: &str = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
pub const SEARCH_REQUEST: &str = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";

/// A new SCIM token of `org` named "Okta".
pub async fn token(app: &TestApp, org: &Org) -> String {
    token_named(app, org, "Okta").await
}

/// A new SCIM token of `org` named `name`.
pub async fn token_named(app: &TestApp, org: &Org, name: &str) -> String {
    provisioning::create_token_by_operator(&app.db, org.id, name)
        .await
        .unwrap()
        .token
}

/// Sends `method` to `/scim/v2<path>` with `authorization` (the whole header value, if any),
/// `extra` headers and `body` as `application/scim+json`.
pub async fn send(
    app: &TestApp,
    method: Method,
    path: &str,
    authorization: Option<&str>,
    extra: &[(header::HeaderName, &str)],
    body: Option<&Value>,
) -> Reply {
    let mut request = Request::builder()
        .method(method)
        .uri(format!("/scim/v2{path}"))
        .header(header::ACCEPT, SCIM_JSON);
    if let Some(authorization) = authorization {
        request = request.header(header::AUTHORIZATION, authorization);
    }
    if body.is_some() && !extra.iter().any(|(name, _)| name == header::CONTENT_TYPE) {
        request = request.header(header::CONTENT_TYPE, SCIM_JSON);
    }
    for (name, value) in extra {
        request = request.header(name, *value);
    }
    let body = body.map_or_else(Body::empty, |b| Body::from(b.to_string()));
    app.send(request.body(body).unwrap()).await
}

/// A SCIM request with `token` as the bearer token.
pub async fn scim(
    app: &TestApp,
    method: Method,
    path: &str,
    token: &str,
    body: Option<Value>,
) -> Reply {
    let bearer = format!("Bearer {token}");
    send(app, method, path, Some(&bearer), &[], body.as_ref()).await
}

/// `text` percent-encoded for a query string.
pub fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// `filter=<filter>`, encoded.
pub fn filter(filter: &str) -> String {
    format!("filter={}", encode(filter))
}

/// A PATCH body with these operations.
pub fn patch(operations: Value) -> Value {
    json!({ "schemas": [PATCH_OP], "Operations": operations })
}

/// The answer's content type.
pub fn content_type(reply: &Reply) -> &str {
    reply
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

/// Asserts a successful SCIM answer with `status` and returns its body.
pub fn expect(reply: &Reply, status: StatusCode) -> Value {
    assert_eq!(reply.status, status, "{}", reply.body);
    assert!(
        content_type(reply).starts_with(SCIM_JSON),
        "content type {:?}",
        content_type(reply)
    );
    reply.json()
}

/// Asserts an RFC 7644 §3.12 error with `status` (schemas, `status` as a string, a detail, sent
/// as `application/scim+json`) and returns its body.
pub fn expect_error(reply: &Reply, status: StatusCode) -> Value {
    assert_eq!(reply.status, status, "{}", reply.body);
    assert!(
        content_type(reply).starts_with(SCIM_JSON),
        "an error as {:?}: {}",
        content_type(reply),
        reply.body
    );
    let body = reply.json();
    assert_eq!(body["schemas"], json!([ERROR]), "{body}");
    assert_eq!(body["status"], json!(status.as_u16().to_string()), "{body}");
    assert!(
        body["detail"].as_str().is_some_and(|d| !d.is_empty()),
        "{body}"
    );
    body
}

/// The resources of a `ListResponse` (checked to be one).
pub fn resources(reply: &Reply) -> Vec<Value> {
    let body = expect(reply, StatusCode::OK);
    assert_eq!(body["schemas"], json!([LIST_RESPONSE]), "{body}");
    let resources = body["Resources"]
        .as_array()
        .unwrap_or_else(|| panic!("no Resources array: {body}"))
        .clone();
    assert_eq!(body["totalResults"], json!(resources.len()), "{body}");
    resources
}

/// The ids of a list's resources.
pub fn ids(resources: &[Value]) -> BTreeSet<String> {
    resources
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect()
}

/// The path after `/scim/v2` of an absolute `meta.location`.
pub fn local(location: &str) -> String {
    let at = location.find("/scim/v2/").expect("a SCIM location");
    location[at + "/scim/v2".len()..].to_string()
}

/// A User as a POST body: `userName`, a work email and a name.
pub fn user(user_name: &str, email: &str) -> Value {
    json!({
        "schemas": [USER],
        "userName": user_name,
        "name": { "givenName": "Ann", "familyName": "Lee" },
        "emails": [{ "primary": true, "value": email, "type": "work" }],
        "displayName": "Ann Lee",
        "active": true,
    })
}

/// Creates a User and returns it (asserting 201).
pub async fn create_user(app: &TestApp, token: &str, body: Value) -> Value {
    let reply = scim(app, Method::POST, "/Users", token, Some(body)).await;
    expect(&reply, StatusCode::CREATED)
}

/// Creates a Group named `name` with these account ids as members and returns it (asserting 201).
pub async fn create_group(app: &TestApp, token: &str, name: &str, members: &[i64]) -> Value {
    let members: Vec<Value> = members
        .iter()
        .map(|id| json!({ "value": id.to_string() }))
        .collect();
    let body = json!({ "schemas": [GROUP], "displayName": name, "members": members });
    let reply = scim(app, Method::POST, "/Groups", token, Some(body)).await;
    expect(&reply, StatusCode::CREATED)
}

/// Creates a team by hand (the `create_team` server function, as `cookie`) giving Consumer on
/// `project`; returns its id.
pub async fn hand_made_team(
    app: &TestApp,
    cookie: &str,
    name: &str,
    project: i64,
    members: &[i64],
) -> i64 {
    let body = json!({ "team": {
        "name": name,
        "projects": [{ "project_id": project, "role": "consumer" }],
        "members": members,
    }});
    let reply = app.call_json("create_team", body, Some(cookie)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.json()["id"].as_i64().unwrap()
}

/// The team id of a Group (`team-<id>`).
pub fn team_id(group: &Value) -> i64 {
    group["id"]
        .as_str()
        .and_then(|id| id.strip_prefix("team-"))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("not a Group id: {group}"))
}

/// The member values of a Group as account ids.
pub fn member_values(group: &Value) -> BTreeSet<i64> {
    group["members"]
        .as_array()
        .unwrap_or_else(|| panic!("no members: {group}"))
        .iter()
        .map(|m| m["value"].as_str().unwrap().parse().unwrap())
        .collect()
}

/// The account ids in team `team` as stored.
pub async fn stored_members(app: &TestApp, team: i64) -> BTreeSet<i64> {
    sqlx::query_scalar::<_, i64>("SELECT account_id FROM team_members WHERE team_id = $1")
        .bind(team)
        .fetch_all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .collect()
}

/// Whether `account` is deactivated in `org` (`None`: not a member).
pub async fn deactivated(app: &TestApp, org: &Org, account: i64) -> Option<bool> {
    sqlx::query_scalar(
        "SELECT deactivated_at IS NOT NULL FROM memberships WHERE org_id = $1 AND account_id = $2",
    )
    .bind(org.id)
    .bind(account)
    .fetch_optional(&app.db)
    .await
    .unwrap()
    .map(|shared::stored::Flag(deactivated)| deactivated)
}

/// The newest audit event's id (0 when there is none).
pub async fn last_event(app: &TestApp) -> i64 {
    app.count("SELECT COALESCE(MAX(id), 0) FROM audit_events")
        .await
}

/// The audit events after `since`: (action, actor_name, target).
pub async fn events_since(app: &TestApp, since: i64) -> Vec<(String, String, String)> {
    sqlx::query_as("SELECT action, actor_name, target FROM audit_events WHERE id > $1 ORDER BY id")
        .bind(since)
        .fetch_all(&app.db)
        .await
        .unwrap()
}

/// Row counts of the tables a SCIM request could write, and the newest audit event.
pub async fn counts(app: &TestApp) -> BTreeMap<&'static str, i64> {
    let mut counts = BTreeMap::new();
    for (name, sql) in [
        ("accounts", "SELECT COUNT(*) FROM accounts"),
        ("memberships", "SELECT COUNT(*) FROM memberships"),
        (
            "deactivated",
            "SELECT COUNT(*) FROM memberships WHERE deactivated_at IS NOT NULL",
        ),
        (
            "membership revisions",
            "SELECT CAST(COALESCE(SUM(revision), 0) AS BIGINT) FROM memberships",
        ),
        ("teams", "SELECT COUNT(*) FROM teams"),
        (
            "team revisions",
            "SELECT CAST(COALESCE(SUM(revision), 0) AS BIGINT) FROM teams",
        ),
        ("team_members", "SELECT COUNT(*) FROM team_members"),
        ("project_grants", "SELECT COUNT(*) FROM project_grants"),
        ("sessions", "SELECT COUNT(*) FROM sessions"),
        ("outbox", "SELECT COUNT(*) FROM outbox"),
        ("password_links", "SELECT COUNT(*) FROM password_links"),
        ("audit_events", "SELECT COUNT(*) FROM audit_events"),
        (
            "audit_events max(id)",
            "SELECT COALESCE(MAX(id), 0) FROM audit_events",
        ),
    ] {
        counts.insert(name, app.count(sql).await);
    }
    counts
}
