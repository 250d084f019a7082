//! What the schema itself guarantees: unique emails and names, one pending invitation per email,
//! and the cascades that deleting a project or a team sets off.

use super::*;

#[tokio::test]
async fn emails_are_unique_whatever_their_case() {
    let db = fresh_db().await;
    let org = org_with_owner(&db, "Acme", "ann@acme.test").await;
    let clash = directory::add_person(
        &db,
        org.org_id,
        "Ann again",
        "ANN@acme.test",
        "h",
        OrgRole::Member,
    )
    .await;
    assert_eq!(
        clash,
        Err(AppError::conflict(
            "email",
            "An account with this email already exists."
        ))
    );
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM memberships").await,
        1,
        "nothing half-written"
    );
}

#[tokio::test]
async fn project_names_are_unique_per_organization_only() {
    let db = fresh_db().await;
    let a = org_with_owner(&db, "A", "a@a.test").await;
    let b = org_with_owner(&db, "B", "b@b.test").await;
    let insert = |org: i64, name: &'static str| {
        let db = db.clone();
        async move {
            sqlx::query("INSERT INTO projects (org_id, name, created_at) VALUES ($1, $2, 0)")
                .bind(org)
                .bind(name)
                .execute(&db)
                .await
        }
    };
    insert(a.org_id, "Web").await.unwrap();
    assert!(is_unique_violation(
        &insert(a.org_id, "WEB").await.unwrap_err()
    ));
    insert(b.org_id, "Web")
        .await
        .expect("another organization may reuse the name");
}

#[tokio::test]
async fn deleting_a_project_or_team_deletes_what_hangs_off_it() {
    let db = fresh_db().await;
    let org = org_with_owner(&db, "Acme", "ann@acme.test").await;
    let person = member(&db, org.org_id, "Bob", "bob@acme.test").await;
    let project: i64 = sqlx::query_scalar(
        "INSERT INTO projects (org_id, name, created_at) VALUES ($1, 'Web', 0) RETURNING id",
    )
    .bind(org.org_id)
    .fetch_one(&db)
    .await
    .unwrap();
    let team: i64 = sqlx::query_scalar(
        "INSERT INTO teams (org_id, name, created_at) VALUES ($1, 'Growth', 0) RETURNING id",
    )
    .bind(org.org_id)
    .fetch_one(&db)
    .await
    .unwrap();
    sqlx::query("INSERT INTO project_grants (project_id, account_id, role, granted_at) VALUES ($1, $2, 'analyst', 0)")
        .bind(project)
        .bind(person)
        .execute(&db)
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO team_projects (team_id, project_id, role) VALUES ($1, $2, 'consumer')",
    )
    .bind(team)
    .bind(project)
    .execute(&db)
    .await
    .unwrap();
    sqlx::query("INSERT INTO team_members (team_id, account_id, added_at) VALUES ($1, $2, 0)")
        .bind(team)
        .bind(person)
        .execute(&db)
        .await
        .unwrap();

    sqlx::query("DELETE FROM projects WHERE id = $1")
        .bind(project)
        .execute(&db)
        .await
        .unwrap();
    assert_eq!(count(&db, "SELECT COUNT(*) FROM project_grants").await, 0);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM team_projects").await, 0);
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM team_members").await,
        1,
        "the team keeps its members"
    );

    sqlx::query("DELETE FROM teams WHERE id = $1")
        .bind(team)
        .execute(&db)
        .await
        .unwrap();
    assert_eq!(count(&db, "SELECT COUNT(*) FROM team_members").await, 0);
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM memberships").await,
        2,
        "people stay in the organization"
    );
}

#[tokio::test]
async fn one_pending_invitation_per_email_and_organization() {
    let db = fresh_db().await;
    let org = org_with_owner(&db, "Acme", "ann@acme.test").await;
    let invite = |hash: &'static [u8], status: &'static str| {
        let db = db.clone();
        async move {
            sqlx::query(
                "INSERT INTO invitations (org_id, email, org_role, token_hash, status, created_at, expires_at)
                 VALUES ($1, 'new@acme.test', 'member', $2, $3, 0, 1)",
            )
            .bind(org.org_id)
            .bind(hash)
            .bind(status)
            .execute(&db)
            .await
        }
    };
    invite(b"t1", "pending").await.unwrap();
    assert!(is_unique_violation(
        &invite(b"t2", "pending").await.unwrap_err()
    ));
    invite(b"t3", "revoked")
        .await
        .expect("older, ended invitations do not count");
}
