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
//! Several processes may deliver one database's mail: a delivery first claims the message's row
//! in the database for [`CLAIM_LEASE`] (one statement, so two claims never both win), so the
//! request that queued it and the sweepers of every process never both send it. A process that
//! stops releases its claims ([`release_claims`]); one that dies while delivering leaves a claim
//! that runs out, and the message is then sent by whichever process sweeps next (twice only if it
//! died after the relay took the message and before the outbox recorded it). Deliveries run as
//! tasks of one process-wide tracker, so that a server shutting down can wait for the mail it has
//! accepted to be handed over ([`wait_for_deliveries`]); a message cut off then stays queued and
//! is sent after the restart, or by another process.

use crate::config::Config;
use crate::invitation_mail::Outgoing;
use crate::store::{self, outbox, Db};
use relay::Relay;
use std::sync::LazyLock;
use std::time::Duration;
use tokio_util::task::TaskTracker;

mod relay;

pub use relay::{Security, SmtpTarget};

/// The deliveries running in the background.
static DELIVERIES: LazyLock<TaskTracker> = LazyLock::new(TaskTracker::new);

/// How long a delivery's claim on a message holds: longer than any conversation with the relay
/// (each of its steps times out after 30 seconds).
pub const CLAIM_LEASE: Duration = Duration::from_secs(5 * 60);

/// How many times a message is tried before it is left failed.
pub const MAX_ATTEMPTS: i64 = 5;

/// The wait before the second attempt; it doubles for each further one (1, 2, 4, 8 minutes).
pub const FIRST_BACK_OFF: Duration = Duration::from_secs(60);

/// How often the sweeper looks for queued mail when nothing is due sooner.
const SWEEP_EVERY: Duration = Duration::from_secs(60);

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

/// Ends this process's claims on the messages it has not delivered (at its stop, once
/// [`wait_for_deliveries`] has returned), so that another process, or this one started again,
/// sends them at once rather than when the claims run out.
pub async fn release_claims(db: &Db) {
    match outbox::release(db, store::this_process()).await {
        Ok(0) => {}
        Ok(released) => tracing::info!(messages = released, "undelivered mail left queued"),
        Err(error) => tracing::error!(?error, "could not release the claims on queued mail"),
    }
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
    let lease = CLAIM_LEASE.as_secs() as i64;
    let claimed = outbox::claim(db, message.outbox_id, store::this_process(), lease).await;
    let attempts = match claimed {
        Ok(Some(attempts)) => attempts,
        Ok(None) => return Outcome::Skipped,
        Err(error) => {
            tracing::error!(?error, "could not claim a queued message");
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
