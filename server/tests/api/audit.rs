//! The audit log through the real router: every kind of change records its event with who did it,
//! whom it was about and what it touched; the Audit log tab's server function filters by person
//! and kind and pages by event; its CSV export follows the same filters; only an organization's
//! Owners and Admins read its log, and only its own.

use crate::support::{password_hash, Org, Reply, TestApp, PASSWORD};
use app::store::directory;
use axum::http::StatusCode;
use serde_json::{json, Value};
use shared::OrgRole;

fn ok(reply: Reply) -> Value {
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    if reply.body.is_empty() {
        Value::Null
    } else {
        reply.json()
    }
}

/// A person named `name` with `role` in `org`: their email and account id.
async fn person(app: &TestApp, org: &Org, name: &str, role: OrgRole) -> (String, i64) {
    let email = format!("{}@{}.test", name.to_lowercase().replace(' ', "."), org.id);
    let id = directory::add_person(&app.db, org.id, name, &email, &password_hash().await, role)
        .await
        .unwrap();
    (email, id)
}

/// The log as `cookie` reads it with `query` (person, kind, before, after).
async fn log(app: &TestApp, cookie: Option<&str>, query: Value) -> Reply {
    app.call_json("audit_log", json!({ "query": query }), cookie)
        .await
}

/// The entries of one page, newest first.
async fn entries(app: &TestApp, cookie: &str, query: Value) -> Vec<Value> {
    ok(log(app, Some(cookie), query).await)["entries"]
        .as_array()
        .unwrap()
        .clone()
}

/// The newest entry whose stored kind is `action`.
fn find<'a>(entries: &'a [Value], action: &str) -> &'a Value {
    entries
        .iter()
        .find(|e| e["action"] == action)
        .unwrap_or_else(|| panic!("no {action} event in {entries:#?}"))
}

/// An event as expected: its kind, who made it, whom it was about, its target and details.
type Expected = (
    &'static str,
    Option<i64>,
    Option<i64>,
    &'static str,
    &'static str,
);

fn actions(entries: &[Value]) -> Vec<String> {
    entries
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_string())
        .collect()
}

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
    let invite = |email: &'static str| {
        let body = json!({ "request": {
            "emails": [email], "org_role": "member", "project_ids": [], "project_role": null, "team_ids": [],
        }});
        app.call_json("invite_users", body, Some(&owner))
    };
    ok(invite("dana@new.test").await);
    ok(invite("eve@new.test").await);
    let invitation = |email: &'static str| {
        sqlx::query_scalar::<_, i64>("SELECT id FROM invitations WHERE email = ?")
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
            "As Member",
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
            "1 people",
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

#[tokio::test]
async fn the_log_filters_by_person_and_kind_and_pages_by_event() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let owner = app.sign_in(&org.owner_email).await;
    let (admin_email, admin_id) = person(&app, &org, "Ada Admin", OrgRole::Admin).await;
    let admin = app.sign_in(&admin_email).await;
    let (_, bob) = person(&app, &org, "Bob Stone", OrgRole::Member).await;
    let (_, carol) = person(&app, &org, "Carol Field", OrgRole::Member).await;
    let role = |cookie: &str, id: i64, role: &'static str| {
        let (cookie, id) = (cookie.to_string(), id.to_string());
        let app = &app;
        async move {
            ok(app
                .call(
                    "change_role",
                    &[("account_id", &id), ("role", role)],
                    Some(&cookie),
                )
                .await);
        }
    };
    // The Admin changes Bob's role; the Owner changes the Admin's and Carol's; the Admin makes a project.
    role(&admin, bob, "billing_admin").await;
    role(&owner, admin_id, "member").await;
    role(&owner, admin_id, "admin").await;
    role(&owner, carol, "billing_admin").await;
    ok(app
        .call("create_project", &[("name", "Web")], Some(&admin))
        .await);

    // By person: what they did and what was done to them.
    let ada = entries(&app, &owner, json!({ "person": admin_id })).await;
    assert_eq!(
        actions(&ada),
        [
            "project.create",
            "member.role_change",
            "member.role_change",
            "member.role_change",
            "member.add"
        ]
    );
    let ada_page = ok(log(&app, Some(&owner), json!({ "person": admin_id })).await);
    assert_eq!(ada_page["person"]["name"], "Ada Admin");
    assert_eq!(ada_page["person"]["email"], admin_email);
    let by_bob = entries(&app, &owner, json!({ "person": bob })).await;
    assert_eq!(actions(&by_bob), ["member.role_change", "member.add"]);
    assert_eq!(by_bob[0]["actor_id"], admin_id);

    // By kind, and both.
    let projects = entries(&app, &owner, json!({ "kind": "project_change" })).await;
    assert_eq!(actions(&projects), ["project.create"]);
    let roles = entries(&app, &owner, json!({ "kind": "role_change" })).await;
    assert_eq!(roles.len(), 4);
    let ada_roles = entries(
        &app,
        &owner,
        json!({ "person": admin_id, "kind": "role_change" }),
    )
    .await;
    assert_eq!(ada_roles.len(), 3);
    let none = entries(&app, &owner, json!({ "person": carol, "kind": "removal" })).await;
    assert!(none.is_empty());

    // Pages of 50 by event: 60 more events, then older and newer pages.
    for n in 0..60 {
        let name = format!("P{n}");
        ok(app
            .call("create_project", &[("name", &name)], Some(&owner))
            .await);
    }
    let first = ok(log(&app, Some(&owner), json!({ "kind": "project_change" })).await);
    let first_entries = first["entries"].as_array().unwrap();
    assert_eq!(first_entries.len(), 50);
    assert_eq!(first_entries[0]["target"], "project “P59”");
    assert!(first["newer"].is_null());
    let older = first["older"].clone();
    assert_eq!(older["kind"], "project_change");
    let second = ok(log(&app, Some(&owner), older).await);
    let second_entries = second["entries"].as_array().unwrap();
    assert_eq!(second_entries.len(), 11, "P9 … P0 and Web");
    assert_eq!(second_entries[0]["target"], "project “P9”");
    assert_eq!(second_entries[10]["target"], "project “Web”");
    assert!(second["older"].is_null());
    let back = ok(log(&app, Some(&owner), second["newer"].clone()).await);
    assert_eq!(back["entries"], first["entries"]);
    assert!(back["newer"].is_null(), "the newest page has nothing newer");
    // Less than a page newer than an event: the first page, whole.
    let near_top = json!({ "kind": "project_change", "after": first_entries[5]["id"] });
    let top = ok(log(&app, Some(&owner), near_top).await);
    assert_eq!(top["entries"], first["entries"]);
}

#[tokio::test]
async fn an_organization_reads_only_its_own_log() {
    let app = TestApp::new().await;
    let acme = app.org("Acme").await;
    let globex = app.org("Globex").await;
    let acme_owner = app.sign_in(&acme.owner_email).await;
    let globex_owner = app.sign_in(&globex.owner_email).await;
    let (_, acme_bob) = person(&app, &acme, "Bob Stone", OrgRole::Member).await;
    ok(app
        .call(
            "change_role",
            &[("account_id", &acme_bob.to_string()), ("role", "admin")],
            Some(&acme_owner),
        )
        .await);
    ok(app
        .call("create_project", &[("name", "Secret")], Some(&acme_owner))
        .await);

    let seen = entries(&app, &globex_owner, json!({})).await;
    assert_eq!(actions(&seen), ["organization.create"], "{seen:#?}");
    assert_eq!(seen[0]["target"], "organization “Globex”");
    // Another organization's person: no events and not even their name.
    let probe = ok(log(&app, Some(&globex_owner), json!({ "person": acme_bob })).await);
    assert_eq!(probe["entries"], json!([]));
    assert!(probe["person"].is_null());
    let csv = app
        .get(
            &format!("/export/audit.csv?person={acme_bob}"),
            Some(&globex_owner),
        )
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(csv.body.lines().count(), 1, "only the header: {}", csv.body);
    let all_csv = app.get("/export/audit.csv", Some(&globex_owner)).await;
    assert!(!all_csv.body.contains("Secret") && !all_csv.body.contains("Bob"));
}

#[tokio::test]
async fn only_owners_and_admins_read_the_log_whatever_the_page_shows() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    for (role, function, csv) in [
        (Some(OrgRole::Owner), StatusCode::OK, StatusCode::OK),
        (Some(OrgRole::Admin), StatusCode::OK, StatusCode::OK),
        (
            Some(OrgRole::BillingAdmin),
            StatusCode::FORBIDDEN,
            StatusCode::FORBIDDEN,
        ),
        (
            Some(OrgRole::Member),
            StatusCode::FORBIDDEN,
            StatusCode::FORBIDDEN,
        ),
        (None, StatusCode::UNAUTHORIZED, StatusCode::UNAUTHORIZED),
    ] {
        let cookie = match role {
            Some(role) => Some(app.sign_in(&app.person(&org, role).await).await),
            None => None,
        };
        let reply = log(&app, cookie.as_deref(), json!({})).await;
        assert_eq!(reply.status, function, "{role:?}: {}", reply.body);
        if function != StatusCode::OK {
            assert!(
                !reply.body.contains("organization.create"),
                "{}",
                reply.body
            );
        }
        let export = app.get("/export/audit.csv", cookie.as_deref()).await;
        assert_eq!(export.status, csv, "{role:?}: {}", export.body);
        if csv != StatusCode::OK {
            assert!(!export.body.contains("organization"), "{}", export.body);
        }
    }
}

#[tokio::test]
async fn the_csv_holds_the_filtered_view_with_formulas_defused() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let owner = app.sign_in(&org.owner_email).await;
    let (admin_email, admin_id) = person(&app, &org, "=HYPERLINK(\"x\")", OrgRole::Admin).await;
    let admin = app.sign_in(&admin_email).await;
    let (_, bob) = person(&app, &org, "Bob, Jr.", OrgRole::Member).await;
    ok(app
        .call(
            "change_role",
            &[("account_id", &bob.to_string()), ("role", "billing_admin")],
            Some(&admin),
        )
        .await);
    ok(app
        .call("create_project", &[("name", "Web")], Some(&owner))
        .await);

    let reply = app
        .get("/export/audit.csv?kind=role_change", Some(&owner))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(
        reply.headers["content-type"].to_str().unwrap(),
        "text/csv; charset=utf-8"
    );
    assert!(reply.headers["content-disposition"]
        .to_str()
        .unwrap()
        .contains("audit-log.csv"));
    let lines: Vec<&str> = reply.body.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines[0], "when,who,what,target,details,kind");
    assert_eq!(lines.len(), 2, "{}", reply.body);
    let row = lines[1];
    assert!(
        row.ends_with(
            ",\"'=HYPERLINK(\"\"x\"\")\",Changed organization role,\"Bob, Jr.\",Member → Billing Admin,member.role_change"
        ),
        "{row}"
    );
    let when = row.split(',').next().unwrap();
    assert!(
        when.ends_with(" UTC") && when.len() == "2026-11-28 14:05:09 UTC".len(),
        "{when}"
    );

    // The person filter: what the Admin did and what was done to them.
    let by_admin = app
        .get(
            &format!("/export/audit.csv?person={admin_id}"),
            Some(&owner),
        )
        .await;
    let kinds: Vec<&str> = by_admin
        .body
        .split("\r\n")
        .skip(1)
        .filter(|l| !l.is_empty())
        .map(|l| l.rsplit(',').next().unwrap())
        .collect();
    assert_eq!(kinds, ["member.role_change", "member.add"]);
}
