//! Role changes through the router: the policy and its ceilings, and the last-Owner rule, also
//! under concurrent requests.

use super::*;

async fn change_role(
    app: &TestApp,
    cookie: Option<&str>,
    account_id: i64,
    role: &str,
) -> crate::support::Reply {
    app.call(
        "change_role",
        &[("account_id", &account_id.to_string()), ("role", role)],
        cookie,
    )
    .await
}

#[tokio::test]
async fn role_changes_follow_the_policy_and_its_ceilings() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let owner = app.sign_in(&org.owner_email).await;
    let admin_email = app.person(&org, OrgRole::Admin).await;
    let admin = app.sign_in(&admin_email).await;
    let other_admin = app.id_of(&app.person(&org, OrgRole::Admin).await).await;
    let billing = app
        .sign_in(&app.person(&org, OrgRole::BillingAdmin).await)
        .await;
    let member_email = app.person(&org, OrgRole::Member).await;
    let member_id = app.id_of(&member_email).await;
    let member = app.sign_in(&member_email).await;
    let audit = "SELECT COUNT(*) FROM audit_events";

    // Refused, with nothing written.
    let before = app.count(audit).await;
    assert_eq!(
        change_role(&app, None, member_id, "admin").await.status,
        StatusCode::UNAUTHORIZED
    );
    for cookie in [&member, &billing] {
        assert_eq!(
            change_role(&app, Some(cookie), member_id, "admin")
                .await
                .status,
            StatusCode::FORBIDDEN
        );
    }
    let above = change_role(&app, Some(&admin), member_id, "owner").await;
    assert_eq!(
        above.status,
        StatusCode::FORBIDDEN,
        "an Admin can make no one Owner"
    );
    assert!(
        above
            .body
            .contains("You can give roles up to Admin, and no higher."),
        "{}",
        above.body
    );
    assert_eq!(
        change_role(&app, Some(&admin), other_admin, "member")
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let admin_id = app.id_of(&admin_email).await;
    assert_eq!(
        change_role(&app, Some(&admin), admin_id, "owner")
            .await
            .status,
        StatusCode::FORBIDDEN,
        "not themselves either"
    );
    assert_eq!(app.count(audit).await, before);
    assert_eq!(role_of(&app, member_id).await.as_deref(), Some("member"));

    // Allowed.
    assert_eq!(
        change_role(&app, Some(&admin), member_id, "billing_admin")
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        change_role(&app, Some(&owner), member_id, "owner")
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(role_of(&app, member_id).await.as_deref(), Some("owner"));
    assert_eq!(app.count(audit).await, before + 2);

    // The change takes effect on the person's very next request.
    let now_owner = app
        .call("delete_project", &[("id", "999")], Some(&member))
        .await;
    assert_eq!(
        now_owner.status,
        StatusCode::NOT_FOUND,
        "an Owner may delete projects; this one does not exist"
    );
}

#[tokio::test]
async fn an_organization_always_keeps_an_owner() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let owner_id = app.id_of(&org.owner_email).await;
    let owner = app.sign_in(&org.owner_email).await;
    let demote = change_role(&app, Some(&owner), owner_id, "admin").await;
    assert_eq!(demote.status, StatusCode::FORBIDDEN);
    assert!(
        demote.body.contains("at least one Owner"),
        "{}",
        demote.body
    );
    let leave = app
        .call(
            "remove_person",
            &[("account_id", &owner_id.to_string())],
            Some(&owner),
        )
        .await;
    assert_eq!(leave.status, StatusCode::FORBIDDEN);
    assert_eq!(role_of(&app, owner_id).await.as_deref(), Some("owner"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_owners_demoting_each_other_at_once_leave_exactly_one() {
    for _ in 0..10 {
        let app = TestApp::new().await;
        let org = app.org("Acme").await;
        let a_email = org.owner_email.clone();
        let b_email = app.person(&org, OrgRole::Owner).await;
        let (a_id, b_id) = (app.id_of(&a_email).await, app.id_of(&b_email).await);
        let (a, b) = (app.sign_in(&a_email).await, app.sign_in(&b_email).await);
        let (first, second) = tokio::join!(
            change_role(&app, Some(&a), b_id, "member"),
            change_role(&app, Some(&b), a_id, "member"),
        );
        let mut statuses = [first.status, second.status];
        statuses.sort();
        assert_eq!(
            statuses,
            [StatusCode::OK, StatusCode::FORBIDDEN],
            "{} / {}",
            first.body,
            second.body
        );
        assert_eq!(
            app.count("SELECT COUNT(*) FROM memberships WHERE org_role = 'owner'")
                .await,
            1
        );
    }
}
