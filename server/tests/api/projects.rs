//! The Projects tab's server functions through the real router: who may do what, what is written,
//! and what is refused with nothing written.

use crate::support::TestApp;
use axum::http::StatusCode;
use shared::OrgRole;

async fn create(app: &TestApp, cookie: Option<&str>, name: &str) -> crate::support::Reply {
    app.call("create_project", &[("name", name)], cookie).await
}

#[tokio::test]
async fn anonymous_callers_are_refused_and_nothing_is_written() {
    let app = TestApp::new().await;
    app.org("Acme").await;
    assert_eq!(
        app.call("list_projects", &[], None).await.status,
        StatusCode::UNAUTHORIZED
    );
    let reply = create(&app, None, "Web").await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert_eq!(reply.json(), serde_json::json!("Unauthorized"));
    let forged = create(&app, Some("roster_session=not-a-real-token"), "Web").await;
    assert_eq!(forged.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.count("SELECT COUNT(*) FROM projects").await, 0);
}

#[tokio::test]
async fn members_and_billing_admins_read_but_cannot_create() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    for role in [OrgRole::Member, OrgRole::BillingAdmin] {
        let cookie = app.sign_in(&app.person(&org, role).await).await;
        let audit_before = app.count("SELECT COUNT(*) FROM audit_events").await;
        let reply = create(&app, Some(&cookie), "Web").await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{role}");
        assert_eq!(
            reply.json(),
            serde_json::json!({ "Forbidden": "Only Owners and Admins can do this." })
        );
        assert_eq!(app.count("SELECT COUNT(*) FROM projects").await, 0);
        assert_eq!(
            app.count("SELECT COUNT(*) FROM audit_events").await,
            audit_before,
            "a refusal is not a change"
        );
        assert_eq!(
            app.call("list_projects", &[], Some(&cookie)).await.status,
            StatusCode::OK
        );
    }
}

#[tokio::test]
async fn owners_and_admins_create_and_rename_only_owners_delete() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let owner = app.sign_in(&org.owner_email).await;
    let admin = app.sign_in(&app.person(&org, OrgRole::Admin).await).await;

    let reply = create(&app, Some(&owner), "  Web  ").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.json()["name"], "Web");
    let reply = create(&app, Some(&admin), "Mobile").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let mobile = reply.json()["id"].as_i64().unwrap().to_string();

    let renamed = app
        .call(
            "rename_project",
            &[("id", &mobile), ("name", "Mobile App")],
            Some(&admin),
        )
        .await;
    assert_eq!(renamed.status, StatusCode::OK, "{}", renamed.body);
    assert_eq!(renamed.json()["name"], "Mobile App");

    let refused = app
        .call("delete_project", &[("id", &mobile)], Some(&admin))
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(app.count("SELECT COUNT(*) FROM projects").await, 2);

    let deleted = app
        .call("delete_project", &[("id", &mobile)], Some(&owner))
        .await;
    assert_eq!(deleted.status, StatusCode::OK, "{}", deleted.body);
    let listed = app.call("list_projects", &[], Some(&admin)).await.json();
    let names: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Web"]);

    let actions: Vec<String> = sqlx::query_scalar(
        "SELECT action FROM audit_events WHERE action LIKE 'project.%' ORDER BY id",
    )
    .fetch_all(&app.db)
    .await
    .unwrap();
    assert_eq!(
        actions,
        [
            "project.create",
            "project.create",
            "project.rename",
            "project.delete"
        ]
    );
}

#[tokio::test]
async fn bad_names_are_refused_at_the_field() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let owner = app.sign_in(&org.owner_email).await;
    assert_eq!(
        create(&app, Some(&owner), "Web").await.status,
        StatusCode::OK
    );

    let duplicate = create(&app, Some(&owner), "WEB").await;
    assert_eq!(duplicate.status, StatusCode::CONFLICT);
    assert_eq!(
        duplicate.json(),
        serde_json::json!({ "Conflict": { "field": "name", "message": "A project with this name already exists." } })
    );
    let empty = create(&app, Some(&owner), "   ").await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(empty.json()["Invalid"]["field"], "name");
    let long = create(&app, Some(&owner), &"x".repeat(101)).await;
    assert_eq!(long.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.count("SELECT COUNT(*) FROM projects").await, 1);
}

#[tokio::test]
async fn another_organizations_projects_cannot_be_touched() {
    let app = TestApp::new().await;
    let acme = app.org("Acme").await;
    let globex = app.org("Globex").await;
    let acme_owner = app.sign_in(&acme.owner_email).await;
    let globex_owner = app.sign_in(&globex.owner_email).await;
    let web = create(&app, Some(&acme_owner), "Web").await.json()["id"]
        .as_i64()
        .unwrap()
        .to_string();

    let rename = app
        .call(
            "rename_project",
            &[("id", &web), ("name", "Hijacked")],
            Some(&globex_owner),
        )
        .await;
    assert_eq!(rename.status, StatusCode::NOT_FOUND);
    let delete = app
        .call("delete_project", &[("id", &web)], Some(&globex_owner))
        .await;
    assert_eq!(delete.status, StatusCode::NOT_FOUND);
    let listed = app
        .call("list_projects", &[], Some(&globex_owner))
        .await
        .json();
    assert_eq!(listed, serde_json::json!([]));
    let name: String = sqlx::query_scalar("SELECT name FROM projects")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(name, "Web");
}

#[tokio::test]
async fn the_projects_list_comes_a_page_at_a_time_searched_and_sorted() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let owner = app.sign_in(&org.owner_email).await;
    for i in 0..52 {
        app.project(&owner, &format!("Project {i:02}")).await;
    }
    app.project(&owner, "web_shop").await;
    let member = app.sign_in(&app.person(&org, OrgRole::Member).await).await;
    let page = |query: serde_json::Value, cookie: Option<&str>| {
        let app = &app;
        let cookie = cookie.map(str::to_string);
        async move {
            app.call_json(
                "list_project_page",
                serde_json::json!({ "query": query }),
                cookie.as_deref(),
            )
            .await
        }
    };
    let first = page(serde_json::json!({}), Some(&member)).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    let first = first.json();
    assert_eq!(first["total"], 53);
    assert_eq!(first["page_size"], 50);
    assert_eq!(first["rows"][0]["name"], "Project 00");
    let last = page(serde_json::json!({ "page": 9 }), Some(&member))
        .await
        .json();
    assert_eq!(last["page"], 2, "a page past the end is the last page");
    assert_eq!(last["rows"].as_array().unwrap().len(), 3);
    let down = page(
        serde_json::json!({ "sort": "name", "descending": true }),
        Some(&member),
    )
    .await
    .json();
    assert_eq!(down["rows"][0]["name"], "web_shop");
    let newest = page(
        serde_json::json!({ "sort": "created", "descending": true }),
        Some(&member),
    )
    .await
    .json();
    assert_eq!(newest["rows"][0]["name"], "web_shop");
    let found = page(serde_json::json!({ "search": "WEB_" }), Some(&member))
        .await
        .json();
    assert_eq!(found["total"], 1);
    assert_eq!(
        page(serde_json::json!({}), None).await.status,
        StatusCode::UNAUTHORIZED
    );
}
