//! Okta's group push as its SCIM 2.0 documentation describes it: a group created with its members,
//! members replaced by a PATCH, one member removed through a `members[value eq "…"]` path and one
//! added, a rename by a PATCH without a path, and `excludedAttributes=members` honoured.

use super::*;
use crate::support::TestApp;
use shared::OrgRole;

/// An organization with a token and three people of it.
async fn people(app: &TestApp) -> (String, [i64; 3]) {
    let org = app.org("Acme").await;
    let token = token(app, &org).await;
    let mut ids = [0; 3];
    for id in &mut ids {
        *id = app.id_of(&app.person(&org, OrgRole::Member).await).await;
    }
    (token, ids)
}

#[tokio::test]
async fn okta_pushes_a_group_with_its_members() {
    let app = TestApp::new().await;
    let (token, [a, b, _]) = people(&app).await;
    let body = json!({
        "schemas": [GROUP],
        "displayName": "Engineering",
        "members": [
            { "value": a.to_string(), "display": "Someone" },
            { "value": b.to_string(), "display": "Someone" },
        ],
    });
    let reply = scim(&app, Method::POST, "/Groups", &token, Some(body)).await;
    let group = expect(&reply, StatusCode::CREATED);
    let team = team_id(&group);
    assert_eq!(group["displayName"], "Engineering");
    assert_eq!(member_values(&group), BTreeSet::from([a, b]));
    assert_eq!(reply.location(), group["meta"]["location"].as_str());
    assert_eq!(
        reply.headers.get(header::ETAG).unwrap().to_str().unwrap(),
        group["meta"]["version"]
    );
    let (name, shared::stored::Flag(managed)): (String, shared::stored::Flag) =
        sqlx::query_as("SELECT name, scim_managed FROM teams WHERE id = $1")
            .bind(team)
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!((name.as_str(), managed), ("Engineering", true));
    assert_eq!(stored_members(&app, team).await, BTreeSet::from([a, b]));

    let path = format!(
        "/Groups?{}&startIndex=1&count=100",
        filter("displayName eq \"Engineering\"")
    );
    let found = resources(&scim(&app, Method::GET, &path, &token, None).await);
    assert_eq!(found, [group]);
}

#[tokio::test]
async fn okta_replaces_a_groups_members_with_a_patch() {
    let app = TestApp::new().await;
    let (token, [a, b, c]) = people(&app).await;
    let group = create_group(&app, &token, "Engineering", &[a, b]).await;
    let team = team_id(&group);
    let since = last_event(&app).await;
    let body = patch(json!([{
        "op": "replace",
        "path": "members",
        "value": [{ "value": b.to_string() }, { "value": c.to_string() }],
    }]));
    let reply = scim(
        &app,
        Method::PATCH,
        &format!("/Groups/team-{team}"),
        &token,
        Some(body),
    )
    .await;
    let patched = expect(&reply, StatusCode::OK);
    assert_eq!(member_values(&patched), BTreeSet::from([b, c]));
    assert_eq!(stored_members(&app, team).await, BTreeSet::from([b, c]));
    let actions: Vec<String> = events_since(&app, since)
        .await
        .into_iter()
        .map(|e| e.0)
        .collect();
    assert_eq!(actions, ["team.member_add", "team.member_remove"]);
}

#[tokio::test]
async fn okta_removes_one_member_with_a_value_filter_and_adds_one() {
    let app = TestApp::new().await;
    let (token, [a, b, c]) = people(&app).await;
    let group = create_group(&app, &token, "Engineering", &[a, b]).await;
    let team = team_id(&group);
    let path = format!("/Groups/team-{team}");
    let remove = patch(json!([{ "op": "remove", "path": format!("members[value eq \"{a}\"]") }]));
    let reply = scim(&app, Method::PATCH, &path, &token, Some(remove)).await;
    assert_eq!(
        member_values(&expect(&reply, StatusCode::OK)),
        BTreeSet::from([b])
    );
    assert_eq!(stored_members(&app, team).await, BTreeSet::from([b]));

    let add = patch(json!([{
        "op": "add",
        "path": "members",
        "value": [{ "value": c.to_string(), "display": "Someone" }],
    }]));
    let reply = scim(&app, Method::PATCH, &path, &token, Some(add)).await;
    assert_eq!(
        member_values(&expect(&reply, StatusCode::OK)),
        BTreeSet::from([b, c])
    );
    assert_eq!(stored_members(&app, team).await, BTreeSet::from([b, c]));
}

#[tokio::test]
async fn okta_renames_a_group_with_a_replace_of_its_display_name() {
    let app = TestApp::new().await;
    let (token, [a, _, _]) = people(&app).await;
    let group = create_group(&app, &token, "Engineering", &[a]).await;
    let team = team_id(&group);
    let since = last_event(&app).await;
    let body = patch(json!([{
        "op": "replace",
        "value": { "id": group["id"], "displayName": "Platform" },
    }]));
    let reply = scim(
        &app,
        Method::PATCH,
        &format!("/Groups/team-{team}"),
        &token,
        Some(body),
    )
    .await;
    let renamed = expect(&reply, StatusCode::OK);
    assert_eq!(renamed["id"], group["id"]);
    assert_eq!(renamed["displayName"], "Platform");
    assert_eq!(member_values(&renamed), BTreeSet::from([a]));
    let name: String = sqlx::query_scalar("SELECT name FROM teams WHERE id = $1")
        .bind(team)
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(name, "Platform");
    assert_eq!(stored_members(&app, team).await, BTreeSet::from([a]));
    let actions: Vec<String> = events_since(&app, since)
        .await
        .into_iter()
        .map(|e| e.0)
        .collect();
    assert_eq!(actions, ["team.rename"]);
}

#[tokio::test]
async fn okta_gets_groups_without_members_when_it_excludes_them() {
    let app = TestApp::new().await;
    let (token, [a, b, _]) = people(&app).await;
    let group = create_group(&app, &token, "Engineering", &[a, b]).await;
    create_group(&app, &token, "Sales", &[a]).await;

    let listed = resources(
        &scim(
            &app,
            Method::GET,
            "/Groups?excludedAttributes=members",
            &token,
            None,
        )
        .await,
    );
    assert_eq!(listed.len(), 2);
    for group in &listed {
        assert!(group.get("members").is_none(), "{group}");
        assert!(
            group["id"].is_string() && group["displayName"].is_string(),
            "{group}"
        );
    }
    let path = format!(
        "/Groups?{}&excludedAttributes=members&startIndex=1&count=100",
        filter("displayName eq \"Engineering\"")
    );
    let found = resources(&scim(&app, Method::GET, &path, &token, None).await);
    assert_eq!(
        ids(&found),
        BTreeSet::from([group["id"].as_str().unwrap().to_string()])
    );
    assert!(found[0].get("members").is_none(), "{}", found[0]);

    let one = format!("/Groups/team-{}", team_id(&group));
    let read = scim(
        &app,
        Method::GET,
        &format!("{one}?excludedAttributes=members"),
        &token,
        None,
    )
    .await;
    let without = expect(&read, StatusCode::OK);
    assert!(without.get("members").is_none(), "{without}");
    assert_eq!(without["displayName"], "Engineering");
    let with = expect(
        &scim(&app, Method::GET, &one, &token, None).await,
        StatusCode::OK,
    );
    assert_eq!(member_values(&with), BTreeSet::from([a, b]));
}
