//! Invitations through the real router: the three tabs of the Invite Users modal for every role,
//! the ceilings, the duplicate rules, the lifecycle (resend, revoke, copy link); bulk files are in
//! `bulk`, accepting, closed links and the mail path in `links`.

use crate::support::{smtp, Reply, TestApp, PASSWORD};
use axum::http::StatusCode;
use serde_json::{json, Value};
use shared::OrgRole;

/// A team of `org_id`, written straight into the database (teams are created elsewhere).
async fn team(app: &TestApp, org_id: i64, name: &str) -> i64 {
    sqlx::query_scalar(
        "INSERT INTO teams (org_id, name, created_at) VALUES ($1, $2, 0) RETURNING id",
    )
    .bind(org_id)
    .bind(name)
    .fetch_one(&app.db)
    .await
    .unwrap()
}

fn request(
    emails: &[&str],
    role: &str,
    projects: &[i64],
    project_role: Option<&str>,
    teams: &[i64],
) -> Value {
    json!({ "request": {
        "emails": emails, "org_role": role, "project_ids": projects,
        "project_role": project_role, "team_ids": teams,
    }})
}

async fn invite(app: &TestApp, cookie: Option<&str>, body: Value) -> Reply {
    app.call_json("invite_users", body, cookie).await
}

/// Invites `email` as a Member with Consumer on a project of its own (an invitation gives access
/// to at least one project or team).
async fn invite_one(app: &TestApp, cookie: &str, email: &str) -> Reply {
    let project = app.project(cookie, &format!("Project for {email}")).await;
    let reply = invite(
        app,
        Some(cookie),
        request(&[email], "member", &[project], Some("consumer"), &[]),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.json()["sent"], true, "{}", reply.body);
    reply
}

async fn pending(app: &TestApp) -> i64 {
    app.count("SELECT COUNT(*) FROM invitations WHERE status = 'pending'")
        .await
}

async fn invitation_id(app: &TestApp, email: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM invitations WHERE email = $1 ORDER BY id DESC LIMIT 1")
        .bind(email)
        .fetch_one(&app.db)
        .await
        .unwrap()
}

/// A fresh link for the invitation of `email` (through Copy link), and its token.
async fn token_for(app: &TestApp, cookie: &str, email: &str) -> String {
    let id = invitation_id(app, email).await.to_string();
    let reply = app
        .call("invitation_link", &[("id", &id)], Some(cookie))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let link = reply.json().as_str().unwrap().to_string();
    link.rsplit_once("/invite/").unwrap().1.to_string()
}

async fn landing(app: &TestApp, token: &str) -> Value {
    let reply = app.call("get_invitation", &[("token", token)], None).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.json()
}

async fn accept(app: &TestApp, token: &str, name: Option<&str>, password: &str) -> Reply {
    let mut form = vec![("token", token), ("password", password)];
    if let Some(name) = name {
        form.push(("name", name));
    }
    app.call("accept_invitation", &form, None).await
}

fn row_errors(reply: &Reply) -> Vec<Option<String>> {
    reply.json()["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["error"].as_str().map(str::to_string))
        .collect()
}

#[tokio::test]
async fn only_owners_and_admins_invite_from_any_tab() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let owner = app.sign_in(&org.owner_email).await;
    let web = app.project(&owner, "Web").await;
    let growth = team(&app, org.id, "Growth").await;
    let csv = json!({ "csv": "email,org_role\nnew@x.test,member\n" });

    let anonymous = invite(
        &app,
        None,
        request(&["a@x.test"], "member", &[web], Some("analyst"), &[]),
    )
    .await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        app.call_json("bulk_invite", csv.clone(), None).await.status,
        StatusCode::UNAUTHORIZED
    );
    for role in [OrgRole::BillingAdmin, OrgRole::Member] {
        let cookie = app.sign_in(&app.person(&org, role).await).await;
        let to_project = invite(
            &app,
            Some(&cookie),
            request(&["a@x.test"], "member", &[web], Some("analyst"), &[]),
        )
        .await;
        assert_eq!(to_project.status, StatusCode::FORBIDDEN, "{role}");
        let to_team = invite(
            &app,
            Some(&cookie),
            request(&["a@x.test"], "member", &[], None, &[growth]),
        )
        .await;
        assert_eq!(to_team.status, StatusCode::FORBIDDEN, "{role}");
        for bulk in ["preview_bulk_invite", "bulk_invite"] {
            assert_eq!(
                app.call_json(bulk, csv.clone(), Some(&cookie)).await.status,
                StatusCode::FORBIDDEN
            );
        }
        assert_eq!(
            app.call("list_invitations", &[], Some(&cookie))
                .await
                .status,
            StatusCode::FORBIDDEN
        );
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM invitations").await, 0);

    let admin = app.sign_in(&app.person(&org, OrgRole::Admin).await).await;
    let to_project = invite(
        &app,
        Some(&owner),
        request(
            &["p1@x.test", "P2@x.test"],
            "member",
            &[web],
            Some("analyst"),
            &[],
        ),
    )
    .await;
    assert_eq!(to_project.json()["sent"], true, "{}", to_project.body);
    let to_team = invite(
        &app,
        Some(&admin),
        request(&["t1@x.test"], "billing_admin", &[], None, &[growth]),
    )
    .await;
    assert_eq!(to_team.json()["sent"], true, "{}", to_team.body);
    let bulk = app.call_json("bulk_invite", csv, Some(&admin)).await;
    assert_eq!(bulk.json()["sent"], true, "{}", bulk.body);

    assert_eq!(pending(&app).await, 4);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM invitation_projects WHERE role = 'analyst'")
            .await,
        2
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM invitation_teams").await, 1);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'invitation.create'")
            .await,
        4
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM outbox").await, 4);
    let listed = app.call("list_invitations", &[], Some(&admin)).await.json();
    let p2 = listed["invitations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["email"] == "p2@x.test")
        .unwrap();
    assert_eq!(
        p2["projects"],
        json!([{ "project": "Web", "role": "analyst" }])
    );
    assert_eq!(p2["invited_by"], "Owner");
}

#[tokio::test]
async fn an_admin_cannot_invite_an_owner_by_any_tab() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let admin = app.sign_in(&app.person(&org, OrgRole::Admin).await).await;
    let audit_before = app.count("SELECT COUNT(*) FROM audit_events").await;

    let tab = invite(
        &app,
        Some(&admin),
        request(&["boss@x.test"], "owner", &[], None, &[]),
    )
    .await;
    assert_eq!(tab.status, StatusCode::FORBIDDEN);
    assert_eq!(
        tab.json(),
        json!({ "Forbidden": "You can give roles up to Admin, and no higher." })
    );

    let csv = json!({ "csv": "email,org_role\nok@x.test,member\nboss@x.test,Owner\n" });
    let preview = app
        .call_json("preview_bulk_invite", csv.clone(), Some(&admin))
        .await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    assert_eq!(
        row_errors(&preview),
        [
            None,
            Some("You can give roles up to Admin, and no higher.".into())
        ]
    );
    let bulk = app.call_json("bulk_invite", csv, Some(&admin)).await;
    assert_eq!(bulk.status, StatusCode::FORBIDDEN, "{}", bulk.body);

    assert_eq!(app.count("SELECT COUNT(*) FROM invitations").await, 0);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_events").await,
        audit_before
    );
}

#[tokio::test]
async fn members_pending_invitations_and_repeats_are_row_errors() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let owner = app.sign_in(&org.owner_email).await;
    let member = app.person(&org, OrgRole::Member).await;
    invite_one(&app, &owner, "pending@x.test").await;
    let growth = team(&app, org.id, "Growth").await;

    let reply = invite(
        &app,
        Some(&owner),
        request(
            &[
                &member.to_uppercase(),
                "PENDING@x.test",
                "new@x.test",
                "new@X.test",
                "not-an-email",
            ],
            "member",
            &[],
            None,
            &[growth],
        ),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.json()["sent"], false);
    assert_eq!(
        row_errors(&reply),
        [
            Some(format!("{member} is already a member of the organization.")),
            Some("pending@x.test is already invited (the invitation is pending).".into()),
            None,
            Some("Duplicate of row 3.".into()),
            Some("“not-an-email” is not a valid email address.".into()),
        ]
    );
    let unknown = invite(
        &app,
        Some(&owner),
        request(&["x@x.test"], "member", &[999], Some("consumer"), &[]),
    )
    .await;
    assert_eq!(
        row_errors(&unknown),
        [Some("There is no project “#999”.".into())]
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM invitations").await, 1);

    let empty = invite(
        &app,
        Some(&owner),
        request(&["  "], "member", &[], None, &[]),
    )
    .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(empty.json()["Invalid"]["field"], "email");

    // Invite to Project with no project ticked: refused at the projects, nothing written.
    let no_project = invite(
        &app,
        Some(&owner),
        request(&["y@x.test"], "member", &[], Some("analyst"), &[]),
    )
    .await;
    assert_eq!(no_project.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(no_project.json()["Invalid"]["field"], "projects");

    // Invite to Teams with no team ticked: refused at the teams, as Invite to Project is.
    let no_team = invite(
        &app,
        Some(&owner),
        request(&["y@x.test"], "member", &[], None, &[]),
    )
    .await;
    assert_eq!(no_team.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        no_team.json(),
        json!({ "Invalid": { "field": "teams", "message": "Choose at least one team." } })
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM invitations").await, 1);
}

#[tokio::test]
async fn pending_invitations_are_listed_fifty_a_page_newest_first() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let owner = app.sign_in(&org.owner_email).await;
    let mut csv = String::from("email\n");
    for i in 0..120 {
        csv.push_str(&format!("p{i:03}@x.test\n"));
    }
    let sent = app
        .call_json("bulk_invite", json!({ "csv": csv }), Some(&owner))
        .await;
    assert_eq!(sent.json()["sent"], true);
    invite_one(&app, &owner, "latest@x.test").await;

    let page = |n: &str| {
        let app = &app;
        let owner = owner.clone();
        let n = n.to_string();
        async move {
            let form: Vec<(&str, &str)> = if n.is_empty() {
                vec![]
            } else {
                vec![("page", n.as_str())]
            };
            let reply = app.call("list_invitations", &form, Some(&owner)).await;
            assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
            reply.json()
        }
    };
    let first = page("").await;
    assert_eq!(first["total"], 121);
    assert_eq!(first["page"], 1);
    assert_eq!(first["page_size"], 50);
    let emails = |p: &Value| -> Vec<String> {
        p["invitations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["email"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(emails(&first).len(), 50);
    assert_eq!(emails(&first)[0], "latest@x.test");
    let third = page("3").await;
    assert_eq!(third["page"], 3);
    assert_eq!(emails(&third).len(), 21);
    let mut all = emails(&first);
    all.extend(emails(&page("2").await));
    all.extend(emails(&third));
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 121, "every invitation on exactly one page");
    // Past the end: the last page.
    let beyond = page("99").await;
    assert_eq!(beyond["page"], 3);
    assert_eq!(emails(&beyond), emails(&third));
}

mod bulk;
mod landing;
mod links;
mod mail;

#[tokio::test]
async fn internationalised_addresses_are_invited_in_one_spelling() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let owner = app.sign_in(&org.owner_email).await;
    for email in ["ana@example.xn--p1ai", "José@Example.es", "ана@пример.рф"] {
        invite_one(&app, &owner, email).await;
    }
    let stored: Vec<String> = sqlx::query_scalar("SELECT email FROM invitations ORDER BY id")
        .fetch_all(&app.db)
        .await
        .unwrap();
    assert_eq!(
        stored,
        ["ana@example.xn--p1ai", "josé@example.es", "ана@пример.рф"]
    );
    // The same address typed with a combining accent is the same address: a repeat.
    let project = app.project(&owner, "Another project").await;
    let again = invite(
        &app,
        Some(&owner),
        request(
            &["jose\u{301}@example.es"],
            "member",
            &[project],
            Some("consumer"),
            &[],
        ),
    )
    .await;
    assert_eq!(again.json()["sent"], false, "{}", again.body);
}
