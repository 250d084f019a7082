//! First run, sign-in, sign-out and the page gate through the real router.

use crate::support::{TestApp, PASSWORD};
use axum::http::StatusCode;

#[tokio::test]
async fn first_run_creates_the_organization_once_and_signs_in() {
    let app = TestApp::new().await;
    assert_eq!(
        app.get("/orgs/acme/settings/users", None).await.location(),
        Some("/setup")
    );
    assert_eq!(
        app.call("session", &[], None).await.json(),
        serde_json::json!("NeedsSetup")
    );

    let form = [
        ("org_name", "Acme"),
        ("name", "Ann"),
        ("email", "Ann@Acme.test"),
        ("password", PASSWORD),
    ];
    let reply = app.call("setup", &form, None).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let cookie = reply.session_cookie().expect("signed in");
    let set_cookie = reply.headers.get("set-cookie").unwrap().to_str().unwrap();
    assert!(
        set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Lax"),
        "{set_cookie}"
    );

    let session = app.call("session", &[], Some(&cookie)).await.json();
    assert_eq!(session["SignedIn"]["email"], "ann@acme.test");
    assert_eq!(session["SignedIn"]["role"], "owner");
    assert_eq!(session["SignedIn"]["org_name"], "Acme");

    let again = app
        .call(
            "setup",
            &[
                ("org_name", "Evil"),
                ("name", "Eve"),
                ("email", "eve@evil.test"),
                ("password", PASSWORD),
            ],
            None,
        )
        .await;
    assert_eq!(again.status, StatusCode::FORBIDDEN);
    assert_eq!(app.count("SELECT COUNT(*) FROM organizations").await, 1);
    assert_eq!(app.get("/setup", None).await.location(), Some("/sign-in"));
}

#[tokio::test]
async fn setup_checks_every_field() {
    let app = TestApp::new().await;
    let cases = [
        (("", "Ann", "ann@acme.test", PASSWORD), "org_name"),
        (("Acme", " ", "ann@acme.test", PASSWORD), "name"),
        (("Acme", "Ann", "not-an-email", PASSWORD), "email"),
        (("Acme", "Ann", "ann@acme.test", "short"), "password"),
    ];
    for ((org, name, email, password), field) in cases {
        let reply = app
            .call(
                "setup",
                &[
                    ("org_name", org),
                    ("name", name),
                    ("email", email),
                    ("password", password),
                ],
                None,
            )
            .await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(reply.json()["Invalid"]["field"], field);
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM organizations").await, 0);
}

#[tokio::test]
async fn wrong_credentials_get_one_answer_whether_or_not_the_email_exists() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let wrong_password = app
        .call(
            "sign_in",
            &[("email", &org.owner_email), ("password", "nope-nope-nope")],
            None,
        )
        .await;
    let unknown_email = app
        .call(
            "sign_in",
            &[("email", "nobody@acme.test"), ("password", PASSWORD)],
            None,
        )
        .await;
    for reply in [&wrong_password, &unknown_email] {
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(reply.body, wrong_password.body);
        assert!(reply.session_cookie().is_none());
    }
    assert!(wrong_password.body.contains("Wrong email or password."));
    assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, 0);
}

#[tokio::test]
async fn each_sign_in_gets_a_new_session_and_sign_out_ends_it_on_the_server() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let first = app.sign_in(&org.owner_email).await;
    let reply = app
        .call(
            "sign_in",
            &[("email", &org.owner_email), ("password", PASSWORD)],
            Some(&first),
        )
        .await;
    let second = reply.session_cookie().unwrap();
    assert_ne!(first, second, "a new session id at sign-in");
    assert_eq!(
        app.call("list_projects", &[], Some(&first)).await.status,
        StatusCode::UNAUTHORIZED,
        "the old one ended"
    );

    assert_eq!(
        app.get("/orgs/acme/settings/projects", Some(&second))
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        app.get("/sign-in", Some(&second)).await.location(),
        Some("/orgs/acme/settings/users")
    );

    let out = app.call("sign_out", &[], Some(&second)).await;
    assert_eq!(out.status, StatusCode::OK);
    assert!(out
        .headers
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .contains("Max-Age=0"));
    assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, 0);
    assert_eq!(
        app.call("list_projects", &[], Some(&second)).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.get("/orgs/acme/settings/projects", Some(&second))
            .await
            .location(),
        Some("/sign-in")
    );
}

#[tokio::test]
async fn the_settings_page_renders_for_a_signed_in_member() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let cookie = app
        .sign_in(&app.person(&org, shared::OrgRole::Member).await)
        .await;
    let page = app.get("/orgs/acme/settings/projects", Some(&cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Organization settings"), "{}", page.body);
    assert!(page.body.contains("role=\"tab\""));
    assert!(
        !page.body.contains("Create project"),
        "a Member is not offered project creation"
    );
}
