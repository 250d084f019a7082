//! Nothing in an organization's log names an account outside it: an invitation to an email that
//! has an account elsewhere is about no one, and the person filter and its search know only people
//! who are or were in the organization (those removed, marked so).

use super::*;

async fn search(app: &TestApp, cookie: &str, text: &str) -> Value {
    ok(app
        .call("search_audit_people", &[("query", text)], Some(cookie))
        .await)
}

#[tokio::test]
async fn an_invitation_to_an_account_elsewhere_names_no_one() {
    let app = TestApp::new().await;
    let acme = app.org("Acme").await;
    let rival = app.org("Rival").await;
    let (rita_email, rita) = person(&app, &rival, "Rita", OrgRole::Member).await;
    let admin = {
        let (email, _) = person(&app, &acme, "Ada Admin", OrgRole::Admin).await;
        app.sign_in(&email).await
    };
    let web = ok(app
        .call("create_project", &[("name", "Web")], Some(&admin))
        .await)["id"]
        .as_i64()
        .unwrap();
    let invited = ok(app
        .call_json(
            "invite_users",
            json!({ "request": { "emails": [rita_email], "org_role": "member", "project_ids": [web], "project_role": "consumer", "team_ids": [] } }),
            Some(&admin),
        )
        .await);
    assert_eq!(invited["sent"], true);
    let id: i64 = sqlx::query_scalar("SELECT id FROM invitations WHERE email = $1")
        .bind(&rita_email)
        .fetch_one(&app.db)
        .await
        .unwrap();
    for name in ["invitation_link", "resend_invitation", "revoke_invitation"] {
        ok(app
            .call(name, &[("id", &id.to_string())], Some(&admin))
            .await);
    }
    let named = app
        .count("SELECT COUNT(*) FROM audit_events WHERE subject_account_id IS NOT NULL AND action LIKE 'invitation.%'")
        .await;
    assert_eq!(
        named, 0,
        "an invitation event named an account of another organization"
    );

    // The person filter with her id shows no one and nothing.
    let page = ok(log(
        &app,
        Some(&admin),
        json!({ "person": rita, "kind": null, "before": null, "after": null }),
    )
    .await);
    assert_eq!(page["person"], Value::Null);
    assert_eq!(page["entries"], json!([]));
    assert_eq!(search(&app, &admin, "rita").await, json!([]));
    let csv = app
        .get(&format!("/export/audit.csv?person={rita}"), Some(&admin))
        .await;
    assert_eq!(csv.body.lines().count(), 1, "only the header: {}", csv.body);
}

#[tokio::test]
async fn events_that_named_an_outside_account_before_show_nothing_about_it() {
    let app = TestApp::new().await;
    let acme = app.org("Acme").await;
    let rival = app.org("Rival").await;
    let (_, rita) = person(&app, &rival, "Rita", OrgRole::Member).await;
    let owner = app.sign_in(&acme.owner_email).await;
    // An event written the old way, naming her.
    sqlx::query(
        "INSERT INTO audit_events (org_id, actor_id, actor_name, action, target, details, subject_account_id, created_at)
         VALUES ($1, NULL, 'x', 'invitation.create', 'invitation for rita', '{}', $2, 0)",
    )
    .bind(acme.id)
    .bind(rita)
    .execute(&app.db)
    .await
    .unwrap();
    let page = ok(log(
        &app,
        Some(&owner),
        json!({ "person": rita, "kind": null, "before": null, "after": null }),
    )
    .await);
    assert_eq!(page["person"], Value::Null);
    assert_eq!(page["entries"], json!([]));
    assert_eq!(search(&app, &owner, "Rita").await, json!([]));
}

#[tokio::test]
async fn removed_people_are_found_and_marked_and_their_history_stays() {
    let app = TestApp::new().await;
    let acme = app.org("Acme").await;
    let rival = app.org("Rival").await;
    person(&app, &rival, "Remy Rival", OrgRole::Member).await;
    let owner = app.sign_in(&acme.owner_email).await;
    let (_, remy) = person(&app, &acme, "Remy Gone", OrgRole::Member).await;
    let (_, stays) = person(&app, &acme, "Remy Stays", OrgRole::Member).await;
    ok(app
        .call(
            "remove_person",
            &[("account_id", &remy.to_string())],
            Some(&owner),
        )
        .await);

    let found = search(&app, &owner, "remy").await;
    assert_eq!(
        found,
        json!([
            { "account_id": remy, "name": "Remy Gone", "email": format!("remy.gone@{}.test", acme.id), "removed": true },
            { "account_id": stays, "name": "Remy Stays", "email": format!("remy.stays@{}.test", acme.id), "removed": false },
        ])
    );
    let page = ok(log(
        &app,
        Some(&owner),
        json!({ "person": remy, "kind": null, "before": null, "after": null }),
    )
    .await);
    assert_eq!(page["person"]["removed"], true);
    assert_eq!(
        actions(page["entries"].as_array().unwrap()),
        ["member.remove", "member.add"]
    );

    // Only Owners and Admins search the log's people.
    let member = {
        let (email, _) = person(&app, &acme, "Mo", OrgRole::Member).await;
        app.sign_in(&email).await
    };
    let refused = app
        .call("search_audit_people", &[("query", "remy")], Some(&member))
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}
