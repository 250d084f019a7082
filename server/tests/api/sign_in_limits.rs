//! Limits on password guessing through the real router: refused per email and client address and
//! per client address, slowed (never refused) per email, so that people guessing cannot lock the
//! owner of an account out; empty and oversized input is answered before anything is counted.

use crate::support::{Reply, TestApp, PASSWORD};
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Request, StatusCode};
use serde_json::json;
use std::net::SocketAddr;
use std::time::Duration;

/// Signs in as `email` with `password` from the client address `ip`.
async fn sign_in_from(app: &TestApp, ip: &str, email: &str, password: &str) -> Reply {
    post_from(
        app,
        ip,
        "sign_in",
        &[("email", email), ("password", password)],
    )
    .await
}

/// A form POST to the server function `name` from the client address `ip`.
async fn post_from(app: &TestApp, ip: &str, name: &str, form: &[(&str, &str)]) -> Reply {
    let body = form
        .iter()
        .map(|(k, v)| format!("{k}={}", urlencode(v)))
        .collect::<Vec<_>>()
        .join("&");
    let mut request = Request::post(format!("/api/{name}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json")
        .body(Body::from(body))
        .unwrap();
    let peer: SocketAddr = format!("{ip}:40000").parse().unwrap();
    request.extensions_mut().insert(ConnectInfo(peer));
    app.send(request).await
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn too_many(reply: &Reply) -> bool {
    reply.status == StatusCode::TOO_MANY_REQUESTS
        && reply.json()
            == json!({ "TooManyRequests": "Too many attempts. Try again in 15 minutes." })
}

/// A server whose slowed attempts wait at most a few milliseconds, so the tests stay quick.
async fn app_with(adjust: impl FnOnce(&mut roster_core::config::Config)) -> TestApp {
    TestApp::with_config(|c| {
        c.failure_max_delay = Duration::from_millis(5);
        adjust(c);
    })
    .await
}

#[tokio::test]
async fn ten_wrong_passwords_from_one_address_lock_that_address_out_but_not_the_owner() {
    let app = app_with(|_| {}).await;
    let org = app.org("Acme").await;
    let unknown = "nobody@acme.test";
    let mut answers = Vec::new();
    for email in [org.owner_email.as_str(), unknown] {
        for _ in 0..10 {
            let reply = sign_in_from(&app, "10.0.0.1", email, "wrong-password").await;
            assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
            answers.push(reply.body);
        }
        let right = sign_in_from(&app, "10.0.0.1", email, PASSWORD).await;
        assert!(too_many(&right), "{email}: {} {}", right.status, right.body);
        assert!(right.session_cookie().is_none());
        answers.push(right.body);
    }
    let (known, unknown_answers) = answers.split_at(11);
    assert_eq!(
        known, unknown_answers,
        "an unknown email is answered the same way"
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, 0);

    // The owner, from their own address, still signs in (slowed down, not refused).
    let owner = sign_in_from(&app, "192.0.2.7", &org.owner_email, PASSWORD).await;
    assert_eq!(owner.status, StatusCode::OK, "{}", owner.body);
    assert!(owner.session_cookie().is_some());
    let elsewhere = sign_in_from(&app, "192.0.2.7", unknown, PASSWORD).await;
    assert_eq!(elsewhere.status, StatusCode::UNPROCESSABLE_ENTITY);

    // The limit counts only failures: signing in many times never trips it.
    let member = app.person(&org, shared::OrgRole::Member).await;
    for _ in 0..12 {
        let ok = sign_in_from(&app, "10.0.0.3", &member, PASSWORD).await;
        assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    }
}

#[tokio::test]
async fn guessing_an_email_from_many_addresses_never_locks_its_owner_out() {
    let app = app_with(|_| {}).await;
    let org = app.org("Acme").await;
    // 120 failures for one email from 40 addresses, each below its own limit.
    for address in 0..40 {
        for _ in 0..3 {
            let ip = format!("10.1.{address}.1");
            let reply = sign_in_from(&app, &ip, &org.owner_email, "guess").await;
            assert_eq!(
                reply.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{}",
                reply.body
            );
        }
    }
    let owner = sign_in_from(&app, "192.0.2.7", &org.owner_email, PASSWORD).await;
    assert_eq!(owner.status, StatusCode::OK, "{}", owner.body);
    // Their success clears the email's failures: the guessers start over, from their own counts.
    let again = sign_in_from(&app, "10.1.0.1", &org.owner_email, "guess").await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn another_email_from_the_same_address_works_until_the_address_is_limited() {
    let app = app_with(|c| c.failures_per_client = 15).await;
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
async fn wrong_passwords_on_an_invitation_do_not_lock_the_account_out_for_its_owner() {
    let app = app_with(|_| {}).await;
    let acme = app.org("Acme").await;
    let globex = app.org("Globex").await;
    let owner = app.sign_in(&acme.owner_email).await;
    let web = app.project(&owner, "Web").await;
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

    // Acme's Owner holds the link and guesses Globex's Owner's password from their address.
    for _ in 0..10 {
        let wrong = post_from(
            &app,
            "10.0.0.1",
            "accept_invitation",
            &[("token", &token), ("password", "wrong-password")],
        )
        .await;
        assert_eq!(
            wrong.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            wrong.body
        );
    }
    let right_there = post_from(
        &app,
        "10.0.0.1",
        "accept_invitation",
        &[("token", &token), ("password", PASSWORD)],
    )
    .await;
    assert!(
        too_many(&right_there),
        "{} {}",
        right_there.status,
        right_there.body
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM invitations WHERE status = 'pending'")
            .await,
        1,
        "not accepted"
    );
    let from_there = sign_in_from(&app, "10.0.0.1", &globex.owner_email, PASSWORD).await;
    assert!(too_many(&from_there), "the same budget as signing in");

    // Globex's Owner, from their own address, is not locked out.
    let own = sign_in_from(&app, "192.0.2.7", &globex.owner_email, PASSWORD).await;
    assert_eq!(own.status, StatusCode::OK, "{}", own.body);
}

#[tokio::test]
async fn empty_fields_are_named_at_the_field_and_not_counted() {
    let app = app_with(|c| c.failures_per_client = 5).await;
    let org = app.org("Acme").await;
    for _ in 0..10 {
        let no_email = sign_in_from(&app, "10.0.0.1", "", "something").await;
        assert_eq!(no_email.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            no_email.json(),
            json!({ "Invalid": { "field": "email", "message": "Enter your email." } })
        );
        let blank = sign_in_from(&app, "10.0.0.1", "   ", "").await;
        assert_eq!(
            blank.json(),
            json!({ "Invalid": { "field": "email", "message": "Enter your email." } })
        );
        let no_password = sign_in_from(&app, "10.0.0.1", &org.owner_email, "").await;
        assert_eq!(no_password.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            no_password.json(),
            json!({ "Invalid": { "field": "password", "message": "Enter your password." } })
        );
    }
    // Thirty refusals, none counted: the address's five attempts are all still there.
    let ok = sign_in_from(&app, "10.0.0.1", &org.owner_email, PASSWORD).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
}

#[tokio::test]
async fn an_email_longer_than_any_address_is_refused_before_it_is_counted() {
    let app = app_with(|c| c.failures_per_client = 5).await;
    let org = app.org("Acme").await;
    for i in 0..20 {
        let huge = format!("{i}{}@x.test", "a".repeat(256 * 1024));
        let reply = sign_in_from(&app, "10.0.0.1", &huge, "wrong-password").await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            reply.json(),
            json!({ "Invalid": { "field": "email",
                "message": "An email address has at most 254 characters." } })
        );
    }
    let ok = sign_in_from(&app, "10.0.0.1", &org.owner_email, PASSWORD).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
}

#[tokio::test]
async fn an_email_with_a_nul_byte_is_a_wrong_email_on_every_database() {
    let app = app_with(|_| {}).await;
    let org = app.org("Acme").await;
    let email = format!("\0{}", org.owner_email);
    let reply = sign_in_from(&app, "10.0.0.1", &email, PASSWORD).await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.body
    );
    assert_eq!(
        reply.json(),
        json!({ "Invalid": { "field": "password", "message": "Wrong email or password." } })
    );
}
