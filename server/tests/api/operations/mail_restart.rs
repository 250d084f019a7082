//! Mail survives a stop: the real `roster` binary mails a 1,000-row bulk invitation through a
//! real SMTP listener that takes 100 messages and then holds every new connection; SIGTERM then
//! stops the server with 900 messages still queued (their text kept). Started again, with the
//! listener released, the server sends those 900: every invited person gets exactly one
//! message, and every message carries a working link's address.

use crate::live_server::{thousand_rows, Database, Server};
use crate::support::smtp;
use std::collections::HashMap;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mail_queued_at_sigterm_is_sent_after_a_restart_each_message_once() {
    let relay = smtp::Listener::start().await;
    relay.hold_after(100);
    let db = Database::demo();
    let smtp_url = format!("smtp://127.0.0.1:{}", relay.port);
    let env = [
        ("ROSTER_SMTP_URL", smtp_url.as_str()),
        ("ROSTER_SHUTDOWN_SECONDS", "2"),
    ];
    let mut server = Server::start_with(&db, &env, None);
    let mut client = server.signed_in().await;
    let answer = client
        .post(
            "/api/bulk_invite",
            "application/json",
            &thousand_rows("queued-"),
        )
        .await;
    assert_eq!(
        answer.status,
        200,
        "{}",
        String::from_utf8_lossy(&answer.body)
    );

    let mut received: HashMap<String, usize> = HashMap::new();
    for _ in 0..100 {
        let mail = relay.next_message().await;
        *received.entry(mail.to.join(",")).or_default() += 1;
    }
    // The 101st message waits at the listener's door: stop the server now.
    server.terminate();
    let exited = server
        .wait_for_exit(Duration::from_secs(20))
        .await
        .expect("the server did not exit");
    assert!(exited.success(), "exit status {exited}");
    let count = |sql| db.count(sql);
    assert_eq!(
        count("SELECT COUNT(*) FROM outbox WHERE recipient LIKE 'queued-%' AND status = 'sent'")
            .await,
        100
    );
    assert_eq!(
        count(
            "SELECT COUNT(*) FROM outbox WHERE recipient LIKE 'queued-%' AND status = 'queued'
             AND message LIKE '%/invite/%'"
        )
        .await,
        900,
        "the messages not sent are still queued, with their links"
    );

    relay.release();
    let _server = Server::start_with(&db, &env, None);
    while received.values().sum::<usize>() < 1000 {
        let mail = relay
            .next_message_within(Duration::from_secs(120))
            .await
            .expect("the queued messages were not sent after the restart");
        assert!(mail.data.replace("=\r\n", "").contains("/invite/"));
        *received.entry(mail.to.join(",")).or_default() += 1;
    }
    assert_eq!(received.len(), 1000, "every person got a message");
    assert!(
        received.values().all(|n| *n == 1),
        "a message was sent twice"
    );
    // Every row is marked sent (the last one right after the relay took it).
    for _ in 0..200 {
        if count("SELECT COUNT(*) FROM outbox WHERE recipient LIKE 'queued-%' AND status = 'sent'")
            .await
            == 1000
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(
        count("SELECT COUNT(*) FROM outbox WHERE recipient LIKE 'queued-%' AND status = 'sent' AND message IS NULL")
            .await,
        1000
    );
    // Nothing more arrives: no message was sent twice.
    assert!(relay
        .next_message_within(Duration::from_millis(500))
        .await
        .is_none());
}
