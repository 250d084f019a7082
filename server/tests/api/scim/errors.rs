//! SCIM errors as RFC 7644 §3.12 describes them: the Error schema, `status` as a string, a
//! `scimType` where one applies, sent as `application/scim+json`; a failure inside Roster says
//! nothing of what failed.

use super::*;
use crate::support::TestApp;

#[tokio::test]
async fn errors_are_scim_error_bodies() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let token = token(&app, &org).await;
    let bearer = format!("Bearer {token}");
    let cases: Vec<(Reply, StatusCode, Option<&str>)> = vec![
        (
            scim(&app, Method::GET, "/Users/987654", &token, None).await,
            StatusCode::NOT_FOUND,
            None,
        ),
        (
            scim(&app, Method::GET, "/Users/not-a-number", &token, None).await,
            StatusCode::NOT_FOUND,
            None,
        ),
        (
            scim(&app, Method::GET, "/Groups/team-987654", &token, None).await,
            StatusCode::NOT_FOUND,
            None,
        ),
        (
            scim(&app, Method::GET, "/NoSuchEndpoint", &token, None).await,
            StatusCode::NOT_FOUND,
            None,
        ),
        (
            scim(
                &app,
                Method::GET,
                &format!("/Users?{}", filter("userName xx \"a\"")),
                &token,
                None,
            )
            .await,
            StatusCode::BAD_REQUEST,
            Some("invalidFilter"),
        ),
        (
            send(&app, Method::POST, "/Users", Some(&bearer), &[], None).await,
            StatusCode::BAD_REQUEST,
            Some("invalidSyntax"),
        ),
        (
            scim(
                &app,
                Method::PATCH,
                "/Users/1",
                &token,
                Some(json!({ "Operations": [] })),
            )
            .await,
            StatusCode::BAD_REQUEST,
            Some("invalidSyntax"),
        ),
        (
            send(
                &app,
                Method::POST,
                "/Users",
                Some(&bearer),
                &[(header::CONTENT_TYPE, "text/plain")],
                Some(&user("a@acme.test", "a@acme.test")),
            )
            .await,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            None,
        ),
        (
            scim(&app, Method::DELETE, "/Users", &token, None).await,
            StatusCode::METHOD_NOT_ALLOWED,
            None,
        ),
    ];
    for (reply, status, scim_type) in &cases {
        let error = expect_error(reply, *status);
        if let Some(scim_type) = scim_type {
            assert_eq!(error["scimType"], *scim_type, "{error}");
        }
    }
}

#[tokio::test]
async fn a_failure_inside_says_nothing_of_what_failed() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let token = token(&app, &org).await;
    create_group(&app, &token, "Ops", &[]).await;
    // The store fails on every read of team members from now on.
    sqlx::query("ALTER TABLE team_members RENAME TO team_members_elsewhere")
        .execute(&app.db)
        .await
        .unwrap();
    let reply = scim(&app, Method::GET, "/Groups", &token, None).await;
    let error = expect_error(&reply, StatusCode::INTERNAL_SERVER_ERROR);
    let text = reply.body.to_lowercase();
    for leak in [
        "team_members",
        "sqlite",
        "sqlx",
        "no such table",
        "database",
        "select",
    ] {
        assert!(!text.contains(leak), "{leak} in {error}");
    }
}

#[tokio::test]
async fn an_address_that_keeps_sending_bad_tokens_is_refused_for_a_while() {
    let app = TestApp::with_config(|c| c.token_failures_per_client = 3).await;
    let org = app.org("Acme").await;
    let good = token(&app, &org).await;
    for _ in 0..3 {
        let refused = scim(&app, Method::GET, "/Users", "roster_scim_wrong", None).await;
        assert_eq!(refused.status, StatusCode::UNAUTHORIZED, "{}", refused.body);
    }
    for token in ["roster_scim_wrong", good.as_str()] {
        let limited = scim(&app, Method::GET, "/Users", token, None).await;
        assert_eq!(
            limited.status,
            StatusCode::TOO_MANY_REQUESTS,
            "{}",
            limited.body
        );
        let body = limited.json();
        assert_eq!(body["schemas"][0], roster_scim::ERROR);
        assert_eq!(body["status"], "429");
    }
}
