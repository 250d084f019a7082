//! Housekeeping deletes exactly the rows nothing will read again, and the checks `roster check`
//! runs see a sound database as sound.

use crate::config::Lifetimes;
use crate::store::testing::fresh_db;
use crate::store::{maintenance, now, orgs, schema, Db};
use std::time::Duration;

const HOUR: i64 = 3600;
const LIFETIMES: Lifetimes = Lifetimes {
    idle_seconds: 8 * HOUR,
    absolute_seconds: 7 * 24 * HOUR,
};
const INVITATION_TTL: Duration = Duration::from_secs(7 * 24 * 3600);
const FAILURE_WINDOW: Duration = Duration::from_secs(15 * 60);

async fn names(db: &Db, sql: &'static str) -> Vec<String> {
    sqlx::query_scalar(sql).fetch_all(db).await.unwrap()
}

/// The tokens (these tests' tokens are their names, stored as bytes) that `sql` reads.
async fn tokens(db: &Db, sql: &'static str) -> Vec<String> {
    let tokens: Vec<Vec<u8>> = sqlx::query_scalar(sql).fetch_all(db).await.unwrap();
    tokens
        .into_iter()
        .map(|token| String::from_utf8(token).unwrap())
        .collect()
}

async fn session(db: &Db, org: &orgs::Created, name: &str, created_ago: i64, seen_ago: i64) {
    sqlx::query(
        "INSERT INTO sessions (token_hash, account_id, org_id, created_at, last_seen_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(name.as_bytes())
    .bind(org.owner_id)
    .bind(org.org_id)
    .bind(now() - created_ago)
    .bind(now() - seen_ago)
    .execute(db)
    .await
    .unwrap();
}

async fn password_link(db: &Db, org: &orgs::Created, name: &str, expires_in: i64, used: bool) {
    sqlx::query(
        "INSERT INTO password_links (token_hash, account_id, org_id, created_at, expires_at, used_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(name.as_bytes())
    .bind(org.owner_id)
    .bind(org.org_id)
    .bind(now() - HOUR)
    .bind(now() + expires_in)
    .bind(used.then(|| now() - 60))
    .execute(db)
    .await
    .unwrap();
}

async fn replaced_link(db: &Db, invitation: i64, name: &str, replaced_ago: i64) {
    sqlx::query(
        "INSERT INTO invitation_replaced_links (token_hash, invitation_id, replaced_at)
         VALUES ($1, $2, $3)",
    )
    .bind(name.as_bytes())
    .bind(invitation)
    .bind(now() - replaced_ago)
    .execute(db)
    .await
    .unwrap();
}

#[tokio::test]
async fn purge_deletes_exactly_the_expired_rows() {
    let db = fresh_db().await;
    let org = orgs::create_with_owner(
        &db,
        orgs::Origin::Operator,
        "Acme",
        "Owner",
        "owner@acme.test",
        "not-a-real-hash",
    )
    .await
    .unwrap();

    session(&db, &org, "fresh", HOUR, 60).await;
    session(&db, &org, "idle", 2 * HOUR, 9 * HOUR).await;
    session(&db, &org, "too-old", 8 * 24 * HOUR, 60).await;
    session(&db, &org, "idle-soon", 9 * HOUR, 7 * HOUR).await;

    password_link(&db, &org, "unused", HOUR, false).await;
    password_link(&db, &org, "used", HOUR, true).await;
    password_link(&db, &org, "expired", -60, false).await;

    // An invitation past its expiry, still pending: it stays, shown as expired.
    let invitation: i64 = sqlx::query_scalar(
        "INSERT INTO invitations (org_id, email, org_role, token_hash, created_at, expires_at)
         VALUES ($1, 'late@acme.test', 'member', $2, $3, $4) RETURNING id",
    )
    .bind(org.org_id)
    .bind(vec![1u8])
    .bind(now() - 10 * 24 * HOUR)
    .bind(now() - 3 * 24 * HOUR)
    .fetch_one(&db)
    .await
    .unwrap();
    replaced_link(&db, invitation, "recent", 24 * HOUR).await;
    replaced_link(&db, invitation, "old", 8 * 24 * HOUR).await;
    // Organizations deleted 31 days ago (purged, with their log) and yesterday (kept).
    for (name, days) in [("Gone long ago", 31), ("Gone yesterday", 1)] {
        let id = sqlx::query_scalar::<_, i64>(
            "INSERT INTO organizations (name, created_at, deleted_at) VALUES ($1, 0, $2) RETURNING id",
        )
        .bind(name)
        .bind(now() - days * 24 * HOUR)
        .fetch_one(&db)
        .await
        .unwrap()
        ;
        sqlx::query("INSERT INTO audit_events (org_id, created_at, actor_name, action, target) VALUES ($1, 0, 'x', 'organization.delete', $2)")
            .bind(id)
            .bind(name)
            .execute(&db)
            .await
            .unwrap();
    }

    // Failed password checks: one out of the 15-minute window, one in it.
    for (key, minutes_ago) in [("old", 16), ("recent", 14)] {
        sqlx::query("INSERT INTO password_failures (kind, key, at) VALUES (2, $1, $2)")
            .bind(key.as_bytes())
            .bind((now() - minutes_ago * 60) * 1000)
            .execute(&db)
            .await
            .unwrap();
    }

    let purged = maintenance::purge(&db, LIFETIMES, INVITATION_TTL, FAILURE_WINDOW)
        .await
        .unwrap();
    assert_eq!(
        purged,
        maintenance::Purged {
            sessions: 2,
            password_links: 2,
            replaced_links: 1,
            deleted_orgs: 1,
            password_failures: 1,
        }
    );
    assert_eq!(
        names(
            &db,
            "SELECT target FROM audit_events WHERE action = 'organization.delete'"
        )
        .await,
        ["Gone yesterday"],
        "the log of an organization deleted a month ago goes with it"
    );
    assert_eq!(
        tokens(&db, "SELECT token_hash FROM sessions ORDER BY 1").await,
        ["fresh", "idle-soon"]
    );
    assert_eq!(
        tokens(&db, "SELECT token_hash FROM password_links").await,
        ["unused"]
    );
    assert_eq!(
        tokens(&db, "SELECT token_hash FROM invitation_replaced_links").await,
        ["recent"]
    );
    let invitations: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM invitations")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(invitations, 1, "invitations are never purged");

    let again = maintenance::purge(&db, LIFETIMES, INVITATION_TTL, FAILURE_WINDOW)
        .await
        .unwrap();
    assert!(!again.any(), "nothing left to purge: {again:?}");
}

#[tokio::test]
async fn one_process_at_a_time_holds_a_background_round() {
    let db = fresh_db().await;
    let (here, there) = ("101-0a", "202-0b");
    assert!(maintenance::take_lease(&db, "housekeeping", here, 3600)
        .await
        .unwrap());
    assert!(!maintenance::take_lease(&db, "housekeeping", there, 3600)
        .await
        .unwrap());
    // The holder renews its own lease; another round has a lease of its own.
    assert!(maintenance::take_lease(&db, "housekeeping", here, 3600)
        .await
        .unwrap());
    assert!(maintenance::take_lease(&db, "other", there, 3600)
        .await
        .unwrap());
    // A lease that has run out (its holder stopped) is taken over.
    sqlx::query("UPDATE background_leases SET held_until = $1 WHERE name = 'housekeeping'")
        .bind(now() - 1)
        .execute(&db)
        .await
        .unwrap();
    assert!(maintenance::take_lease(&db, "housekeeping", there, 3600)
        .await
        .unwrap());
    assert!(!maintenance::take_lease(&db, "housekeeping", here, 3600)
        .await
        .unwrap());
}

#[tokio::test]
async fn sqlite_a_sound_database_passes_the_checks_and_a_dangling_row_is_named() {
    let db = fresh_db().await;
    orgs::create_with_owner(
        &db,
        orgs::Origin::Operator,
        "Acme",
        "Owner",
        "owner@acme.test",
        "not-a-real-hash",
    )
    .await
    .unwrap();
    assert_eq!(
        maintenance::integrity_problems(&db).await.unwrap(),
        Vec::<String>::new()
    );
    assert_eq!(
        maintenance::foreign_key_problems(&db).await.unwrap(),
        Vec::<String>::new()
    );
    let state = schema::state(&db).await.unwrap();
    assert_eq!(state.problem(), None);
    assert_eq!(
        state.applied.len(),
        schema::MigrationState::built_in(crate::store::Backend::Sqlite)
    );

    let mut conn = db.acquire().await.unwrap();
    sqlx::query("PRAGMA foreign_keys = OFF")
        .execute(&mut *conn)
        .await
        .unwrap();
    sqlx::query("INSERT INTO projects (org_id, name, created_at) VALUES (999, 'Orphan', 0)")
        .execute(&mut *conn)
        .await
        .unwrap();
    sqlx::query("PRAGMA foreign_keys = ON")
        .execute(&mut *conn)
        .await
        .unwrap();
    drop(conn);
    let problems = maintenance::foreign_key_problems(&db).await.unwrap();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].starts_with("projects row") && problems[0].contains("organizations"),
        "{}",
        problems[0]
    );
}

#[tokio::test]
async fn a_version_this_binary_does_not_know_makes_the_database_newer() {
    let db = fresh_db().await;
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
         VALUES (9999, 'from the future', $1, $2, 0)",
    )
    .bind(true)
    .bind(vec![0u8])
    .execute(&db)
    .await
    .unwrap();
    let state = schema::state(&db).await.unwrap();
    assert_eq!(state.unknown, vec![9999]);
    assert!(state.is_newer());
    sqlx::query("DELETE FROM _sqlx_migrations WHERE version = (SELECT MAX(version) FROM _sqlx_migrations WHERE version < 9999) OR version = 9999")
        .execute(&db)
        .await
        .unwrap();
    let state = schema::state(&db).await.unwrap();
    assert!(!state.is_newer());
    assert_eq!(state.pending.len(), 1);
    assert!(state
        .problem()
        .unwrap()
        .starts_with("migrations not applied"));
}
