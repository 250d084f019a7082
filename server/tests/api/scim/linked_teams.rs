//! Teams linked to the identity provider: a group holds only people of the organization (a
//! refusal writes nothing), a group named like a hand-made team links that team, and a linked
//! team's members change only over SCIM (by hand, and through an invitation, they are refused)
//! while its project roles are still set in Roster.

use super::*;
use crate::support::{TestApp, PASSWORD};
use roster_core::actor::Actor;
use roster_core::store::invitation_links;
use shared::{Action, InvitationId, OrgRole};

#[tokio::test]
async fn a_group_takes_only_people_of_the_organization_and_a_refusal_writes_nothing() {
    let app = TestApp::new().await;
    let acme = app.org("Acme").await;
    let globex = app.org("Globex").await;
    let token = token(&app, &acme).await;
    let inside = app.id_of(&app.person(&acme, OrgRole::Member).await).await;
    let outside = app.id_of(&app.person(&globex, OrgRole::Member).await).await;

    for stranger in [outside, 987_654] {
        let before = counts(&app).await;
        let body = json!({
            "schemas": [GROUP],
            "displayName": "Mixed",
            "members": [{ "value": inside.to_string() }, { "value": stranger.to_string() }],
        });
        let reply = scim(&app, Method::POST, "/Groups", &token, Some(body)).await;
        let error = expect_error(&reply, StatusCode::BAD_REQUEST);
        assert_eq!(error["scimType"], "invalidValue", "{error}");
        assert_eq!(counts(&app).await, before, "no team, no member, no event");
    }

    let group = create_group(&app, &token, "Acme only", &[inside]).await;
    let before = counts(&app).await;
    let add = patch(
        json!([{ "op": "add", "path": "members", "value": [{ "value": outside.to_string() }] }]),
    );
    let path = format!("/Groups/team-{}", team_id(&group));
    let reply = scim(&app, Method::PATCH, &path, &token, Some(add)).await;
    expect_error(&reply, StatusCode::BAD_REQUEST);
    assert_eq!(counts(&app).await, before);
    assert_eq!(
        stored_members(&app, team_id(&group)).await,
        BTreeSet::from([inside])
    );
}

#[tokio::test]
async fn a_group_named_like_a_hand_made_team_links_that_team() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let owner = app.sign_in(&org.owner_email).await;
    let project = app.project(&owner, "Web").await;
    let (a, b) = (
        app.id_of(&app.person(&org, OrgRole::Member).await).await,
        app.id_of(&app.person(&org, OrgRole::Member).await).await,
    );
    let team = hand_made_team(&app, &owner, "Design", project, &[a]).await;
    let token = token(&app, &org).await;
    let (teams, since) = (
        app.count("SELECT COUNT(*) FROM teams").await,
        last_event(&app).await,
    );

    let group = create_group(&app, &token, "Design", &[a, b]).await;
    assert_eq!(group["id"], format!("team-{team}"), "the same team");
    assert_eq!(app.count("SELECT COUNT(*) FROM teams").await, teams);
    let shared::stored::Flag(managed) =
        sqlx::query_scalar("SELECT scim_managed FROM teams WHERE id = $1")
            .bind(team)
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert!(managed);
    assert_eq!(stored_members(&app, team).await, BTreeSet::from([a, b]));
    let projects = app.count("SELECT COUNT(*) FROM team_projects").await;
    assert_eq!(projects, 1, "what the team grants stays");
    let events = events_since(&app, since).await;
    assert!(
        events
            .iter()
            .any(|(action, actor, target)| action == "scim.group_link"
                && actor == "SCIM token Okta"
                && target.contains("Design")),
        "{events:?}"
    );
    assert!(
        !events.iter().any(|e| e.0 == "scim.group_create"),
        "{events:?}"
    );
}

#[tokio::test]
async fn a_linked_team_refuses_member_changes_by_hand_but_takes_project_roles() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let owner = app.sign_in(&org.owner_email).await;
    let project = app.project(&owner, "Web").await;
    let token = token(&app, &org).await;
    let (a, b) = (
        app.id_of(&app.person(&org, OrgRole::Member).await).await,
        app.id_of(&app.person(&org, OrgRole::Member).await).await,
    );
    let team = team_id(&create_group(&app, &token, "Engineering", &[a]).await);
    let before = counts(&app).await;
    for (function, person) in [("add_team_member", b), ("remove_team_member", a)] {
        let form = [
            ("team_id", team.to_string()),
            ("account_id", person.to_string()),
        ];
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let reply = app.call(function, &form, Some(&owner)).await;
        assert_eq!(
            reply.status,
            StatusCode::FORBIDDEN,
            "{function}: {}",
            reply.body
        );
        assert!(
            reply.body.contains("identity provider"),
            "{function}: {}",
            reply.body
        );
        assert_eq!(counts(&app).await, before, "{function} wrote something");
    }
    assert_eq!(stored_members(&app, team).await, BTreeSet::from([a]));

    let form = [
        ("team_id", team.to_string()),
        ("project_id", project.to_string()),
        ("role", "analyst".to_string()),
    ];
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let reply = app.call("set_team_project", &form, Some(&owner)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let role: String =
        sqlx::query_scalar("SELECT role FROM team_projects WHERE team_id = $1 AND project_id = $2")
            .bind(team)
            .bind(project)
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(role, "analyst");
}

#[tokio::test]
async fn an_invitation_cannot_put_someone_into_a_linked_team() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let owner = app.sign_in(&org.owner_email).await;
    let token = token(&app, &org).await;
    let team = team_id(&create_group(&app, &token, "Engineering", &[]).await);
    let email = "newcomer@outside.test";
    let body = json!({ "request": {
        "emails": [email], "org_role": "member",
        "project_ids": [], "project_role": null, "team_ids": [team],
    }});
    let invited = app.call_json("invite_users", body, Some(&owner)).await;
    let invitation: Option<i64> = sqlx::query_scalar("SELECT id FROM invitations WHERE email = $1")
        .bind(email)
        .fetch_optional(&app.db)
        .await
        .unwrap();
    if let (true, Some(invitation)) = (invited.status.is_success(), invitation) {
        let actor = Actor {
            account_id: shared::AccountId(app.id_of(&org.owner_email).await),
            name: "Owner".into(),
            email: org.owner_email.clone(),
            org_id: org.id,
            org_name: "Acme".into(),
            org_slug: "acme".into(),
            role: OrgRole::Owner,
        };
        let permit = actor
            .permit(Action::Invite {
                role: OrgRole::Member,
            })
            .unwrap();
        let link = invitation_links::new_link(&app.db, &permit, InvitationId(invitation))
            .await
            .unwrap();
        let form = [
            ("token", link.as_str()),
            ("name", "Newcomer"),
            ("password", PASSWORD),
        ];
        let accepted = app.call("accept_invitation", &form, None).await;
        assert_eq!(accepted.status, StatusCode::OK, "{}", accepted.body);
    }
    assert!(
        stored_members(&app, team).await.is_empty(),
        "a linked team's members change only over SCIM (invitation answered {}: {})",
        invited.status,
        invited.body
    );
}

#[tokio::test]
async fn the_identity_provider_deletes_only_teams_it_linked() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let owner = app.sign_in(&org.owner_email).await;
    let token = token(&app, &org).await;
    let project = app.project(&owner, "Web").await;
    let hand_made = hand_made_team(&app, &owner, "Design", project, &[]).await;
    let before = counts(&app).await;
    let refused = scim(
        &app,
        Method::DELETE,
        &format!("/Groups/team-{hand_made}"),
        &token,
        None,
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    assert_eq!(refused.json()["status"], "403");
    assert_eq!(counts(&app).await, before, "a refusal writes nothing");

    let linked = team_id(&create_group(&app, &token, "Engineering", &[]).await);
    let deleted = scim(
        &app,
        Method::DELETE,
        &format!("/Groups/team-{linked}"),
        &token,
        None,
    )
    .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{}", deleted.body);
}
