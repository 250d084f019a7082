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
//! Memory is bounded whatever clients send: emails are counted by a 128-bit digest (never the
//! text), each key keeps at most as many times as its limit needs, expired keys are swept as the
//! window moves on, and each table holds at most [`MAX_KEYS`] keys (past that, the key idle the
//! longest is forgotten first). Counts live in memory: a restart forgets them.

mod client;

pub use client::Client;

use crate::config::Config;
use sha2::{Digest, Sha256};
use shared::AppError;
use std::collections::{HashMap, VecDeque};
use std::hash::Hash;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The most keys each table (emails, clients, email and client pairs) holds.
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

/// Failure times per key, oldest first, each list capped, the table swept and bounded.
struct Failures<K> {
    by_key: HashMap<K, VecDeque<Instant>>,
    /// Times kept per key: more would change no decision.
    keep: usize,
    max_keys: usize,
    swept_at: Option<Instant>,
}

impl<K: Eq + Hash + Copy> Failures<K> {
    fn new(keep: usize, max_keys: usize) -> Self {
        Failures {
            by_key: HashMap::new(),
            keep: keep.max(1),
            max_keys,
            swept_at: None,
        }
    }

    /// The failures of `key` still in the window at `at` (older ones are dropped on the way).
    fn count(&mut self, key: &K, window: Duration, at: Instant) -> usize {
        let Some(times) = self.by_key.get_mut(key) else {
            return 0;
        };
        forget_expired(times, window, at);
        if times.is_empty() {
            self.by_key.remove(key);
            return 0;
        }
        times.len()
    }

    /// How long until fewer than `limit` failures of `key` are in the window, if it is at the
    /// limit now.
    fn wait(&mut self, key: &K, limit: usize, window: Duration, at: Instant) -> Option<Duration> {
        if self.count(key, window, at) < limit {
            return None;
        }
        let times = &self.by_key[key];
        let oldest_that_counts = times[times.len() - limit];
        Some(window.saturating_sub(at.saturating_duration_since(oldest_that_counts)))
    }

    fn record(&mut self, key: K, window: Duration, at: Instant) {
        self.sweep(window, at);
        if !self.by_key.contains_key(&key) && self.by_key.len() >= self.max_keys {
            self.evict_idlest();
        }
        let times = self.by_key.entry(key).or_default();
        times.push_back(at);
        while times.len() > self.keep {
            times.pop_front();
        }
    }

    fn take_back(&mut self, key: &K, at: Instant) {
        if let Some(times) = self.by_key.get_mut(key) {
            if let Some(i) = times.iter().rposition(|t| *t == at) {
                times.remove(i);
            }
            if times.is_empty() {
                self.by_key.remove(key);
            }
        }
    }

    fn clear(&mut self, key: &K) {
        self.by_key.remove(key);
    }

    /// Drops every key whose failures have all left the window, once per tenth of the window,
    /// so entries go with their window (and a full table makes room for live ones).
    fn sweep(&mut self, window: Duration, at: Instant) {
        let due = self
            .swept_at
            .is_none_or(|last| at.saturating_duration_since(last) >= window / 10);
        if !due {
            return;
        }
        self.swept_at = Some(at);
        self.by_key.retain(|_, times| {
            forget_expired(times, window, at);
            !times.is_empty()
        });
    }

    /// Forgets the key whose newest failure is the oldest.
    fn evict_idlest(&mut self) {
        let idlest = self
            .by_key
            .iter()
            .min_by_key(|(_, times)| times.back().copied())
            .map(|(key, _)| *key);
        if let Some(key) = idlest {
            self.by_key.remove(&key);
        }
    }

    /// Keys held and failure times held.
    fn size(&self) -> (usize, usize) {
        (
            self.by_key.len(),
            self.by_key.values().map(VecDeque::len).sum(),
        )
    }

    /// Bytes held: keys, list headers and the lists' buffers (the table's own slack aside).
    fn bytes(&self) -> usize {
        let per_key = std::mem::size_of::<(K, VecDeque<Instant>)>();
        self.by_key.len() * per_key
            + self
                .by_key
                .values()
                .map(|times| times.capacity() * std::mem::size_of::<Instant>())
                .sum::<usize>()
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

/// The three tables, behind one lock (each decision reads all three).
struct Tables {
    by_pair: Failures<(EmailKey, Client)>,
    by_client: Failures<Client>,
    by_email: Failures<EmailKey>,
}

/// The limits and the attempts counted so far.
pub struct PasswordAttempts {
    per_email: usize,
    per_client: usize,
    window: Duration,
    max_delay: Duration,
    tables: Mutex<Tables>,
}

/// One attempt in progress: counted as failed unless [`Attempt::succeeded`] is called.
#[must_use = "an attempt that is not marked as succeeded counts as failed"]
pub struct Attempt<'a> {
    attempts: &'a PasswordAttempts,
    client: Client,
    email: EmailKey,
    at: Instant,
}

/// What the limits say about an attempt about to be made.
#[derive(Debug, PartialEq, Eq)]
enum Decision {
    Refused(Duration),
    /// Counted; the password may be checked after this delay.
    Go(Duration),
}

impl PasswordAttempts {
    pub fn new(config: &Config) -> PasswordAttempts {
        PasswordAttempts::with_capacity(config, MAX_KEYS)
    }

    fn with_capacity(config: &Config, max_keys: usize) -> PasswordAttempts {
        let per_email = config.failures_per_email as usize;
        let per_client = config.failures_per_client as usize;
        // Past this many failures of one email the delay is at its maximum anyway.
        let doublings = (config.failure_max_delay.as_secs_f64() / FIRST_DELAY.as_secs_f64())
            .log2()
            .ceil()
            .max(0.0) as usize;
        PasswordAttempts {
            per_email,
            per_client,
            window: config.failure_window,
            max_delay: config.failure_max_delay,
            tables: Mutex::new(Tables {
                by_pair: Failures::new(per_email, max_keys),
                by_client: Failures::new(per_client, max_keys),
                by_email: Failures::new(per_email + doublings + 1, max_keys),
            }),
        }
    }

    /// Starts a password check for `email` from `client`: refused (429) while the client has used
    /// up its attempts, overall or for this email; otherwise counted, and returned once the email's
    /// delay (if others have been failing for it) has passed. `email` is compared trimmed and
    /// lower-cased.
    pub async fn begin(&self, client: Client, email: &str) -> Result<Attempt<'_>, AppError> {
        let at = Instant::now();
        let email = EmailKey::of(email);
        match self.decide(client, email, at) {
            Decision::Refused(wait) => Err(too_many(wait)),
            Decision::Go(delay) => {
                if !delay.is_zero() {
                    tokio::time::sleep(delay).await;
                }
                Ok(Attempt {
                    attempts: self,
                    client,
                    email,
                    at,
                })
            }
        }
    }

    fn decide(&self, client: Client, email: EmailKey, at: Instant) -> Decision {
        let window = self.window;
        let mut tables = lock(&self.tables);
        let wait = [
            tables
                .by_pair
                .wait(&(email, client), self.per_email, window, at),
            tables.by_client.wait(&client, self.per_client, window, at),
        ]
        .into_iter()
        .flatten()
        .max();
        if let Some(wait) = wait {
            return Decision::Refused(wait);
        }
        let failed_for_email = tables.by_email.count(&email, window, at);
        tables.by_pair.record((email, client), window, at);
        tables.by_client.record(client, window, at);
        tables.by_email.record(email, window, at);
        Decision::Go(self.delay_after(failed_for_email))
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

    /// Keys and failure times held over all tables, and the bytes they take.
    pub fn held(&self) -> (usize, usize, usize) {
        let tables = lock(&self.tables);
        let sizes = [
            tables.by_pair.size(),
            tables.by_client.size(),
            tables.by_email.size(),
        ];
        let bytes = tables.by_pair.bytes() + tables.by_client.bytes() + tables.by_email.bytes();
        (
            sizes.iter().map(|s| s.0).sum(),
            sizes.iter().map(|s| s.1).sum(),
            bytes,
        )
    }
}

/// SCIM requests whose bearer token was missing, wrong or revoked, per client address: past the
/// limit, the address is refused (429) until its failures age out, before any token is looked up.
pub struct TokenFailures {
    limit: usize,
    window: Duration,
    table: Mutex<Failures<Client>>,
}

impl TokenFailures {
    pub fn new(config: &Config) -> TokenFailures {
        let limit = config.token_failures_per_client as usize;
        TokenFailures {
            limit,
            window: config.failure_window,
            table: Mutex::new(Failures::new(limit, MAX_KEYS)),
        }
    }

    /// Refuses `client` while it is past the limit.
    pub fn check(&self, client: Client) -> Result<(), AppError> {
        let wait = lock(&self.table).wait(&client, self.limit, self.window, Instant::now());
        match wait {
            Some(wait) => Err(too_many(wait)),
            None => Ok(()),
        }
    }

    /// Counts one failed authentication of `client`.
    pub fn failed(&self, client: Client) {
        lock(&self.table).record(client, self.window, Instant::now());
    }
}

impl Attempt<'_> {
    /// The password was right: this attempt no longer counts, and neither do the email's earlier
    /// failures (from anywhere). The client's failures for other emails still do.
    pub fn succeeded(self) {
        let mut tables = lock(&self.attempts.tables);
        tables.by_pair.clear(&(self.email, self.client));
        tables.by_email.clear(&self.email);
        tables.by_client.take_back(&self.client, self.at);
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
mod tests {
    use super::*;

    fn config(per_email: u32, per_client: u32) -> Config {
        Config {
            failures_per_email: per_email,
            failures_per_client: per_client,
            failure_window: Duration::from_secs(15 * 60),
            failure_max_delay: Duration::from_secs(8),
            ..Config::default()
        }
    }

    fn attempts(per_email: u32, per_client: u32) -> PasswordAttempts {
        PasswordAttempts::new(&config(per_email, per_client))
    }

    fn ip(s: &str) -> Client {
        Client::new(Some(s.parse().unwrap()))
    }

    fn email(s: &str) -> EmailKey {
        EmailKey::of(s)
    }

    fn go(limits: &PasswordAttempts, client: &str, e: &str, at: Instant) -> Decision {
        limits.decide(ip(client), email(e), at)
    }

    /// Marks the attempt made at `at` as succeeded.
    fn succeed(limits: &PasswordAttempts, client: &str, e: &str, at: Instant) {
        Attempt {
            attempts: limits,
            client: ip(client),
            email: email(e),
            at,
        }
        .succeeded();
    }

    #[test]
    fn failures_per_email_and_address_are_refused_until_the_oldest_leaves_the_window() {
        let limits = attempts(3, 100);
        let start = Instant::now();
        for i in 0..3 {
            let at = start + Duration::from_secs(i);
            assert_eq!(
                go(&limits, "10.0.0.1", "A@x.test", at),
                Decision::Go(Duration::ZERO)
            );
        }
        let at = start + Duration::from_secs(60);
        let Decision::Refused(wait) = go(&limits, "10.0.0.1", " a@x.test", at) else {
            panic!("the fourth failure from the same address is refused");
        };
        assert_eq!(
            too_many(wait),
            AppError::TooManyRequests("Too many attempts. Try again in 14 minutes.".into())
        );
        // From another address the email is slowed, not refused.
        assert_eq!(
            go(&limits, "10.0.0.2", "a@x.test", at),
            Decision::Go(Duration::from_secs(1))
        );
        // 15 minutes after the first failure, the first address has one attempt again.
        let later = start + Duration::from_secs(15 * 60);
        assert!(matches!(
            go(&limits, "10.0.0.1", "a@x.test", later),
            Decision::Go(_)
        ));
    }

    #[test]
    fn an_email_others_guess_is_slowed_with_doubling_delays_never_refused() {
        let limits = attempts(3, 1000);
        let at = Instant::now();
        let mut delays = Vec::new();
        for i in 0..12 {
            let client = format!("10.0.{i}.1");
            match go(&limits, &client, "owner@x.test", at) {
                Decision::Go(delay) => delays.push(delay.as_secs()),
                refused => panic!("attempt {i} from a new address: {refused:?}"),
            }
        }
        assert_eq!(delays, [0, 0, 0, 1, 2, 4, 8, 8, 8, 8, 8, 8]);
        // The owner's right password clears the email's failures.
        let owner_at = at + Duration::from_secs(1);
        assert_eq!(
            go(&limits, "192.0.2.7", "owner@x.test", owner_at),
            Decision::Go(Duration::from_secs(8))
        );
        succeed(&limits, "192.0.2.7", "owner@x.test", owner_at);
        assert_eq!(
            go(&limits, "192.0.2.7", "owner@x.test", owner_at),
            Decision::Go(Duration::ZERO)
        );
    }

    #[test]
    fn a_success_is_not_counted_and_the_address_keeps_its_other_failures() {
        let limits = attempts(2, 3);
        let at = Instant::now();
        assert!(matches!(
            go(&limits, "10.0.0.1", "a@x.test", at),
            Decision::Go(_)
        ));
        for _ in 0..10 {
            assert!(matches!(
                go(&limits, "10.0.0.1", "a@x.test", at),
                Decision::Go(_)
            ));
            succeed(&limits, "10.0.0.1", "a@x.test", at);
        }
        let _ = go(&limits, "10.0.0.1", "b@x.test", at);
        let _ = go(&limits, "10.0.0.1", "c@x.test", at);
        // Three failures from this client: its limit, whatever the email.
        assert!(matches!(
            go(&limits, "10.0.0.1", "d@x.test", at),
            Decision::Refused(_)
        ));
        assert!(matches!(
            go(&limits, "10.0.0.9", "d@x.test", at),
            Decision::Go(_)
        ));
    }

    #[test]
    fn memory_stays_bounded_under_many_large_distinct_emails_and_goes_with_the_window() {
        const CAP: usize = 1_000;
        let limits = PasswordAttempts::with_capacity(&config(10, 50), CAP);
        let start = Instant::now();
        // 8,000 failures, each for a distinct 64 KB email, from 1,000 addresses: 500 MB sent.
        let mut email = "x".repeat(64 * 1024);
        for i in 0..8_000u32 {
            email.replace_range(..10, &format!("{i:010}"));
            let client = format!("10.{}.{}.1", i % 250, (i / 250) % 4);
            let at = start + Duration::from_millis(u64::from(i));
            let _ = go(&limits, &client, &email, at);
            let (keys, _, _) = limits.held();
            assert!(keys <= 3 * CAP, "{keys} keys after {i} failures");
        }
        let (keys, times, bytes) = limits.held();
        // Every key is a 16-byte digest (with an address), whatever the email's length.
        assert!(
            bytes <= 3 * CAP * 256,
            "{keys} keys, {times} times, {bytes} bytes"
        );
        println!(
            "held after 8,000 distinct 64 KB emails: {keys} keys, {times} times, {bytes} bytes"
        );

        // Once the window has passed, the next attempt sweeps everything else away.
        let after = start + Duration::from_secs(16 * 60);
        let _ = go(&limits, "192.0.2.1", "late@x.test", after);
        assert_eq!(limits.held().0, 3, "only the new attempt's three keys");
    }

    #[test]
    fn emails_count_trimmed_and_case_insensitive_by_a_fixed_size_digest() {
        assert_eq!(email(" A@X.test "), email("a@x.test"));
        assert_ne!(email("a@x.test"), email("b@x.test"));
        assert_eq!(std::mem::size_of::<EmailKey>(), 16);
    }
}
