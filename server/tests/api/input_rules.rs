//! Names and new passwords wherever they enter: names of projects, teams, organizations and
//! people are stored in their normal form, invisible and direction-changing characters are
//! refused, and names are unique in that form; trivial and common passwords are refused at
//! setup, on the accept page and by the operator's commands.

use crate::support::{TestApp, PASSWORD};
use axum::http::StatusCode;
use serde_json::json;
use server::commands::{self, Command};
use shared::OrgRole;

const HIDDEN: &str =
    "A name cannot contain invisible or text-direction characters (it holds U+200B).";
const REVERSED: &str =
    "A name cannot contain invisible or text-direction characters (it holds U+202E).";

fn invalid(reply: &crate::support::Reply) -> (String, String) {
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.body
    );
    let error = &reply.json()["Invalid"];
    (
        error["field"].as_str().unwrap().to_string(),
        error["message"].as_str().unwrap().to_string(),
    )
}

#[tokio::test]
async fn project_and_team_names_are_normalised_and_lookalikes_refused() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let owner = app.sign_in(&org.owner_email).await;

    let created = app
        .call(
            "create_project",
            &[("name", "Data Warehouse")],
            Some(&owner),
        )
        .await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.body);
    let id = created.json()["id"].as_i64().unwrap().to_string();
    for (name, message) in [
        ("Data Warehouse\u{200b}", HIDDEN),
        ("\u{202e}esuoheraW ataD", REVERSED),
    ] {
        let reply = app
            .call("create_project", &[("name", name)], Some(&owner))
            .await;
        assert_eq!(invalid(&reply), ("name".into(), message.into()));
        let renamed = app
            .call(
                "rename_project",
                &[("id", &id), ("name", name)],
                Some(&owner),
            )
            .await;
        assert_eq!(invalid(&renamed), ("name".into(), message.into()));
    }
    // Two spaces, a no-break space: the same name as it reads, so a duplicate.
    let lookalike = app
        .call(
            "create_project",
            &[("name", " Data \u{a0} Warehouse ")],
            Some(&owner),
        )
        .await;
    assert_eq!(lookalike.status, StatusCode::CONFLICT, "{}", lookalike.body);
    // "é" written as "e" and a combining accent is stored as the one character.
    let cafe = app
        .call("create_project", &[("name", "Cafe\u{301}")], Some(&owner))
        .await;
    assert_eq!(cafe.json()["name"], "Caf\u{e9}");
    let again = app
        .call("create_project", &[("name", "Caf\u{e9}")], Some(&owner))
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.body);
    let names: Vec<String> = sqlx::query_scalar("SELECT name FROM projects ORDER BY id")
        .fetch_all(&app.db)
        .await
        .unwrap();
    assert_eq!(names, ["Data Warehouse", "Caf\u{e9}"]);

    let team = |name: &str| json!({ "team": { "name": name, "projects": [], "members": [] } });
    let growth = app
        .call_json("create_team", team("Growth  Team"), Some(&owner))
        .await;
    assert_eq!(growth.status, StatusCode::OK, "{}", growth.body);
    assert_eq!(growth.json()["name"], "Growth Team");
    let hidden = app
        .call_json("create_team", team("Growth Team\u{200b}"), Some(&owner))
        .await;
    assert_eq!(invalid(&hidden), ("name".into(), HIDDEN.into()));
    let checked = app
        .call("check_team_name", &[("name", "\u{202e}maeT")], Some(&owner))
        .await;
    assert_eq!(checked.json(), json!(REVERSED));
    let duplicate = app
        .call_json("create_team", team("growth\u{3000}team"), Some(&owner))
        .await;
    assert_eq!(duplicate.status, StatusCode::CONFLICT, "{}", duplicate.body);
    assert_eq!(app.count("SELECT COUNT(*) FROM teams").await, 1);
}

#[tokio::test]
async fn bulk_files_find_projects_and_teams_by_their_normal_name() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let owner = app.sign_in(&org.owner_email).await;
    let created = app
        .call(
            "create_project",
            &[("name", "Caf\u{e9} Data")],
            Some(&owner),
        )
        .await;
    assert_eq!(created.status, StatusCode::OK);
    let csv = "email,projects,project_role\n\
               a@x.test,\"cafe\u{301}  data\",Analyst\n\
               b@x.test,\"Caf\u{e9} Data\u{200b}\",Analyst\n";
    let preview = app
        .call_json("preview_bulk_invite", json!({ "csv": csv }), Some(&owner))
        .await;
    let errors: Vec<_> = preview.json()["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["error"].clone())
        .collect();
    assert_eq!(errors, [json!(null), json!(HIDDEN)]);
}

#[tokio::test]
async fn people_and_organizations_get_clean_names_and_no_trivial_password() {
    let app = TestApp::new().await;
    let setup = |org: &str, name: &str, password: &str| {
        let form = [
            ("org_name", org.to_string()),
            ("name", name.to_string()),
            ("email", "ann@acme.test".to_string()),
            ("password", password.to_string()),
        ];
        let app = &app;
        async move {
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.call("setup", &form, None).await
        }
    };
    assert_eq!(
        invalid(&setup("Acme\u{202e}", "Ann", PASSWORD).await),
        ("org_name".into(), REVERSED.into())
    );
    assert_eq!(
        invalid(&setup("Acme", "Ann\u{200b}", PASSWORD).await),
        ("name".into(), HIDDEN.into())
    );
    let (field, message) = invalid(&setup("Acme", "Ann", "        ").await);
    assert_eq!(field, "password");
    assert_eq!(
        message,
        "A password cannot be only spaces: anyone could guess it."
    );
    for common in [
        "aaaaaaaa",
        "password",
        "Password1",
        "qwertyuiop",
        "iloveyou",
    ] {
        let (field, message) = invalid(&setup("Acme", "Ann", common).await);
        assert_eq!(field, "password");
        assert!(
            message.contains("most commonly used"),
            "{common}: {message}"
        );
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM organizations").await, 0);
    let ok = setup("  Acme \u{a0}Analytics ", "Ann", PASSWORD).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    let org_name: String = sqlx::query_scalar("SELECT name FROM organizations")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(org_name, "Acme Analytics");
}

#[tokio::test]
async fn the_accept_page_refuses_hidden_names_and_common_passwords() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let owner = app.sign_in(&org.owner_email).await;
    let web = app.project(&owner, "Web").await;
    let sent = app
        .call_json(
            "invite_users",
            json!({ "request": { "emails": ["new@x.test"], "org_role": "member", "project_ids": [web], "project_role": "consumer", "team_ids": [] } }),
            Some(&owner),
        )
        .await;
    assert_eq!(sent.json()["sent"], true, "{}", sent.body);
    let id: i64 = sqlx::query_scalar("SELECT id FROM invitations")
        .fetch_one(&app.db)
        .await
        .unwrap();
    let link = app
        .call("invitation_link", &[("id", &id.to_string())], Some(&owner))
        .await
        .json();
    let token = link
        .as_str()
        .unwrap()
        .rsplit_once("/invite/")
        .unwrap()
        .1
        .to_string();
    let accept = |name: &str, password: &str| {
        let form = [
            ("token", token.clone()),
            ("name", name.to_string()),
            ("password", password.to_string()),
        ];
        let app = &app;
        async move {
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.call("accept_invitation", &form, None).await
        }
    };
    assert_eq!(
        invalid(&accept("Nia\u{202e}", PASSWORD).await),
        ("name".into(), REVERSED.into())
    );
    assert_eq!(invalid(&accept("Nia", "\t        ").await).0, "password");
    let (field, message) = invalid(&accept("Nia", "12345678").await);
    assert_eq!(field, "password");
    assert!(message.contains("most commonly used"), "{message}");
    assert_eq!(app.count("SELECT COUNT(*) FROM memberships").await, 1);
    let joined = accept("Nia  Noor", PASSWORD).await;
    assert_eq!(joined.status, StatusCode::OK, "{}", joined.body);
    let name: String = sqlx::query_scalar("SELECT name FROM accounts WHERE email = 'new@x.test'")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(name, "Nia Noor");
}

#[tokio::test]
async fn operator_commands_refuse_common_passwords_and_hidden_names() {
    let app = TestApp::new().await;
    let create = |org: &str, password: &str| Command::CreateOrg {
        org: org.into(),
        name: "Olga".into(),
        email: "olga@ops.test".into(),
        password: password.into(),
    };
    let refused = commands::run(&app.db, create("Ops", "aaaaaaaa"))
        .await
        .unwrap_err();
    assert!(refused.contains("most commonly used"), "{refused}");
    let blank = commands::run(&app.db, create("Ops", "          "))
        .await
        .unwrap_err();
    assert!(blank.contains("only spaces"), "{blank}");
    let hidden = commands::run(&app.db, create("Ops\u{2066}", PASSWORD))
        .await
        .unwrap_err();
    assert!(hidden.contains("U+2066"), "{hidden}");
    assert_eq!(app.count("SELECT COUNT(*) FROM organizations").await, 0);
    commands::run(&app.db, create("Ops", PASSWORD))
        .await
        .unwrap();
    let add = |password: &str| Command::AddUser {
        org: Some("Ops".into()),
        name: "Pat".into(),
        email: "pat@ops.test".into(),
        role: OrgRole::Member,
        password: password.into(),
    };
    let refused = commands::run(&app.db, add("password123"))
        .await
        .unwrap_err();
    assert!(refused.contains("most commonly used"), "{refused}");
    commands::run(&app.db, add(PASSWORD)).await.unwrap();
    assert_eq!(app.count("SELECT COUNT(*) FROM accounts").await, 2);
}
