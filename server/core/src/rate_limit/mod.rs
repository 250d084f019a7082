//! Limits on password guessing (server side). Every password check — signing in, or accepting an
//! invitation with an existing account — is counted three ways, in a sliding window:
//!
//! - per email *and* client address: past its limit that client is refused (429) for that email;
//! - per client address, over all emails: past its limit the client is refused for every email;
//! - per email, over all addresses: past the same limit every further attempt for the email is
//!   *slowed* (1 s, doubling, up to a maximum) but never refused, so that people guessing from
//!   elsewhere cannot lock the owner of the account out — someone who knows their password still
//!   signs in, a little later.
//!
//! A check that succeeds is taken back (and clears the email's failures); failed ones stay counted
//! until they leave the window. Refusals come before any password is looked at, with the same
//! answer whether or not the email has an account.
//!
//! The counts live in the database (`store::password_failures`), so a limit holds across every
//! server process on it and across restarts. Emails are counted by a 128-bit digest (never the
//! text), so a row has the same small size whatever clients send; housekeeping deletes the rows
//! that have left the window.
//!
//! Failed SCIM tokens ([`TokenFailures`]) are counted in memory, per process: they guard against
//! load, not guessing (a token is 256 random bits), and the SCIM service is the one that must stay
//! fast. Each process holds at most [`MAX_KEYS`] client addresses (past that, the one idle the
//! longest is forgotten first).

mod client;

pub use client::Client;

use crate::config::Config;
use crate::store::password_failures::{self, Counter, Kind};
use crate::store::Db;
use sha2::{Digest, Sha256};
use shared::AppError;
use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// The most client addresses [`TokenFailures`] holds.
pub const MAX_KEYS: usize = 100_000;

/// The first delay of a slowed email; each further failure doubles it, up to the maximum.
const FIRST_DELAY: Duration = Duration::from_secs(1);

/// An email, by the first 128 bits of the SHA-256 of its trimmed, lower-cased form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct EmailKey([u8; 16]);

impl EmailKey {
    fn of(email: &str) -> EmailKey {
        let digest = Sha256::digest(email.trim().to_lowercase().as_bytes());
        let mut key = [0; 16];
        key.copy_from_slice(&digest[..16]);
        EmailKey(key)
    }
}

/// The limits on password checks; the counts are in the database.
pub struct PasswordAttempts {
    db: Db,
    per_email: usize,
    per_client: usize,
    window: Duration,
    max_delay: Duration,
    /// Failure times of one email worth reading: past this many the delay is at its maximum.
    keep_for_email: usize,
}

/// One attempt in progress: counted as failed unless [`Attempt::succeeded`] is called.
#[must_use = "an attempt that is not marked as succeeded counts as failed"]
pub struct Attempt<'a> {
    attempts: &'a PasswordAttempts,
    keys: Keys,
    /// The row that counts this attempt against the client.
    client_row: i64,
}

/// What an attempt is counted under.
struct Keys {
    pair: Vec<u8>,
    client: Vec<u8>,
    email: Vec<u8>,
}

impl Keys {
    fn of(client: Client, email: EmailKey) -> Keys {
        let client = client.key();
        let mut pair = email.0.to_vec();
        pair.extend_from_slice(&client);
        Keys {
            pair,
            client,
            email: email.0.to_vec(),
        }
    }
}

/// What the limits say about an attempt about to be made.
#[derive(Debug, PartialEq, Eq)]
enum Decision {
    Refused(Duration),
    /// Counted; the password may be checked after this delay.
    Go(Duration),
}

impl PasswordAttempts {
    pub fn new(config: &Config, db: Db) -> PasswordAttempts {
        let per_email = (config.failures_per_email as usize).max(1);
        let per_client = (config.failures_per_client as usize).max(1);
        // Past this many failures of one email the delay is at its maximum anyway.
        let doublings = (config.failure_max_delay.as_secs_f64() / FIRST_DELAY.as_secs_f64())
            .log2()
            .ceil()
            .max(0.0) as usize;
        PasswordAttempts {
            db,
            per_email,
            per_client,
            window: config.failure_window,
            max_delay: config.failure_max_delay,
            keep_for_email: per_email + doublings + 1,
        }
    }

    /// Starts a password check for `email` from `client`: refused (429) while the client has used
    /// up its attempts, overall or for this email; otherwise counted, and returned once the email's
    /// delay (if others have been failing for it) has passed. `email` is compared trimmed and
    /// lower-cased.
    pub async fn begin(&self, client: Client, email: &str) -> Result<Attempt<'_>, AppError> {
        let keys = Keys::of(client, EmailKey::of(email));
        let (decision, client_row) = self.decide(&keys, unix_millis(SystemTime::now())).await?;
        match decision {
            Decision::Refused(wait) => Err(too_many(wait)),
            Decision::Go(delay) => {
                if !delay.is_zero() {
                    tokio::time::sleep(delay).await;
                }
                Ok(Attempt {
                    attempts: self,
                    keys,
                    client_row: client_row.unwrap_or_default(),
                })
            }
        }
    }

    /// Decides on an attempt at `at` (Unix milliseconds) and, unless it is refused, counts it;
    /// returns the row that counts it against the client.
    async fn decide(&self, keys: &Keys, at: i64) -> Result<(Decision, Option<i64>), AppError> {
        let window = self.window.as_millis() as i64;
        let counters = [
            Counter {
                kind: Kind::EmailAndClient,
                key: &keys.pair,
                keep: self.per_email,
            },
            Counter {
                kind: Kind::Client,
                key: &keys.client,
                keep: self.per_client,
            },
            Counter {
                kind: Kind::Email,
                key: &keys.email,
                keep: self.keep_for_email,
            },
        ];
        // A failure counts while less than a window old.
        let since = at - window + 1;
        // Newest first: past `limit` failures, the one that must leave the window first.
        let wait = |times: &[i64], limit: usize| {
            (times.len() >= limit).then(|| {
                let oldest_that_counts = times[limit - 1];
                Duration::from_millis((window - (at - oldest_that_counts)).max(0) as u64)
            })
        };
        let counted = password_failures::count_and_record(&self.db, &counters, since, at, |seen| {
            let refused = [
                wait(&seen[0], self.per_email),
                wait(&seen[1], self.per_client),
            ]
            .into_iter()
            .flatten()
            .max();
            match refused {
                Some(wait) => Err(Decision::Refused(wait)),
                None => Ok(Decision::Go(self.delay_after(seen[2].len()))),
            }
        })
        .await;
        match counted {
            Ok(Ok((decision, rows))) => Ok((decision, rows.get(1).copied())),
            Ok(Err(refused)) => Ok((refused, None)),
            Err(error) => Err(error),
        }
    }

    /// The delay before checking a password for an email that failed `failures` times lately.
    fn delay_after(&self, failures: usize) -> Duration {
        if failures < self.per_email {
            return Duration::ZERO;
        }
        let doublings = (failures - self.per_email).min(30) as u32;
        FIRST_DELAY
            .saturating_mul(1 << doublings)
            .min(self.max_delay)
    }
}

impl Attempt<'_> {
    /// The password was right: this attempt no longer counts, and neither do the email's earlier
    /// failures (from anywhere). The client's failures for other emails still do. (Not clearing
    /// them is logged, not answered: the password was right.)
    pub async fn succeeded(self) {
        let keys = &self.keys;
        let clear = [
            (Kind::EmailAndClient, keys.pair.as_slice()),
            (Kind::Email, keys.email.as_slice()),
        ];
        if let Err(error) =
            password_failures::forget(&self.attempts.db, &clear, self.client_row).await
        {
            tracing::error!(?error, "could not take back a right password's attempt");
        }
    }
}

/// Unix milliseconds of `at`.
fn unix_millis(at: SystemTime) -> i64 {
    at.duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// Failure times per client, oldest first, each list capped, the table swept and bounded.
struct Failures {
    by_client: HashMap<Client, VecDeque<Instant>>,
    /// Times kept per client: more would change no decision.
    keep: usize,
    max_keys: usize,
    swept_at: Option<Instant>,
}

impl Failures {
    fn new(keep: usize, max_keys: usize) -> Self {
        Failures {
            by_client: HashMap::new(),
            keep: keep.max(1),
            max_keys,
            swept_at: None,
        }
    }

    /// How long until fewer than `limit` failures of `client` are in the window, if it is at the
    /// limit now.
    fn wait(
        &mut self,
        client: &Client,
        limit: usize,
        window: Duration,
        at: Instant,
    ) -> Option<Duration> {
        let times = self.by_client.get_mut(client)?;
        forget_expired(times, window, at);
        if times.is_empty() {
            self.by_client.remove(client);
            return None;
        }
        if times.len() < limit.max(1) {
            return None;
        }
        let oldest_that_counts = times[times.len() - limit.max(1)];
        Some(window.saturating_sub(at.saturating_duration_since(oldest_that_counts)))
    }

    fn record(&mut self, client: Client, window: Duration, at: Instant) {
        self.sweep(window, at);
        if !self.by_client.contains_key(&client) && self.by_client.len() >= self.max_keys {
            self.evict_idlest();
        }
        let times = self.by_client.entry(client).or_default();
        times.push_back(at);
        while times.len() > self.keep {
            times.pop_front();
        }
    }

    /// Drops every client whose failures have all left the window, once per tenth of the window,
    /// so entries go with their window (and a full table makes room for live ones).
    fn sweep(&mut self, window: Duration, at: Instant) {
        let due = self
            .swept_at
            .is_none_or(|last| at.saturating_duration_since(last) >= window / 10);
        if !due {
            return;
        }
        self.swept_at = Some(at);
        self.by_client.retain(|_, times| {
            forget_expired(times, window, at);
            !times.is_empty()
        });
    }

    /// Forgets the client whose newest failure is the oldest.
    fn evict_idlest(&mut self) {
        let idlest = self
            .by_client
            .iter()
            .min_by_key(|(_, times)| times.back().copied())
            .map(|(client, _)| *client);
        if let Some(client) = idlest {
            self.by_client.remove(&client);
        }
    }
}

fn forget_expired(times: &mut VecDeque<Instant>, window: Duration, at: Instant) {
    while times
        .front()
        .is_some_and(|t| at.saturating_duration_since(*t) >= window)
    {
        times.pop_front();
    }
}

/// SCIM requests whose bearer token was missing, wrong or revoked, per client address: past the
/// limit, the address is refused (429) until its failures age out, before any token is looked up.
pub struct TokenFailures {
    limit: usize,
    window: Duration,
    table: Mutex<Failures>,
}

impl TokenFailures {
    pub fn new(config: &Config) -> TokenFailures {
        TokenFailures::with_capacity(config, MAX_KEYS)
    }

    fn with_capacity(config: &Config, max_keys: usize) -> TokenFailures {
        let limit = config.token_failures_per_client as usize;
        TokenFailures {
            limit,
            window: config.failure_window,
            table: Mutex::new(Failures::new(limit, max_keys)),
        }
    }

    /// Refuses `client` while it is past the limit.
    pub fn check(&self, client: Client) -> Result<(), AppError> {
        self.check_at(client, Instant::now())
    }

    fn check_at(&self, client: Client, at: Instant) -> Result<(), AppError> {
        match lock(&self.table).wait(&client, self.limit, self.window, at) {
            Some(wait) => Err(too_many(wait)),
            None => Ok(()),
        }
    }

    /// Counts one failed authentication of `client`.
    pub fn failed(&self, client: Client) {
        self.failed_at(client, Instant::now());
    }

    fn failed_at(&self, client: Client, at: Instant) {
        lock(&self.table).record(client, self.window, at);
    }

    /// Clients held, and failure times held.
    #[cfg(test)]
    fn held(&self) -> (usize, usize) {
        let table = lock(&self.table);
        (
            table.by_client.len(),
            table.by_client.values().map(VecDeque::len).sum(),
        )
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The refusal, with the wait rounded up to whole minutes.
fn too_many(wait: Duration) -> AppError {
    let minutes = wait.as_secs().div_ceil(60).max(1);
    let unit = if minutes == 1 { "minute" } else { "minutes" };
    AppError::TooManyRequests(format!("Too many attempts. Try again in {minutes} {unit}."))
}

#[cfg(test)]
mod tests;
