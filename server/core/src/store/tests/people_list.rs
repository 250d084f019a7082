//! The Users tab's directory: search, counts, sorts and what each row says, read from the
//! memberships and the counts the triggers keep.

use super::*;

#[tokio::test]
async fn the_directory_searches_counts_and_sorts_from_the_memberships() {
    let db = fresh_db().await;
    let org = org_with_owner(&db, "Acme", "owner@acme.test").await;
    let other = org_with_owner(&db, "Other", "owner@other.test").await;
    let people = [
        ("Zoë O'Brien", "zoe@acme.test", OrgRole::Member),
        ("ann 100% \"quoted\"", "ann_x@acme.test", OrgRole::Admin),
        ("Bob Stone", "bob@acme.test", OrgRole::Member),
        ("Ab", "ab@acme.test", OrgRole::BillingAdmin),
    ];
    for (name, email, role) in people {
        directory::add_person(&db, org.org_id, name, email, "not-a-real-hash", role)
            .await
            .unwrap();
    }
    directory::add_person(
        &db,
        other.org_id,
        "Bob Elsewhere",
        "bob@other.test",
        "h",
        OrgRole::Member,
    )
    .await
    .unwrap();
    let list = |search: &str, role: Option<OrgRole>| {
        let query = shared::wire::PeopleQuery {
            search: search.into(),
            role,
            ..Default::default()
        };
        let db = db.clone();
        async move {
            let page = people::list(&db, org.org_id, &query, false).await.unwrap();
            let names: Vec<String> = page.rows.into_iter().map(|r| r.name).collect();
            (page.total, names)
        }
    };

    // Everyone, by name whatever the case, with the total from the maintained counts.
    let (total, names) = list("", None).await;
    assert_eq!(total, 5);
    assert_eq!(
        names,
        [
            "Ab",
            "ann 100% \"quoted\"",
            "Bob Stone",
            "Owner",
            "Zoë O'Brien"
        ]
    );
    assert_eq!(
        list("", Some(OrgRole::Member)).await,
        (2, vec!["Bob Stone".into(), "Zoë O'Brien".into()])
    );

    // Trigram search (three characters or more): substrings of names and emails, any case,
    // quotes and wildcards taken literally, never another organization's people.
    assert_eq!(list("BOB", None).await, (1, vec!["Bob Stone".into()]));
    assert_eq!(list("zoë o'b", None).await.1, ["Zoë O'Brien"]);
    assert_eq!(list("100%", None).await.1, ["ann 100% \"quoted\""]);
    assert_eq!(list("\"quoted\"", None).await.1, ["ann 100% \"quoted\""]);
    assert_eq!(list("n_x@", None).await.1, ["ann 100% \"quoted\""]);
    assert_eq!(list("0%q", None).await.0, 0);
    // A whole address is that address (any case), not every address that contains it: `ab@…`
    // is inside `ab@acme.test` only. Another organization's person with it is never found.
    assert_eq!(list(" AB@acme.test ", None).await, (1, vec!["Ab".into()]));
    assert_eq!(list("bob@other.test", None).await.0, 0);
    assert_eq!(list("b@acme.test", None).await.0, 0);
    assert_eq!(list("b@acme", None).await.1, ["Ab", "Bob Stone"]);
    // Shorter searches compare the rows themselves, with the same literal meaning.
    assert_eq!(list("ab", None).await.1, ["Ab"]);
    assert_eq!(list("%", None).await.1, ["ann 100% \"quoted\""]);
    assert_eq!(list("_", None).await.1, ["ann 100% \"quoted\""]);
    // In any case, letters past ASCII included.
    assert_eq!(list("Ë", None).await.1, ["Zoë O'Brien"]);
    assert_eq!(list("OË", None).await.1, ["Zoë O'Brien"]);
    assert_eq!(list("AB", None).await.1, ["Ab"]);

    // Counts follow role changes and removals made in any transaction.
    sqlx::query("UPDATE memberships SET org_role = 'admin' WHERE email = 'bob@acme.test'")
        .execute(&db)
        .await
        .unwrap();
    sqlx::query("DELETE FROM memberships WHERE email = 'zoe@acme.test'")
        .execute(&db)
        .await
        .unwrap();
    assert_eq!(list("", Some(OrgRole::Member)).await.0, 0);
    assert_eq!(list("", Some(OrgRole::Admin)).await.0, 2);
    assert_eq!(list("", None).await.0, 4);

    // A changed name or email reaches the directory and its search at once.
    sqlx::query("UPDATE accounts SET name = 'Robert Stone', email = 'robert@acme.test' WHERE email = 'bob@acme.test'")
        .execute(&db)
        .await
        .unwrap();
    assert_eq!(list("robert@", None).await.1, ["Robert Stone"]);
    assert_eq!(list("bob", None).await.0, 0);
    let picked = directory::search(&db, org.org_id, "stone", 10)
        .await
        .unwrap();
    assert_eq!(picked.len(), 1);
    assert_eq!(picked[0].email, "robert@acme.test");
}

/// Two organizations with their Owners, and Mia, a Member of the first.
async fn two_orgs_and_mia(db: &Db) -> (orgs::Created, orgs::Created, shared::AccountId) {
    let org = org_with_owner(db, "Acme", "owner@acme.test").await;
    let other = org_with_owner(db, "Other", "owner@other.test").await;
    let mia = directory::add_person(db, org.org_id, "Mia", "mia@acme.test", "h", OrgRole::Member)
        .await
        .unwrap();
    (org, other, mia)
}

#[tokio::test]
async fn a_directory_row_counts_every_project_reached_and_names_the_teams() {
    let db = fresh_db().await;
    let (org, other, member) = two_orgs_and_mia(&db).await;
    let exec = |sql: &'static str| {
        let db = db.clone();
        async move { sqlx::query(sql).execute(&db).await.unwrap() }
    };
    // Projects: Web (through the team), Api (individual), Docs (everyone), Zed (nothing), and a
    // project of another organization that a stray grant must not count.
    for (org_id, name, all_users) in [
        (org.org_id, "Web", None),
        (org.org_id, "api", None),
        (org.org_id, "Docs", Some("consumer")),
        (org.org_id, "Zed", None),
        (other.org_id, "Elsewhere", None),
    ] {
        sqlx::query(
            "INSERT INTO projects (org_id, name, all_users_role, created_at) VALUES ($1, $2, $3, 0)",
        )
        .bind(org_id)
        .bind(name)
        .bind(all_users)
        .execute(&db)
        .await
        .unwrap();
    }
    directory::add_team(&db, org.org_id, "Growth")
        .await
        .unwrap();
    directory::add_team(&db, org.org_id, "analytics")
        .await
        .unwrap();
    exec("INSERT INTO team_projects (team_id, project_id, role) SELECT t.id, p.id, 'analyst' FROM teams t, projects p WHERE t.name = 'Growth' AND p.name = 'Web'").await;
    exec("INSERT INTO team_members (team_id, account_id, added_at) SELECT id, (SELECT id FROM accounts WHERE email = 'mia@acme.test'), 0 FROM teams WHERE name IN ('Growth', 'analytics')").await;
    exec("INSERT INTO project_grants (project_id, account_id, role, granted_at) SELECT p.id, a.id, 'admin', 0 FROM projects p, accounts a WHERE p.name IN ('api', 'Web', 'Elsewhere') AND a.email = 'mia@acme.test'").await;

    let page = people::list(&db, org.org_id, &Default::default(), false)
        .await
        .unwrap();
    let mia = page.rows.iter().find(|r| r.account_id == member.0).unwrap();
    assert_eq!(mia.project_names, ["api", "Docs", "Web"]);
    assert_eq!(mia.project_count, 3);
    assert_eq!(mia.teams, ["analytics", "Growth"]);
    let owner = page
        .rows
        .iter()
        .find(|r| r.email == "owner@acme.test")
        .unwrap();
    assert_eq!(
        owner.project_count, 4,
        "an Owner reaches every project of the organization"
    );
    assert!(owner.teams.is_empty());

    let csv = people::export(&db, org.org_id, &Default::default())
        .await
        .unwrap();
    assert_eq!(csv, page.rows, "the export holds the same rows as the list");
}

#[tokio::test]
async fn team_counts_follow_joins_leaves_and_deleted_teams() {
    let db = fresh_db().await;
    let (org, other, mia) = two_orgs_and_mia(&db).await;
    // Mia is also in the other organization, and in one of its teams.
    sqlx::query("INSERT INTO memberships (org_id, account_id, org_role, joined_at) VALUES ($1, $2, 'member', 0)")
        .bind(other.org_id)
        .bind(mia)
        .execute(&db)
        .await
        .unwrap();
    let growth = directory::add_team(&db, org.org_id, "Growth")
        .await
        .unwrap();
    let data = directory::add_team(&db, org.org_id, "Data").await.unwrap();
    let theirs = directory::add_team(&db, other.org_id, "Theirs")
        .await
        .unwrap();
    for team in [growth, data, theirs] {
        sqlx::query("INSERT INTO team_members (team_id, account_id, added_at) VALUES ($1, $2, 0)")
            .bind(team)
            .bind(mia)
            .execute(&db)
            .await
            .unwrap();
    }
    let counts = || {
        let db = db.clone();
        async move {
            let rows: Vec<(i64, i64)> = sqlx::query_as(
                "SELECT org_id, team_count FROM memberships WHERE account_id = $1 ORDER BY org_id",
            )
            .bind(mia)
            .fetch_all(&db)
            .await
            .unwrap();
            rows.into_iter().map(|r| r.1).collect::<Vec<_>>()
        }
    };
    assert_eq!(counts().await, [2, 1]);
    let by_teams = shared::wire::PeopleQuery {
        sort: shared::wire::PeopleSort::Teams,
        descending: true,
        ..Default::default()
    };
    let page = people::list(&db, org.org_id, &by_teams, false)
        .await
        .unwrap();
    assert_eq!(page.rows[0].account_id, mia.0, "most teams first");

    sqlx::query("DELETE FROM team_members WHERE team_id = $1 AND account_id = $2")
        .bind(data)
        .bind(mia)
        .execute(&db)
        .await
        .unwrap();
    assert_eq!(counts().await, [1, 1]);
    sqlx::query("DELETE FROM teams WHERE id = $1")
        .bind(growth)
        .execute(&db)
        .await
        .unwrap();
    assert_eq!(counts().await, [0, 1], "a deleted team is counted out once");
}

/// What the triggers keep on each membership, read back.
async fn lists_of(db: &Db, org_id: i64, account_id: shared::AccountId) -> (String, i64, String) {
    sqlx::query_as(
        "SELECT team_names, team_count, granted_projects FROM memberships WHERE org_id = $1 AND account_id = $2",
    )
    .bind(org_id)
    .bind(account_id)
    .fetch_one(db)
    .await
    .unwrap()
}

/// The memberships whose kept lists differ from what their teams and grants say now.
async fn stale_lists(db: &Db) -> Vec<(i64, i64)> {
    sqlx::query_as(
        "SELECT m.org_id, m.account_id FROM memberships m JOIN member_lists v USING (org_id, account_id)
         WHERE m.team_names IS DISTINCT FROM v.team_names
            OR m.team_count IS DISTINCT FROM v.team_count
            OR m.granted_projects IS DISTINCT FROM v.granted_projects",
    )
    .fetch_all(db)
    .await
    .unwrap()
}

#[tokio::test]
async fn each_membership_keeps_its_teams_and_granted_projects_through_every_change() {
    let db = fresh_db().await;
    let (org, other, mia) = two_orgs_and_mia(&db).await;
    let step = |sql: &'static str| {
        let db = db.clone();
        async move {
            sqlx::query(sql).execute(&db).await.unwrap();
            assert_eq!(stale_lists(&db).await, [], "after {sql}");
        }
    };
    step("INSERT INTO projects (id, org_id, name, created_at) VALUES (10, 1, 'Web', 0), (11, 1, 'Api', 0), (12, 2, 'Theirs', 0)").await;
    step("INSERT INTO teams (id, org_id, name, created_at) VALUES (20, 1, 'growth', 0), (21, 1, 'Data', 0), (22, 2, 'Elsewhere', 0)").await;
    assert_eq!(
        (org.org_id, other.org_id),
        (1, 2),
        "the ids the statements use"
    );
    step("INSERT INTO project_grants (project_id, account_id, role, granted_at) SELECT 11, id, 'analyst', 0 FROM accounts WHERE email = 'mia@acme.test'").await;
    // A stray grant on another organization's project, and a place in its team, count nowhere.
    step("INSERT INTO project_grants (project_id, account_id, role, granted_at) SELECT 12, id, 'analyst', 0 FROM accounts WHERE email = 'mia@acme.test'").await;
    step("INSERT INTO team_members (team_id, account_id, added_at) SELECT t.id, a.id, 0 FROM teams t, accounts a WHERE t.id IN (20, 21, 22) AND a.email = 'mia@acme.test'").await;
    step("INSERT INTO team_projects (team_id, project_id, role) VALUES (20, 10, 'consumer'), (21, 11, 'admin')").await;
    assert_eq!(
        lists_of(&db, org.org_id, mia).await,
        (r#"["Data","growth"]"#.into(), 2, "[10,11]".into())
    );
    step("UPDATE teams SET name = 'Alpha' WHERE id = 20").await;
    assert_eq!(
        lists_of(&db, org.org_id, mia).await.0,
        r#"["Alpha","Data"]"#
    );
    step("UPDATE project_grants SET role = 'owner' WHERE project_id = 11").await;
    step("DELETE FROM team_projects WHERE team_id = 20").await;
    assert_eq!(lists_of(&db, org.org_id, mia).await.2, "[11]");
    step("DELETE FROM project_grants WHERE project_id = 11").await;
    assert_eq!(
        lists_of(&db, org.org_id, mia).await.2,
        "[11]",
        "still granted through Data"
    );
    step("DELETE FROM teams WHERE id = 21").await;
    assert_eq!(
        lists_of(&db, org.org_id, mia).await,
        (r#"["Alpha"]"#.into(), 1, "[]".into())
    );
    step("INSERT INTO team_projects (team_id, project_id, role) VALUES (20, 10, 'consumer')").await;
    step("DELETE FROM projects WHERE id = 10").await;
    assert_eq!(lists_of(&db, org.org_id, mia).await.2, "[]");
    step("DELETE FROM team_members WHERE team_id = 20").await;
    assert_eq!(
        lists_of(&db, org.org_id, mia).await,
        ("[]".into(), 0, "[]".into())
    );
    // Joining an organization where grants and a team place were given first.
    step("INSERT INTO project_grants (project_id, account_id, role, granted_at) SELECT 12, id, 'analyst', 0 FROM accounts WHERE email = 'owner@acme.test'").await;
    step("INSERT INTO team_members (team_id, account_id, added_at) SELECT 22, id, 0 FROM accounts WHERE email = 'owner@acme.test'").await;
    step("INSERT INTO memberships (org_id, account_id, org_role, joined_at) SELECT 2, id, 'member', 0 FROM accounts WHERE email = 'owner@acme.test'").await;
    assert_eq!(
        lists_of(&db, other.org_id, org.owner_id).await,
        (r#"["Elsewhere"]"#.into(), 1, "[12]".into())
    );
}

#[tokio::test]
async fn people_never_active_sort_first_ascending_and_last_descending() {
    let db = fresh_db().await;
    let org = org_with_owner(&db, "Acme", "owner@acme.test").await;
    for (name, email, active) in [
        ("Early", "early@acme.test", Some(100)),
        ("Never", "never@acme.test", None),
        ("Late", "late@acme.test", Some(200)),
    ] {
        member(&db, org.org_id, name, email).await;
        sqlx::query("UPDATE memberships SET last_active_at = $1 WHERE email = $2")
            .bind(active)
            .bind(email)
            .execute(&db)
            .await
            .unwrap();
    }
    sqlx::query("UPDATE memberships SET last_active_at = 300 WHERE email = 'owner@acme.test'")
        .execute(&db)
        .await
        .unwrap();
    let names = |descending: bool| {
        let query = shared::wire::PeopleQuery {
            sort: shared::wire::PeopleSort::LastActive,
            descending,
            ..Default::default()
        };
        let db = db.clone();
        async move {
            let page = people::list(&db, org.org_id, &query, false).await.unwrap();
            page.rows.into_iter().map(|r| r.name).collect::<Vec<_>>()
        }
    };
    assert_eq!(names(false).await, ["Never", "Early", "Late", "Owner"]);
    assert_eq!(names(true).await, ["Owner", "Late", "Early", "Never"]);
}
