//! The page of an invitation link: it never tells the link holder whether the invited email has an
//! account elsewhere; it says who is signed in and never silently replaces their session; used
//! and replaced links say what they are.

use super::*;

/// The answers a link holder gets without proving anything, for one invitation.
async fn what_a_link_holder_sees(app: &TestApp, token: &str) -> Vec<Value> {
    let mut seen = vec![landing(app, token).await];
    for (name, password) in [
        (None, "x"),
        (Some(""), "long-enough-password"),
        (Some("Rita"), "short"),
    ] {
        let reply = accept(app, token, name, password).await;
        seen.push(json!([reply.status.as_u16(), reply.json()]));
    }
    seen
}

#[tokio::test]
async fn a_link_says_nothing_of_an_account_elsewhere_until_its_password_is_given() {
    let app = TestApp::new().await;
    let acme = app.org("Acme").await;
    let rival = app.org("Rival").await;
    let owner = app.sign_in(&acme.owner_email).await;
    // Rival's Owner has an account; nobody has one for the other email.
    let with_account = rival.owner_email.clone();
    let without = "nobody@rival.test".to_string();
    invite_one(&app, &owner, &with_account).await;
    invite_one(&app, &owner, &without).await;
    let (t1, t2) = (
        token_for(&app, &owner, &with_account).await,
        token_for(&app, &owner, &without).await,
    );
    let mut seen_with = what_a_link_holder_sees(&app, &t1).await;
    let mut seen_without = what_a_link_holder_sees(&app, &t2).await;
    // The same answers but for the email and the expiry each landing names.
    for seen in [&mut seen_with, &mut seen_without] {
        seen[0]["Open"]["email"] = json!("-");
        seen[0]["Open"]["expires_at"] = json!(0);
    }
    assert_eq!(seen_with, seen_without);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM memberships WHERE org_id = 1")
            .await,
        1,
        "nothing was joined by the probes"
    );
}

#[tokio::test]
async fn someone_signed_in_is_told_whose_invitation_it_is_and_is_never_signed_out_silently() {
    let app = TestApp::new().await;
    let acme = app.org("Acme").await;
    let owner = app.sign_in(&acme.owner_email).await;
    let admin_email = app.person(&acme, OrgRole::Admin).await;
    let admin = app.sign_in(&admin_email).await;
    invite_one(&app, &owner, "newcomer@x.test").await;
    let token = token_for(&app, &owner, "newcomer@x.test").await;

    let seen = app
        .call("get_invitation", &[("token", &token)], Some(&admin))
        .await
        .json();
    assert_eq!(
        seen["Open"]["signed_in"],
        json!({ "name": "Someone", "email": admin_email, "is_invitee": false })
    );
    assert_eq!(seen["Open"]["email"], "newcomer@x.test");

    let form = [
        ("token", token.as_str()),
        ("name", "Nia"),
        ("password", PASSWORD),
    ];
    let refused = app.call("accept_invitation", &form, Some(&admin)).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    assert!(refused.json()["Forbidden"]
        .as_str()
        .unwrap()
        .starts_with(&format!(
            "You are signed in as Someone ({admin_email}). Sign out first"
        )));
    assert_eq!(refused.session_cookie(), None, "the session is left alone");
    let still = app.call("session", &[], Some(&admin)).await.json();
    assert_eq!(still["SignedIn"]["email"], admin_email);
    assert_eq!(app.count("SELECT COUNT(*) FROM accounts").await, 2);
    assert_eq!(pending(&app).await, 1);

    // Signed out, the same form joins.
    let joined = accept(&app, &token, Some("Nia"), PASSWORD).await;
    assert_eq!(joined.status, StatusCode::OK, "{}", joined.body);
}

#[tokio::test]
async fn the_invited_account_signed_in_elsewhere_joins_in_one_step() {
    let app = TestApp::new().await;
    let acme = app.org("Acme").await;
    let globex = app.org("Globex").await;
    let owner = app.sign_in(&acme.owner_email).await;
    let theirs = app.sign_in(&globex.owner_email).await;
    invite_one(&app, &owner, &globex.owner_email).await;
    let token = token_for(&app, &owner, &globex.owner_email).await;

    let seen = app
        .call("get_invitation", &[("token", &token)], Some(&theirs))
        .await
        .json();
    assert_eq!(seen["Open"]["signed_in"]["is_invitee"], true);
    let joined = app
        .call(
            "accept_invitation",
            &[("token", token.as_str()), ("password", "")],
            Some(&theirs),
        )
        .await;
    assert_eq!(joined.status, StatusCode::OK, "{}", joined.body);
    let session = app
        .call("session", &[], joined.session_cookie().as_deref())
        .await
        .json();
    assert_eq!(session["SignedIn"]["org_name"], "Acme");

    // The used link, opened by them, says they are in already.
    let used = app
        .call(
            "get_invitation",
            &[("token", &token)],
            joined.session_cookie().as_deref(),
        )
        .await
        .json();
    assert_eq!(
        used["Closed"]["reason"],
        "You accepted this invitation already: you are a member of Acme."
    );
    // Opened by anyone else, it says it was used.
    assert!(landing(&app, &token).await["Closed"]["reason"]
        .as_str()
        .unwrap()
        .starts_with("This invitation to Acme has already been used to join."));
}

#[tokio::test]
async fn a_link_replaced_by_copy_link_or_resend_says_so() {
    let app = TestApp::new().await;
    let acme = app.org("Acme").await;
    let owner = app.sign_in(&acme.owner_email).await;
    invite_one(&app, &owner, "late@x.test").await;
    let first = token_for(&app, &owner, "late@x.test").await;
    let second = token_for(&app, &owner, "late@x.test").await;
    let id = invitation_id(&app, "late@x.test").await.to_string();
    let resent = app
        .call("resend_invitation", &[("id", &id)], Some(&owner))
        .await;
    assert_eq!(resent.status, StatusCode::OK, "{}", resent.body);
    for token in [&first, &second] {
        let reason = landing(&app, token).await["Closed"]["reason"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(
            reason.starts_with("This link was replaced by a newer one"),
            "{reason}"
        );
        assert!(reason.contains("or ask Owner for a new one"), "{reason}");
        let tried = accept(&app, token, Some("Late"), PASSWORD).await;
        assert_eq!(tried.status, StatusCode::FORBIDDEN);
    }
    // Once the invitation is revoked, an old link says that instead.
    app.call("revoke_invitation", &[("id", &id)], Some(&owner))
        .await;
    assert!(landing(&app, &first).await["Closed"]["reason"]
        .as_str()
        .unwrap()
        .contains("withdrawn"));
    // A link that never was one still reads as such.
    assert!(landing(&app, "ffff").await["Closed"]["reason"]
        .as_str()
        .unwrap()
        .contains("not a valid invitation"));
}

#[tokio::test]
async fn the_person_who_invites_gets_each_link_in_full_once_and_resend_answers_the_new_one() {
    let app = TestApp::new().await;
    let acme = app.org("Acme").await;
    let owner = app.sign_in(&acme.owner_email).await;
    let project = app.project(&owner, "Web").await;
    let emails = ["ana@x.test", "bo@x.test"];
    let reply = invite(
        &app,
        Some(&owner),
        request(&emails, "member", &[project], Some("consumer"), &[]),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let rows = reply.json()["rows"].as_array().unwrap().clone();
    assert_eq!(rows.len(), 2);
    for (row, email) in rows.iter().zip(emails) {
        let link = row["link"].as_str().expect("a written row has its link");
        let token = link.rsplit_once("/invite/").unwrap().1;
        assert_eq!(landing(&app, token).await["Open"]["email"], email, "{link}");
    }

    // A refused request writes nothing and shows no link.
    let refused = invite(
        &app,
        Some(&owner),
        request(
            &["ana@x.test", "cy@x.test"],
            "member",
            &[project],
            Some("consumer"),
            &[],
        ),
    )
    .await;
    assert_eq!(refused.json()["sent"], false, "{}", refused.body);
    for row in refused.json()["rows"].as_array().unwrap() {
        assert!(row["link"].is_null(), "{row}");
    }

    let id = invitation_id(&app, "bo@x.test").await.to_string();
    let resent = app
        .call("resend_invitation", &[("id", &id)], Some(&owner))
        .await;
    assert_eq!(resent.status, StatusCode::OK, "{}", resent.body);
    let link = resent.json().as_str().unwrap().to_string();
    let token = link.rsplit_once("/invite/").unwrap().1;
    assert_eq!(landing(&app, token).await["Open"]["email"], "bo@x.test");
}
