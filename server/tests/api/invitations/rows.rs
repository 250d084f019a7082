//! What a row of an invitation is refused for (a member already, a pending invitation, a repeat),
//! and the one spelling an address is kept in.

use super::*;

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
