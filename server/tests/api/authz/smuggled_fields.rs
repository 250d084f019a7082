//! Fields a function does not take, smuggled into its request, are never applied.

use super::*;

/// The org role of `account_id` in `org_id`, if a member.
async fn role_in(app: &TestApp, org_id: i64, account_id: i64) -> Option<String> {
    sqlx::query_scalar("SELECT org_role FROM memberships WHERE org_id = $1 AND account_id = $2")
        .bind(org_id)
        .bind(account_id)
        .fetch_optional(&app.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn fields_a_function_does_not_take_are_never_applied() {
    let world = World::new().await;
    let (app, acme, globex) = (&world.app, world.acme.id, world.globex.id);
    let admin = world.cookie(Who::Role(OrgRole::Admin)).await.unwrap();
    let admin_id = world.people[1].1;
    let fx = Fx::new(app, &world.acme).await;
    let globex_text = globex.to_string();

    // A project is made in the actor's organization, whatever org_id the form names.
    let reply = app
        .call(
            "create_project",
            &[("name", "Smuggled"), ("org_id", &globex_text)],
            Some(&admin),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let owner_org: i64 = sqlx::query_scalar("SELECT org_id FROM projects WHERE name = 'Smuggled'")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(owner_org, acme);

    // A role change changes the target's role and nothing else: not the actor's, not in another org.
    let member = fx.person(OrgRole::Member).await;
    let member_text = member.to_string();
    let admin_text = admin_id.to_string();
    let reply = app
        .call(
            "change_role",
            &[
                ("account_id", member_text.as_str()),
                ("role", "billing_admin"),
                ("org_id", &globex_text),
                ("actor_role", "owner"),
                ("org_role", "owner"),
                ("actor_id", &admin_text),
            ],
            Some(&admin),
        )
        .await;
    assert!(
        reply.status == StatusCode::OK || reply.status.is_client_error(),
        "{}",
        reply.body
    );
    assert_eq!(
        role_in(app, acme, member).await.as_deref(),
        Some(if reply.status == StatusCode::OK {
            "billing_admin"
        } else {
            "member"
        })
    );
    assert_eq!(role_in(app, acme, admin_id).await.as_deref(), Some("admin"));
    assert_eq!(role_in(app, globex, member).await, None);

    // An individual grant does not carry an organization role.
    let project = fx.project().await.to_string();
    let reply = app
        .call(
            "set_grant",
            &[
                ("account_id", member_text.as_str()),
                ("project_id", &project),
                ("role", "owner"),
                ("org_role", "owner"),
            ],
            Some(&admin),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_ne!(role_in(app, acme, member).await.as_deref(), Some("owner"));

    // An invitation is the actor's, pending, in their organization, with the role the policy let
    // them give.
    let reply = app
        .call_json(
            "invite_users",
            json!({ "request": {
                "emails": ["smuggler@outside.test"], "org_role": "member",
                "project_ids": [project.parse::<i64>().unwrap()], "project_role": "consumer", "team_ids": [],
                "org_id": globex, "invited_by": world.globex_owner, "status": "accepted",
                "token_hash": "00", "expires_at": 0,
            }}),
            Some(&admin),
        )
        .await;
    if reply.status == StatusCode::OK {
        let (org, by, status, role): (i64, i64, String, String) = sqlx::query_as(
            "SELECT org_id, invited_by, status, org_role FROM invitations WHERE email = 'smuggler@outside.test'",
        )
        .fetch_one(&app.db)
        .await
        .unwrap();
        assert_eq!(
            (org, by, status.as_str(), role.as_str()),
            (acme, admin_id, "pending", "member")
        );
    } else {
        assert!(reply.status.is_client_error(), "{}", reply.body);
        assert_eq!(
            app.count("SELECT COUNT(*) FROM invitations WHERE email = 'smuggler@outside.test'")
                .await,
            0
        );
    }

    // Accepting a Member's invitation makes a Member of the inviting organization, and only that.
    let (_, token) = fx.invitation(OrgRole::Member).await;
    let email: String =
        sqlx::query_scalar("SELECT email FROM invitations ORDER BY id DESC LIMIT 1")
            .fetch_one(&app.db)
            .await
            .unwrap();
    let reply = app
        .call(
            "accept_invitation",
            &[
                ("token", token.as_str()),
                ("name", "Joiner"),
                ("password", crate::support::PASSWORD),
                ("role", "owner"),
                ("org_role", "owner"),
                ("org_id", &globex_text),
            ],
            None,
        )
        .await;
    let joined = app.id_of(&email).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(role_in(app, acme, joined).await.as_deref(), Some("member"));
    assert_eq!(role_in(app, globex, joined).await, None);

    // Signing in lands in the person's own organization.
    let member_email = fx.person_email(OrgRole::Member).await;
    let reply = app
        .call(
            "sign_in",
            &[
                ("email", member_email.as_str()),
                ("password", crate::support::PASSWORD),
                ("org_id", &globex_text),
            ],
            None,
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let session = app
        .call("session", &[], reply.session_cookie().as_deref())
        .await
        .json();
    assert_eq!(session["SignedIn"]["org_id"], json!(acme), "{session}");
    assert_eq!(session["SignedIn"]["role"], json!("member"), "{session}");

    // A team is made in the actor's organization.
    let reply = app
        .call_json(
            "create_team",
            json!({ "team": { "name": "Smugglers", "projects": [], "members": [], "org_id": globex } }),
            Some(&admin),
        )
        .await;
    assert!(reply.status == StatusCode::OK || reply.status.is_client_error());
    assert_eq!(
        app.count("SELECT COUNT(*) FROM teams WHERE name = 'Smugglers' AND org_id <> (SELECT org_id FROM projects WHERE name = 'Smuggled')")
            .await,
        0
    );
}
