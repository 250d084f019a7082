use super::*;
use crate::store::testing::fresh_db;

fn config(per_email: u32, per_client: u32) -> Config {
    Config {
        failures_per_email: per_email,
        failures_per_client: per_client,
        failure_window: Duration::from_secs(15 * 60),
        failure_max_delay: Duration::from_secs(8),
        ..Config::default()
    }
}

async fn attempts(per_email: u32, per_client: u32) -> PasswordAttempts {
    PasswordAttempts::new(&config(per_email, per_client), fresh_db().await)
}

fn ip(s: &str) -> Client {
    Client::new(Some(s.parse().unwrap()))
}

fn keys(client: &str, email: &str) -> Keys {
    Keys::of(ip(client), EmailKey::of(email))
}

/// A moment `seconds` after the tests' common start (Unix milliseconds).
fn at(seconds: i64) -> i64 {
    1_800_000_000_000 + seconds * 1000
}

async fn go(limits: &PasswordAttempts, client: &str, email: &str, at: i64) -> Decision {
    limits.decide(&keys(client, email), at).await.unwrap().0
}

/// Makes an attempt at `at` and marks it as succeeded.
async fn succeed(limits: &PasswordAttempts, client: &str, email: &str, at: i64) {
    let keys = keys(client, email);
    let (decision, client_row) = limits.decide(&keys, at).await.unwrap();
    assert!(matches!(decision, Decision::Go(_)), "{decision:?}");
    Attempt {
        attempts: limits,
        keys,
        client_row: client_row.unwrap(),
    }
    .succeeded()
    .await;
}

#[tokio::test]
async fn failures_per_email_and_address_are_refused_until_the_oldest_leaves_the_window() {
    let limits = attempts(3, 100).await;
    for i in 0..3 {
        assert_eq!(
            go(&limits, "10.0.0.1", "A@x.test", at(i)).await,
            Decision::Go(Duration::ZERO)
        );
    }
    let Decision::Refused(wait) = go(&limits, "10.0.0.1", " a@x.test", at(60)).await else {
        panic!("the fourth failure from the same address is refused");
    };
    assert_eq!(
        too_many(wait),
        AppError::TooManyRequests("Too many attempts. Try again in 14 minutes.".into())
    );
    // From another address the email is slowed, not refused.
    assert_eq!(
        go(&limits, "10.0.0.2", "a@x.test", at(60)).await,
        Decision::Go(Duration::from_secs(1))
    );
    // 15 minutes after the first failure, the first address has one attempt again.
    assert!(matches!(
        go(&limits, "10.0.0.1", "a@x.test", at(15 * 60)).await,
        Decision::Go(_)
    ));
}

#[tokio::test]
async fn an_email_others_guess_is_slowed_with_doubling_delays_never_refused() {
    let limits = attempts(3, 1000).await;
    let mut delays = Vec::new();
    for i in 0..12 {
        let client = format!("10.0.{i}.1");
        match go(&limits, &client, "owner@x.test", at(0)).await {
            Decision::Go(delay) => delays.push(delay.as_secs()),
            refused => panic!("attempt {i} from a new address: {refused:?}"),
        }
    }
    assert_eq!(delays, [0, 0, 0, 1, 2, 4, 8, 8, 8, 8, 8, 8]);
    // The owner's right password clears the email's failures.
    succeed(&limits, "192.0.2.7", "owner@x.test", at(1)).await;
    assert_eq!(
        go(&limits, "192.0.2.7", "owner@x.test", at(1)).await,
        Decision::Go(Duration::ZERO)
    );
}

#[tokio::test]
async fn a_success_is_not_counted_and_the_address_keeps_its_other_failures() {
    let limits = attempts(2, 3).await;
    assert!(matches!(
        go(&limits, "10.0.0.1", "a@x.test", at(0)).await,
        Decision::Go(_)
    ));
    for _ in 0..10 {
        succeed(&limits, "10.0.0.1", "a@x.test", at(0)).await;
    }
    let _ = go(&limits, "10.0.0.1", "b@x.test", at(0)).await;
    let _ = go(&limits, "10.0.0.1", "c@x.test", at(0)).await;
    // Three failures from this client: its limit, whatever the email.
    assert!(matches!(
        go(&limits, "10.0.0.1", "d@x.test", at(0)).await,
        Decision::Refused(_)
    ));
    assert!(matches!(
        go(&limits, "10.0.0.9", "d@x.test", at(0)).await,
        Decision::Go(_)
    ));
}

#[tokio::test]
async fn every_process_on_one_database_counts_the_same_failures() {
    let db = fresh_db().await;
    let config = config(3, 100);
    // Two servers on one database, each with its own limits object.
    let here = PasswordAttempts::new(&config, db.clone());
    let there = PasswordAttempts::new(&config, db);
    assert!(matches!(
        go(&here, "10.0.0.1", "a@x.test", at(0)).await,
        Decision::Go(_)
    ));
    assert!(matches!(
        go(&there, "10.0.0.1", "a@x.test", at(1)).await,
        Decision::Go(_)
    ));
    assert!(matches!(
        go(&here, "10.0.0.1", "a@x.test", at(2)).await,
        Decision::Go(_)
    ));
    assert!(matches!(
        go(&there, "10.0.0.1", "a@x.test", at(3)).await,
        Decision::Refused(_)
    ));
}

#[tokio::test]
async fn concurrent_attempts_never_get_past_the_limit_together() {
    let limits = std::sync::Arc::new(attempts(5, 1000).await);
    let tries = (0..20).map(|_| {
        let limits = limits.clone();
        tokio::spawn(async move { go(&limits, "10.0.0.1", "a@x.test", at(0)).await })
    });
    let mut went = 0;
    for attempt in tries {
        if matches!(attempt.await.unwrap(), Decision::Go(_)) {
            went += 1;
        }
    }
    assert_eq!(went, 5, "exactly the limit's attempts went ahead");
}

#[tokio::test]
async fn a_failure_row_has_the_same_size_whatever_the_email_and_leaves_with_the_window() {
    let limits = attempts(10, 50).await;
    let long = format!("{}@x.test", "x".repeat(64 * 1024));
    let _ = go(&limits, "10.0.0.1", &long, at(0)).await;
    let _ = go(&limits, "2001:db8::1", "short@x.test", at(1)).await;
    let longest: i64 = sqlx::query_scalar("SELECT MAX(LENGTH(key)) FROM password_failures")
        .fetch_one(&limits.db)
        .await
        .unwrap();
    // A digest (16 bytes) and an address (at most 17).
    assert!(longest <= 33, "{longest} bytes");
    let purged = password_failures::purge(&limits.db, at(1)).await.unwrap();
    assert_eq!(purged, 3, "the first attempt's three rows");
}

#[test]
fn token_failures_hold_a_bounded_number_of_addresses_and_go_with_the_window() {
    const CAP: usize = 1_000;
    let failures = TokenFailures::with_capacity(&config(10, 50), CAP);
    let start = Instant::now();
    for i in 0..8_000u32 {
        let client = ip(&format!(
            "10.{}.{}.{}",
            i % 250,
            (i / 250) % 250,
            1 + i / 62_500
        ));
        failures.failed_at(client, start + Duration::from_millis(u64::from(i)));
        assert!(
            failures.held().0 <= CAP,
            "{:?} after {i} failures",
            failures.held()
        );
    }
    // Once the window has passed, the next failure sweeps everything else away.
    failures.failed_at(ip("192.0.2.1"), start + Duration::from_secs(16 * 60));
    assert_eq!(failures.held(), (1, 1));
}

#[test]
fn a_client_past_the_token_limit_is_refused_until_its_oldest_failure_ages_out() {
    let failures = TokenFailures::new(&Config {
        token_failures_per_client: 2,
        ..config(10, 50)
    });
    let start = Instant::now();
    let client = ip("10.0.0.1");
    failures.failed_at(client, start);
    assert!(failures.check_at(client, start).is_ok());
    failures.failed_at(client, start + Duration::from_secs(60));
    assert!(failures
        .check_at(client, start + Duration::from_secs(61))
        .is_err());
    assert!(failures.check_at(ip("10.0.0.2"), start).is_ok());
    assert!(failures
        .check_at(client, start + Duration::from_secs(15 * 60))
        .is_ok());
}

#[test]
fn emails_count_trimmed_and_case_insensitive_by_a_fixed_size_digest() {
    assert_eq!(EmailKey::of(" A@X.test "), EmailKey::of("a@x.test"));
    assert_ne!(EmailKey::of("a@x.test"), EmailKey::of("b@x.test"));
    assert_eq!(std::mem::size_of::<EmailKey>(), 16);
}
