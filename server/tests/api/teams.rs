//! Teams and effective access through the real router: who may create, rename and delete teams and
//! change what they grant, what is written (and audited), what is refused with nothing written, and
//! how team grants add up with the other sources of project access.

use crate::support::{Org, TestApp};
use axum::http::StatusCode;
use serde_json::{json, Value};
use shared::OrgRole;

/// An organization with an Owner signed in and two projects.
struct Scene {
    app: TestApp,
    org: Org,
    owner: String,
    web: i64,
    app_project: i64,
}

async fn scene() -> Scene {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let owner = app.sign_in(&org.owner_email).await;
    let web = app.project(&owner, "Web").await;
    let app_project = app.project(&owner, "App").await;
    Scene {
        app,
        org,
        owner,
        web,
        app_project,
    }
}

async fn create_team(
    app: &TestApp,
    cookie: Option<&str>,
    name: &str,
    projects: &[(i64, &str)],
    members: &[i64],
) -> crate::support::Reply {
    let projects: Vec<Value> = projects
        .iter()
        .map(|(id, role)| json!({ "project_id": id, "role": role }))
        .collect();
    app.call_json(
        "create_team",
        &json!({ "team": { "name": name, "projects": projects, "members": members } }),
        cookie,
    )
    .await
}

async fn create_team_ok(
    app: &TestApp,
    cookie: &str,
    name: &str,
    projects: &[(i64, &str)],
    members: &[i64],
) -> i64 {
    let reply = create_team(app, Some(cookie), name, projects, members).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.json()["id"].as_i64().unwrap()
}

async fn counts(app: &TestApp) -> [i64; 4] {
    [
        app.count("SELECT COUNT(*) FROM teams").await,
        app.count("SELECT COUNT(*) FROM team_projects").await,
        app.count("SELECT COUNT(*) FROM team_members").await,
        app.count("SELECT COUNT(*) FROM audit_events").await,
    ]
}

/// The (role, sources) a person has on `project` through `person_access`.
async fn access_of(app: &TestApp, cookie: &str, account: i64, project: i64) -> Option<Value> {
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
        .find(|a| a["project_id"] == project)
        .cloned()
}

fn sources(grants: &Value) -> Vec<String> {
    grants
        .as_array()
        .unwrap()
        .iter()
        .map(|g| match &g["source"] {
            Value::String(s) if s == "AllUsers" => "All users".to_string(),
            Value::String(s) if s == "OrgRole" => "Org role".to_string(),
            Value::String(s) => s.clone(),
            other => format!("Team {}", other["Team"]["name"].as_str().unwrap()),
        })
        .collect()
}

#[tokio::test]
async fn owners_create_a_team_with_projects_and_members_in_one_audited_change() {
    let s = scene().await;
    let ann = s.app.person(&s.org, OrgRole::Member).await;
    let ann_id = s.app.id_of(&ann).await;
    let reply = create_team(
        &s.app,
        Some(&s.owner),
        "  Data  ",
        &[(s.web, "analyst"), (s.app_project, "consumer")],
        &[ann_id],
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let team = reply.json();
    assert_eq!(team["name"], "Data");
    assert_eq!(team["projects"].as_array().unwrap().len(), 2);
    assert_eq!(team["members"][0]["email"], ann.as_str());

    let actions: Vec<String> =
        sqlx::query_scalar("SELECT action FROM audit_events WHERE action LIKE 'team.%'")
            .fetch_all(&s.app.db)
            .await
            .unwrap();
    assert_eq!(
        actions,
        ["team.create", "team.member_add"],
        "one change: the team, and each first member's joining (about that person)"
    );

    let listed = s
        .app
        .call_json("list_team_page", json!({ "query": {} }), Some(&s.owner))
        .await;
    assert_eq!(listed.json()["rows"][0]["members"], 1);
    assert_eq!(
        listed.json()["rows"][0]["projects"][0]["project_name"],
        "App"
    );
}

#[tokio::test]
async fn team_names_are_unique_in_any_case_and_checked_while_typing() {
    let s = scene().await;
    create_team_ok(&s.app, &s.owner, "Growth", &[], &[]).await;
    let before = counts(&s.app).await;
    let duplicate = create_team(&s.app, Some(&s.owner), "GROWTH", &[(s.web, "owner")], &[]).await;
    assert_eq!(duplicate.status, StatusCode::CONFLICT);
    assert_eq!(
        duplicate.json(),
        json!({ "Conflict": { "field": "name", "message": "A team with this name already exists." } })
    );
    assert_eq!(counts(&s.app).await, before, "nothing half-written");

    let empty = create_team(&s.app, Some(&s.owner), "  ", &[], &[]).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(empty.json()["Invalid"]["field"], "name");

    let check = |name: &'static str| {
        let app = &s.app;
        let owner = s.owner.clone();
        async move {
            app.call("check_team_name", &[("name", name)], Some(&owner))
                .await
                .json()
        }
    };
    assert_eq!(
        check("growth").await,
        json!("A team with this name already exists.")
    );
    assert_eq!(check("Growth 2").await, Value::Null);
    assert_eq!(check("").await, json!("Enter a team name."));

    let other = create_team_ok(&s.app, &s.owner, "Sales", &[], &[]).await;
    let rename = s
        .app
        .call(
            "rename_team",
            &[("id", &other.to_string()), ("name", "growth")],
            Some(&s.owner),
        )
        .await;
    assert_eq!(rename.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn admins_rename_delete_and_change_grants_and_members() {
    let s = scene().await;
    let admin = s
        .app
        .sign_in(&s.app.person(&s.org, OrgRole::Admin).await)
        .await;
    let bo = s
        .app
        .id_of(&s.app.person(&s.org, OrgRole::Member).await)
        .await;
    let team = create_team_ok(&s.app, &admin, "Data", &[(s.web, "consumer")], &[]).await;
    let id = team.to_string();

    let ok = |reply: crate::support::Reply| {
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    };
    ok(s.app
        .call(
            "rename_team",
            &[("id", &id), ("name", "Data Science")],
            Some(&admin),
        )
        .await);
    ok(s.app
        .call(
            "set_team_project",
            &[
                ("team_id", &id),
                ("project_id", &s.app_project.to_string()),
                ("role", "analyst"),
            ],
            Some(&admin),
        )
        .await);
    ok(s.app
        .call(
            "set_team_project",
            &[
                ("team_id", &id),
                ("project_id", &s.web.to_string()),
                ("role", "admin"),
            ],
            Some(&admin),
        )
        .await);
    ok(s.app
        .call(
            "add_team_member",
            &[("team_id", &id), ("account_id", &bo.to_string())],
            Some(&admin),
        )
        .await);

    let detail = s
        .app
        .call("get_team", &[("id", &id)], Some(&admin))
        .await
        .json();
    assert_eq!(detail["name"], "Data Science");
    assert_eq!(
        detail["projects"],
        json!([
            { "project_id": s.app_project, "project_name": "App", "role": "analyst" },
            { "project_id": s.web, "project_name": "Web", "role": "admin" },
        ])
    );
    let web_access = access_of(&s.app, &admin, bo, s.web).await.unwrap();
    assert_eq!(web_access["role"], "admin");
    assert_eq!(sources(&web_access["grants"]), ["Team Data Science"]);

    ok(s.app
        .call(
            "remove_team_project",
            &[("team_id", &id), ("project_id", &s.web.to_string())],
            Some(&admin),
        )
        .await);
    assert_eq!(access_of(&s.app, &admin, bo, s.web).await, None);
    ok(s.app
        .call(
            "remove_team_member",
            &[("team_id", &id), ("account_id", &bo.to_string())],
            Some(&admin),
        )
        .await);
    assert_eq!(access_of(&s.app, &admin, bo, s.app_project).await, None);

    let bad_role = s
        .app
        .call(
            "set_team_project",
            &[
                ("team_id", &id),
                ("project_id", &s.web.to_string()),
                ("role", "emperor"),
            ],
            Some(&admin),
        )
        .await;
    assert_eq!(bad_role.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad_role.json()["Invalid"]["field"], "role");

    ok(s.app
        .call("delete_team", &[("id", &id)], Some(&admin))
        .await);
    assert_eq!(
        s.app.count("SELECT COUNT(*) FROM teams").await
            + s.app.count("SELECT COUNT(*) FROM team_projects").await,
        0
    );
    let actions: Vec<String> = sqlx::query_scalar(
        "SELECT action FROM audit_events WHERE action LIKE 'team.%' ORDER BY id",
    )
    .fetch_all(&s.app.db)
    .await
    .unwrap();
    assert_eq!(
        actions,
        [
            "team.create",
            "team.rename",
            "team.project_role",
            "team.project_role",
            "team.member_add",
            "team.project_remove",
            "team.member_remove",
            "team.delete"
        ]
    );
}

#[tokio::test]
async fn members_billing_admins_and_strangers_cannot_change_teams() {
    let s = scene().await;
    let bo = s
        .app
        .id_of(&s.app.person(&s.org, OrgRole::Member).await)
        .await;
    let team = create_team_ok(&s.app, &s.owner, "Data", &[(s.web, "consumer")], &[bo]).await;
    let (id, web, bo) = (team.to_string(), s.web.to_string(), bo.to_string());
    let writes: Vec<(&str, Vec<(&str, &str)>)> = vec![
        ("rename_team", vec![("id", &id), ("name", "Hijacked")]),
        ("delete_team", vec![("id", &id)]),
        (
            "set_team_project",
            vec![("team_id", &id), ("project_id", &web), ("role", "owner")],
        ),
        (
            "remove_team_project",
            vec![("team_id", &id), ("project_id", &web)],
        ),
        (
            "remove_team_member",
            vec![("team_id", &id), ("account_id", &bo)],
        ),
    ];
    let mut callers: Vec<(Option<String>, StatusCode)> = vec![(None, StatusCode::UNAUTHORIZED)];
    for role in [OrgRole::Member, OrgRole::BillingAdmin] {
        let cookie = s.app.sign_in(&s.app.person(&s.org, role).await).await;
        callers.push((Some(cookie), StatusCode::FORBIDDEN));
    }
    let globex = s.app.org("Globex").await;
    let stranger = s.app.sign_in(&globex.owner_email).await;
    callers.push((Some(stranger.clone()), StatusCode::NOT_FOUND));
    let before = counts(&s.app).await;

    for (cookie, status) in &callers {
        for (name, form) in &writes {
            let reply = s.app.call(name, form, cookie.as_deref()).await;
            assert_eq!(reply.status, *status, "{name}: {}", reply.body);
        }
        if *status == StatusCode::NOT_FOUND {
            // Another organization's Owner may create teams in their own organization, but
            // cannot reach this one's projects or people.
            let reply =
                create_team(&s.app, cookie.as_deref(), "Mine", &[(s.web, "owner")], &[]).await;
            assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.body);
            let reply = s
                .app
                .call("get_team", &[("id", &id)], cookie.as_deref())
                .await;
            assert_eq!(reply.status, StatusCode::NOT_FOUND);
            let reply = s
                .app
                .call("project_people", &[("project_id", &web)], cookie.as_deref())
                .await;
            assert_eq!(reply.status, StatusCode::NOT_FOUND);
        } else {
            let created = create_team(&s.app, cookie.as_deref(), "Mine", &[], &[]).await;
            assert_eq!(created.status, *status, "{}", created.body);
        }
    }
    assert_eq!(counts(&s.app).await, before, "refusals write nothing");

    // Members and Billing Admins still read.
    let member = s
        .app
        .sign_in(&s.app.person(&s.org, OrgRole::Member).await)
        .await;
    let read = s.app.call("get_team", &[("id", &id)], Some(&member)).await;
    assert_eq!(read.status, StatusCode::OK);
    assert_eq!(read.json()["name"], "Data");
    let add = s
        .app
        .call(
            "add_team_member",
            &[("team_id", &id), ("account_id", &bo)],
            Some(&member),
        )
        .await;
    assert_eq!(add.status, StatusCode::FORBIDDEN);

    // Another organization's Owner cannot add their people to this team either.
    let add = s
        .app
        .call(
            "add_team_member",
            &[("team_id", &id), ("account_id", &bo)],
            Some(&stranger),
        )
        .await;
    assert_eq!(add.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn grants_add_up_and_deleting_a_team_removes_only_its_grants() {
    let s = scene().await;
    let cy_email = s.app.person(&s.org, OrgRole::Member).await;
    let cy = s.app.id_of(&cy_email).await;
    // An individual grant (Consumer) on Web, seeded directly.
    sqlx::query(
        "INSERT INTO project_grants (project_id, account_id, role, granted_at) VALUES ($1, $2, 'consumer', 0)",
    )
    .bind(s.web)
    .bind(cy)
    .execute(&s.app.db)
    .await
    .unwrap();
    let data = create_team_ok(&s.app, &s.owner, "Data", &[(s.web, "analyst")], &[cy]).await;
    create_team_ok(&s.app, &s.owner, "Ops", &[(s.web, "consumer")], &[cy]).await;
    let reply = s
        .app
        .call(
            "set_all_users_role",
            &[("project_id", &s.web.to_string()), ("role", "consumer")],
            Some(&s.owner),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);

    let member = s.app.sign_in(&cy_email).await;
    let access = access_of(&s.app, &member, cy, s.web).await.unwrap();
    assert_eq!(access["role"], "analyst", "the highest grant wins");
    assert_eq!(
        sources(&access["grants"]),
        ["Team Data", "Individual", "Team Ops", "All users"]
    );

    let people = s
        .app
        .call(
            "project_people",
            &[("project_id", &s.web.to_string())],
            Some(&member),
        )
        .await
        .json();
    assert_eq!(people["all_users_role"], "consumer");
    let listed: Vec<&Value> = people["people"].as_array().unwrap().iter().collect();
    assert_eq!(listed.len(), 2, "the Owner and Cy: {people}");
    assert_eq!(listed[0]["role"], "owner");
    assert_eq!(listed[1]["account_id"], cy);
    assert_eq!(
        listed[1]["grants"], access["grants"],
        "same sources both ways"
    );
    assert_eq!(people["everyone_else"], 0);

    let delete = s
        .app
        .call("delete_team", &[("id", &data.to_string())], Some(&s.owner))
        .await;
    assert_eq!(delete.status, StatusCode::OK, "{}", delete.body);
    let access = access_of(&s.app, &member, cy, s.web).await.unwrap();
    assert_eq!(access["role"], "consumer");
    assert_eq!(
        sources(&access["grants"]),
        ["Individual", "Team Ops", "All users"]
    );

    // Everyone else reaches Web through the all-users default, counted, not listed.
    s.app.person(&s.org, OrgRole::BillingAdmin).await;
    let people = s
        .app
        .call(
            "project_people",
            &[("project_id", &s.web.to_string())],
            Some(&member),
        )
        .await
        .json();
    assert_eq!(people["people"].as_array().unwrap().len(), 2);
    assert_eq!(people["everyone_else"], 1);

    let none = s
        .app
        .call(
            "set_all_users_role",
            &[("project_id", &s.web.to_string()), ("role", "")],
            Some(&member),
        )
        .await;
    assert_eq!(none.status, StatusCode::FORBIDDEN, "Members cannot set it");
}

#[tokio::test]
async fn the_people_picker_searches_names_and_emails_of_this_organization_only() {
    let s = scene().await;
    let ann = s.app.person(&s.org, OrgRole::Member).await;
    let globex = s.app.org("Globex").await;
    s.app.person(&globex, OrgRole::Member).await;
    let emails = |reply: crate::support::Reply| -> Vec<String> {
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        reply
            .json()
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["email"].as_str().unwrap().to_string())
            .collect()
    };
    let search = |query: String| {
        let (app, owner) = (&s.app, s.owner.clone());
        async move {
            app.call("search_people", &[("query", &query)], Some(&owner))
                .await
        }
    };
    assert_eq!(emails(search(ann[..12].to_string()).await), vec![ann]);
    assert_eq!(
        emails(search("OWNER@ACME".into()).await),
        ["owner@acme.test"],
        "any case"
    );
    assert_eq!(
        emails(search("%".into()).await),
        Vec::<String>::new(),
        "wildcards are searched for literally"
    );
    assert_eq!(
        emails(search(String::new()).await).len(),
        2,
        "everyone in Acme, no one else"
    );
    let anonymous = s.app.call("search_people", &[("query", "a")], None).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_teams_people_picker_leaves_out_every_member_not_only_the_page_shown() {
    let s = scene().await;
    // More members than one page of the team's members (50) and than one answer of the picker.
    let mut members = Vec::new();
    for _ in 0..55 {
        let email = s.app.person(&s.org, OrgRole::Member).await;
        members.push(s.app.id_of(&email).await);
    }
    let outsider = s.app.person(&s.org, OrgRole::Member).await;
    let team = create_team_ok(&s.app, &s.owner, "Growth", &[], &members).await;
    let search = |team: i64| {
        let (app, owner) = (&s.app, s.owner.clone());
        async move {
            app.call(
                "search_people",
                &[("query", "member-"), ("outside_team", &team.to_string())],
                Some(&owner),
            )
            .await
        }
    };
    let found = search(team).await;
    assert_eq!(found.status, StatusCode::OK, "{}", found.body);
    let emails: Vec<String> = found
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["email"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(emails, [outsider]);

    // Another organization's team is not found, and tells nothing of who is in it.
    let globex = s.app.org("Globex").await;
    let theirs = s.app.sign_in(&globex.owner_email).await;
    let their_team = create_team_ok(&s.app, &theirs, "Theirs", &[], &[]).await;
    assert_eq!(search(their_team).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_teams_list_and_a_teams_members_come_a_page_at_a_time_to_everyone_in_the_org() {
    let s = scene().await;
    let member = s
        .app
        .sign_in(&s.app.person(&s.org, OrgRole::Member).await)
        .await;
    let mut people = Vec::new();
    for _ in 0..3 {
        people.push(
            s.app
                .id_of(&s.app.person(&s.org, OrgRole::Member).await)
                .await,
        );
    }
    let data = create_team_ok(&s.app, &s.owner, "Data", &[(s.web, "analyst")], &people).await;
    for i in 0..55 {
        create_team_ok(&s.app, &s.owner, &format!("Squad {i:02}"), &[], &[]).await;
    }
    let other = s.app.org("Globex").await;
    let stranger = s.app.sign_in(&other.owner_email).await;

    // A Member reads the second page of the teams, and the largest team first.
    let page = |query: Value, cookie: &str| {
        let app = &s.app;
        let cookie = cookie.to_string();
        async move {
            app.call_json("list_team_page", json!({ "query": query }), Some(&cookie))
                .await
        }
    };
    let second = page(json!({ "page": 2 }), &member).await;
    assert_eq!(second.status, StatusCode::OK, "{}", second.body);
    let second = second.json();
    assert_eq!(
        (second["total"].as_i64(), second["page"].as_i64()),
        (Some(56), Some(2))
    );
    assert_eq!(second["rows"].as_array().unwrap().len(), 6);
    let biggest = page(json!({ "sort": "members", "descending": true }), &member)
        .await
        .json();
    assert_eq!(biggest["rows"][0]["name"], "Data");
    assert_eq!(biggest["rows"][0]["members"], 3);
    assert_eq!(biggest["rows"][0]["projects"][0]["project_name"], "Web");
    let searched = page(json!({ "search": "SQUAD 5" }), &member).await.json();
    assert_eq!(searched["total"], 5);
    // Another organization's Owner sees their own (empty) organization's teams.
    assert_eq!(page(json!({}), &stranger).await.json()["total"], 0);

    // A team's heading and its members, a page at a time; another organization's team is not found.
    let heading = s
        .app
        .call(
            "get_team_overview",
            &[("id", &data.to_string())],
            Some(&member),
        )
        .await;
    assert_eq!(heading.status, StatusCode::OK, "{}", heading.body);
    assert_eq!(heading.json()["members"], 3);
    let members = |team: i64, query: Value, cookie: &str| {
        let app = &s.app;
        let cookie = cookie.to_string();
        async move {
            app.call_json(
                "list_team_members",
                json!({ "team_id": team, "query": query }),
                Some(&cookie),
            )
            .await
        }
    };
    let listed = members(data, json!({ "sort": "email" }), &member).await;
    assert_eq!(listed.status, StatusCode::OK, "{}", listed.body);
    assert_eq!(listed.json()["total"], 3);
    let emails: Vec<String> = listed.json()["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["email"].as_str().unwrap().to_string())
        .collect();
    let mut sorted = emails.clone();
    sorted.sort();
    assert_eq!(emails, sorted, "by email");
    let refused = members(data, json!({}), &stranger).await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND, "{}", refused.body);
    let anonymous = s
        .app
        .call_json(
            "list_team_members",
            json!({ "team_id": data, "query": {} }),
            None,
        )
        .await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
}
