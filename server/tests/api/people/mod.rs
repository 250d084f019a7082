//! The Users tab's server functions through the real router: the directory, individual grants,
//! removal, bulk actions and the export, for every kind of caller. Role changes are in `roles`.

use crate::support::TestApp;
use axum::http::StatusCode;
use serde_json::json;
use shared::OrgRole;

async fn role_of(app: &TestApp, account_id: i64) -> Option<String> {
    sqlx::query_scalar("SELECT org_role FROM memberships WHERE account_id = ?")
        .bind(account_id)
        .fetch_optional(&app.db)
        .await
        .unwrap()
}

fn query() -> serde_json::Value {
    json!({ "search": "", "role": null, "team_id": null, "project_id": null, "sort": "name", "descending": false, "page": 1 })
}

#[tokio::test]
async fn the_directory_searches_filters_sorts_and_pages_on_the_server() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    for _ in 0..55 {
        app.person(&org, OrgRole::Member).await;
    }
    let admin = app.person(&org, OrgRole::Admin).await;
    let member = app.sign_in(&app.person(&org, OrgRole::Member).await).await;
    let list =
        |q: serde_json::Value| app.call_json("list_people", json!({ "query": q }), Some(&member));

    let first = list(query()).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    let first = first.json();
    assert_eq!(first["total"], 58);
    assert_eq!(first["rows"].as_array().unwrap().len(), 50);
    let mut page2 = query();
    page2["page"] = json!(2);
    assert_eq!(
        list(page2).await.json()["rows"].as_array().unwrap().len(),
        8
    );

    let mut admins = query();
    admins["role"] = json!("admin");
    let found = list(admins).await.json();
    assert_eq!(found["total"], 1);
    assert_eq!(found["rows"][0]["email"], admin);

    let mut search = query();
    search["search"] = json!("OWNER@acme");
    assert_eq!(list(search).await.json()["total"], 1);
    let mut nothing = query();
    nothing["search"] = json!("100%_");
    assert_eq!(
        list(nothing).await.json()["total"],
        0,
        "LIKE wildcards are searched literally"
    );

    let mut by_email_desc = query();
    by_email_desc["sort"] = json!("email");
    by_email_desc["descending"] = json!(true);
    let rows = list(by_email_desc).await.json()["rows"].clone();
    let emails: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["email"].as_str().unwrap())
        .collect();
    let mut sorted = emails.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(emails, sorted);

    assert_eq!(
        app.call_json("list_people", json!({ "query": query() }), None)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn removal_leaves_no_grant_membership_or_session_behind() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let other = app.org("Globex").await;
    let owner = app.sign_in(&org.owner_email).await;
    let email = app.person(&org, OrgRole::Member).await;
    let id = app.id_of(&email).await;
    let session = app.sign_in(&email).await;
    let project = app
        .call("create_project", &[("name", "Web")], Some(&owner))
        .await
        .json()["id"]
        .as_i64()
        .unwrap();
    for sql in [
        "INSERT INTO teams (id, org_id, name, created_at) VALUES (70, 1, 'Growth', 0)",
        "INSERT INTO team_projects (team_id, project_id, role) VALUES (70, 1, 'analyst')",
    ] {
        sqlx::query(sql).execute(&app.db).await.unwrap();
    }
    sqlx::query("INSERT INTO team_members (team_id, account_id, added_at) VALUES (70, ?, 0)")
        .bind(id)
        .execute(&app.db)
        .await
        .unwrap();
    let grant = app
        .call(
            "set_grant",
            &[
                ("account_id", &id.to_string()),
                ("project_id", &project.to_string()),
                ("role", "consumer"),
            ],
            Some(&owner),
        )
        .await;
    assert_eq!(grant.status, StatusCode::OK, "{}", grant.body);
    let detail = app
        .call("person", &[("account_id", &id.to_string())], Some(&owner))
        .await
        .json();
    let sources: Vec<&str> = detail["access"][0]["grants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            if g["source"].is_string() {
                g["source"].as_str().unwrap()
            } else {
                "Team"
            }
        })
        .collect();
    assert_eq!(sources, ["Team", "Individual"]);
    assert_eq!(detail["access"][0]["role"], "analyst");

    // Another organization's Owner cannot touch them.
    let stranger = app.sign_in(&other.owner_email).await;
    assert_eq!(
        app.call(
            "remove_person",
            &[("account_id", &id.to_string())],
            Some(&stranger)
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );

    let removed = app
        .call(
            "remove_person",
            &[("account_id", &id.to_string())],
            Some(&owner),
        )
        .await;
    assert_eq!(removed.status, StatusCode::OK, "{}", removed.body);
    for sql in [
        "SELECT COUNT(*) FROM memberships WHERE account_id = (SELECT id FROM accounts WHERE email LIKE 'member-%')",
        "SELECT COUNT(*) FROM project_grants",
        "SELECT COUNT(*) FROM team_members",
        "SELECT COUNT(*) FROM sessions WHERE account_id = (SELECT id FROM accounts WHERE email LIKE 'member-%')",
    ] {
        assert_eq!(app.count(sql).await, 0, "{sql}");
    }
    assert_eq!(
        app.count("SELECT COUNT(*) FROM team_projects").await,
        1,
        "the team keeps its projects"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM accounts WHERE email LIKE 'member-%'")
            .await,
        1,
        "the account stays"
    );
    assert_eq!(
        app.call("list_projects", &[], Some(&session)).await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn individual_grants_are_for_owners_and_admins_and_stay_inside_the_organization() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let other = app.org("Globex").await;
    let owner = app.sign_in(&org.owner_email).await;
    let member_email = app.person(&org, OrgRole::Member).await;
    let member = app.sign_in(&member_email).await;
    let id = app.id_of(&member_email).await.to_string();
    let stranger_owner = app.sign_in(&other.owner_email).await;
    let foreign_project = app
        .call(
            "create_project",
            &[("name", "Secret")],
            Some(&stranger_owner),
        )
        .await
        .json()["id"]
        .as_i64()
        .unwrap()
        .to_string();
    let project = app
        .call("create_project", &[("name", "Web")], Some(&owner))
        .await
        .json()["id"]
        .as_i64()
        .unwrap()
        .to_string();

    async fn grant(app: &TestApp, id: &str, project: &str, cookie: &str) -> StatusCode {
        app.call(
            "set_grant",
            &[
                ("account_id", id),
                ("project_id", project),
                ("role", "analyst"),
            ],
            Some(cookie),
        )
        .await
        .status
    }
    assert_eq!(
        grant(&app, &id, &project, &member).await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        grant(&app, &id, &foreign_project, &owner).await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM project_grants").await, 0);
    assert_eq!(grant(&app, &id, &project, &owner).await, StatusCode::OK);
    let removed = app
        .call(
            "remove_grant",
            &[("account_id", &id), ("project_id", &project)],
            Some(&owner),
        )
        .await;
    assert_eq!(removed.status, StatusCode::OK);
    assert_eq!(app.count("SELECT COUNT(*) FROM project_grants").await, 0);
}

#[tokio::test]
async fn bulk_actions_report_each_refusal_and_change_the_rest() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let admin = app.sign_in(&app.person(&org, OrgRole::Admin).await).await;
    let owner_id = app.id_of(&org.owner_email).await;
    let mut members = Vec::new();
    for _ in 0..3 {
        members.push(app.id_of(&app.person(&org, OrgRole::Member).await).await);
    }
    let mut ids = members.clone();
    ids.push(owner_id);
    let reply = app
        .call_json(
            "bulk_people",
            json!({ "account_ids": ids, "choice": { "ChangeRole": "billing_admin" } }),
            Some(&admin),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let outcomes = reply.json();
    let refused: Vec<&serde_json::Value> = outcomes
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| !o["refused"].is_null())
        .collect();
    assert_eq!(refused.len(), 1);
    assert_eq!(refused[0]["account_id"], owner_id);
    for id in &members {
        assert_eq!(role_of(&app, *id).await.as_deref(), Some("billing_admin"));
    }
    assert_eq!(role_of(&app, owner_id).await.as_deref(), Some("owner"));

    let member = app.sign_in(&app.person(&org, OrgRole::Member).await).await;
    let refused = app
        .call_json(
            "bulk_people",
            json!({ "account_ids": members, "choice": "Remove" }),
            Some(&member),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let removed = app
        .call_json(
            "bulk_people",
            json!({ "account_ids": members, "choice": "Remove" }),
            Some(&admin),
        )
        .await;
    assert_eq!(removed.status, StatusCode::OK);
    for id in &members {
        assert_eq!(role_of(&app, *id).await, None);
    }
}

#[tokio::test]
async fn the_filtered_list_exports_as_csv_for_signed_in_people_only() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    app.person(&org, OrgRole::Admin).await;
    let member = app.sign_in(&app.person(&org, OrgRole::Member).await).await;
    let csv = app
        .get("/export/people.csv?role=admin", Some(&member))
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let lines: Vec<&str> = csv.body.lines().collect();
    assert_eq!(lines.len(), 2, "{}", csv.body);
    assert!(lines[1].contains(",Admin,"));
    assert_eq!(
        app.get("/export/people.csv", None).await.status,
        StatusCode::UNAUTHORIZED
    );
}

mod owners;
mod roles;
