//! Accepting and serving connections (HTTP/1.1), with the limits that keep one client from
//! holding the server:
//!
//! - a connection must send a request's whole header within `ROSTER_HEADER_TIMEOUT_SECONDS` of
//!   opening, or of its previous answer — so a half-sent header and an idle keep-alive
//!   connection are both closed then (the body's own timeout is in `body_limit`);
//! - at most `ROSTER_MAX_CONNECTIONS` connections are open at once, and at most
//!   `ROSTER_MAX_CONNECTIONS_PER_IP` from one client address (IPv6 by /64; trusted proxies are
//!   exempt, since they carry many clients); a connection past either bound is closed as it
//!   arrives, so it never holds a file descriptor;
//! - every accepted socket has `TCP_NODELAY`: an answer written in several pieces (a page's
//!   stream, a file) leaves at once instead of waiting for the client's delayed ACK.
//!
//! When told to stop, it closes the listening socket (new connections are refused), answers the
//! requests in flight and those already on their way on kept-alive connections (for one more
//! second) with `Connection: close`, closes connections that stay idle, and waits for all that at
//! most `ROSTER_SHUTDOWN_SECONDS`.
//!
//! The router sees each request with the peer's address (`ConnectInfo`), for the limits on
//! password attempts.

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, HeaderValue};
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use roster_core::config::Config;
use roster_core::rate_limit::Client;
use std::collections::HashMap;
use std::future::Future;
use std::net::IpAddr;
use std::pin::pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::time::Instant;
use tower::ServiceExt;

/// How long a connection is still served once the server is told to stop, so that a request
/// already on its way on a kept-alive connection is answered rather than cut off (at most the
/// shutdown grace period).
const DRAIN: Duration = Duration::from_secs(1);

/// The bounds on connections, from the configuration.
#[derive(Debug, Clone)]
pub struct Limits {
    pub header_timeout: Duration,
    pub max_connections: usize,
    pub max_per_client: usize,
    pub trusted_proxies: Vec<IpAddr>,
    /// How long requests in flight may take to finish once the server is told to stop.
    pub shutdown_grace: Duration,
}

impl Limits {
    /// The bounds `config` sets.
    pub fn from_config(config: &Config) -> Limits {
        Limits {
            header_timeout: config.header_timeout,
            max_connections: config.max_connections as usize,
            max_per_client: config.max_connections_per_client as usize,
            trusted_proxies: config.trusted_proxies.clone(),
            shutdown_grace: config.shutdown_grace,
        }
    }
}

/// The connections open now, in total and per client.
struct Open {
    limits: Limits,
    total: usize,
    per_client: HashMap<Client, usize>,
}

/// A place among the open connections, given back when dropped.
struct Admitted {
    open: Arc<Mutex<Open>>,
    client: Option<Client>,
}

impl Drop for Admitted {
    fn drop(&mut self) {
        let mut open = lock(&self.open);
        open.total -= 1;
        if let Some(client) = self.client {
            if let Some(n) = open.per_client.get_mut(&client) {
                *n -= 1;
                if *n == 0 {
                    open.per_client.remove(&client);
                }
            }
        }
    }
}

/// A place for a connection from `peer`, if neither bound is reached.
fn admit(open: &Arc<Mutex<Open>>, peer: IpAddr) -> Option<Admitted> {
    let mut guard = lock(open);
    if guard.total >= guard.limits.max_connections {
        return None;
    }
    let client = (!guard.limits.trusted_proxies.contains(&peer)).then(|| Client::new(Some(peer)));
    if let Some(client) = client {
        let max = guard.limits.max_per_client;
        let n = guard.per_client.entry(client).or_default();
        if *n >= max {
            return None;
        }
        *n += 1;
    }
    guard.total += 1;
    Some(Admitted {
        open: open.clone(),
        client,
    })
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Serves `router` on `listener` until `shutdown` completes; then stops accepting and lets the
/// requests in flight finish, for at most `limits.shutdown_grace`. Returns the end of that grace
/// period, the deadline for whatever else must finish before the process exits.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) -> Instant {
    let open = Arc::new(Mutex::new(Open {
        limits: limits.clone(),
        total: 0,
        per_client: HashMap::new(),
    }));
    // Connections hold a receiver each; shutdown waits until all are gone.
    let (stop_tx, stop_rx) = watch::channel(false);
    let mut shutdown = pin!(shutdown);
    let mut refused_since_last_log = 0u64;
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    if !is_connection_error(&error) {
                        // Out of file descriptors, say: give the open connections time to end.
                        tracing::error!(%error, "cannot accept connections");
                        tokio::time::sleep(Duration::from_secs(1)).await;
                    }
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        let Some(admitted) = admit(&open, peer.ip()) else {
            refused_since_last_log += 1;
            if refused_since_last_log.is_power_of_two() {
                tracing::warn!(
                    peer = %peer.ip(),
                    refused = refused_since_last_log,
                    "connection closed on arrival: too many open connections"
                );
            }
            drop(stream);
            continue;
        };
        if let Err(error) = stream.set_nodelay(true) {
            tracing::debug!(%error, "cannot set TCP_NODELAY");
        }
        let router = router.clone();
        let header_timeout = limits.header_timeout;
        let drain = limits.shutdown_grace.min(DRAIN);
        let mut stop = stop_rx.clone();
        let stopping = stop_rx.clone();
        tokio::spawn(async move {
            let service =
                hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
                    request.extensions_mut().insert(ConnectInfo(peer));
                    let answer = router.clone().oneshot(request.map(Body::new));
                    let stopping = stopping.clone();
                    async move {
                        let mut answer = answer.await?;
                        if *stopping.borrow() {
                            // The last answer on this connection: the client reconnects for
                            // its next request, and finds the listener closed.
                            answer
                                .headers_mut()
                                .insert(header::CONNECTION, HeaderValue::from_static("close"));
                        }
                        Ok::<_, std::convert::Infallible>(answer)
                    }
                });
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(header_timeout)
                .keep_alive(true);
            let mut connection = pin!(builder.serve_connection(TokioIo::new(stream), service));
            tokio::select! {
                result = connection.as_mut() => {
                    if let Err(error) = result {
                        tracing::debug!(%error, "connection ended");
                    }
                }
                _ = stop.changed() => {
                    // Not closed at once even when idle: a request the client sent just before
                    // the signal may be in the socket, unread, and would be lost with it. The
                    // connection is served a little longer; its next answer says
                    // `Connection: close`, after which it ends by itself.
                    if tokio::time::timeout(drain, connection.as_mut()).await.is_err() {
                        connection.as_mut().graceful_shutdown();
                        let _ = connection.await;
                    }
                }
            }
            drop(admitted);
            drop(stop);
        });
    }
    let deadline = Instant::now() + limits.shutdown_grace;
    drop(listener);
    let _ = stop_tx.send(true);
    drop(stop_rx);
    if tokio::time::timeout_at(deadline, stop_tx.closed())
        .await
        .is_err()
    {
        tracing::warn!(
            connections = stop_tx.receiver_count(),
            "connections still busy at the end of ROSTER_SHUTDOWN_SECONDS are cut off"
        );
    }
    deadline
}

/// Errors about one connection (it went away while being accepted), not about the listener.
fn is_connection_error(error: &std::io::Error) -> bool {
    use std::io::ErrorKind::*;
    matches!(
        error.kind(),
        ConnectionRefused | ConnectionAborted | ConnectionReset
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open(total: usize, per_client: usize, proxies: &[&str]) -> Arc<Mutex<Open>> {
        Arc::new(Mutex::new(Open {
            limits: Limits {
                header_timeout: Duration::from_secs(1),
                max_connections: total,
                max_per_client: per_client,
                trusted_proxies: proxies.iter().map(|p| p.parse().unwrap()).collect(),
                shutdown_grace: Duration::from_secs(1),
            },
            total: 0,
            per_client: HashMap::new(),
        }))
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn connections_are_bounded_per_client_and_in_total_and_given_back() {
        let open = open(5, 2, &["10.0.0.9"]);
        let a1 = admit(&open, ip("10.0.0.1")).unwrap();
        let _a2 = admit(&open, ip("10.0.0.1")).unwrap();
        assert!(
            admit(&open, ip("10.0.0.1")).is_none(),
            "third from one address"
        );
        let _v6 = admit(&open, ip("2001:db8::1")).unwrap();
        let _v6b = admit(&open, ip("2001:db8::2")).unwrap();
        assert!(
            admit(&open, ip("2001:db8::3")).is_none(),
            "one /64 counts as one client"
        );
        let _proxied = admit(&open, ip("10.0.0.9")).unwrap();
        assert!(admit(&open, ip("10.0.0.2")).is_none(), "five in total");
        drop(a1);
        let _a3 = admit(&open, ip("10.0.0.1")).expect("a place given back");
        assert_eq!(lock(&open).total, 5);
    }

    #[test]
    fn trusted_proxies_are_not_bounded_per_client() {
        let open = open(10, 1, &["10.0.0.9"]);
        let held: Vec<_> = (0..5)
            .map(|_| admit(&open, ip("10.0.0.9")).unwrap())
            .collect();
        assert_eq!(held.len(), 5);
        drop(held);
        assert_eq!(lock(&open).total, 0);
        assert!(lock(&open).per_client.is_empty());
    }
}
