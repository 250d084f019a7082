//! Isolation of SCIM tokens: an organization's token reaches only that organization's people and
//! teams (another's are not found, and lists hold only its own), and a token is nothing but a SCIM
//! credential — as a bearer token or a session cookie elsewhere it signs nobody in.

use super::*;
use crate::support::TestApp;
use roster_core::auth::SESSION_COOKIE;

/// Acme and Globex, each with a token, a provisioned person and a group.
struct Two {
    app: TestApp,
    acme: String,
    globex: String,
    acme_user: String,
    acme_group: String,
    globex_user: String,
    globex_group: String,
}

async fn two() -> Two {
    let app = TestApp::new().await;
    let (acme_org, globex_org) = (app.org("Acme").await, app.org("Globex").await);
    let (acme, globex) = (token(&app, &acme_org).await, token(&app, &globex_org).await);
    let acme_user = create_user(&app, &acme, user("ann@acme.test", "ann@acme.test")).await;
    let globex_user = create_user(&app, &globex, user("gil@globex.test", "gil@globex.test")).await;
    let id = |u: &Value| u["id"].as_str().unwrap().parse::<i64>().unwrap();
    let acme_group = create_group(&app, &acme, "Acme team", &[id(&acme_user)]).await;
    let globex_group = create_group(&app, &globex, "Globex team", &[id(&globex_user)]).await;
    let s = |v: &Value| v["id"].as_str().unwrap().to_string();
    Two {
        acme_user: s(&acme_user),
        acme_group: s(&acme_group),
        globex_user: s(&globex_user),
        globex_group: s(&globex_group),
        app,
        acme,
        globex,
    }
}

#[tokio::test]
async fn another_organizations_token_cannot_read_change_or_delete_a_user_or_group() {
    let t = two().await;
    let user_path = format!("/Users/{}", t.acme_user);
    let group_path = format!("/Groups/{}", t.acme_group);
    let requests: Vec<(Method, &str, Option<Value>)> = vec![
        (Method::GET, &user_path, None),
        (
            Method::PUT,
            &user_path,
            Some(user("ann@acme.test", "stolen@globex.test")),
        ),
        (
            Method::PATCH,
            &user_path,
            Some(patch(
                json!([{ "op": "replace", "value": { "active": false } }]),
            )),
        ),
        (Method::DELETE, &user_path, None),
        (Method::GET, &group_path, None),
        (
            Method::PUT,
            &group_path,
            Some(json!({ "schemas": [GROUP], "displayName": "Taken", "members": [] })),
        ),
        (
            Method::PATCH,
            &group_path,
            Some(patch(
                json!([{ "op": "replace", "path": "displayName", "value": "Taken" }]),
            )),
        ),
        (Method::DELETE, &group_path, None),
    ];
    for (method, path, body) in requests {
        let before = counts(&t.app).await;
        let reply = scim(&t.app, method.clone(), path, &t.globex, body).await;
        let error = expect_error(&reply, StatusCode::NOT_FOUND);
        assert!(
            !reply.body.contains("ann@acme.test"),
            "{method} {path}: {error}"
        );
        assert_eq!(
            counts(&t.app).await,
            before,
            "{method} {path} wrote something"
        );
    }
    // Acme's own token still finds them unchanged.
    let read = scim(&t.app, Method::GET, &user_path, &t.acme, None).await;
    assert_eq!(expect(&read, StatusCode::OK)["active"], true);
    let read = scim(&t.app, Method::GET, &group_path, &t.acme, None).await;
    assert_eq!(expect(&read, StatusCode::OK)["displayName"], "Acme team");
}

#[tokio::test]
async fn a_token_lists_only_its_own_organizations_people_and_teams() {
    let t = two().await;
    let acme_people: BTreeSet<String> = sqlx::query_scalar::<_, i64>(
        "SELECT account_id FROM memberships WHERE org_id = (SELECT id FROM organizations WHERE name = 'Acme')",
    )
    .fetch_all(&t.app.db)
    .await
    .unwrap()
    .into_iter()
    .map(|id| id.to_string())
    .collect();
    assert_eq!(acme_people.len(), 2, "the Owner and Ann");

    let users = resources(&scim(&t.app, Method::GET, "/Users", &t.acme, None).await);
    assert_eq!(ids(&users), acme_people);
    let groups = resources(&scim(&t.app, Method::GET, "/Groups", &t.acme, None).await);
    assert_eq!(ids(&groups), BTreeSet::from([t.acme_group.clone()]));
    let search = json!({ "schemas": [SEARCH_REQUEST] });
    let all = resources(
        &scim(
            &t.app,
            Method::POST,
            "/.search",
            &t.acme,
            Some(search.clone()),
        )
        .await,
    );
    let mut expected = acme_people.clone();
    expected.insert(t.acme_group.clone());
    assert_eq!(ids(&all), expected);
    let users = resources(
        &scim(
            &t.app,
            Method::POST,
            "/Users/.search",
            &t.acme,
            Some(search.clone()),
        )
        .await,
    );
    assert_eq!(ids(&users), acme_people);
    let groups = resources(
        &scim(
            &t.app,
            Method::POST,
            "/Groups/.search",
            &t.acme,
            Some(search),
        )
        .await,
    );
    assert_eq!(ids(&groups), BTreeSet::from([t.acme_group.clone()]));

    // Asked for the other organization's people and teams by name or id: none.
    for path in [
        format!("/Users?{}", filter("userName eq \"gil@globex.test\"")),
        format!("/Users?{}", filter(&format!("id eq \"{}\"", t.globex_user))),
        format!("/Groups?{}", filter("displayName eq \"Globex team\"")),
        format!(
            "/Groups?{}",
            filter(&format!("id eq \"{}\"", t.globex_group))
        ),
    ] {
        assert!(
            resources(&scim(&t.app, Method::GET, &path, &t.acme, None).await).is_empty(),
            "{path}"
        );
    }
}

#[tokio::test]
async fn a_scim_token_is_not_a_session_for_server_functions() {
    let t = two().await;
    let before = counts(&t.app).await;
    let as_cookie = format!("{SESSION_COOKIE}={}", t.acme);
    for (label, name, value) in [
        (
            "bearer",
            header::AUTHORIZATION,
            format!("Bearer {}", t.acme),
        ),
        ("cookie", header::COOKIE, as_cookie.clone()),
    ] {
        for function in ["list_projects", "list_teams"] {
            let request = Request::post(format!("/api/{function}"))
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::ACCEPT, "application/json")
                .header(name.clone(), value.as_str())
                .body(Body::empty())
                .unwrap();
            let reply = t.app.send(request).await;
            assert_eq!(
                reply.status,
                StatusCode::UNAUTHORIZED,
                "{function} with the token as {label}: {}",
                reply.body
            );
        }
        let request = Request::post("/api/session")
            .header(header::ACCEPT, "application/json")
            .header(name, value.as_str())
            .body(Body::empty())
            .unwrap();
        assert_eq!(
            t.app.send(request).await.json(),
            json!("SignedOut"),
            "{label}"
        );
    }
    let export = t.app.get("/export/people.csv", Some(&as_cookie)).await;
    assert!(!export.body.contains("ann@acme.test"), "{}", export.body);
    assert_eq!(counts(&t.app).await, before);
}

#[tokio::test]
async fn a_page_requested_with_a_scim_token_signs_nobody_in() {
    let t = two().await;
    let before = counts(&t.app).await;
    let as_cookie = format!("{SESSION_COOKIE}={}", t.acme);
    let bearer = format!("Bearer {}", t.acme);
    for (name, value) in [
        (header::AUTHORIZATION, bearer.as_str()),
        (header::COOKIE, as_cookie.as_str()),
    ] {
        let request = Request::get("/orgs/acme/settings/users")
            .header(name.clone(), value)
            .body(Body::empty())
            .unwrap();
        let page = t.app.send(request).await;
        assert_eq!(page.location(), Some("/sign-in"), "{name}: {}", page.status);
        assert!(page.session_cookie().is_none(), "{name}");
        assert!(!page.body.contains("ann@acme.test"), "{name}");
    }
    assert_eq!(counts(&t.app).await, before, "no session was made");
}
