//! Pages and forms as a browser without JavaScript uses them (or one whose page has not hydrated
//! yet): forms post form-encoded bodies with `Accept: text/html`, and each answer must be a page
//! to go to — a 303 back to where the form was, with an error in the address for that page to show
//! at its field — never JSON. Pages with data are sent whole, not as "Loading…" and a script.

use crate::support::{Reply, TestApp, PASSWORD};
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use serde_json::json;
use shared::OrgRole;

const SITE: &str = "http://roster.test";

/// What Chromium sends for a page's own form post under Roster's referrer policy.
async fn plain_post(app: &TestApp, name: &str, form: &str, cookie: &str, page: &str) -> Reply {
    let request = Request::post(format!("/api/{name}"))
        .header(header::HOST, "roster.test")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "text/html,application/xhtml+xml,*/*;q=0.8")
        .header(header::ORIGIN, "null")
        .header("sec-fetch-site", "same-origin")
        .header(header::REFERER, format!("{SITE}{page}"))
        .header(header::COOKIE, cookie)
        .body(Body::from(form.to_string()))
        .unwrap();
    app.send(request).await
}

/// The page a 303 sends the browser to, as a path.
fn back_to(reply: &Reply) -> String {
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let location = reply.location().expect("a Location").to_string();
    location
        .strip_prefix(SITE)
        .unwrap_or_else(|| panic!("back to Roster itself: {location}"))
        .to_string()
}

async fn role_of(app: &TestApp, account_id: i64) -> String {
    sqlx::query_scalar("SELECT org_role FROM memberships WHERE account_id = $1")
        .bind(account_id)
        .fetch_one(&app.db)
        .await
        .unwrap()
}

/// `sql` counted with `ids` bound to its `?`s in order.
async fn count_of(app: &TestApp, sql: &'static str, ids: &[i64]) -> i64 {
    let mut query = sqlx::query_scalar(sql);
    for id in ids {
        query = query.bind(*id);
    }
    query.fetch_one(&app.db).await.unwrap()
}

#[tokio::test]
async fn a_role_change_posted_by_a_plain_form_comes_back_to_the_persons_page() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let owner = app.sign_in(&org.owner_email).await;
    let owner_id = app.id_of(&org.owner_email).await;
    let member_id = app.id_of(&app.person(&org, OrgRole::Member).await).await;

    let page = format!("/orgs/acme/settings/users/{member_id}");
    let form = format!("account_id={member_id}&role=billing_admin");
    let changed = plain_post(&app, "change_role", &form, &owner, &page).await;
    assert_eq!(back_to(&changed), page, "back to the page, no error in it");
    assert_eq!(role_of(&app, member_id).await, "billing_admin");

    // The only Owner lowering themselves: refused, and the error travels in the address.
    let audited = app.count("SELECT COUNT(*) FROM audit_events").await;
    let own_page = format!("/orgs/acme/settings/users/{owner_id}");
    let form = format!("account_id={owner_id}&role=member");
    let refused = plain_post(&app, "change_role", &form, &owner, &own_page).await;
    let back = back_to(&refused);
    assert!(
        back.starts_with(&format!("{own_page}?")) && back.contains("__err="),
        "{back}"
    );
    assert_eq!(role_of(&app, owner_id).await, "owner");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_events").await,
        audited
    );

    // The page it leads to shows the error at the role field, in the page as sent.
    let shown = app.get(&back, Some(&owner)).await;
    assert_eq!(shown.status, StatusCode::OK);
    let field_error = shown
        .body
        .find(r#"id="org-role-error""#)
        .map(|at| &shown.body[at..])
        .expect("the role field's error");
    assert!(
        field_error[..200.min(field_error.len())]
            .contains("An organization must keep at least one Owner."),
        "{field_error:.200}"
    );
}

#[tokio::test]
async fn signing_out_with_a_plain_form_ends_the_session_and_leads_to_sign_in() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let owner = app.sign_in(&org.owner_email).await;

    let signed_out = plain_post(&app, "sign_out", "", &owner, "/orgs/acme/settings/projects").await;
    assert!(signed_out.status.is_redirection(), "{}", signed_out.status);
    assert_eq!(signed_out.location(), Some("/sign-in"));
    assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, 0);
    let page = app.get("/orgs/acme/settings/projects", Some(&owner)).await;
    assert_eq!(
        page.location(),
        Some("/sign-in"),
        "the old cookie is worth nothing"
    );

    // From an invitation link's page (signed in as someone else): back to the link.
    let again = app.sign_in(&org.owner_email).await;
    let from_link = plain_post(&app, "sign_out", "", &again, "/invite/0123abcd").await;
    assert_eq!(back_to(&from_link), "/invite/0123abcd");

    // Called by a hydrated page, the answer is the function's own: that page goes on by itself.
    let again = app.sign_in(&org.owner_email).await;
    let called = app.call("sign_out", &[], Some(&again)).await;
    assert_eq!(called.status, StatusCode::OK);
    assert_eq!(called.location(), None);
}

#[tokio::test]
async fn an_invitation_accepted_with_a_plain_form_leads_into_roster_or_back_with_the_error() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let owner = app.sign_in(&org.owner_email).await;
    let project = app.project(&owner, "Web").await;
    let invited = app
        .call_json(
            "invite_users",
            json!({ "request": {
                "emails": ["nia@x.test"], "org_role": "member", "project_ids": [project],
                "project_role": "consumer", "team_ids": [],
            }}),
            Some(&owner),
        )
        .await;
    assert_eq!(invited.status, StatusCode::OK, "{}", invited.body);
    let id: i64 = sqlx::query_scalar("SELECT id FROM invitations WHERE email = 'nia@x.test'")
        .fetch_one(&app.db)
        .await
        .unwrap();
    let link = app
        .call("invitation_link", &[("id", &id.to_string())], Some(&owner))
        .await
        .json();
    let token = link.as_str().unwrap().rsplit_once("/invite/").unwrap().1;
    let page = format!("/invite/{token}");

    // Nobody signed in; a password too short comes back to the link with the error.
    let short = format!("token={token}&name=Nia&password=short");
    let refused = plain_post(&app, "accept_invitation", &short, "", &page).await;
    let back = back_to(&refused);
    assert!(
        back.starts_with(&format!("{page}?")) && back.contains("__err="),
        "{back}"
    );
    assert_eq!(refused.session_cookie(), None);

    let form = format!("token={token}&name=Nia&password={PASSWORD}");
    let joined = plain_post(&app, "accept_invitation", &form, "", &page).await;
    assert!(
        joined.status.is_redirection(),
        "{} {}",
        joined.status,
        joined.body
    );
    assert_eq!(
        joined.location(),
        Some("/"),
        "into Roster, not the used link"
    );
    assert!(joined.session_cookie().is_some(), "signed in");
}

#[tokio::test]
async fn the_users_tab_is_sent_whole_for_a_get_forms_address() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let owner = app.sign_in(&org.owner_email).await;
    let admin = app.person(&org, OrgRole::Admin).await;
    let member = app.person(&org, OrgRole::Member).await;

    // What the filters' form sends: every field, the empty ones too.
    let page = app
        .get(
            "/orgs/acme/settings/users?q=people.test&role=admin&team=&project=&sort=email&dir=desc",
            Some(&owner),
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(&admin), "the matching person is listed");
    assert!(!page.body.contains(&member), "the role filter is applied");
    assert!(
        page.body.contains(r#"value="people.test""#),
        "the search is kept"
    );
    assert!(
        !page.body.contains("Loading"),
        "rendered in order, nothing left for a script to fill in"
    );
}

#[tokio::test]
async fn a_team_created_with_a_plain_form_opens_its_page_or_comes_back_with_the_error() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let owner = app.sign_in(&org.owner_email).await;
    let project = app.project(&owner, "Web").await;
    let member_id = app.id_of(&app.person(&org, OrgRole::Member).await).await;

    // What the last step's form sends: the flow's address state, from the step's own page.
    let page = format!(
        "/orgs/acme/settings/teams/new?name=Ops&projects={project}%3Aanalyst&members={member_id}&step=3"
    );
    let form = format!("name=Ops&projects={project}%3Aanalyst&members={member_id}");
    let created = plain_post(&app, "create_team_form", &form, &owner, &page).await;
    assert!(
        created.status.is_redirection(),
        "{} {}",
        created.status,
        created.body
    );
    let team: i64 = sqlx::query_scalar("SELECT id FROM teams WHERE name = 'Ops'")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(
        created.location(),
        Some(format!("/orgs/acme/settings/teams/{team}").as_str())
    );
    assert_eq!(
        count_of(
            &app,
            "SELECT COUNT(*) FROM team_projects WHERE team_id = $1 AND project_id = $2 AND role = 'analyst'",
            &[team, project],
        )
        .await,
        1
    );
    assert_eq!(
        count_of(
            &app,
            "SELECT COUNT(*) FROM team_members WHERE team_id = $1 AND account_id = $2",
            &[team, member_id],
        )
        .await,
        1
    );

    // The same name again, and lists that are not ids: back with the error, nothing written.
    let written = "SELECT (SELECT COUNT(*) FROM teams) + (SELECT COUNT(*) FROM team_projects) \
                   + (SELECT COUNT(*) FROM team_members) + (SELECT COUNT(*) FROM audit_events)";
    let before = app.count(written).await;
    let mut backs = Vec::new();
    for form in [
        form.clone(),
        format!("name=Other&projects={project}%3Aking&members="),
        "name=Other&projects=&members=me".to_string(),
    ] {
        let refused = plain_post(&app, "create_team_form", &form, &owner, &page).await;
        let back = back_to(&refused);
        assert!(
            back.starts_with(&format!("{page}&")) && back.contains("__err="),
            "{back}"
        );
        backs.push(back);
    }
    assert_eq!(app.count(written).await, before);

    // The page it leads to shows the taken name at the name field, in the page as sent.
    let shown = app.get(&backs[0], Some(&owner)).await;
    assert_eq!(shown.status, StatusCode::OK);
    let field_error = shown
        .body
        .find(r#"id="team-name-error""#)
        .map(|at| &shown.body[at..])
        .expect("the name field's error");
    assert!(
        field_error[..200.min(field_error.len())].contains("A team with this name already exists."),
        "{field_error:.200}"
    );
    // The others at the form, on the last step.
    let shown = app.get(&backs[2], Some(&owner)).await;
    assert!(
        shown.body.contains("Choose people from the search."),
        "{}",
        shown.body
    );
}

#[tokio::test]
async fn invitations_sent_with_a_plain_form_come_back_counted_or_with_the_error() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let owner = app.sign_in(&org.owner_email).await;
    let project = app.project(&owner, "Web").await;

    // Where the Users tab's button leads without JavaScript: the form, in the page as sent.
    let page = "/orgs/acme/settings/users?invite=project";
    let shown = app.get(page, Some(&owner)).await;
    assert_eq!(shown.status, StatusCode::OK);
    for part in [
        r#"action="/api/invite_to_project""#,
        r#"name="projects[]""#,
        r#"name="emails""#,
        ">Web<",
    ] {
        assert!(shown.body.contains(part), "{part}");
    }

    let form = format!(
        "emails=nia%40x.test%0D%0Aoli%40x.test&org_role=member&projects%5B%5D={project}&project_role=analyst"
    );
    let sent = plain_post(&app, "invite_to_project", &form, &owner, page).await;
    assert!(
        sent.status.is_redirection(),
        "{} {}",
        sent.status,
        sent.body
    );
    assert_eq!(
        sent.location(),
        Some("/orgs/acme/settings/users?invite=project&invited=2")
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM invitations WHERE email IN ('nia@x.test', 'oli@x.test')")
            .await,
        2
    );
    let counted = app
        .get(
            "/orgs/acme/settings/users?invite=project&invited=2",
            Some(&owner),
        )
        .await;
    assert!(counted.body.contains("Invitations sent to 2 people."));

    // No project, and an address that is not one: back with the error, nothing written.
    let written = "SELECT (SELECT COUNT(*) FROM invitations) + (SELECT COUNT(*) FROM audit_events)";
    let before = app.count(written).await;
    let mut backs = Vec::new();
    for form in [
        "emails=ann%40x.test&org_role=member&project_role=analyst".to_string(),
        format!("emails=ann%40x.test%2Cnot-an-address&org_role=member&projects%5B%5D={project}&project_role=analyst"),
    ] {
        let refused = plain_post(&app, "invite_to_project", &form, &owner, page).await;
        let back = back_to(&refused);
        assert!(
            back.starts_with(&format!("{page}&")) && back.contains("__err="),
            "{back}"
        );
        backs.push(back);
    }
    assert_eq!(app.count(written).await, before);

    // Each error at its field, in the page it leads to.
    for (back, field, message) in [
        (
            &backs[0],
            "plain-invite-projects-error",
            "Choose at least one project.",
        ),
        (&backs[1], "plain-invite-emails-error", "not-an-address"),
    ] {
        let shown = app.get(back, Some(&owner)).await;
        assert_eq!(shown.status, StatusCode::OK);
        let at = shown
            .body
            .find(&format!(r#"id="{field}""#))
            .map(|at| &shown.body[at..])
            .expect("the field's error");
        assert!(at[..300.min(at.len())].contains(message), "{at:.300}");
    }
}
