//! The log records only changes that happened: a request that leaves everything as it was writes
//! no event, and a bulk action counts each person once and only when they changed.

use super::*;

async fn events(app: &TestApp) -> i64 {
    app.count("SELECT COUNT(*) FROM audit_events").await
}

struct Scene {
    app: TestApp,
    org: Org,
    owner: String,
    member: i64,
    team: i64,
    project: i64,
}

async fn scene() -> Scene {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let owner = app.sign_in(&org.owner_email).await;
    let (_, member) = person(&app, &org, "Mia", OrgRole::Member).await;
    let project = ok(app
        .call("create_project", &[("name", "Web")], Some(&owner))
        .await)["id"]
        .as_i64()
        .unwrap();
    let team = ok(app
        .call_json(
            "create_team",
            json!({ "team": { "name": "Data Team", "projects": [], "members": [] } }),
            Some(&owner),
        )
        .await)["id"]
        .as_i64()
        .unwrap();
    Scene {
        app,
        org,
        owner,
        member,
        team,
        project,
    }
}

#[tokio::test]
async fn one_person_listed_five_hundred_times_is_one_change_and_then_none() {
    let s = scene().await;
    let ids = vec![s.member; 500];
    let before = events(&s.app).await;
    let outcomes = ok(s
        .app
        .call_json(
            "bulk_people",
            json!({ "account_ids": ids, "choice": { "AddToTeam": s.team } }),
            Some(&s.owner),
        )
        .await);
    assert_eq!(outcomes.as_array().unwrap().len(), 1, "{outcomes}");
    assert_eq!(outcomes[0]["changed"], true);
    // The joining and the summary, which counts one change.
    assert_eq!(events(&s.app).await, before + 2);
    let details: String = sqlx::query_scalar(
        "SELECT details FROM audit_events WHERE action = 'member.bulk' ORDER BY id DESC LIMIT 1",
    )
    .fetch_one(&s.app.db)
    .await
    .unwrap();
    let details: Value = serde_json::from_str(&details).unwrap();
    assert_eq!(details["changed"], 1, "{details}");
    let summary: String = sqlx::query_scalar(
        "SELECT target FROM audit_events WHERE action = 'member.bulk' ORDER BY id DESC LIMIT 1",
    )
    .fetch_one(&s.app.db)
    .await
    .unwrap();
    assert_eq!(summary, "1 person");

    // Again: they are in the team already. Nothing changes, nothing is recorded.
    let again = ok(s
        .app
        .call_json(
            "bulk_people",
            json!({ "account_ids": ids, "choice": { "AddToTeam": s.team } }),
            Some(&s.owner),
        )
        .await);
    assert_eq!(
        again,
        json!([{ "account_id": s.member, "name": "Mia", "changed": false, "refused": null }])
    );
    assert_eq!(events(&s.app).await, before + 2);
}

#[tokio::test]
async fn a_bulk_role_change_counts_only_those_whose_role_changed() {
    let s = scene().await;
    let (_, admin) = person(&s.app, &s.org, "Ada", OrgRole::Admin).await;
    let before = events(&s.app).await;
    let outcomes = ok(s
        .app
        .call_json(
            "bulk_people",
            json!({ "account_ids": [s.member, admin, s.member], "choice": { "ChangeRole": "admin" } }),
            Some(&s.owner),
        )
        .await);
    let changed: Vec<bool> = outcomes
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["changed"].as_bool().unwrap())
        .collect();
    assert_eq!(changed, [true, false]);
    // One role change and the summary; nothing for the Admin who stays Admin.
    assert_eq!(events(&s.app).await, before + 2);
    let about_admin = s
        .app
        .count("SELECT COUNT(*) FROM audit_events WHERE action = 'member.role_change' AND subject_account_id IS NOT NULL AND details LIKE '%\"from\":\"admin\"%'")
        .await;
    assert_eq!(about_admin, 0);
    let details: String =
        sqlx::query_scalar("SELECT details FROM audit_events WHERE action = 'member.bulk'")
            .fetch_one(&s.app.db)
            .await
            .unwrap();
    let details: Value = serde_json::from_str(&details).unwrap();
    assert_eq!(
        (
            &details["changed"],
            &details["unchanged"],
            &details["refused"]
        ),
        (&json!(1), &json!(1), &json!(0))
    );
}

#[tokio::test]
async fn single_changes_that_change_nothing_record_nothing() {
    let s = scene().await;
    let (member, team, project) = (
        s.member.to_string(),
        s.team.to_string(),
        s.project.to_string(),
    );
    let owner = Some(s.owner.as_str());
    // First the real changes, each recorded once.
    let steps: Vec<(&str, Vec<(&str, &str)>)> = vec![
        (
            "add_team_member",
            vec![("team_id", &team), ("account_id", &member)],
        ),
        (
            "set_grant",
            vec![
                ("account_id", &member),
                ("project_id", &project),
                ("role", "analyst"),
            ],
        ),
        (
            "set_team_project",
            vec![
                ("team_id", &team),
                ("project_id", &project),
                ("role", "consumer"),
            ],
        ),
        (
            "set_all_users_role",
            vec![("project_id", &project), ("role", "consumer")],
        ),
        (
            "change_role",
            vec![("account_id", &member), ("role", "admin")],
        ),
        ("rename_team", vec![("id", &team), ("name", "Data Crew")]),
        ("rename_project", vec![("id", &project), ("name", "Site")]),
    ];
    for (name, form) in &steps {
        let before = events(&s.app).await;
        ok(s.app.call(name, form, owner).await);
        assert_eq!(events(&s.app).await, before + 1, "{name} is recorded");
    }
    // The same requests again: each answers OK and records nothing.
    let before = events(&s.app).await;
    for (name, form) in &steps {
        ok(s.app.call(name, form, owner).await);
        assert_eq!(
            events(&s.app).await,
            before,
            "{name} repeated wrote an event"
        );
    }
}
