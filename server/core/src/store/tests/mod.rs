//! Store tests, each on a fresh in-memory SQLite with the migrations applied.

use super::testing::fresh_db;
use super::*;
use shared::OrgRole;

async fn org_with_owner(db: &Db, org: &str, email: &str) -> orgs::Created {
    orgs::create_with_owner(
        db,
        orgs::Origin::Operator,
        org,
        "Owner",
        email,
        "not-a-real-hash",
    )
    .await
    .unwrap()
}

/// Adds a Member to the organization (their password hash is no real hash).
async fn member(db: &Db, org_id: i64, name: &str, email: &str) -> shared::AccountId {
    directory::add_person(db, org_id, name, email, "h", OrgRole::Member)
        .await
        .unwrap()
}

async fn count(db: &Db, sql: &'static str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(db).await.unwrap()
}

#[tokio::test]
async fn migrations_create_every_table() {
    let db = fresh_db().await;
    for table in [
        "organizations",
        "accounts",
        "memberships",
        "projects",
        "project_grants",
        "teams",
        "team_projects",
        "team_members",
        "invitations",
        "invitation_projects",
        "invitation_teams",
        "sessions",
        "audit_events",
    ] {
        let found: i64 = sqlx::query_scalar(match Backend::of(&db) {
            Backend::Sqlite => {
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = $1"
            }
            Backend::Postgres => {
                "SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public' AND tablename = $1"
            }
        })
        .bind(table)
        .fetch_one(&db)
        .await
        .unwrap();
        assert_eq!(found, 1, "table {table}");
    }
    // (Postgres always enforces them.)
    if Backend::of(&db) == Backend::Sqlite {
        let fk: i64 = count(&db, "PRAGMA foreign_keys").await;
        assert_eq!(fk, 1, "foreign keys are enforced");
    }
}

#[tokio::test]
async fn first_run_creation_happens_once_and_is_audited() {
    let db = fresh_db().await;
    assert!(!orgs::any_exists(&db).await.unwrap());
    let created = orgs::create_with_owner(
        &db,
        orgs::Origin::FirstRun,
        "Acme",
        "Ann",
        "ann@acme.test",
        "h",
    )
    .await
    .unwrap();
    assert!(orgs::any_exists(&db).await.unwrap());
    let again = orgs::create_with_owner(
        &db,
        orgs::Origin::FirstRun,
        "Other",
        "Bob",
        "bob@acme.test",
        "h",
    )
    .await;
    assert!(matches!(again, Err(AppError::Forbidden(_))));
    assert_eq!(count(&db, "SELECT COUNT(*) FROM organizations").await, 1);
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM accounts").await,
        1,
        "the refused attempt wrote nothing"
    );
    let (action, actor): (String, Option<shared::AccountId>) =
        sqlx::query_as("SELECT action, actor_id FROM audit_events")
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!(
        (action.as_str(), actor),
        ("organization.create", Some(created.owner_id))
    );
}

#[tokio::test]
async fn a_session_lasts_only_as_long_as_the_membership_and_its_lifetimes() {
    let db = fresh_db().await;
    let org = org_with_owner(&db, "Acme", "ann@acme.test").await;
    let lifetimes = crate::config::Lifetimes {
        idle_seconds: 3600,
        absolute_seconds: 86_400,
    };
    let token = sessions::create(&db, org.owner_id, Some(org.org_id))
        .await
        .unwrap();
    assert_eq!(token.len(), 64, "256 random bits, hex");
    let owner = sessions::lookup(&db, &token, lifetimes)
        .await
        .unwrap()
        .expect("valid session");
    let membership = sessions::member_in(&db, &token, &owner, org.org_id)
        .await
        .unwrap()
        .expect("an active member");
    assert_eq!(membership.org_role, OrgRole::Owner);
    let stored: Vec<u8> = sqlx::query_scalar("SELECT token_hash FROM sessions")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_ne!(stored, token.as_bytes(), "only the hash is stored");
    let active: Option<i64> = sqlx::query_scalar("SELECT last_active_at FROM memberships")
        .fetch_one(&db)
        .await
        .unwrap();
    assert!(active.is_some(), "using a session marks the person active");

    // Idle too long: refused.
    sqlx::query("UPDATE sessions SET last_seen_at = last_seen_at - 7200")
        .execute(&db)
        .await
        .unwrap();
    assert!(sessions::lookup(&db, &token, lifetimes)
        .await
        .unwrap()
        .is_none());

    // Without a membership the session reaches no organization.
    let token = sessions::create(&db, org.owner_id, Some(org.org_id))
        .await
        .unwrap();
    sqlx::query("DELETE FROM memberships")
        .execute(&db)
        .await
        .unwrap();
    let owner = sessions::lookup(&db, &token, lifetimes)
        .await
        .unwrap()
        .expect("the session itself is still valid");
    assert!(sessions::member_in(&db, &token, &owner, org.org_id)
        .await
        .unwrap()
        .is_none());
    let before = count(&db, "SELECT COUNT(*) FROM sessions").await;
    sessions::delete(&db, &token).await.unwrap();
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM sessions").await,
        before - 1,
        "signing out deletes the session"
    );
}

#[tokio::test]
async fn a_persons_access_lists_every_source_and_the_highest_role() {
    let db = fresh_db().await;
    let org = org_with_owner(&db, "Acme", "ann@acme.test").await;
    let bob = member(&db, org.org_id, "Bob", "bob@acme.test").await;
    let statements = [
        "INSERT INTO projects (id, org_id, name, all_users_role, created_at) VALUES (10, 1, 'Web', 'consumer', 0)",
        "INSERT INTO projects (id, org_id, name, created_at) VALUES (11, 1, 'Hidden', 0)",
        "INSERT INTO teams (id, org_id, name, created_at) VALUES (20, 1, 'Data', 0)",
        "INSERT INTO team_projects (team_id, project_id, role) VALUES (20, 10, 'analyst')",
        "INSERT INTO team_members (team_id, account_id, added_at) VALUES (20, 2, 0)",
        "INSERT INTO project_grants (project_id, account_id, role, granted_at) VALUES (10, 2, 'consumer', 0)",
    ];
    for sql in statements {
        sqlx::query(sql).execute(&db).await.unwrap();
    }
    let access = access::for_person(&db, org.org_id, bob).await.unwrap();
    assert_eq!(access.len(), 1, "Hidden is not granted to Bob");
    assert_eq!(access[0].project_name, "Web");
    assert_eq!(access[0].role, shared::ProjectRole::Analyst);
    let sources: Vec<String> = access[0]
        .grants
        .iter()
        .map(|g| g.source.to_string())
        .collect();
    assert_eq!(sources, ["Team Data", "Individual", "All users"]);

    let owner = access::for_person(&db, org.org_id, org.owner_id)
        .await
        .unwrap();
    assert_eq!(owner.len(), 2, "an Owner reaches every project");
    assert!(owner.iter().all(|a| a.role == shared::ProjectRole::Owner));
    assert!(matches!(
        access::for_person(&db, org.org_id, shared::AccountId(999)).await,
        Err(AppError::NotFound(_))
    ));
}

mod constraints;
mod housekeeping;
mod migrations;
mod outbox_claims;
mod paged_lists;
mod people_list;
mod seeds;
mod writes;

/// A role stored as text that is no role (written past the table's check, as a damaged or
/// hand-edited database could hold) makes the read fail, loudly, instead of leaving the person out.
#[tokio::test]
async fn a_stored_role_that_is_no_role_is_an_error_not_a_missing_row() {
    let db = fresh_db().await;
    let org = org_with_owner(&db, "Acme", "owner@acme.test").await;
    let found = directory::search(&db, org.org_id, "owner", 20)
        .await
        .unwrap();
    assert_eq!(found.len(), 1);

    let mut conn = db.acquire().await.unwrap();
    let (past_the_check, check_again) = match Backend::of(&db) {
        Backend::Sqlite => (
            "PRAGMA ignore_check_constraints = ON",
            "PRAGMA ignore_check_constraints = OFF",
        ),
        // Postgres cannot look away from a check: this database loses it.
        Backend::Postgres => (
            "ALTER TABLE memberships DROP CONSTRAINT memberships_org_role_check",
            "SELECT 1",
        ),
    };
    sqlx::query(past_the_check)
        .execute(&mut *conn)
        .await
        .unwrap();
    sqlx::query("UPDATE memberships SET org_role = 'superuser'")
        .execute(&mut *conn)
        .await
        .unwrap();
    sqlx::query(check_again).execute(&mut *conn).await.unwrap();
    drop(conn);

    let read = directory::search(&db, org.org_id, "owner", 20).await;
    assert_eq!(read.unwrap_err(), shared::AppError::Internal);
    let mut conn = db.acquire().await.unwrap();
    let role = people::role_of(&mut conn, org.org_id, org.owner_id).await;
    assert_eq!(role.unwrap_err(), shared::AppError::Internal);
}

/// A team's picker finds people who are not in the team, however many members it has (more than
/// a page of them, and more than the picker shows), and nothing for another organization's team.
#[tokio::test]
async fn a_teams_picker_leaves_out_every_member_of_the_team() {
    let db = fresh_db().await;
    let org = org_with_owner(&db, "Acme", "owner@acme.test").await;
    let other = org_with_owner(&db, "Other", "owner@other.test").await;
    let team = shared::TeamId(
        directory::add_team(&db, org.org_id, "Growth")
            .await
            .unwrap(),
    );
    for i in 0..60 {
        let email = format!("person{i:02}@acme.test");
        let id = member(&db, org.org_id, &format!("Person {i:02}"), &email).await;
        if i < 55 {
            sqlx::query(
                "INSERT INTO team_members (team_id, account_id, added_at) VALUES ($1, $2, 0)",
            )
            .bind(team)
            .bind(id)
            .execute(&db)
            .await
            .unwrap();
        }
    }
    let outside = directory::search_outside_team(&db, org.org_id, team, "person", 20)
        .await
        .unwrap();
    let names: Vec<&str> = outside.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Person 55",
            "Person 56",
            "Person 57",
            "Person 58",
            "Person 59"
        ]
    );
    assert_eq!(
        directory::search(&db, org.org_id, "person", 20)
            .await
            .unwrap()
            .len(),
        20,
        "without a team, everyone is found"
    );
    let theirs = shared::TeamId(
        directory::add_team(&db, other.org_id, "Theirs")
            .await
            .unwrap(),
    );
    assert_eq!(
        directory::search_outside_team(&db, org.org_id, theirs, "person", 20).await,
        Err(AppError::NotFound("The team".into()))
    );
}
