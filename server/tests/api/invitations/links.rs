//! What happens after an invitation is sent: accepting it (new and existing accounts), links that
//! no longer open, managing invitations, and the mail that carries them.

use super::*;

#[tokio::test]
async fn a_new_person_accepts_and_gets_the_role_projects_and_teams() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let owner = app.sign_in(&org.owner_email).await;
    let web = app.project(&owner, "Web").await;
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
    assert!(open["Open"].get("has_account").is_none());

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
    // The page does not say whether the email has an account: one form for everyone.
    assert!(landing(&app, &token).await["Open"]
        .get("has_account")
        .is_none());

    // A wrong password with a name and a valid new password would have made a new account:
    // only then does the answer say the email has one.
    let wrong = accept(&app, &token, Some("Gus"), "not-the-password").await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        wrong.json(),
        json!({ "Invalid": { "field": "password", "message": "This email has a Roster account already, and that is not its password. Enter the password you sign in with." } })
    );
    // The account's own password joins; the name is not needed.
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
    let growth = team(&app, org.id, "Growth").await;
    let again = invite(
        &app,
        Some(&owner),
        request(&["late@x.test"], "member", &[], None, &[growth]),
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
    assert_eq!(listed["invitations"], json!([]));
    assert_eq!(listed["total"], 0);
}

#[tokio::test]
async fn managing_an_invitation_needs_the_right_to_make_it() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let owner = app.sign_in(&org.owner_email).await;
    let admin = app.sign_in(&app.person(&org, OrgRole::Admin).await).await;
    let member = app.sign_in(&app.person(&org, OrgRole::Member).await).await;
    let growth = team(&app, org.id, "Growth").await;
    let reply = invite(
        &app,
        Some(&owner),
        request(&["co-owner@x.test"], "owner", &[], None, &[growth]),
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
