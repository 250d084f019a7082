//! Invitation mail on its way out: the outbox's messages delivered by SMTP (lettre over rustls)
//! when `ROSTER_SMTP_URL` is set. When it is not, the server log says for whom a message was
//! queued — never its link, which admins copy from the Invitations tab instead.
//!
//! The outbox row is written with the invitation, in its transaction, and keeps the whole message
//! until it is sent: a message is delivered right after the request that queued it
//! ([`dispatch`]), and whatever is still queued — left by a stop or a crash, or waiting for its
//! next attempt after a passing failure — is delivered by [`spawn_sweeper`] at start and then as
//! each message's time comes. A relay's refusal for good (a 5xx reply), or a fifth failed attempt,
//! leaves the message failed with the relay's reason, for an admin to Retry ([`retry`]).
//!
//! One process delivers a database's mail: a message being delivered is claimed in memory, and
//! its row is read again after the claim, so that the request that queued it and the sweeper
//! never both send it. Deliveries run as tasks of one process-wide tracker, so that a server
//! shutting down can wait for the mail it has accepted to be handed over
//! ([`wait_for_deliveries`]); a message cut off then stays queued and is sent after the restart.

use crate::config::Config;
use crate::invitation_mail::Outgoing;
use crate::store::{outbox, Db};
use lettre::message::header::ContentType;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::{LazyLock, Mutex};
use std::time::Duration;
use tokio_util::task::TaskTracker;

/// The deliveries running in the background.
static DELIVERIES: LazyLock<TaskTracker> = LazyLock::new(TaskTracker::new);

/// The outbox rows being delivered by this process now, by database file and row id.
static CLAIMED: LazyLock<Mutex<HashSet<(PathBuf, i64)>>> =
    LazyLock::new(|| Mutex::new(HashSet::new()));

/// How many times a message is tried before it is left failed.
pub const MAX_ATTEMPTS: i64 = 5;

/// The wait before the second attempt; it doubles for each further one (1, 2, 4, 8 minutes).
pub const FIRST_BACK_OFF: Duration = Duration::from_secs(60);

/// How often the sweeper looks for queued mail when nothing is due sooner.
const SWEEP_EVERY: Duration = Duration::from_secs(60);

/// How long one conversation with the relay may take.
const SMTP_TIMEOUT: Duration = Duration::from_secs(30);

/// Delivers `messages` (just queued, their transaction committed) in the background and records
/// each outcome in the outbox.
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

/// Delivers the queued messages whose time has come, now and whenever the next one is due (at
/// least every minute), until the returned task is aborted. Run by a serving process.
pub fn spawn_sweeper(config: &Config, db: &Db) -> tokio::task::JoinHandle<()> {
    let (config, db) = (config.clone(), db.clone());
    tokio::spawn(async move {
        loop {
            let wait = match sweep(&config, &db).await {
                Ok(next_due) => next_due.map_or(SWEEP_EVERY, |due| {
                    let seconds =
                        (due - crate::store::now()).clamp(1, SWEEP_EVERY.as_secs() as i64);
                    Duration::from_secs(seconds as u64)
                }),
                Err(error) => {
                    tracing::error!(?error, "could not read the queued mail");
                    SWEEP_EVERY
                }
            };
            tokio::time::sleep(wait).await;
        }
    })
}

/// Delivers every queued message that is due, as tracked deliveries, and waits for them; returns
/// when the next queued message is due, if any is.
pub async fn sweep(config: &Config, db: &Db) -> Result<Option<i64>, shared::AppError> {
    let due = outbox::due(db).await?;
    if !due.is_empty() {
        tracing::info!(messages = due.len(), "delivering queued mail");
        let (config, db) = (config.clone(), db.clone());
        let _ = DELIVERIES
            .spawn(async move { deliver(&config, &db, due).await })
            .await;
    }
    outbox::next_due(db).await
}

/// What became of a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Sent,
    /// No relay is configured: the log says for whom (never the link).
    Logged,
    /// A passing failure: tried again later.
    WillRetry(String),
    Failed(String),
    /// Another delivery has it, or it is no longer queued.
    Skipped,
}

/// Delivers `messages` now, one after the other, and records each outcome in the outbox.
pub async fn deliver(config: &Config, db: &Db, messages: Vec<Outgoing>) {
    let relay = Relay::from_config(config);
    if let Err(reason) = &relay {
        tracing::error!(%reason, "ROSTER_SMTP_URL is not usable");
    }
    for message in messages {
        deliver_one(&relay, config, db, message).await;
    }
}

/// Delivers one message now (an admin's Retry) and says how it went.
pub async fn deliver_now(config: &Config, db: &Db, message: Outgoing) -> Outcome {
    let relay = Relay::from_config(config);
    let (config, db) = (config.clone(), db.clone());
    DELIVERIES
        .spawn(async move { deliver_one(&relay, &config, &db, message).await })
        .await
        .unwrap_or(Outcome::Skipped)
}

async fn deliver_one(
    relay: &Result<Option<Relay>, String>,
    config: &Config,
    db: &Db,
    message: Outgoing,
) -> Outcome {
    let Some(_claim) = Claim::take(db, message.outbox_id) else {
        return Outcome::Skipped;
    };
    // Read again under the claim: a delivery that finished just before it has marked the row.
    let attempts = match outbox::queued_attempts(db, message.outbox_id).await {
        Ok(Some(attempts)) => attempts,
        Ok(None) => return Outcome::Skipped,
        Err(error) => {
            tracing::error!(?error, "could not read a queued message");
            return Outcome::Skipped;
        }
    };
    let outcome = match relay {
        Err(reason) => Outcome::Failed(reason.clone()),
        Ok(None) => {
            // The message carries a live link: it stays out of the log, where anyone who reads
            // the log could take it. Copy link on the Invitations tab gives one to an admin.
            tracing::info!(to = %message.to, "invitation queued (no SMTP configured; not sent)");
            Outcome::Logged
        }
        Ok(Some(relay)) => match relay.send(&config.mail_from, &message).await {
            Ok(()) => {
                tracing::info!(to = %message.to, "invitation mailed");
                Outcome::Sent
            }
            Err(failure) if failure.permanent || attempts + 1 >= MAX_ATTEMPTS => {
                tracing::warn!(to = %message.to, reason = %failure.reason, "invitation mail failed");
                Outcome::Failed(failure.reason)
            }
            Err(failure) => {
                tracing::warn!(to = %message.to, reason = %failure.reason, "invitation mail failed; it will be tried again");
                Outcome::WillRetry(failure.reason)
            }
        },
    };
    let recorded = match &outcome {
        Outcome::Sent => outbox::mark(db, message.outbox_id, outbox::Status::Sent, None).await,
        Outcome::Logged => outbox::mark(db, message.outbox_id, outbox::Status::Logged, None).await,
        Outcome::Failed(reason) => {
            outbox::mark(db, message.outbox_id, outbox::Status::Failed, Some(reason)).await
        }
        Outcome::WillRetry(reason) => {
            let wait = FIRST_BACK_OFF.as_secs() as i64 * (1 << attempts.clamp(0, 10));
            outbox::retry_later(db, message.outbox_id, reason, wait).await
        }
        Outcome::Skipped => Ok(()),
    };
    if let Err(error) = recorded {
        tracing::error!(
            ?error,
            outbox_id = message.outbox_id,
            "could not record the delivery of a message"
        );
    }
    outcome
}

/// This process's claim on an outbox row, released when dropped.
struct Claim((PathBuf, i64));

impl Claim {
    fn take(db: &Db, id: i64) -> Option<Claim> {
        let key = (db.connect_options().get_filename().to_path_buf(), id);
        let mut claimed = CLAIMED.lock().unwrap_or_else(|e| e.into_inner());
        // Not `then_some(Claim(key))`: that would make a claim even when the row is taken, and
        // dropping it would lock CLAIMED again (held here) and free the other delivery's claim.
        if claimed.insert(key.clone()) {
            Some(Claim(key))
        } else {
            None
        }
    }
}

impl Drop for Claim {
    fn drop(&mut self) {
        CLAIMED
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&self.0);
    }
}

/// How the connection to the relay is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    /// `smtp://host`: plain SMTP, for a relay on the same host or network.
    Plain,
    /// `smtp://host?tls=starttls`: plain SMTP upgraded by STARTTLS, which the relay must offer.
    StartTls,
    /// `smtps://host`: TLS from the first byte (implicit TLS, port 465 by default).
    Tls,
}

/// Where `ROSTER_SMTP_URL` points: `smtp://[user:password@]host[:port][?tls=starttls]` (port 25,
/// or 587 with STARTTLS, by default) or `smtps://[user:password@]host[:port]` (port 465).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmtpTarget {
    pub host: String,
    pub port: u16,
    pub credentials: Option<(String, String)>,
    pub security: Security,
}

impl SmtpTarget {
    pub fn parse(url: &str) -> Result<SmtpTarget, String> {
        let (implicit_tls, rest) = if let Some(rest) = url.strip_prefix("smtps://") {
            (true, rest)
        } else if let Some(rest) = url.strip_prefix("smtp://") {
            (false, rest)
        } else {
            return Err("it must start with smtp:// or smtps://".into());
        };
        let (rest, query) = match rest.split_once('?') {
            Some((rest, query)) => (rest, Some(query)),
            None => (rest, None),
        };
        let security = match (implicit_tls, query) {
            (true, None) => Security::Tls,
            (false, None) | (false, Some("tls=none")) => Security::Plain,
            (false, Some("tls=starttls")) => Security::StartTls,
            (_, Some(other)) => {
                return Err(format!(
                    "“?{other}” is not understood (smtp://…?tls=starttls, or smtps:// for TLS)"
                ))
            }
        };
        let rest = rest.trim_end_matches('/');
        let (credentials, address) = match rest.rsplit_once('@') {
            Some((auth, address)) => {
                let (user, password) = auth.split_once(':').unwrap_or((auth, ""));
                (Some((user.to_string(), password.to_string())), address)
            }
            None => (None, rest),
        };
        let default_port = match security {
            Security::Plain => 25,
            Security::StartTls => 587,
            Security::Tls => 465,
        };
        let (host, port) = match address.rsplit_once(':') {
            Some((host, port)) => (
                host,
                port.parse::<u16>()
                    .map_err(|_| format!("“{port}” is not a port number"))?,
            ),
            None => (address, default_port),
        };
        if host.is_empty() {
            return Err("it names no host".into());
        }
        Ok(SmtpTarget {
            host: host.to_string(),
            port,
            credentials,
            security,
        })
    }
}

/// A failed hand-over to the relay.
struct SendFailure {
    reason: String,
    /// The relay refused for good (a 5xx reply): trying again would not help.
    permanent: bool,
}

/// The configured relay.
struct Relay {
    transport: AsyncSmtpTransport<Tokio1Executor>,
}

impl Relay {
    /// The relay of `ROSTER_SMTP_URL`, if set; TLS certificates are checked against the roots
    /// built in and the one of `ROSTER_SMTP_CA_FILE`, if set.
    fn from_config(config: &Config) -> Result<Option<Relay>, String> {
        let Some(url) = config.smtp_url.as_deref() else {
            return Ok(None);
        };
        let target = SmtpTarget::parse(url).map_err(|e| format!("ROSTER_SMTP_URL: {e}"))?;
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&target.host)
            .port(target.port)
            .timeout(Some(SMTP_TIMEOUT));
        if target.security != Security::Plain {
            let mut tls = TlsParameters::builder(target.host.clone());
            if let Some(file) = &config.smtp_ca_file {
                let pem = std::fs::read(file)
                    .map_err(|e| format!("ROSTER_SMTP_CA_FILE: cannot read {file}: {e}"))?;
                let certificate = Certificate::from_pem(&pem)
                    .map_err(|e| format!("ROSTER_SMTP_CA_FILE: {file}: {e}"))?;
                tls = tls.add_root_certificate(certificate);
            }
            let tls = tls.build_rustls().map_err(|e| format!("TLS: {e}"))?;
            builder = builder.tls(match target.security {
                Security::StartTls => Tls::Required(tls),
                _ => Tls::Wrapper(tls),
            });
        }
        if let Some((user, password)) = target.credentials {
            builder = builder.credentials(
                lettre::transport::smtp::authentication::Credentials::new(user, password),
            );
        }
        Ok(Some(Relay {
            transport: builder.build(),
        }))
    }

    async fn send(&self, from: &str, message: &Outgoing) -> Result<(), SendFailure> {
        let refused = |reason: String| SendFailure {
            reason,
            permanent: true,
        };
        let email = Message::builder()
            .from(
                from.parse()
                    .map_err(|e| refused(format!("ROSTER_MAIL_FROM: {e}")))?,
            )
            .to(message
                .to
                .parse()
                .map_err(|e| refused(format!("recipient: {e}")))?)
            .subject(&message.subject)
            .header(ContentType::TEXT_PLAIN)
            .body(message.body.clone())
            .map_err(|e| refused(e.to_string()))?;
        self.transport
            .send(email)
            .await
            .map(|_| ())
            .map_err(|e| SendFailure {
                permanent: e.is_permanent(),
                reason: reason(&e),
            })
    }
}

/// What the relay said, or why it could not be reached, in one line.
fn reason(error: &lettre::transport::smtp::Error) -> String {
    use std::error::Error;
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text = format!("{text}: {cause_text}");
        }
        source = cause.source();
    }
    text.replace(['\r', '\n'], " ")
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
                credentials: None,
                security: Security::Plain,
            })
        );
        let with_user = SmtpTarget::parse("smtp://roster:s3cret@mail.internal").unwrap();
        assert_eq!(with_user.port, 25);
        assert_eq!(
            with_user.credentials,
            Some(("roster".into(), "s3cret".into()))
        );
        let implicit = SmtpTarget::parse("smtps://mail.example.com").unwrap();
        assert_eq!((implicit.port, implicit.security), (465, Security::Tls));
        let upgraded = SmtpTarget::parse("smtp://u:p@mail.example.com?tls=starttls").unwrap();
        assert_eq!(
            (upgraded.port, upgraded.security),
            (587, Security::StartTls)
        );
        assert_eq!(upgraded.host, "mail.example.com");
        let upgraded = SmtpTarget::parse("smtp://mail:2587?tls=starttls").unwrap();
        assert_eq!(upgraded.port, 2587);
        assert!(SmtpTarget::parse("smtp://mail:many").is_err());
        assert!(SmtpTarget::parse("smtp://mail?tls=maybe").is_err());
        assert!(SmtpTarget::parse("smtps://mail?tls=starttls").is_err());
        assert!(SmtpTarget::parse("http://mail").is_err());
    }

    #[tokio::test]
    async fn a_claimed_message_is_not_claimed_again_until_its_claim_ends() {
        let db = crate::store::connect("sqlite::memory:").await.unwrap();
        let first = Claim::take(&db, 7).expect("a free row is claimed");
        assert!(Claim::take(&db, 7).is_none());
        // A refused claim leaves the first one in place.
        assert!(Claim::take(&db, 7).is_none());
        assert!(Claim::take(&db, 8).is_some());
        drop(first);
        assert!(Claim::take(&db, 7).is_some());
    }

    #[test]
    fn every_address_the_shared_rule_accepts_can_be_mailed() {
        for typed in [
            "ana@example.xn--p1ai",
            "José@Example.es",
            "ана@пример.рф",
            "用户@例子.广告",
            "a@bücher.de",
            "o'brien+roster@sub.example.co.uk",
        ] {
            let address = shared::validate::email(typed).unwrap();
            assert!(
                address.parse::<lettre::Address>().is_ok(),
                "{address} is accepted but cannot be mailed"
            );
        }
    }
}
