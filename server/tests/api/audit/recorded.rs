//! What the audit log records: every kind of change, with who did it, whom it was about and
//! what it touched.

use super::*;

#[tokio::test]
async fn every_change_records_who_did_it_whom_it_was_about_and_what_it_touched() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let owner_id = app.id_of(&org.owner_email).await;
    let owner = app.sign_in(&org.owner_email).await;
    let (_, bob) = person(&app, &org, "Bob Stone", OrgRole::Member).await;
    let (_, carol) = person(&app, &org, "Carol Field", OrgRole::Member).await;
    let (bob_s, carol_s) = (bob.to_string(), carol.to_string());

    // Projects and what all users get.
    let web = ok(app
        .call("create_project", &[("name", "Web")], Some(&owner))
        .await)["id"]
        .as_i64()
        .unwrap()
        .to_string();
    ok(app
        .call(
            "rename_project",
            &[("id", &web), ("name", "Site")],
            Some(&owner),
        )
        .await);
    ok(app
        .call(
            "set_all_users_role",
            &[("project_id", &web), ("role", "consumer")],
            Some(&owner),
        )
        .await);
    // A role change, individual grants.
    ok(app
        .call(
            "change_role",
            &[("account_id", &bob_s), ("role", "admin")],
            Some(&owner),
        )
        .await);
    for role in ["analyst", "consumer"] {
        ok(app
            .call(
                "set_grant",
                &[("account_id", &bob_s), ("project_id", &web), ("role", role)],
                Some(&owner),
            )
            .await);
    }
    ok(app
        .call(
            "remove_grant",
            &[("account_id", &bob_s), ("project_id", &web)],
            Some(&owner),
        )
        .await);
    // Teams: created with a member, its projects, its members, renamed, deleted.
    let team = ok(app
        .call_json(
            "create_team",
            json!({ "team": { "name": "Data", "projects": [], "members": [bob] } }),
            Some(&owner),
        )
        .await)["id"]
        .as_i64()
        .unwrap()
        .to_string();
    let team_project = [("team_id", team.as_str()), ("project_id", web.as_str())];
    ok(app
        .call(
            "set_team_project",
            &[team_project[0], team_project[1], ("role", "analyst")],
            Some(&owner),
        )
        .await);
    ok(app
        .call("remove_team_project", &team_project, Some(&owner))
        .await);
    let membership = [("team_id", team.as_str()), ("account_id", carol_s.as_str())];
    ok(app.call("add_team_member", &membership, Some(&owner)).await);
    ok(app
        .call("remove_team_member", &membership, Some(&owner))
        .await);
    ok(app
        .call_json(
            "bulk_people",
            json!({ "account_ids": [carol], "choice": { "AddToTeam": team.parse::<i64>().unwrap() } }),
            Some(&owner),
        )
        .await);
    ok(app
        .call(
            "rename_team",
            &[("id", &team), ("name", "Analytics")],
            Some(&owner),
        )
        .await);
    ok(app
        .call("delete_team", &[("id", &team)], Some(&owner))
        .await);
    // Invitations: sent, resent, a new link, accepted; another revoked.
    let web_id: i64 = web.parse().unwrap();
    let invite = |email: &'static str| {
        let body = json!({ "request": {
            "emails": [email], "org_role": "member", "project_ids": [web_id], "project_role": "consumer", "team_ids": [],
        }});
        app.call_json("invite_users", body, Some(&owner))
    };
    ok(invite("dana@new.test").await);
    ok(invite("eve@new.test").await);
    let invitation = |email: &'static str| {
        sqlx::query_scalar::<_, i64>("SELECT id FROM invitations WHERE email = $1")
            .bind(email)
            .fetch_one(&app.db)
    };
    let dana_invitation = invitation("dana@new.test").await.unwrap().to_string();
    let eve_invitation = invitation("eve@new.test").await.unwrap().to_string();
    ok(app
        .call(
            "resend_invitation",
            &[("id", &dana_invitation)],
            Some(&owner),
        )
        .await);
    let link = ok(app
        .call("invitation_link", &[("id", &dana_invitation)], Some(&owner))
        .await);
    let token = link.as_str().unwrap().rsplit_once("/invite/").unwrap().1;
    ok(app
        .call(
            "accept_invitation",
            &[
                ("token", token),
                ("name", "Dana Lee"),
                ("password", PASSWORD),
            ],
            None,
        )
        .await);
    let dana = app.id_of("dana@new.test").await;
    ok(app
        .call(
            "revoke_invitation",
            &[("id", &eve_invitation)],
            Some(&owner),
        )
        .await);
    // Bulk role change, a removal, and the project deleted.
    ok(app
        .call_json(
            "bulk_people",
            json!({ "account_ids": [carol], "choice": { "ChangeRole": "billing_admin" } }),
            Some(&owner),
        )
        .await);
    ok(app
        .call("remove_person", &[("account_id", &bob_s)], Some(&owner))
        .await);
    ok(app
        .call("delete_project", &[("id", &web)], Some(&owner))
        .await);

    let all = entries(&app, &owner, json!({})).await;
    // (kind, who, whom about, target, details): the newest such event.
    let expected: Vec<Expected> = vec![
        ("project.create", Some(owner_id), None, "project “Web”", ""),
        (
            "project.rename",
            Some(owner_id),
            None,
            "project “Site”",
            "“Web” → “Site”",
        ),
        (
            "project.all_users_role",
            Some(owner_id),
            None,
            "project “Site”",
            "nothing → Consumer",
        ),
        (
            "member.role_change",
            Some(owner_id),
            Some(bob),
            "Bob Stone",
            "Member → Admin",
        ),
        (
            "grant.set",
            Some(owner_id),
            Some(bob),
            "Bob Stone on project “Site”",
            "Analyst → Consumer",
        ),
        (
            "grant.remove",
            Some(owner_id),
            Some(bob),
            "Bob Stone on project “Site”",
            "Was Consumer",
        ),
        (
            "team.create",
            Some(owner_id),
            None,
            "team “Data”",
            "1 member",
        ),
        (
            "team.project_role",
            Some(owner_id),
            None,
            "team “Data”",
            "Site → Analyst",
        ),
        (
            "team.project_remove",
            Some(owner_id),
            None,
            "team “Data”",
            "Site",
        ),
        (
            "team.member_remove",
            Some(owner_id),
            Some(carol),
            "team “Data”",
            "carol.field@1.test",
        ),
        (
            "team.rename",
            Some(owner_id),
            None,
            "team “Analytics”",
            "“Data” → “Analytics”",
        ),
        (
            "team.delete",
            Some(owner_id),
            None,
            "team “Analytics”",
            "2 members, 0 projects",
        ),
        (
            "invitation.create",
            Some(owner_id),
            None,
            "invitation for eve@new.test",
            "As Member; Site (Consumer)",
        ),
        (
            "invitation.revoke",
            Some(owner_id),
            None,
            "invitation for eve@new.test",
            "",
        ),
        (
            "invitation.link",
            Some(owner_id),
            None,
            "invitation for dana@new.test",
            "New link, same expiry",
        ),
        (
            "invitation.accept",
            Some(dana),
            Some(dana),
            "invitation for dana@new.test",
            "Joined as Member, invited by Owner",
        ),
        (
            "member.bulk",
            Some(owner_id),
            None,
            "1 person",
            "Change role to Billing Admin: 1 changed, 0 refused",
        ),
        (
            "member.remove",
            Some(owner_id),
            Some(bob),
            "Bob Stone",
            "Was Admin",
        ),
        ("project.delete", Some(owner_id), None, "project “Site”", ""),
    ];
    for (action, actor, subject, target, details) in expected {
        let event = all
            .iter()
            .find(|e| e["action"] == action && e["subject_id"].as_i64() == subject)
            .unwrap_or_else(|| panic!("no {action} event about {subject:?} in {all:#?}"));
        assert_eq!(event["actor_id"].as_i64(), actor, "who: {event}");
        assert_eq!(event["target"], target, "target: {event}");
        assert_eq!(event["details"], details, "details: {event}");
        assert_ne!(event["what"], action, "{action} has a wording");
    }
    assert_eq!(
        find(&all, "member.role_change")["what"],
        "Changed organization role"
    );
    assert_eq!(find(&all, "member.role_change")["actor"], "Owner");
    let resend = find(&all, "invitation.resend");
    assert!(resend["details"]
        .as_str()
        .unwrap()
        .starts_with("New link, expires "));
    // Bulk changes record one event per person besides the summary, about that person.
    let bulk_role = all
        .iter()
        .find(|e| e["action"] == "member.role_change" && e["subject_id"] == carol)
        .expect("the bulk role change of Carol");
    assert_eq!(bulk_role["details"], "Member → Billing Admin");
    let joins: Vec<&Value> = all
        .iter()
        .filter(|e| e["action"] == "team.member_add")
        .collect();
    assert_eq!(
        joins.len(),
        3,
        "created with Bob, Carol added, Carol added in bulk"
    );
    assert!(joins.iter().all(|e| e["target"] == "team “Data”"));
    assert_eq!(
        joins
            .iter()
            .map(|e| e["subject_id"].as_i64().unwrap())
            .collect::<Vec<_>>(),
        [carol, carol, bob]
    );
    // Newest first.
    let ids: Vec<i64> = all.iter().map(|e| e["id"].as_i64().unwrap()).collect();
    assert!(ids.windows(2).all(|w| w[0] > w[1]), "{ids:?}");
}
