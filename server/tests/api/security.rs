//! Request and session hardening through the real router: the cross-site check, body limits,
//! security headers and the CSP nonce, limits on password guessing, session cookies and
//! lifetimes, and errors that tell the browser nothing about the server's insides.

use crate::support::{Reply, TestApp, PASSWORD};
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use serde_json::json;

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
            Request::get("/orgs/acme/settings/projects")
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
    for path in [
        "/api/create_project",
        "/orgs/acme/settings/users",
        "/no/such/route",
    ] {
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
        app.get("/orgs/acme/settings/users", Some(&owner)).await,
        app.get("/orgs/acme/settings/users", None).await,
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
        assert_eq!(reply.headers["referrer-policy"], "same-origin");
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
    let again = app.get("/orgs/acme/settings/users", Some(&owner)).await;
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
        app.get("/orgs/acme/settings/users", Some(&idle))
            .await
            .location(),
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
    // (Postgres drops what refers to the table with it only when told to.)
    let drop = match roster_core::store::Backend::of(&app.db) {
        roster_core::store::Backend::Sqlite => "DROP TABLE projects",
        roster_core::store::Backend::Postgres => "DROP TABLE projects CASCADE",
    };
    sqlx::query(drop).execute(&app.db).await.unwrap();
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

/// A sign-in form posted by the browser itself before the page hydrated: `Sec-Fetch-Site:
/// same-origin`, and `Origin: null` as Chromium sends under a strict referrer policy.
async fn plain_sign_in(app: &TestApp, origin: &str, fetch_site: &str, password: &str) -> Reply {
    let body = format!("email=owner%40acme.test&password={password}");
    app.send(
        Request::post("/api/sign_in")
            .header(header::HOST, "roster.test")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "text/html,application/xhtml+xml,*/*;q=0.8")
            .header(header::ORIGIN, origin)
            .header("sec-fetch-site", fetch_site)
            .header(header::REFERER, "http://roster.test/sign-in")
            .body(Body::from(body))
            .unwrap(),
    )
    .await
}

#[tokio::test]
async fn the_browsers_own_form_post_is_accepted_with_origin_null_and_redirected_back() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    assert_eq!(org.owner_email, "owner@acme.test");

    let refused = plain_sign_in(&app, "null", "cross-site", PASSWORD).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "another site's post");
    assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, 0);

    // A wrong password: back to the sign-in page, which shows the error next to the field.
    let wrong = plain_sign_in(&app, "null", "same-origin", "not-the-password").await;
    assert_eq!(wrong.status, StatusCode::SEE_OTHER, "{}", wrong.body);
    let back = wrong.location().expect("a redirect").to_string();
    assert!(back.starts_with("http://roster.test/sign-in?"), "{back}");
    let path = back.trim_start_matches("http://roster.test");
    let page = app.get(path, None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("Wrong email or password."),
        "the page shows the error"
    );

    let signed_in = plain_sign_in(&app, "null", "same-origin", PASSWORD).await;
    assert!(
        signed_in.status.is_redirection(),
        "{} {}",
        signed_in.status,
        signed_in.body
    );
    let back = signed_in.location().unwrap();
    assert!(
        back.starts_with("http://roster.test/sign-in") && !back.contains("__err"),
        "{back}"
    );
    let cookie = signed_in.session_cookie().expect("signed in");
    assert_eq!(
        app.get("/sign-in", Some(&cookie)).await.location(),
        Some("/orgs/acme/settings/users"),
        "and the sign-in page sends them on"
    );
}

#[tokio::test]
async fn everything_that_depends_on_the_session_is_no_store_and_static_files_keep_their_cache() {
    let site = tempfile::tempdir().unwrap();
    std::fs::write(site.path().join("favicon.svg"), "<svg/>").unwrap();
    std::fs::create_dir(site.path().join("pkg")).unwrap();
    std::fs::write(site.path().join("pkg/roster.css"), "body{}").unwrap();
    let app = TestApp::with_site_root(site.path()).await;
    let org = app.org("Acme").await;
    let owner = app.sign_in(&org.owner_email).await;
    let web = app
        .call("create_project", &[("name", "Web")], Some(&owner))
        .await
        .json()["id"]
        .as_i64()
        .unwrap();
    app.call_json(
        "invite_users",
        json!({ "request": { "emails": ["new@acme.test"], "org_role": "member",
            "project_ids": [web], "project_role": "consumer", "team_ids": [] } }),
        Some(&owner),
    )
    .await;
    let id: i64 = sqlx::query_scalar("SELECT id FROM invitations")
        .fetch_one(&app.db)
        .await
        .unwrap();
    let answers = [
        (
            "signed-in page",
            app.get("/orgs/acme/settings/users", Some(&owner)).await,
        ),
        ("sign-in page", app.get("/sign-in", None).await),
        ("missing page", app.get("/no/such/page", Some(&owner)).await),
        (
            "server function",
            app.call("list_projects", &[], Some(&owner)).await,
        ),
        (
            "refused server function",
            app.call("list_projects", &[], None).await,
        ),
        (
            "invitation link",
            app.call("invitation_link", &[("id", &id.to_string())], Some(&owner))
                .await,
        ),
        (
            "people export",
            app.get("/export/people.csv", Some(&owner)).await,
        ),
        (
            "audit export",
            app.get("/export/audit.csv", Some(&owner)).await,
        ),
    ];
    for (what, reply) in &answers {
        assert!(reply.status.as_u16() < 500, "{what}: {}", reply.status);
        assert_eq!(
            reply
                .headers
                .get(header::CACHE_CONTROL)
                .map(|v| v.to_str().unwrap()),
            Some("no-store"),
            "{what}"
        );
    }
    for file in ["/favicon.svg", "/pkg/roster.css"] {
        let reply = app.get(file, Some(&owner)).await;
        assert_eq!(reply.status, StatusCode::OK, "{file}");
        assert!(
            reply
                .headers
                .get(header::CACHE_CONTROL)
                .is_none_or(|v| !v.to_str().unwrap().contains("no-store")),
            "{file}: {:?}",
            reply.headers.get(header::CACHE_CONTROL)
        );
    }
}
