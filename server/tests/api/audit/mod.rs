//! The audit log through the real router: the Audit log tab's server function filters by person
//! and kind and pages by event; its CSV export follows the same filters; only an organization's
//! Owners and Admins read its log, and only its own. What each change records is in `recorded`.

use crate::support::{password_hash, Org, Reply, TestApp, PASSWORD};
use axum::http::StatusCode;
use roster_core::store::directory;
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
    (email, id.0)
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

mod outside;
mod recorded;
mod unchanged;
