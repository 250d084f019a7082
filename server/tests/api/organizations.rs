//! Several organizations per account: every request is about one organization and is served with
//! the person's role *there*; another organization is "not found"; a second organization joined
//! with the existing account; leaving; a new address that keeps the old one working; deleting an
//! organization with exactly its rows; creating one.

use crate::support::{Org, Reply, TestApp, PASSWORD};
use axum::http::StatusCode;
use serde_json::json;
use shared::OrgRole;
use std::collections::BTreeMap;

/// Makes the person with `email` a member of `org` with `role` (as accepting an invitation would).
async fn join(app: &TestApp, org: &Org, email: &str, role: OrgRole) {
    sqlx::query(
        "INSERT INTO memberships (org_id, account_id, org_role, joined_at)
         SELECT $1, id, $2, 0 FROM accounts WHERE email = $3",
    )
    .bind(org.id)
    .bind(role.as_str())
    .bind(email)
    .execute(&app.db)
    .await
    .unwrap();
}

async fn call_in(
    app: &TestApp,
    org: i64,
    name: &str,
    form: &[(&str, &str)],
    cookie: &str,
) -> Reply {
    let org = org.to_string();
    let mut form = form.to_vec();
    form.push(("org", &org));
    app.call(name, &form, Some(cookie)).await
}

#[tokio::test]
async fn a_person_acts_in_each_organization_with_the_role_they_hold_there() {
    let app = TestApp::new().await;
    let acme = app.org("Acme").await;
    let globex = app.org("Globex").await;
    let initech = app.org("Initech").await;
    join(&app, &globex, &acme.owner_email, OrgRole::Member).await;
    let cookie = app.sign_in(&acme.owner_email).await;

    let made = call_in(&app, acme.id, "create_project", &[("name", "Web")], &cookie).await;
    assert_eq!(made.status, StatusCode::OK, "Owner of Acme: {}", made.body);
    let refused = call_in(
        &app,
        globex.id,
        "create_project",
        &[("name", "Web")],
        &cookie,
    )
    .await;
    assert_eq!(
        refused.status,
        StatusCode::FORBIDDEN,
        "Member of Globex: {}",
        refused.body
    );
    let hidden = call_in(
        &app,
        initech.id,
        "create_project",
        &[("name", "Web")],
        &cookie,
    )
    .await;
    assert_eq!(
        hidden.status,
        StatusCode::NOT_FOUND,
        "not in Initech: {}",
        hidden.body
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM projects").await, 1);

    // Reads follow the same organization: Acme's project is not in Globex's list.
    let acme_list = call_in(&app, acme.id, "list_projects", &[], &cookie).await;
    assert_eq!(acme_list.json().as_array().unwrap().len(), 1);
    let globex_list = call_in(&app, globex.id, "list_projects", &[], &cookie).await;
    assert_eq!(globex_list.status, StatusCode::OK, "{}", globex_list.body);
    assert_eq!(globex_list.json().as_array().unwrap().len(), 0);

    // The page's session: the role in that organization, and both organizations to switch to.
    let me = app
        .call("session", &[("org", "globex")], Some(&cookie))
        .await;
    let me = &me.json()["SignedIn"];
    assert_eq!(me["role"], "member");
    assert_eq!(me["org_slug"], "globex");
    let names: Vec<&str> = me["orgs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["Acme", "Globex"],
        "only their organizations, by name"
    );
    let theirs = app
        .call("session", &[("org", "initech")], Some(&cookie))
        .await;
    let nowhere = app
        .call("session", &[("org", "no-such-org")], Some(&cookie))
        .await;
    assert_eq!(theirs.status, StatusCode::NOT_FOUND);
    assert_eq!(
        (theirs.status, theirs.body),
        (nowhere.status, nowhere.body),
        "another organization reads exactly like one that does not exist"
    );

    // Its pages likewise; the person's own open.
    let page = app.get("/orgs/initech/settings/users", Some(&cookie)).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    let page = app.get("/orgs/globex/settings/users", Some(&cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    // An address without an organization leads to the one used last.
    let old = app.get("/settings/teams?x=1", Some(&cookie)).await;
    assert_eq!(old.location(), Some("/orgs/globex/settings/teams?x=1"));
}

#[tokio::test]
async fn an_invitation_to_a_second_organization_joins_the_existing_account() {
    let app = TestApp::new().await;
    let acme = app.org("Acme").await;
    let globex = app.org("Globex").await;
    let email = app.person(&acme, OrgRole::Admin).await;
    let globex_owner = app.sign_in(&globex.owner_email).await;
    let project = app.project(&globex_owner, "Reports").await;
    let invited = app
        .call_json(
            "invite_users",
            json!({"org": globex.id, "request": {
                "emails": [email], "org_role": "member", "project_ids": [project],
                "project_role": "consumer", "team_ids": [],
            }}),
            Some(&globex_owner),
        )
        .await;
    assert_eq!(invited.status, StatusCode::OK, "{}", invited.body);
    let id: i64 = sqlx::query_scalar("SELECT id FROM invitations WHERE org_id = $1")
        .bind(globex.id)
        .fetch_one(&app.db)
        .await
        .unwrap();
    let link = call_in(
        &app,
        globex.id,
        "invitation_link",
        &[("id", &id.to_string())],
        &globex_owner,
    )
    .await
    .json();
    let token = link
        .as_str()
        .unwrap()
        .rsplit_once("/invite/")
        .unwrap()
        .1
        .to_string();

    // Signed in as someone else, the link says whom it is for.
    let other = app.sign_in(&acme.owner_email).await;
    let refused = app
        .call(
            "accept_invitation",
            &[("token", &token), ("password", PASSWORD)],
            Some(&other),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(refused.body.contains(&email), "{}", refused.body);

    let accounts = app.count("SELECT COUNT(*) FROM accounts").await;
    let joined = app
        .call(
            "accept_invitation",
            &[("token", &token), ("password", PASSWORD)],
            None,
        )
        .await;
    assert_eq!(joined.status, StatusCode::OK, "{}", joined.body);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM accounts").await,
        accounts,
        "no second account"
    );
    let roles: Vec<(i64, String)> = sqlx::query_as(
        "SELECT m.org_id, m.org_role FROM memberships m JOIN accounts a ON a.id = m.account_id
         WHERE a.email = $1 ORDER BY m.org_id",
    )
    .bind(&email)
    .fetch_all(&app.db)
    .await
    .unwrap();
    assert_eq!(
        roles,
        [
            (acme.id, "admin".to_string()),
            (globex.id, "member".to_string())
        ],
        "the first membership is untouched"
    );
}

#[tokio::test]
async fn leaving_keeps_the_other_organizations_and_the_last_owner_cannot_leave() {
    let app = TestApp::new().await;
    let acme = app.org("Acme").await;
    let globex = app.org("Globex").await;
    join(&app, &globex, &acme.owner_email, OrgRole::Admin).await;
    let cookie = app.sign_in(&acme.owner_email).await;

    let before = app.count("SELECT COUNT(*) FROM memberships").await;
    let refused = call_in(&app, acme.id, "leave_organization", &[], &cookie).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(
        refused.body.contains("last active Owner of Acme"),
        "{}",
        refused.body
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM memberships").await, before);

    let left = call_in(&app, globex.id, "leave_organization", &[], &cookie).await;
    assert_eq!(left.status, StatusCode::OK, "{}", left.body);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM memberships").await,
        before - 1
    );
    let gone = call_in(&app, globex.id, "list_projects", &[], &cookie).await;
    assert_eq!(
        gone.status,
        StatusCode::NOT_FOUND,
        "Globex is not theirs any more"
    );
    let still = call_in(&app, acme.id, "list_projects", &[], &cookie).await;
    assert_eq!(still.status, StatusCode::OK, "still signed in, in Acme");
    let logged: String =
        sqlx::query_scalar("SELECT action FROM audit_events WHERE org_id = $1 ORDER BY id DESC")
            .bind(globex.id)
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(logged, "member.leave");
}

#[tokio::test]
async fn an_organization_moved_to_a_new_address_is_still_found_at_the_old_one() {
    let app = TestApp::new().await;
    let acme = app.org("Acme").await;
    let _globex = app.org("Globex").await;
    let cookie = app.sign_in(&acme.owner_email).await;

    let bad = call_in(
        &app,
        acme.id,
        "change_organization_address",
        &[("slug", "Not a slug")],
        &cookie,
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    assert!(bad.body.contains("slug"), "{}", bad.body);
    let taken = call_in(
        &app,
        acme.id,
        "change_organization_address",
        &[("slug", "globex")],
        &cookie,
    )
    .await;
    assert_eq!(taken.status, StatusCode::CONFLICT, "{}", taken.body);

    let moved = call_in(
        &app,
        acme.id,
        "change_organization_address",
        &[("slug", "acme-corp")],
        &cookie,
    )
    .await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.body);
    let old = app
        .get("/orgs/acme/settings/teams?q=1", Some(&cookie))
        .await;
    assert_eq!(old.status, StatusCode::PERMANENT_REDIRECT);
    assert_eq!(old.location(), Some("/orgs/acme-corp/settings/teams?q=1"));
    let new = app
        .get("/orgs/acme-corp/settings/teams", Some(&cookie))
        .await;
    assert_eq!(new.status, StatusCode::OK);

    // Another organization may take the old address; then it leads there.
    let taken_over = app
        .call(
            "create_organization",
            &[("name", "Acme Two"), ("slug", "acme")],
            Some(&cookie),
        )
        .await;
    assert_eq!(taken_over.status, StatusCode::OK, "{}", taken_over.body);
    let now = app.get("/orgs/acme/settings/teams", Some(&cookie)).await;
    assert_eq!(
        now.status,
        StatusCode::OK,
        "the new Acme, whose Owner they are"
    );
    let renamed = call_in(
        &app,
        acme.id,
        "rename_organization",
        &[("name", "  Acme   Corp ")],
        &cookie,
    )
    .await;
    assert_eq!(renamed.status, StatusCode::OK, "{}", renamed.body);
    let name: String = sqlx::query_scalar("SELECT name FROM organizations WHERE id = $1")
        .bind(acme.id)
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(name, "Acme Corp");
}

/// The rows of `org` in each table, by the rule that makes a row the organization's.
const ROWS_OF: [(&str, &str); 20] = [
    ("memberships", "SELECT COUNT(*) FROM memberships WHERE org_id = $1"),
    ("projects", "SELECT COUNT(*) FROM projects WHERE org_id = $1"),
    ("teams", "SELECT COUNT(*) FROM teams WHERE org_id = $1"),
    ("invitations", "SELECT COUNT(*) FROM invitations WHERE org_id = $1"),
    // Sessions move to their people's other organizations, or end.
    ("sessions", "SELECT COUNT(*) FROM sessions s WHERE org_id = $1 AND NOT EXISTS (
         SELECT 1 FROM memberships m WHERE m.account_id = s.account_id AND m.org_id <> $1)"),
    ("outbox", "SELECT COUNT(*) FROM outbox WHERE org_id = $1"),
    ("org_role_counts", "SELECT COUNT(*) FROM org_role_counts WHERE org_id = $1"),
    ("scim_tokens", "SELECT COUNT(*) FROM scim_tokens WHERE org_id = $1"),
    ("password_links", "SELECT COUNT(*) FROM password_links WHERE org_id = $1"),
    ("organization_old_slugs", "SELECT COUNT(*) FROM organization_old_slugs WHERE org_id = $1"),
    ("project_grants", "SELECT COUNT(*) FROM project_grants WHERE project_id IN (SELECT id FROM projects WHERE org_id = $1)"),
    ("team_members", "SELECT COUNT(*) FROM team_members WHERE team_id IN (SELECT id FROM teams WHERE org_id = $1)"),
    ("team_projects", "SELECT COUNT(*) FROM team_projects WHERE team_id IN (SELECT id FROM teams WHERE org_id = $1)"),
    ("invitation_projects", "SELECT COUNT(*) FROM invitation_projects WHERE invitation_id IN (SELECT id FROM invitations WHERE org_id = $1)"),
    ("invitation_teams", "SELECT COUNT(*) FROM invitation_teams WHERE invitation_id IN (SELECT id FROM invitations WHERE org_id = $1)"),
    ("invitation_replaced_links", "SELECT COUNT(*) FROM invitation_replaced_links WHERE invitation_id IN (SELECT id FROM invitations WHERE org_id = $1)"),
    // Kept: the organization's row (for the operator, with its audit events) and accounts.
    ("organizations", "SELECT 0"),
    ("audit_events", "SELECT 0"),
    // No organization's: failed password checks (by email digest and address, wherever the
    // account belongs) and the leases of background rounds.
    ("password_failures", "SELECT 0"),
    ("background_leases", "SELECT 0"),
];

/// Row counts of every table of the database.
async fn counts(app: &TestApp) -> BTreeMap<String, i64> {
    let tables = app.tables(false).await;
    let mut counts = BTreeMap::new();
    for table in tables {
        // The names come from the database's catalogue, not from a request.
        let sql = sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM \"{table}\""));
        counts.insert(
            table,
            sqlx::query_scalar(sql).fetch_one(&app.db).await.unwrap(),
        );
    }
    counts
}

/// An organization with something in every table a person can fill: a project with a grant, a
/// team with a member and a project, an invitation with a project and a team, a second Owner,
/// a SCIM token, an old address.
async fn furnished(app: &TestApp, name: &str) -> (Org, String) {
    let org = app.org(name).await;
    let cookie = app.sign_in(&org.owner_email).await;
    let other = app.person(&org, OrgRole::Member).await;
    let other_id = app.id_of(&other).await.to_string();
    let project = app
        .project(&cookie, &format!("{name} web"))
        .await
        .to_string();
    let ok = |reply: Reply| assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    ok(call_in(
        app,
        org.id,
        "set_grant",
        &[
            ("account_id", &other_id),
            ("project_id", &project),
            ("role", "analyst"),
        ],
        &cookie,
    )
    .await);
    let team = call_in(
        app,
        org.id,
        "create_team_form",
        &[
            ("name", "Ops"),
            ("projects", &format!("{project}:analyst")),
            ("members", &other_id),
        ],
        &cookie,
    )
    .await;
    ok(team);
    let team_id: i64 = sqlx::query_scalar("SELECT id FROM teams WHERE org_id = $1")
        .bind(org.id)
        .fetch_one(&app.db)
        .await
        .unwrap();
    let invited = app
        .call_json(
            "invite_users",
            json!({"org": org.id, "request": {
                "emails": [format!("new@{}.test", name.to_lowercase())], "org_role": "member",
                "project_ids": [project.parse::<i64>().unwrap()], "project_role": "consumer",
                "team_ids": [team_id],
            }}),
            Some(&cookie),
        )
        .await;
    ok(invited);
    ok(call_in(
        app,
        org.id,
        "create_scim_token",
        &[("name", "Okta")],
        &cookie,
    )
    .await);
    let slug = format!("{}-old", name.to_lowercase());
    ok(call_in(
        app,
        org.id,
        "change_organization_address",
        &[("slug", &slug)],
        &cookie,
    )
    .await);
    ok(call_in(
        app,
        org.id,
        "change_organization_address",
        &[("slug", &name.to_lowercase())],
        &cookie,
    )
    .await);
    (org, cookie)
}

#[tokio::test]
async fn deleting_an_organization_removes_exactly_its_rows_and_keeps_its_log() {
    let app = TestApp::new().await;
    let (acme, cookie) = furnished(&app, "Acme").await;
    let (globex, neighbour) = furnished(&app, "Globex").await;
    // Someone of Acme who also belongs to Globex keeps Globex.
    let both = app.person(&acme, OrgRole::Admin).await;
    join(&app, &globex, &both, OrgRole::Member).await;
    let both_cookie = app.sign_in(&both).await;

    let mut mine = BTreeMap::new();
    for (table, sql) in ROWS_OF {
        let n: i64 = sqlx::query_scalar(sql)
            .bind(acme.id)
            .fetch_one(&app.db)
            .await
            .unwrap();
        mine.insert(table.to_string(), n);
    }
    for table in [
        "memberships",
        "projects",
        "teams",
        "invitations",
        "project_grants",
        "team_members",
        "scim_tokens",
        "organization_old_slugs",
    ] {
        assert!(mine[table] > 0, "Acme has {table}");
    }
    let before = counts(&app).await;
    assert!(
        before
            .keys()
            .all(|t| mine.contains_key(t) || t == "accounts"),
        "a table this test does not know: {:?}",
        before
            .keys()
            .filter(|t| !mine.contains_key(*t))
            .collect::<Vec<_>>()
    );

    let wrong = call_in(
        &app,
        acme.id,
        "delete_organization",
        &[("confirm", "acme")],
        &cookie,
    )
    .await;
    assert_eq!(
        wrong.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        wrong.body
    );
    assert_eq!(counts(&app).await, before, "nothing written");
    let not_owner = call_in(
        &app,
        acme.id,
        "delete_organization",
        &[("confirm", "Acme")],
        &both_cookie,
    )
    .await;
    assert_eq!(not_owner.status, StatusCode::FORBIDDEN);

    let deleted = call_in(
        &app,
        acme.id,
        "delete_organization",
        &[("confirm", "Acme")],
        &cookie,
    )
    .await;
    assert_eq!(deleted.status, StatusCode::OK, "{}", deleted.body);
    let after = counts(&app).await;
    for (table, n) in &before {
        let expected = match table.as_str() {
            "audit_events" => n + 1,
            "accounts" => *n,
            _ => n - mine[table],
        };
        assert_eq!(after[table], expected, "{table}");
    }
    let kept: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_events WHERE org_id = $1")
        .bind(acme.id)
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert!(kept > 5, "Acme's log stays for the operator");

    // Globex is whole; the person of both is in Globex still; Acme is gone for everyone.
    let list = call_in(&app, globex.id, "list_projects", &[], &neighbour).await;
    assert_eq!(list.json().as_array().unwrap().len(), 1);
    let theirs = call_in(&app, globex.id, "list_projects", &[], &both_cookie).await;
    assert_eq!(theirs.status, StatusCode::OK);
    let gone = app
        .get("/orgs/acme/settings/users", Some(&both_cookie))
        .await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND, "{}", gone.body);
    let address = app
        .call(
            "create_organization",
            &[("name", "Acme again"), ("slug", "acme")],
            Some(&neighbour),
        )
        .await;
    assert_eq!(
        address.status,
        StatusCode::OK,
        "the address is free again: {}",
        address.body
    );
}

#[tokio::test]
async fn anyone_signed_in_creates_an_organization_unless_the_operator_says_no() {
    let app = TestApp::new().await;
    let acme = app.org("Acme").await;
    let member = app.person(&acme, OrgRole::Member).await;
    let cookie = app.sign_in(&member).await;
    let created = app
        .call(
            "create_organization",
            &[("name", "Side Project")],
            Some(&cookie),
        )
        .await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.body);
    assert_eq!(created.json(), json!("side-project"));
    let me = app
        .call("session", &[("org", "side-project")], Some(&cookie))
        .await;
    assert_eq!(me.json()["SignedIn"]["role"], "owner");
    let again = app
        .call(
            "create_organization",
            &[("name", "Side Project")],
            Some(&cookie),
        )
        .await;
    assert_eq!(
        again.json(),
        json!("side-project-2"),
        "a free address made from the name"
    );
    let anonymous = app
        .call("create_organization", &[("name", "X")], None)
        .await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);

    let closed = TestApp::with_config(|c| c.anyone_creates_orgs = false).await;
    let acme = closed.org("Acme").await;
    let cookie = closed.sign_in(&acme.owner_email).await;
    let refused = closed
        .call("create_organization", &[("name", "Mine")], Some(&cookie))
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(closed.count("SELECT COUNT(*) FROM organizations").await, 1);
}

#[tokio::test]
async fn someone_left_without_an_organization_signs_in_and_creates_one() {
    let app = TestApp::new().await;
    let acme = app.org("Acme").await;
    let _globex = app.org("Globex").await;
    let cookie = app.sign_in(&acme.owner_email).await;
    let deleted = call_in(
        &app,
        acme.id,
        "delete_organization",
        &[("confirm", "Acme")],
        &cookie,
    )
    .await;
    assert_eq!(deleted.status, StatusCode::OK, "{}", deleted.body);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM sessions").await,
        0,
        "their only organization is gone, and their session with it"
    );

    let cookie = app.sign_in(&acme.owner_email).await;
    let home = app.get("/", Some(&cookie)).await;
    assert_eq!(home.location(), Some("/orgs/new"));
    let old = app.get("/settings/users", Some(&cookie)).await;
    assert_eq!(old.location(), Some("/orgs/new"));
    let page = app.get("/orgs/new", Some(&cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    let theirs = app.get("/orgs/globex/settings/users", Some(&cookie)).await;
    assert_eq!(theirs.status, StatusCode::NOT_FOUND);
    let nothing = app.call("list_projects", &[], Some(&cookie)).await;
    assert_eq!(
        nothing.status,
        StatusCode::UNAUTHORIZED,
        "no organization to act in"
    );

    let created = app
        .call(
            "create_organization",
            &[("name", "Fresh Start")],
            Some(&cookie),
        )
        .await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.body);
    let home = app.get("/", Some(&cookie)).await;
    assert_eq!(home.location(), Some("/orgs/fresh-start/settings/users"));
}
