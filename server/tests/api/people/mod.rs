//! The Users tab's server functions through the real router: the directory, individual grants,
//! removal, bulk actions and the export, for every kind of caller. Role changes are in `roles`.

use crate::support::TestApp;
use axum::http::StatusCode;
use serde_json::json;
use shared::OrgRole;

async fn role_of(app: &TestApp, account_id: i64) -> Option<String> {
    sqlx::query_scalar("SELECT org_role FROM memberships WHERE account_id = $1")
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
async fn a_page_past_the_end_answers_the_last_page_and_says_so() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    for _ in 0..55 {
        app.person(&org, OrgRole::Member).await;
    }
    let owner = app.sign_in(&org.owner_email).await;
    // The Members only, so that the Owner is never among those removed below.
    let list = |page: u32| {
        let mut q = query();
        q["role"] = json!("member");
        q["page"] = json!(page);
        app.call_json("list_people", json!({ "query": q }), Some(&owner))
    };

    // 55 Members: page 2 holds 5. Any page past it answers page 2, and says it is page 2.
    for asked in [2, 3, 99, u32::MAX] {
        let reply = list(asked).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        let page = reply.json();
        assert_eq!(page["page"], 2, "asked for page {asked}");
        assert_eq!(page["total"], 55);
        assert_eq!(
            page["rows"].as_array().unwrap().len(),
            5,
            "asked for {asked}"
        );
    }

    // Everyone on the last page removed: the same address now answers page 1, full.
    let last: Vec<i64> = list(2).await.json()["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["account_id"].as_i64().unwrap())
        .collect();
    let removed = app
        .call_json(
            "bulk_people",
            json!({ "account_ids": last, "choice": "Remove" }),
            Some(&owner),
        )
        .await;
    assert_eq!(removed.status, StatusCode::OK, "{}", removed.body);
    let page = list(2).await.json();
    assert_eq!(
        (page["page"].clone(), page["total"].clone()),
        (json!(1), json!(50))
    );
    assert_eq!(page["rows"].as_array().unwrap().len(), 50);

    // Nobody matches: page 1, empty, whatever page was asked for.
    let mut nobody = query();
    nobody["search"] = json!("no such person anywhere");
    nobody["page"] = json!(7);
    let page = app
        .call_json("list_people", json!({ "query": nobody }), Some(&owner))
        .await
        .json();
    assert_eq!(
        (page["page"].clone(), page["total"].clone()),
        (json!(1), json!(0))
    );
}

#[tokio::test]
async fn a_team_or_project_that_no_longer_exists_is_left_out_and_named() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let other = app.org("Globex").await;
    let owner = app.sign_in(&org.owner_email).await;
    let globex_owner = app.sign_in(&other.owner_email).await;
    app.person(&org, OrgRole::Member).await;
    let member = app.person(&org, OrgRole::Member).await;
    let member_id = app.id_of(&member).await;
    let id_of = |reply: crate::support::Reply| reply.json()["id"].as_i64().unwrap();
    let team = id_of(
        app.call_json(
            "create_team",
            json!({ "team": { "name": "Data", "projects": [], "members": [member_id] } }),
            Some(&owner),
        )
        .await,
    );
    let project = id_of(
        app.call("create_project", &[("name", "Web")], Some(&owner))
            .await,
    );
    let foreign_team = id_of(
        app.call_json(
            "create_team",
            json!({ "team": { "name": "Theirs", "projects": [], "members": [] } }),
            Some(&globex_owner),
        )
        .await,
    );
    let list = |team_id: Option<i64>, project_id: Option<i64>| {
        let mut q = query();
        q["team_id"] = json!(team_id);
        q["project_id"] = json!(project_id);
        app.call_json("list_people", json!({ "query": q }), Some(&owner))
    };

    // A team that exists filters, and nothing is left out.
    let page = list(Some(team), None).await.json();
    assert_eq!(page["total"], 1);
    assert_eq!(page["dropped_filters"], json!([]));
    // The Owner and Admins reach every project; this one has no grants besides.
    let page = list(None, Some(project)).await.json();
    assert_eq!(page["total"], 1);
    assert_eq!(page["dropped_filters"], json!([]));

    // Unknown ids, and another organization's, are left out: everyone, and the answer says which.
    for (team_id, project_id, dropped) in [
        (Some(99_999), None, json!(["Team"])),
        (Some(foreign_team), None, json!(["Team"])),
        (None, Some(99_999), json!(["Project"])),
        (Some(99_999), Some(99_998), json!(["Team", "Project"])),
    ] {
        let reply = list(team_id, project_id).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        let page = reply.json();
        assert_eq!(
            page["dropped_filters"], dropped,
            "{team_id:?} {project_id:?}"
        );
        assert_eq!(page["total"], 3, "{team_id:?} {project_id:?}");
    }

    // A team deleted since the link was made is left out the same way.
    let deleted = app
        .call("delete_team", &[("id", &team.to_string())], Some(&owner))
        .await;
    assert_eq!(deleted.status, StatusCode::OK, "{}", deleted.body);
    let page = list(Some(team), None).await.json();
    assert_eq!(page["dropped_filters"], json!(["Team"]));
    assert_eq!(page["total"], 3);
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
    sqlx::query("INSERT INTO team_members (team_id, account_id, added_at) VALUES (70, $1, 0)")
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
        "SELECT COUNT(*) FROM memberships WHERE account_id = (SELECT id FROM accounts WHERE substr(email, 1, 7) = 'member-')",
        "SELECT COUNT(*) FROM project_grants",
        "SELECT COUNT(*) FROM team_members",
        "SELECT COUNT(*) FROM sessions WHERE account_id = (SELECT id FROM accounts WHERE substr(email, 1, 7) = 'member-')",
    ] {
        assert_eq!(app.count(sql).await, 0, "{sql}");
    }
    assert_eq!(
        app.count("SELECT COUNT(*) FROM team_projects").await,
        1,
        "the team keeps its projects"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM accounts WHERE substr(email, 1, 7) = 'member-'")
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
