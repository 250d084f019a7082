//! Request and session hardening through the real router: the cross-site check, body limits,
//! security headers and the CSP nonce, limits on password guessing, session cookies and
//! lifetimes, and errors that tell the browser nothing about the server's insides.

use crate::support::{Reply, TestApp, PASSWORD};
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Request, StatusCode};
use serde_json::json;
use std::net::SocketAddr;

/// A form POST to the server function `name` with extra headers, as `cookie`.
async fn post_form(
    app: &TestApp,
    name: &str,
    form: &str,
    cookie: &str,
    headers: &[(&str, &str)],
) -> Reply {
    let mut request = Request::post(format!("/api/{name}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, cookie);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    app.send(request.body(Body::from(form.to_string())).unwrap())
        .await
}

/// Signs in as `email` with `password` from the client address `ip`.
async fn sign_in_from(app: &TestApp, ip: &str, email: &str, password: &str) -> Reply {
    let body = format!("email={}&password={}", email.replace('@', "%40"), password);
    let mut request = Request::post("/api/sign_in")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json")
        .body(Body::from(body))
        .unwrap();
    let peer: SocketAddr = format!("{ip}:40000").parse().unwrap();
    request.extensions_mut().insert(ConnectInfo(peer));
    app.send(request).await
}

fn too_many(reply: &Reply) -> bool {
    reply.status == StatusCode::TOO_MANY_REQUESTS
        && reply.json()
            == json!({ "TooManyRequests": "Too many attempts. Try again in 15 minutes." })
}

#[tokio::test]
async fn a_cross_site_form_post_with_a_valid_session_is_refused_and_writes_nothing() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let owner = app.sign_in(&org.owner_email).await;
    let audited = app.count("SELECT COUNT(*) FROM audit_events").await;
    let host = ("host", "roster.test");
    for headers in [
        vec![host, ("origin", "https://evil.example")],
        vec![host, ("origin", "null")],
        vec![host, ("sec-fetch-site", "cross-site")],
        vec![host, ("sec-fetch-site", "same-site")],
        vec![
            host,
            ("origin", "http://roster.test"),
            ("sec-fetch-site", "cross-site"),
        ],
    ] {
        let reply = post_form(&app, "create_project", "name=Forged", &owner, &headers).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{headers:?}");
        assert_eq!(
            reply.json(),
            json!({ "Forbidden": "This request came from another site, so Roster refused it. Open Roster itself and try again." })
        );
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM projects").await, 0);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_events").await,
        audited,
        "nothing recorded either"
    );

    let same_origin = post_form(
        &app,
        "create_project",
        "name=Ours",
        &owner,
        &[
            host,
            ("origin", "http://roster.test"),
            ("sec-fetch-site", "same-origin"),
        ],
    )
    .await;
    assert_eq!(same_origin.status, StatusCode::OK, "{}", same_origin.body);
    let public_url = post_form(
        &app,
        "create_project",
        "name=Public",
        &owner,
        &[
            ("host", "10.0.0.5:3000"),
            ("origin", "http://127.0.0.1:3000"),
        ],
    )
    .await;
    assert_eq!(
        public_url.status,
        StatusCode::OK,
        "the configured public address counts as Roster's own"
    );
    let scripted = post_form(&app, "create_project", "name=Script", &owner, &[]).await;
    assert_eq!(
        scripted.status,
        StatusCode::OK,
        "no browser headers: a script"
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM projects").await, 3);

    let sign_out = post_form(
        &app,
        "sign_out",
        "",
        &owner,
        &[host, ("origin", "https://evil.example")],
    )
    .await;
    assert_eq!(sign_out.status, StatusCode::FORBIDDEN);
    assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, 1);
    let page = app
        .send(
            Request::get("/settings/projects")
                .header(header::COOKIE, &owner)
                .header("sec-fetch-site", "cross-site")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(
        page.status,
        StatusCode::OK,
        "following a link stays possible"
    );
}

#[tokio::test]
async fn ten_megabytes_are_refused_everywhere_and_a_thousand_row_file_fits() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let owner = app.sign_in(&org.owner_email).await;
    let ten_mb = "x".repeat(10 * 1024 * 1024);
    for path in ["/api/create_project", "/settings/users", "/no/such/route"] {
        for declared in [true, false] {
            let mut request = Request::post(path)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::COOKIE, &owner);
            if declared {
                request = request.header(header::CONTENT_LENGTH, ten_mb.len());
            }
            let reply = app
                .send(request.body(Body::from(ten_mb.clone())).unwrap())
                .await;
            assert_eq!(
                reply.status,
                StatusCode::PAYLOAD_TOO_LARGE,
                "{path}, Content-Length sent: {declared}"
            );
        }
    }
    let refused = app
        .call_json(
            "bulk_invite",
            json!({ "csv": "x".repeat(5 * 1024 * 1024) }),
            Some(&owner),
        )
        .await;
    assert_eq!(refused.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        refused.json(),
        json!({ "Invalid": { "field": "request", "message": "The request is too large: at most 4 MB is accepted here." } })
    );

    // 1,000 rows naming twelve projects and twelve teams each: well over 1 MB.
    let names = |kind: &str| {
        (0..12)
            .map(|n| format!("{kind} number {n} with a long and descriptive name"))
            .collect::<Vec<_>>()
            .join(";")
    };
    let (projects, teams) = (names("Project"), names("Team"));
    let mut csv = String::from("email,org_role,projects,project_role,teams\n");
    for i in 0..1000 {
        csv.push_str(&format!(
            "person-{i}@people.example.com,member,{projects},analyst,{teams}\n"
        ));
    }
    assert!(csv.len() > 1024 * 1024, "{} bytes", csv.len());
    let preview = app
        .call_json("preview_bulk_invite", json!({ "csv": csv }), Some(&owner))
        .await;
    assert_eq!(preview.status, StatusCode::OK, "{}", &preview.body[..200]);
    assert_eq!(preview.json()["rows"].as_array().unwrap().len(), 1000);
}

/// The nonce in a page's `Content-Security-Policy` and the nonces on its script tags.
fn nonces(reply: &Reply) -> (String, Vec<String>) {
    let policy = reply.headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap();
    let in_header = policy
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("a nonce in the policy")
        .to_string();
    let on_scripts = reply
        .body
        .split("<script")
        .skip(1)
        .map(|tag| {
            let tag = &tag[..tag.find('>').unwrap()];
            tag.split("nonce=\"")
                .nth(1)
                .and_then(|rest| rest.split('"').next())
                .unwrap_or_else(|| panic!("a script without a nonce: <script{tag}>"))
                .to_string()
        })
        .collect();
    (in_header, on_scripts)
}

#[tokio::test]
async fn every_response_carries_the_security_headers_and_pages_a_fresh_nonce() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let owner = app.sign_in(&org.owner_email).await;
    let responses = [
        app.get("/sign-in", None).await,
        app.get("/settings/users", Some(&owner)).await,
        app.get("/settings/users", None).await,
        app.get("/no/such/page", Some(&owner)).await,
        app.call("list_projects", &[], Some(&owner)).await,
        app.call("list_projects", &[], None).await,
    ];
    for reply in &responses {
        let policy = reply.headers[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap();
        for directive in [
            "default-src 'self'",
            "script-src 'self' 'nonce-",
            "'wasm-unsafe-eval'",
            "style-src 'self'",
            "frame-ancestors 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "object-src 'none'",
        ] {
            assert!(policy.contains(directive), "{directive} in {policy}");
        }
        assert!(!policy.contains("unsafe-inline"));
        assert_eq!(reply.headers["x-content-type-options"], "nosniff");
        assert_eq!(reply.headers["x-frame-options"], "DENY");
        assert_eq!(reply.headers["referrer-policy"], "no-referrer");
        assert!(
            reply.headers.get("strict-transport-security").is_none(),
            "not over HTTPS"
        );
    }

    let first = &responses[1];
    assert_eq!(first.status, StatusCode::OK);
    let (header_nonce, script_nonces) = nonces(first);
    assert!(header_nonce.len() >= 22, "128 bits: {header_nonce}");
    assert!(
        !script_nonces.is_empty(),
        "the page has its hydration script"
    );
    assert!(script_nonces.iter().all(|n| *n == header_nonce));
    let again = app.get("/settings/users", Some(&owner)).await;
    let (second_nonce, second_scripts) = nonces(&again);
    assert_ne!(second_nonce, header_nonce, "a new nonce per response");
    assert!(second_scripts.iter().all(|n| *n == second_nonce));

    let https = TestApp::with_config(|c| c.public_url = "https://roster.example.com".into()).await;
    assert_eq!(
        https.get("/setup", None).await.headers["strict-transport-security"],
        "max-age=63072000"
    );
    let secure_cookies = TestApp::with_config(|c| c.cookie_secure = true).await;
    assert!(secure_cookies
        .get("/setup", None)
        .await
        .headers
        .contains_key("strict-transport-security"));
}

#[tokio::test]
async fn the_eleventh_wrong_password_for_an_email_is_refused_even_when_right() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let unknown = "nobody@acme.test";
    let mut answers = Vec::new();
    for email in [org.owner_email.as_str(), unknown] {
        for _ in 0..10 {
            let reply = sign_in_from(&app, "10.0.0.1", email, "wrong-password").await;
            assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
            answers.push(reply.body);
        }
        let right = sign_in_from(&app, "10.0.0.2", email, PASSWORD).await;
        assert!(too_many(&right), "{email}: {} {}", right.status, right.body);
        assert!(right.session_cookie().is_none());
        answers.push(right.body);
    }
    let (known, unknown) = answers.split_at(11);
    assert_eq!(known, unknown, "an unknown email is answered the same way");
    assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, 0);

    // The limit counts only failures: signing in many times never trips it.
    let member = app.person(&org, shared::OrgRole::Member).await;
    for _ in 0..12 {
        let ok = sign_in_from(&app, "10.0.0.3", &member, PASSWORD).await;
        assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    }
}

#[tokio::test]
async fn another_email_from_the_same_address_works_until_the_address_is_limited() {
    let app = TestApp::with_config(|c| c.failures_per_client = 15).await;
    let org = app.org("Acme").await;
    let member = app.person(&org, shared::OrgRole::Member).await;
    for _ in 0..10 {
        sign_in_from(&app, "10.0.0.1", &org.owner_email, "wrong-password").await;
    }
    assert!(too_many(
        &sign_in_from(&app, "10.0.0.1", &org.owner_email, PASSWORD).await
    ));
    let other = sign_in_from(&app, "10.0.0.1", &member, PASSWORD).await;
    assert_eq!(other.status, StatusCode::OK, "{}", other.body);

    for i in 0..5 {
        let reply = sign_in_from(&app, "10.0.0.1", &format!("guess{i}@x.test"), "nope").await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    assert!(
        too_many(&sign_in_from(&app, "10.0.0.1", &member, PASSWORD).await),
        "15 failures from this address: its limit"
    );
    let elsewhere = sign_in_from(&app, "10.0.0.2", &member, PASSWORD).await;
    assert_eq!(elsewhere.status, StatusCode::OK, "{}", elsewhere.body);
}

#[tokio::test]
async fn accepting_an_invitation_shares_the_emails_limit() {
    let app = TestApp::new().await;
    let acme = app.org("Acme").await;
    let globex = app.org("Globex").await;
    let owner = app.sign_in(&acme.owner_email).await;
    let web = app
        .call("create_project", &[("name", "Web")], Some(&owner))
        .await
        .json()["id"]
        .as_i64()
        .unwrap();
    let invited = app
        .call_json(
            "invite_users",
            json!({ "request": { "emails": [globex.owner_email], "org_role": "member",
                "project_ids": [web], "project_role": "consumer", "team_ids": [] } }),
            Some(&owner),
        )
        .await;
    assert_eq!(invited.status, StatusCode::OK, "{}", invited.body);
    let id: i64 = sqlx::query_scalar("SELECT id FROM invitations")
        .fetch_one(&app.db)
        .await
        .unwrap();
    let link = app
        .call("invitation_link", &[("id", &id.to_string())], Some(&owner))
        .await;
    let token = link
        .json()
        .as_str()
        .unwrap()
        .rsplit_once("/invite/")
        .unwrap()
        .1
        .to_string();

    for _ in 0..5 {
        sign_in_from(&app, "10.0.0.1", &globex.owner_email, "wrong-password").await;
    }
    for _ in 0..5 {
        let wrong = app
            .call(
                "accept_invitation",
                &[("token", &token), ("password", "wrong-password")],
                None,
            )
            .await;
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let right = app
        .call(
            "accept_invitation",
            &[("token", &token), ("password", PASSWORD)],
            None,
        )
        .await;
    assert!(too_many(&right), "{} {}", right.status, right.body);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM invitations WHERE status = 'pending'")
            .await,
        1,
        "not accepted"
    );
}

#[tokio::test]
async fn session_cookies_are_http_only_lax_and_secure_when_configured() {
    for secure in [false, true] {
        let app = TestApp::with_config(|c| c.cookie_secure = secure).await;
        let org = app.org("Acme").await;
        let reply = app
            .call(
                "sign_in",
                &[("email", &org.owner_email), ("password", PASSWORD)],
                Some("roster_session=chosen-by-the-attacker"),
            )
            .await;
        let set_cookie = reply.headers[header::SET_COOKIE].to_str().unwrap();
        assert!(set_cookie.contains("; HttpOnly"), "{set_cookie}");
        assert!(set_cookie.contains("; SameSite=Lax"), "{set_cookie}");
        assert!(set_cookie.contains("; Path=/"), "{set_cookie}");
        assert_eq!(set_cookie.contains("; Secure"), secure, "{set_cookie}");
        let cookie = reply.session_cookie().unwrap();
        assert_ne!(cookie, "roster_session=chosen-by-the-attacker");
        assert_eq!(cookie.len(), "roster_session=".len() + 64, "256-bit token");
        let out = app.call("sign_out", &[], Some(&cookie)).await;
        let cleared = out.headers[header::SET_COOKIE].to_str().unwrap();
        assert!(cleared.contains("Max-Age=0") && cleared.contains("HttpOnly"));
        assert_eq!(cleared.contains("; Secure"), secure);
    }
}

#[tokio::test]
async fn sessions_end_after_the_idle_and_the_absolute_timeout() {
    let app = TestApp::with_config(|c| {
        c.session_idle = std::time::Duration::from_secs(30 * 60);
        c.session_max = std::time::Duration::from_secs(2 * 3600);
    })
    .await;
    let org = app.org("Acme").await;

    let idle = app.sign_in(&org.owner_email).await;
    let ok = app.call("list_projects", &[], Some(&idle)).await;
    assert_eq!(ok.status, StatusCode::OK);
    sqlx::query("UPDATE sessions SET last_seen_at = last_seen_at - 29 * 60")
        .execute(&app.db)
        .await
        .unwrap();
    let still = app.call("list_projects", &[], Some(&idle)).await;
    assert_eq!(still.status, StatusCode::OK, "29 idle minutes are fine");
    sqlx::query("UPDATE sessions SET last_seen_at = last_seen_at - 31 * 60")
        .execute(&app.db)
        .await
        .unwrap();
    let ended = app.call("list_projects", &[], Some(&idle)).await;
    assert_eq!(ended.status, StatusCode::UNAUTHORIZED, "31 idle minutes");
    assert_eq!(
        app.get("/settings/users", Some(&idle)).await.location(),
        Some("/sign-in")
    );

    let old = app.sign_in(&org.owner_email).await;
    // Used a minute ago, but signed in more than two hours ago.
    sqlx::query("UPDATE sessions SET created_at = created_at - 2 * 3600 - 60, last_seen_at = last_seen_at - 60")
        .execute(&app.db)
        .await
        .unwrap();
    let expired = app.call("list_projects", &[], Some(&old)).await;
    assert_eq!(expired.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_database_failure_reaches_the_browser_as_a_generic_message() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let owner = app.sign_in(&org.owner_email).await;
    sqlx::query("DROP TABLE projects")
        .execute(&app.db)
        .await
        .unwrap();
    let reply = app
        .call("create_project", &[("name", "Doomed")], Some(&owner))
        .await;
    assert_eq!(reply.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(reply.json(), json!("Internal"));
    let listed = app.call("list_projects", &[], Some(&owner)).await;
    assert_eq!(listed.status, StatusCode::INTERNAL_SERVER_ERROR);
    for body in [&reply.body, &listed.body] {
        let lower = body.to_lowercase();
        for detail in ["sql", "table", "projects", "select", "insert"] {
            assert!(!lower.contains(detail), "{detail} in {body}");
        }
    }
}
