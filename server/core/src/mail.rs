//! Invitation mail on its way out: delivering the outbox's messages by SMTP (lettre)
//! when `ROSTER_SMTP_URL` is set. When it is not, the server log says for whom a message was
//! queued — never its link, which admins copy from the Invitations tab instead. Either way the
//! outbox row written with the invitation records how the message went, so nothing silently
//! vanishes.
//!
//! Deliveries run as background tasks of one process-wide tracker, so that a server shutting
//! down can wait for the mail it has accepted to be handed over ([`wait_for_deliveries`]).

use crate::config::Config;
use crate::invitation_mail::Outgoing;
use crate::store::{outbox, Db};
use lettre::message::header::ContentType;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::sync::LazyLock;
use tokio_util::task::TaskTracker;

/// The deliveries running in the background.
static DELIVERIES: LazyLock<TaskTracker> = LazyLock::new(TaskTracker::new);

/// Delivers `messages` in the background and records each outcome in the outbox.
pub fn dispatch(config: &Config, db: &Db, messages: Vec<Outgoing>) {
    if messages.is_empty() {
        return;
    }
    let (config, db) = (config.clone(), db.clone());
    DELIVERIES.spawn(async move { deliver(&config, &db, messages).await });
}

/// Waits until every delivery dispatched so far has finished, or until `deadline`; returns
/// whether they all finished. Called once the server has stopped taking requests (a delivery
/// dispatched after it is still tracked, and waited for by a later call).
pub async fn wait_for_deliveries(deadline: tokio::time::Instant) -> bool {
    DELIVERIES.close();
    let finished = tokio::time::timeout_at(deadline, DELIVERIES.wait())
        .await
        .is_ok();
    DELIVERIES.reopen();
    finished
}

/// How many deliveries are running now.
pub fn deliveries_in_flight() -> usize {
    DELIVERIES.len()
}

/// Delivers `messages` now and records each outcome in the outbox.
pub async fn deliver(config: &Config, db: &Db, messages: Vec<Outgoing>) {
    let transport = match config.smtp_url.as_deref().map(transport) {
        None => None,
        Some(Ok(t)) => Some(t),
        Some(Err(reason)) => {
            tracing::error!(%reason, "ROSTER_SMTP_URL is not usable");
            for message in &messages {
                record(db, message.outbox_id, outbox::Status::Failed, Some(&reason)).await;
            }
            return;
        }
    };
    for message in messages {
        let Some(transport) = &transport else {
            // The message carries a live link: it stays out of the log, where anyone who reads
            // the log could take it. Copy link on the Invitations tab gives one to an admin.
            tracing::info!(to = %message.to, "invitation queued (no SMTP configured; not sent)");
            record(db, message.outbox_id, outbox::Status::Logged, None).await;
            continue;
        };
        match send(transport, &config.mail_from, &message).await {
            Ok(()) => {
                tracing::info!(to = %message.to, "invitation mailed");
                record(db, message.outbox_id, outbox::Status::Sent, None).await;
            }
            Err(reason) => {
                tracing::warn!(to = %message.to, %reason, "invitation mail failed");
                record(db, message.outbox_id, outbox::Status::Failed, Some(&reason)).await;
            }
        }
    }
}

/// Where `ROSTER_SMTP_URL` points: `smtp://[user:password@]host[:port]` (port 25 by default).
/// Plain SMTP only, for a relay on the same host or network; TLS is the relay's job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmtpTarget {
    pub host: String,
    pub port: u16,
    pub credentials: Option<(String, String)>,
}

impl SmtpTarget {
    pub fn parse(url: &str) -> Result<SmtpTarget, String> {
        let rest = url
            .strip_prefix("smtp://")
            .ok_or("it must start with smtp:// (plain SMTP to a local relay)")?;
        let rest = rest.trim_end_matches('/');
        let (credentials, address) = match rest.rsplit_once('@') {
            Some((auth, address)) => {
                let (user, password) = auth.split_once(':').unwrap_or((auth, ""));
                (Some((user.to_string(), password.to_string())), address)
            }
            None => (None, rest),
        };
        let (host, port) = match address.rsplit_once(':') {
            Some((host, port)) => (
                host,
                port.parse::<u16>()
                    .map_err(|_| format!("“{port}” is not a port number"))?,
            ),
            None => (address, 25),
        };
        if host.is_empty() {
            return Err("it names no host".into());
        }
        Ok(SmtpTarget {
            host: host.to_string(),
            port,
            credentials,
        })
    }
}

fn transport(url: &str) -> Result<AsyncSmtpTransport<Tokio1Executor>, String> {
    let target = SmtpTarget::parse(url)?;
    let mut builder =
        AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&target.host).port(target.port);
    if let Some((user, password)) = target.credentials {
        builder = builder.credentials(lettre::transport::smtp::authentication::Credentials::new(
            user, password,
        ));
    }
    Ok(builder.build())
}

async fn send(
    transport: &AsyncSmtpTransport<Tokio1Executor>,
    from: &str,
    message: &Outgoing,
) -> Result<(), String> {
    let email = Message::builder()
        .from(from.parse().map_err(|e| format!("ROSTER_MAIL_FROM: {e}"))?)
        .to(message.to.parse().map_err(|e| format!("recipient: {e}"))?)
        .subject(&message.subject)
        .header(ContentType::TEXT_PLAIN)
        .body(message.body.clone())
        .map_err(|e| e.to_string())?;
    transport
        .send(email)
        .await
        .map(|_| ())
        .map_err(|e| e.to_string())
}

async fn record(db: &Db, outbox_id: i64, status: outbox::Status, detail: Option<&str>) {
    if let Err(error) = outbox::mark(db, outbox_id, status, detail).await {
        tracing::error!(
            ?error,
            outbox_id,
            "could not record the delivery of a message"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_smtp_urls() {
        assert_eq!(
            SmtpTarget::parse("smtp://127.0.0.1:2525"),
            Ok(SmtpTarget {
                host: "127.0.0.1".into(),
                port: 2525,
                credentials: None
            })
        );
        let with_user = SmtpTarget::parse("smtp://roster:s3cret@mail.internal").unwrap();
        assert_eq!(with_user.port, 25);
        assert_eq!(
            with_user.credentials,
            Some(("roster".into(), "s3cret".into()))
        );
        assert!(SmtpTarget::parse("smtps://mail:465").is_err());
        assert!(SmtpTarget::parse("smtp://mail:many").is_err());
    }
}
