//! Who may invite: Owners and Admins from every tab, and an Admin never an Owner.

use super::*;

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
