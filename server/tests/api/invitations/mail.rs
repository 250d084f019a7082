//! The mail path against a real SMTP listener: a relay that refuses leaves the invitation's
//! message failed with the relay's reason, shown on the Invitations tab, and Retry sends it; a
//! passing refusal is tried again after its back-off; STARTTLS and implicit TLS to a relay whose
//! certificate comes from a test authority that Roster is told to trust, and the same relay
//! refused when it is not trusted.

use super::{invitation_id, invite_one};
use crate::support::smtp::{self, Security, TestAuthority};
use crate::support::TestApp;
use axum::http::StatusCode;
use roster_core::config::Config;

/// The status, detail and attempts of the newest outbox row, once it has left `queued` or has
/// been tried at least once.
async fn settled(app: &TestApp) -> (String, Option<String>, i64) {
    for _ in 0..200 {
        let row: (String, Option<String>, i64) =
            sqlx::query_as("SELECT status, detail, attempts FROM outbox ORDER BY id DESC LIMIT 1")
                .fetch_one(&app.db)
                .await
                .unwrap();
        if row.0 != "queued" || row.2 > 0 {
            return row;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the message was never tried");
}

async fn delivery_shown(app: &TestApp, cookie: &str) -> serde_json::Value {
    let reply = app.call("list_invitations", &[], Some(cookie)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.json()["invitations"][0]["delivery"].clone()
}

fn relay_at(port: u16, query: &str, scheme: &str) -> String {
    format!("{scheme}://127.0.0.1:{port}{query}")
}

#[tokio::test]
async fn a_refused_message_is_failed_with_the_reason_and_retry_sends_it() {
    let relay = smtp::Listener::start().await;
    relay.refuse(Some(
        "550 5.1.1 <refused@x.test>: Recipient address rejected",
    ));
    let app = TestApp::with_config(|config| {
        config.smtp_url = Some(relay_at(relay.port, "", "smtp"));
    })
    .await;
    let org = app.org("Acme").await;
    let owner = app.sign_in(&org.owner_email).await;
    invite_one(&app, &owner, "refused@x.test").await;

    let (status, detail, attempts) = settled(&app).await;
    assert_eq!(status, "failed");
    assert_eq!(attempts, 1, "a refusal for good is not tried again");
    let detail = detail.unwrap();
    assert!(
        detail.contains("550") && detail.contains("Recipient address rejected"),
        "{detail}"
    );
    let shown = delivery_shown(&app, &owner).await;
    assert_eq!(shown["status"], "failed", "{shown}");
    assert!(shown["reason"]
        .as_str()
        .unwrap()
        .contains("Recipient address rejected"));
    let kept: Option<String> = sqlx::query_scalar("SELECT message FROM outbox")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert!(
        kept.unwrap().contains("/invite/"),
        "a failed message keeps its link for Retry"
    );

    relay.refuse(None);
    let id = invitation_id(&app, "refused@x.test").await.to_string();
    let retried = app
        .call("retry_invitation_mail", &[("id", &id)], Some(&owner))
        .await;
    assert_eq!(retried.status, StatusCode::OK, "{}", retried.body);
    assert_eq!(retried.json()["status"], "sent", "{}", retried.body);
    let mail = relay.next_message().await;
    assert_eq!(mail.to, ["<refused@x.test>"]);
    assert!(mail.data.replace("=\r\n", "").contains("/invite/"));
    assert_eq!(delivery_shown(&app, &owner).await["status"], "sent");
    let kept: Option<String> = sqlx::query_scalar("SELECT message FROM outbox")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(kept, None, "a sent message keeps no link");

    // Sent: nothing to retry.
    let again = app
        .call("retry_invitation_mail", &[("id", &id)], Some(&owner))
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.body);
}

#[tokio::test]
async fn a_passing_refusal_is_tried_again_after_its_back_off() {
    let relay = smtp::Listener::start().await;
    relay.refuse(Some("451 4.3.0 Try again later"));
    let mut config = Config::default();
    let app = TestApp::with_config(|c| {
        c.smtp_url = Some(relay_at(relay.port, "", "smtp"));
        config = c.clone();
    })
    .await;
    let org = app.org("Acme").await;
    let owner = app.sign_in(&org.owner_email).await;
    invite_one(&app, &owner, "later@x.test").await;

    let (status, detail, attempts) = settled(&app).await;
    assert_eq!((status.as_str(), attempts), ("queued", 1));
    assert!(detail.unwrap().contains("451"));
    let (next, created): (i64, i64) =
        sqlx::query_as("SELECT next_attempt_at, created_at FROM outbox")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert!(next >= created + roster_core::mail::FIRST_BACK_OFF.as_secs() as i64);
    let shown = delivery_shown(&app, &owner).await;
    assert_eq!(
        (shown["status"].as_str(), shown["attempts"].as_u64()),
        (Some("queued"), Some(1))
    );

    // Not due yet: a sweep sends nothing.
    roster_core::mail::sweep(&config, &app.db).await.unwrap();
    assert_eq!(settled(&app).await.2, 1);
    // Its time has come (moved, not waited for): the sweep sends it.
    relay.refuse(None);
    sqlx::query("UPDATE outbox SET next_attempt_at = 0")
        .execute(&app.db)
        .await
        .unwrap();
    roster_core::mail::sweep(&config, &app.db).await.unwrap();
    assert_eq!(relay.next_message().await.to, ["<later@x.test>"]);
    assert_eq!(settled(&app).await.0, "sent");
    assert_eq!(settled(&app).await.2, 2);
}

/// Invites one person through a relay speaking `security` at `url`, trusting `ca` if given;
/// returns the outbox row's status and detail.
async fn through(
    relay: &smtp::Listener,
    url: String,
    ca: Option<&str>,
) -> (String, Option<String>) {
    let dir = tempfile::tempdir().unwrap();
    let ca_file = ca.map(|pem| {
        let path = dir.path().join("ca.pem");
        std::fs::write(&path, pem).unwrap();
        path.display().to_string()
    });
    let app = TestApp::with_config(|config| {
        config.smtp_url = Some(url);
        config.smtp_ca_file = ca_file;
    })
    .await;
    let org = app.org("Acme").await;
    let owner = app.sign_in(&org.owner_email).await;
    invite_one(&app, &owner, "secure@x.test").await;
    let (status, detail, _) = settled(&app).await;
    if status == "sent" {
        let mail = relay.next_message().await;
        assert_eq!(mail.to, ["<secure@x.test>"]);
    }
    (status, detail)
}

#[tokio::test]
async fn starttls_to_a_relay_whose_certificate_is_trusted() {
    let authority = TestAuthority::new();
    let relay = smtp::Listener::start_with(Security::StartTls(authority.acceptor.clone())).await;
    let url = relay_at(relay.port, "?tls=starttls", "smtp");
    let (status, detail) = through(&relay, url.clone(), Some(&authority.ca_pem)).await;
    assert_eq!(status, "sent", "{detail:?}");

    // The same relay, its authority not trusted: the certificate is refused, nothing is sent.
    let (status, detail) = through(&relay, url, None).await;
    assert_ne!(status, "sent");
    let detail = detail.unwrap().to_lowercase();
    assert!(detail.contains("certificate"), "{detail}");
}

#[tokio::test]
async fn implicit_tls_to_a_relay_whose_certificate_is_trusted() {
    let authority = TestAuthority::new();
    let relay = smtp::Listener::start_with(Security::Tls(authority.acceptor.clone())).await;
    let url = relay_at(relay.port, "", "smtps");
    let (status, detail) = through(&relay, url.clone(), Some(&authority.ca_pem)).await;
    assert_eq!(status, "sent", "{detail:?}");

    let (status, detail) = through(&relay, url, None).await;
    assert_ne!(status, "sent");
    assert!(detail.unwrap().to_lowercase().contains("certificate"));
}

#[tokio::test]
async fn plain_smtp_to_a_relay_that_demands_starttls_is_not_sent() {
    let authority = TestAuthority::new();
    let relay = smtp::Listener::start_with(Security::StartTls(authority.acceptor.clone())).await;
    let (status, detail) = through(&relay, relay_at(relay.port, "", "smtp"), None).await;
    assert_eq!(status, "failed", "{detail:?}");
    assert!(detail.unwrap().contains("530"));
}
