//! Limits on password guessing (server side). Every password check — signing in, or accepting an
//! invitation with an existing account — counts against the client's address and against the
//! email, in a sliding window. A check that succeeds is taken back (and clears the email's count),
//! so people who sign in often are never slowed down; failed ones stay counted until they leave
//! the window. Once either count reaches its limit, further attempts are refused before any
//! password is looked at, with the same answer whether or not the email has an account.
//!
//! Counts live in memory: a restart forgets them. Nothing here touches the database.

use crate::config::Config;
use axum::http::request::Parts;
use axum::http::HeaderMap;
use shared::AppError;
use std::collections::{HashMap, VecDeque};
use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Above this many tracked keys, keys with no attempt left in the window are dropped.
const PRUNE_ABOVE: usize = 10_000;

/// Who is making a request, as far as the limits are concerned: the client's address (IPv6
/// addresses by their /64 network, which one client usually holds whole), or `None` when the
/// connection's address is unknown (requests handed to the router directly, as in tests).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Client(Option<IpAddr>);

impl Client {
    pub fn new(ip: Option<IpAddr>) -> Client {
        Client(ip.map(|ip| match ip {
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => IpAddr::V4(v4),
                None => {
                    let network = u128::from(v6) & !((1u128 << 64) - 1);
                    IpAddr::V6(Ipv6Addr::from(network))
                }
            },
            v4 => v4,
        }))
    }

    /// The client of the request with these parts: the connection's peer, or — when the peer is
    /// one of `trusted_proxies` — the last address in `X-Forwarded-For` that is not a trusted
    /// proxy.
    pub fn of_request(parts: &Parts, trusted_proxies: &[IpAddr]) -> Client {
        let peer = parts
            .extensions
            .get::<axum::extract::ConnectInfo<SocketAddr>>()
            .map(|info| info.0.ip());
        Client::new(peer.map(|peer| forwarded_client(peer, &parts.headers, trusted_proxies)))
    }

    /// The client of the request being handled by the current server function.
    pub fn current(config: &Config) -> Client {
        leptos::prelude::use_context::<Parts>()
            .map(|parts| Client::of_request(&parts, &config.trusted_proxies))
            .unwrap_or(Client(None))
    }
}

/// The client behind `peer`: `peer` itself unless it is a trusted proxy, in which case the
/// addresses it forwarded are read from the right, skipping further trusted proxies. An entry
/// that is not an address stops the walk (whatever lies left of it cannot be trusted).
fn forwarded_client(peer: IpAddr, headers: &HeaderMap, trusted_proxies: &[IpAddr]) -> IpAddr {
    if !trusted_proxies.contains(&peer) {
        return peer;
    }
    let forwarded: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    let mut client = peer;
    for entry in forwarded.iter().rev() {
        match entry.parse::<IpAddr>() {
            Ok(ip) => {
                client = ip;
                if !trusted_proxies.contains(&ip) {
                    break;
                }
            }
            Err(_) => break,
        }
    }
    client
}

/// The limits and the attempts counted so far.
pub struct PasswordAttempts {
    per_email: usize,
    per_client: usize,
    window: Duration,
    by_email: Mutex<HashMap<String, VecDeque<Instant>>>,
    by_client: Mutex<HashMap<Client, VecDeque<Instant>>>,
}

/// One attempt in progress: counted as failed unless [`Attempt::succeeded`] is called.
#[must_use = "an attempt that is not marked as succeeded counts as failed"]
pub struct Attempt<'a> {
    attempts: &'a PasswordAttempts,
    client: Client,
    email: String,
    at: Instant,
}

impl PasswordAttempts {
    pub fn new(config: &Config) -> PasswordAttempts {
        PasswordAttempts {
            per_email: config.failures_per_email as usize,
            per_client: config.failures_per_client as usize,
            window: config.failure_window,
            by_email: Mutex::new(HashMap::new()),
            by_client: Mutex::new(HashMap::new()),
        }
    }

    /// Starts a password check for `email` from `client`, or refuses it (429) while either has
    /// used up its attempts. `email` is compared trimmed and lower-cased.
    pub fn begin(&self, client: Client, email: &str) -> Result<Attempt<'_>, AppError> {
        self.begin_at(client, email, Instant::now())
    }

    fn begin_at(&self, client: Client, email: &str, at: Instant) -> Result<Attempt<'_>, AppError> {
        let email = email.trim().to_lowercase();
        let mut by_email = lock(&self.by_email);
        let mut by_client = lock(&self.by_client);
        let wait = [
            wait_for(by_email.get_mut(&email), self.per_email, self.window, at),
            wait_for(by_client.get_mut(&client), self.per_client, self.window, at),
        ]
        .into_iter()
        .flatten()
        .max();
        if let Some(wait) = wait {
            return Err(too_many(wait));
        }
        prune(&mut by_email, self.window, at);
        prune(&mut by_client, self.window, at);
        by_email.entry(email.clone()).or_default().push_back(at);
        by_client.entry(client).or_default().push_back(at);
        Ok(Attempt {
            attempts: self,
            client,
            email,
            at,
        })
    }
}

impl Attempt<'_> {
    /// The password was right: this attempt no longer counts, and neither do the email's earlier
    /// failures. The client's earlier failures still do.
    pub fn succeeded(self) {
        lock(&self.attempts.by_email).remove(&self.email);
        let mut by_client = lock(&self.attempts.by_client);
        if let Some(times) = by_client.get_mut(&self.client) {
            if let Some(i) = times.iter().rposition(|t| *t == self.at) {
                times.remove(i);
            }
            if times.is_empty() {
                by_client.remove(&self.client);
            }
        }
    }
}

/// How long until `times` (failures, oldest first) drops below `limit`, if it is at the limit now.
/// Failures older than `window` are forgotten on the way.
fn wait_for(
    times: Option<&mut VecDeque<Instant>>,
    limit: usize,
    window: Duration,
    at: Instant,
) -> Option<Duration> {
    let times = times?;
    while times
        .front()
        .is_some_and(|t| at.saturating_duration_since(*t) >= window)
    {
        times.pop_front();
    }
    if times.len() < limit {
        return None;
    }
    let oldest_that_counts = times[times.len() - limit];
    Some(window.saturating_sub(at.saturating_duration_since(oldest_that_counts)))
}

fn prune<K: Eq + std::hash::Hash>(
    map: &mut HashMap<K, VecDeque<Instant>>,
    window: Duration,
    at: Instant,
) {
    if map.len() > PRUNE_ABOVE {
        map.retain(|_, times| {
            times
                .back()
                .is_some_and(|t| at.saturating_duration_since(*t) < window)
        });
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

    fn attempts(per_email: u32, per_client: u32) -> PasswordAttempts {
        PasswordAttempts::new(&Config {
            failures_per_email: per_email,
            failures_per_client: per_client,
            failure_window: Duration::from_secs(15 * 60),
            ..Config::default()
        })
    }

    fn ip(s: &str) -> Client {
        Client::new(Some(s.parse().unwrap()))
    }

    #[test]
    fn failures_per_email_are_refused_until_the_oldest_leaves_the_window() {
        let limits = attempts(3, 100);
        let start = Instant::now();
        for i in 0..3 {
            let _failed = limits
                .begin_at(ip("10.0.0.1"), "A@x.test", start + Duration::from_secs(i))
                .unwrap();
        }
        let refused = limits
            .begin_at(ip("10.0.0.2"), " a@x.test", start + Duration::from_secs(60))
            .err()
            .unwrap();
        assert_eq!(
            refused,
            AppError::TooManyRequests("Too many attempts. Try again in 14 minutes.".into())
        );
        // 15 minutes after the first failure, one attempt is free again.
        let later = start + Duration::from_secs(15 * 60);
        let again = limits.begin_at(ip("10.0.0.2"), "a@x.test", later).unwrap();
        again.succeeded();
        assert!(limits.begin_at(ip("10.0.0.2"), "a@x.test", later).is_ok());
    }

    #[test]
    fn a_success_is_not_counted_and_clears_the_emails_failures() {
        let limits = attempts(2, 3);
        let at = Instant::now();
        let _failed = limits.begin_at(ip("10.0.0.1"), "a@x.test", at).unwrap();
        for _ in 0..10 {
            limits
                .begin_at(ip("10.0.0.1"), "a@x.test", at)
                .unwrap()
                .succeeded();
        }
        let _failed = limits.begin_at(ip("10.0.0.1"), "b@x.test", at).unwrap();
        let _failed = limits.begin_at(ip("10.0.0.1"), "c@x.test", at).unwrap();
        // Three failures from this client: its limit, whatever the email.
        assert!(limits.begin_at(ip("10.0.0.1"), "d@x.test", at).is_err());
        assert!(limits.begin_at(ip("10.0.0.9"), "d@x.test", at).is_ok());
    }

    #[test]
    fn ipv6_clients_count_by_network_and_mapped_ipv4_as_ipv4() {
        assert_eq!(ip("2001:db8::1"), ip("2001:db8::ffff"));
        assert_ne!(ip("2001:db8::1"), ip("2001:db8:0:1::1"));
        assert_eq!(ip("::ffff:10.0.0.1"), ip("10.0.0.1"));
    }

    #[test]
    fn forwarded_addresses_count_only_from_trusted_proxies() {
        let proxy: IpAddr = "10.0.0.1".parse().unwrap();
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", "1.1.1.1, 203.0.113.7".parse().unwrap());
        let client = forwarded_client(proxy, &headers, &[]);
        assert_eq!(client, proxy, "not trusted: the header is ignored");
        let client = forwarded_client(proxy, &headers, &[proxy]);
        assert_eq!(client, "203.0.113.7".parse::<IpAddr>().unwrap());
        let other: IpAddr = "192.0.2.5".parse().unwrap();
        assert_eq!(forwarded_client(other, &headers, &[proxy]), other);
    }
}
