//! Invitations through the real router: the three tabs of the Invite Users modal for every role,
//! the ceilings, the duplicate rules, the all-or-nothing bulk write, the lifecycle (resend, revoke,
//! copy link) and accepting a link, and the SMTP path against a real SMTP listener.

use crate::support::{smtp, Reply, TestApp, PASSWORD};
use axum::http::StatusCode;
use serde_json::{json, Value};
use shared::OrgRole;

async fn project(app: &TestApp, owner: &str, name: &str) -> i64 {
    let reply = app
        .call("create_project", &[("name", name)], Some(owner))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.json()["id"].as_i64().unwrap()
}

/// A team of `org_id`, written straight into the database (teams are created elsewhere).
async fn team(app: &TestApp, org_id: i64, name: &str) -> i64 {
    sqlx::query("INSERT INTO teams (org_id, name, created_at) VALUES (?, ?, 0)")
        .bind(org_id)
        .bind(name)
        .execute(&app.db)
        .await
        .unwrap()
        .last_insert_rowid()
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

async fn invite_one(app: &TestApp, cookie: &str, email: &str) -> Reply {
    let reply = invite(
        app,
        Some(cookie),
        request(&[email], "member", &[], None, &[]),
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
    sqlx::query_scalar("SELECT id FROM invitations WHERE email = ? ORDER BY id DESC LIMIT 1")
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
    let web = project(&app, &owner, "Web").await;
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
    let p2 = listed
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
        json!({ "Forbidden": "You can give no one a role above your own ceiling (Admin)." })
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
            Some("You can give no one a role above your own ceiling (Admin).".into())
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
            &[],
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
    assert_eq!(app.count("SELECT COUNT(*) FROM invitations").await, 1);
}

#[tokio::test]
async fn a_bulk_file_is_previewed_and_written_all_or_nothing() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let owner = app.sign_in(&org.owner_email).await;
    project(&app, &owner, "Web App").await;
    team(&app, org.id, "Growth").await;

    let bad = "\u{feff}email,org_role,projects,project_role,teams\r\n\
               ada@x.test,Member,\"Web App\",Analyst,Growth\r\n\
               bob@x.test,admin,Nowhere,Consumer,\r\n\
               ada@x.test,member,,,\r\n\
               cy@x.test,member,,,Ghosts\r\n";
    let preview = app
        .call_json("preview_bulk_invite", json!({ "csv": bad }), Some(&owner))
        .await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    assert_eq!(
        row_errors(&preview),
        [
            None,
            Some("There is no project “Nowhere”.".into()),
            Some("Duplicate of row 1.".into()),
            Some("There is no team “Ghosts”.".into()),
        ]
    );
    let refused = app
        .call_json("bulk_invite", json!({ "csv": bad }), Some(&owner))
        .await;
    assert_eq!(refused.json()["sent"], false);
    assert_eq!(app.count("SELECT COUNT(*) FROM invitations").await, 0);

    let good = "email,org_role,projects,project_role,teams\nada@x.test,Member,web app,Analyst,growth\nbob@x.test,admin,,,\n";
    let sent = app
        .call_json("bulk_invite", json!({ "csv": good }), Some(&owner))
        .await;
    assert_eq!(sent.json()["sent"], true, "{}", sent.body);
    assert_eq!(pending(&app).await, 2);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM invitation_projects").await,
        1
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM invitation_teams").await, 1);
}

#[tokio::test]
async fn a_thousand_rows_with_one_bad_write_nothing_and_more_are_refused() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let owner = app.sign_in(&org.owner_email).await;
    let mut csv = String::from("email,org_role\n");
    for i in 0..1000 {
        csv.push_str(&if i == 737 {
            "broken-address,member\n".to_string()
        } else {
            format!("p{i}@x.test,member\n")
        });
    }
    let one_bad = app
        .call_json("bulk_invite", json!({ "csv": csv }), Some(&owner))
        .await;
    assert_eq!(one_bad.json()["sent"], false);
    let errors: Vec<_> = row_errors(&one_bad)
        .into_iter()
        .enumerate()
        .filter(|(_, e)| e.is_some())
        .collect();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].0, 737);
    assert_eq!(app.count("SELECT COUNT(*) FROM invitations").await, 0);

    let fixed = csv.replace("broken-address,", "p737@x.test,");
    let all = app
        .call_json("bulk_invite", json!({ "csv": fixed }), Some(&owner))
        .await;
    assert_eq!(all.json()["sent"], true);
    assert_eq!(pending(&app).await, 1000);

    let too_many = format!("{fixed}one-more@x.test,member\n");
    let refused = app
        .call_json(
            "preview_bulk_invite",
            json!({ "csv": too_many }),
            Some(&owner),
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refused.json(),
        json!({ "Invalid": { "field": "csv", "message": "A file can hold at most 1,000 invitations; this one has 1,001. Split it and upload the parts one by one." } })
    );
}

#[tokio::test]
async fn a_new_person_accepts_and_gets_the_role_projects_and_teams() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let owner = app.sign_in(&org.owner_email).await;
    let web = project(&app, &owner, "Web").await;
    let growth = team(&app, org.id, "Growth").await;
    let reply = invite(
        &app,
        Some(&owner),
        request(
            &["Newcomer@x.test"],
            "admin",
            &[web],
            Some("analyst"),
            &[growth],
        ),
    )
    .await;
    assert_eq!(reply.json()["sent"], true);
    let token = token_for(&app, &owner, "newcomer@x.test").await;

    let page = app.get(&format!("/invite/{token}"), None).await;
    assert_eq!(
        page.status,
        StatusCode::OK,
        "signed-out people reach the link's page"
    );
    let open = landing(&app, &token).await;
    assert_eq!(open["Open"]["email"], "newcomer@x.test");
    assert_eq!(open["Open"]["org_name"], "Acme");
    assert_eq!(open["Open"]["invited_by"], "Owner");
    assert_eq!(open["Open"]["has_account"], false);

    let short = accept(&app, &token, Some("Nia New"), "short").await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(short.json()["Invalid"]["field"], "password");
    let joined = accept(&app, &token, Some("Nia New"), PASSWORD).await;
    assert_eq!(joined.status, StatusCode::OK, "{}", joined.body);
    let cookie = joined.session_cookie().expect("signed in");
    let session = app.call("session", &[], Some(&cookie)).await.json();
    assert_eq!(session["SignedIn"]["email"], "newcomer@x.test");
    assert_eq!(session["SignedIn"]["role"], "admin");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM project_grants WHERE role = 'analyst'")
            .await,
        1
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM team_members").await, 1);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'invitation.accept'")
            .await,
        1
    );
    app.sign_in("newcomer@x.test").await;

    let again = accept(&app, &token, Some("Nia New"), PASSWORD).await;
    assert_eq!(again.status, StatusCode::FORBIDDEN);
    assert!(landing(&app, &token).await["Closed"]["reason"]
        .as_str()
        .unwrap()
        .contains("already been used"));
}

#[tokio::test]
async fn someone_with_an_account_joins_with_their_password() {
    let app = TestApp::new().await;
    let acme = app.org("Acme").await;
    let globex = app.org("Globex").await;
    let owner = app.sign_in(&acme.owner_email).await;
    invite_one(&app, &owner, &globex.owner_email).await;
    let token = token_for(&app, &owner, &globex.owner_email).await;
    assert_eq!(landing(&app, &token).await["Open"]["has_account"], true);

    let wrong = accept(&app, &token, None, "not-the-password").await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        wrong.json(),
        json!({ "Invalid": { "field": "password", "message": "Wrong password." } })
    );
    let joined = accept(&app, &token, None, PASSWORD).await;
    assert_eq!(joined.status, StatusCode::OK, "{}", joined.body);
    let session = app
        .call("session", &[], joined.session_cookie().as_deref())
        .await
        .json();
    assert_eq!(
        session["SignedIn"]["org_name"], "Acme",
        "signed in to the organization that invited"
    );
    assert_eq!(session["SignedIn"]["role"], "member");
    assert_eq!(app.count("SELECT COUNT(*) FROM accounts").await, 2);
}

#[tokio::test]
async fn unknown_expired_and_revoked_links_open_nothing() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let owner = app.sign_in(&org.owner_email).await;
    let admin = app.sign_in(&app.person(&org, OrgRole::Admin).await).await;

    let unknown = landing(&app, "0123abcd").await;
    assert!(unknown["Closed"]["reason"]
        .as_str()
        .unwrap()
        .contains("not a valid invitation"));
    assert_eq!(
        accept(&app, "0123abcd", Some("X"), PASSWORD).await.status,
        StatusCode::FORBIDDEN
    );

    invite_one(&app, &owner, "late@x.test").await;
    let token = token_for(&app, &owner, "late@x.test").await;
    sqlx::query("UPDATE invitations SET expires_at = 1 WHERE email = 'late@x.test'")
        .execute(&app.db)
        .await
        .unwrap();
    assert!(landing(&app, &token).await["Closed"]["reason"]
        .as_str()
        .unwrap()
        .contains("expired"));
    assert_eq!(
        accept(&app, &token, Some("Late"), PASSWORD).await.status,
        StatusCode::FORBIDDEN
    );
    let again = invite(
        &app,
        Some(&owner),
        request(&["late@x.test"], "member", &[], None, &[]),
    )
    .await;
    assert!(row_errors(&again)[0]
        .as_ref()
        .unwrap()
        .contains("expired invitation"));

    let id = invitation_id(&app, "late@x.test").await.to_string();
    let resent = app
        .call("resend_invitation", &[("id", &id)], Some(&admin))
        .await;
    assert_eq!(resent.status, StatusCode::OK, "{}", resent.body);
    assert!(
        landing(&app, &token).await.get("Closed").is_some(),
        "resending replaces the link"
    );
    let renewed = token_for(&app, &admin, "late@x.test").await;
    assert!(landing(&app, &renewed).await.get("Open").is_some());
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'invitation.resend'")
            .await,
        1
    );

    let revoked = app
        .call("revoke_invitation", &[("id", &id)], Some(&admin))
        .await;
    assert_eq!(revoked.status, StatusCode::OK, "{}", revoked.body);
    assert!(landing(&app, &renewed).await["Closed"]["reason"]
        .as_str()
        .unwrap()
        .contains("withdrawn"));
    assert_eq!(
        accept(&app, &renewed, Some("Late"), PASSWORD).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM memberships").await, 2);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'invitation.revoke'")
            .await,
        1
    );
    let listed = app.call("list_invitations", &[], Some(&owner)).await.json();
    assert_eq!(listed, json!([]));
}

#[tokio::test]
async fn managing_an_invitation_needs_the_right_to_make_it() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let owner = app.sign_in(&org.owner_email).await;
    let admin = app.sign_in(&app.person(&org, OrgRole::Admin).await).await;
    let member = app.sign_in(&app.person(&org, OrgRole::Member).await).await;
    let reply = invite(
        &app,
        Some(&owner),
        request(&["co-owner@x.test"], "owner", &[], None, &[]),
    )
    .await;
    assert_eq!(reply.json()["sent"], true);
    let id = invitation_id(&app, "co-owner@x.test").await.to_string();
    for name in ["resend_invitation", "revoke_invitation", "invitation_link"] {
        assert_eq!(
            app.call(name, &[("id", &id)], Some(&admin)).await.status,
            StatusCode::FORBIDDEN,
            "{name}"
        );
        assert_eq!(
            app.call(name, &[("id", &id)], Some(&member)).await.status,
            StatusCode::FORBIDDEN,
            "{name}"
        );
        assert_eq!(
            app.call(name, &[("id", &id)], None).await.status,
            StatusCode::UNAUTHORIZED,
            "{name}"
        );
    }
    let other = app.org("Globex").await;
    let stranger = app.sign_in(&other.owner_email).await;
    assert_eq!(
        app.call("revoke_invitation", &[("id", &id)], Some(&stranger))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(pending(&app).await, 1);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_events WHERE action LIKE 'invitation.%'")
            .await,
        1
    );
}

#[tokio::test]
async fn without_smtp_messages_go_to_the_outbox_and_log_without_the_token() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let owner = app.sign_in(&org.owner_email).await;
    invite_one(&app, &owner, "logged@x.test").await;
    let (status, body) = wait_for_delivery(&app).await;
    assert_eq!(status, "logged");
    assert!(body.contains("/invite/[token not stored]"), "{body}");
    let hashes: Vec<Vec<u8>> = sqlx::query_scalar("SELECT token_hash FROM invitations")
        .fetch_all(&app.db)
        .await
        .unwrap();
    assert_eq!(
        hashes[0].len(),
        32,
        "only the SHA-256 of the token is stored"
    );
}

#[tokio::test]
async fn with_smtp_the_invitation_is_mailed_and_its_link_works() {
    let listener = smtp::Listener::start().await;
    let app = TestApp::with_config(|config| {
        config.smtp_url = Some(format!("smtp://127.0.0.1:{}", listener.port));
        config.mail_from = "Roster <roster@acme.test>".into();
        config.public_url = "https://roster.acme.test".into();
    })
    .await;
    let org = app.org("Acme").await;
    let owner = app.sign_in(&org.owner_email).await;
    invite_one(&app, &owner, "mailed@x.test").await;

    let mut mail = listener.next_message().await;
    // The body may come quoted-printable: undo its soft line breaks.
    mail.data = mail.data.replace("=\r\n", "");
    assert_eq!(mail.from, "<roster@acme.test>");
    assert_eq!(mail.to, ["<mailed@x.test>"]);
    assert!(
        mail.data
            .contains("Subject: Owner invited you to join Acme on Roster"),
        "{}",
        mail.data
    );
    let link_start = mail
        .data
        .find("https://roster.acme.test/invite/")
        .expect("a link in the mail");
    let token: String = mail.data[link_start + "https://roster.acme.test/invite/".len()..]
        .chars()
        .take_while(char::is_ascii_hexdigit)
        .collect();
    assert_eq!(token.len(), 64, "a 256-bit token");
    assert_eq!(wait_for_delivery(&app).await.0, "sent");
    let joined = accept(&app, &token, Some("Mae Mailed"), PASSWORD).await;
    assert_eq!(joined.status, StatusCode::OK, "{}", joined.body);
}

/// Waits for the background delivery of the only message in the outbox; its status and body.
async fn wait_for_delivery(app: &TestApp) -> (String, String) {
    for _ in 0..100 {
        let row: (String, String) =
            sqlx::query_as("SELECT status, body FROM outbox ORDER BY id DESC LIMIT 1")
                .fetch_one(&app.db)
                .await
                .unwrap();
        if row.0 != "queued" {
            return row;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the message was never delivered");
}
