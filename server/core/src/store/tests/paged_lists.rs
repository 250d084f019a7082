//! The Teams tab, the Projects tab and a team's members, a page at a time: paging (and a page past
//! the end), every order both ways, search in any case with wildcards taken literally, the counts
//! the triggers keep, and nothing of another organization.

use super::*;
use shared::lists::{
    MemberQuery, MemberSort, ProjectQuery, ProjectSort, TeamQuery, TeamSort, LIST_PAGE_SIZE,
};
use shared::TeamId;

mod search;

async fn exec(db: &Db, sql: &'static str) {
    sqlx::query(sql).execute(db).await.unwrap();
}

fn names<T>(rows: &[T], name: impl Fn(&T) -> &str) -> Vec<String> {
    rows.iter().map(|r| name(r).to_string()).collect()
}

#[tokio::test]
async fn projects_come_a_page_at_a_time_searched_and_sorted() {
    let db = fresh_db().await;
    let org = org_with_owner(&db, "Acme", "owner@acme.test").await;
    let other = org_with_owner(&db, "Other", "owner@other.test").await;
    // 120 projects "Project 000" … "Project 119", created in reverse order of their names; three
    // with odd names; one of another organization.
    for i in 0..120 {
        sqlx::query("INSERT INTO projects (org_id, name, created_at) VALUES ($1, $2, $3)")
            .bind(org.org_id)
            .bind(format!("Project {i:03}"))
            .bind(10_000 - i)
            .execute(&db)
            .await
            .unwrap();
    }
    for (name, at) in [("web 100% done", 1), ("Web_App", 2), ("ÉTÉ", 3)] {
        sqlx::query("INSERT INTO projects (org_id, name, created_at) VALUES ($1, $2, $3)")
            .bind(org.org_id)
            .bind(name)
            .bind(at)
            .execute(&db)
            .await
            .unwrap();
    }
    sqlx::query("INSERT INTO projects (org_id, name, created_at) VALUES ($1, 'Web elsewhere', 0)")
        .bind(other.org_id)
        .execute(&db)
        .await
        .unwrap();
    let list = |search: &str, sort: ProjectSort, descending: bool, page: u32| {
        let query = ProjectQuery {
            search: search.into(),
            sort,
            descending,
            page,
        };
        let db = db.clone();
        async move { lists::projects(&db, org.org_id, &query).await.unwrap() }
    };

    // By name: 123 projects, three pages of 50, 50 and 23.
    let first = list("", ProjectSort::Name, false, 1).await;
    assert_eq!((first.total, first.page, first.page_size), (123, 1, 50));
    assert_eq!(first.pages(), 3);
    assert_eq!(first.rows.len(), 50);
    // Names in any case. Letters past ASCII: after Z on SQLite, by Unicode's rules (É with E)
    // on Postgres.
    let unicode = Backend::of(&db) == Backend::Postgres;
    let (first_name, skipped) = if unicode {
        ("ÉTÉ", 1)
    } else {
        ("Project 000", 0)
    };
    assert_eq!(first.rows[0].name, first_name);
    assert_eq!(first.rows[49].name, format!("Project {:03}", 49 - skipped));
    let second = list("", ProjectSort::Name, false, 2).await;
    assert_eq!(second.rows[0].name, format!("Project {:03}", 50 - skipped));
    let last = list("", ProjectSort::Name, false, 3).await;
    assert_eq!(last.rows.len(), 23);
    assert_eq!(
        names(&last.rows[20..], |p| &p.name),
        if unicode {
            ["Project 119", "web 100% done", "Web_App"]
        } else {
            ["web 100% done", "Web_App", "ÉTÉ"]
        },
    );
    // A page past the end is the last page.
    let past = list("", ProjectSort::Name, false, 99).await;
    assert_eq!((past.page, past.rows.len()), (3, 23));
    // Descending, and by creation date both ways.
    let down = list("", ProjectSort::Name, true, 1).await;
    if unicode {
        assert_eq!(down.rows[0].name, "Web_App");
        assert_eq!(down.rows[2].name, "Project 119");
    } else {
        assert_eq!(down.rows[0].name, "ÉTÉ");
        assert_eq!(down.rows[3].name, "Project 119");
    }
    let oldest = list("", ProjectSort::Created, false, 1).await;
    assert_eq!(
        names(&oldest.rows[..4], |p| &p.name),
        ["web 100% done", "Web_App", "ÉTÉ", "Project 119"]
    );
    let newest = list("", ProjectSort::Created, true, 1).await;
    assert_eq!(newest.rows[0].name, "Project 000");
    // Every project shows once over the pages of an order.
    let mut seen = Vec::new();
    for page in 1..=3 {
        seen.extend(list("", ProjectSort::Created, true, page).await.rows);
    }
    seen.sort_by_key(|p| p.id);
    seen.dedup_by_key(|p| p.id);
    assert_eq!(seen.len(), 123);

    // Search: a substring of the name in any case, its wildcards literal, this organization's
    // only.
    let web = list("WEB", ProjectSort::Name, false, 1).await;
    assert_eq!(
        (web.total, names(&web.rows, |p| &p.name)),
        (2, vec!["web 100% done".into(), "Web_App".into()])
    );
    assert_eq!(
        list("0%", ProjectSort::Name, false, 1).await.rows[0].name,
        "web 100% done"
    );
    assert_eq!(
        list("b_a", ProjectSort::Name, false, 1).await.rows[0].name,
        "Web_App"
    );
    assert_eq!(list("b%a", ProjectSort::Name, false, 1).await.total, 0);
    assert_eq!(
        list("elsewhere", ProjectSort::Name, false, 1).await.total,
        0
    );
    assert_eq!(list("ÉTÉ", ProjectSort::Name, false, 1).await.total, 1);
    assert_eq!(list("a\0", ProjectSort::Name, false, 1).await.total, 0);
    let searched = list(" project 1 ", ProjectSort::Name, false, 2).await;
    assert_eq!(
        (searched.total, searched.page),
        (20, 1),
        "Project 100 to 119, on one page"
    );
}

#[tokio::test]
async fn teams_come_a_page_at_a_time_sorted_by_name_size_or_projects() {
    let db = fresh_db().await;
    let org = org_with_owner(&db, "Acme", "owner@acme.test").await;
    let other = org_with_owner(&db, "Other", "owner@other.test").await;
    for i in 0..60 {
        directory::add_team(&db, org.org_id, &format!("Team {i:02}"))
            .await
            .unwrap();
    }
    directory::add_team(&db, other.org_id, "Team elsewhere")
        .await
        .unwrap();
    for (name, email) in [("Ann", "ann@acme.test"), ("Bob", "bob@acme.test")] {
        member(&db, org.org_id, name, email).await;
    }
    for project in ["Web", "App"] {
        sqlx::query("INSERT INTO projects (org_id, name, created_at) VALUES ($1, $2, 0)")
            .bind(org.org_id)
            .bind(project)
            .execute(&db)
            .await
            .unwrap();
    }
    // Team 07: three members, no project; Team 42: one member, both projects.
    exec(&db, "INSERT INTO team_members (team_id, account_id, added_at) SELECT t.id, a.id, 0 FROM teams t, accounts a WHERE t.name = 'Team 07' AND substr(a.email, length(a.email) - 9) = '@acme.test'").await;
    exec(&db, "INSERT INTO team_members (team_id, account_id, added_at) SELECT t.id, a.id, 0 FROM teams t, accounts a WHERE t.name = 'Team 42' AND a.email = 'bob@acme.test'").await;
    exec(&db, "INSERT INTO team_projects (team_id, project_id, role) SELECT t.id, p.id, 'analyst' FROM teams t, projects p WHERE t.name = 'Team 42'").await;
    let list = |search: &str, sort: TeamSort, descending: bool, page: u32| {
        let query = TeamQuery {
            search: search.into(),
            sort,
            descending,
            page,
        };
        let db = db.clone();
        async move { lists::teams(&db, org.org_id, &query).await.unwrap() }
    };

    let first = list("", TeamSort::Name, false, 1).await;
    assert_eq!((first.total, first.rows.len(), first.pages()), (60, 50, 2));
    assert_eq!(first.rows[0].name, "Team 00");
    let second = list("", TeamSort::Name, false, 2).await;
    assert_eq!(
        names(&second.rows, |t| &t.name)[..2],
        ["Team 50", "Team 51"]
    );
    assert_eq!(second.rows.len(), 10);
    assert_eq!(
        list("", TeamSort::Name, true, 1).await.rows[0].name,
        "Team 59"
    );
    assert_eq!(list("", TeamSort::Name, false, 7).await.page, 2);

    // By size and by projects, largest first when descending; each row says what it grants.
    let biggest = list("", TeamSort::Members, true, 1).await;
    assert_eq!(
        (biggest.rows[0].name.as_str(), biggest.rows[0].members),
        ("Team 07", 3)
    );
    assert_eq!(
        (biggest.rows[1].name.as_str(), biggest.rows[1].members),
        ("Team 42", 1)
    );
    let smallest = list("", TeamSort::Members, false, 2).await;
    assert_eq!(smallest.rows.last().unwrap().name, "Team 07");
    let granting = list("", TeamSort::Projects, true, 1).await;
    assert_eq!(granting.rows[0].name, "Team 42");
    assert_eq!(
        names(&granting.rows[0].projects, |p| &p.project_name),
        ["App", "Web"]
    );
    assert!(granting.rows[1].projects.is_empty());

    // The counts follow a member who leaves, a project deleted, a team emptied.
    exec(&db, "DELETE FROM team_members WHERE account_id = (SELECT id FROM accounts WHERE email = 'ann@acme.test')").await;
    exec(&db, "DELETE FROM projects WHERE name = 'Web'").await;
    exec(
        &db,
        "DELETE FROM team_members WHERE team_id = (SELECT id FROM teams WHERE name = 'Team 42')",
    )
    .await;
    let counts: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT name, member_count, project_count FROM teams WHERE name IN ('Team 07', 'Team 42') ORDER BY name",
    )
    .fetch_all(&db)
    .await
    .unwrap();
    assert_eq!(
        counts,
        [
            (String::from("Team 07"), 2, 0),
            (String::from("Team 42"), 0, 1)
        ],
        "counted as the rows are"
    );

    // Search by name, any case; another organization's team is never found.
    let found = list("team 4", TeamSort::Name, false, 1).await;
    assert_eq!(found.total, 10);
    assert_eq!(list("elsewhere", TeamSort::Name, false, 1).await.total, 0);
    assert_eq!(list("_", TeamSort::Name, false, 1).await.total, 0);
}

#[tokio::test]
async fn a_teams_members_come_a_page_at_a_time_searched_by_name_or_email() {
    let db = fresh_db().await;
    let org = org_with_owner(&db, "Acme", "owner@acme.test").await;
    let other = org_with_owner(&db, "Other", "owner@other.test").await;
    let team = TeamId(directory::add_team(&db, org.org_id, "Big").await.unwrap());
    let theirs = TeamId(
        directory::add_team(&db, other.org_id, "Theirs")
            .await
            .unwrap(),
    );
    // 75 members "Person 00" … "Person 74" with addresses in the opposite order; one more person
    // of the organization who is not in the team.
    for i in 0..75 {
        directory::add_person(
            &db,
            org.org_id,
            &format!("Person {i:02}"),
            &format!("p{:02}@acme.test", 74 - i),
            "h",
            OrgRole::Member,
        )
        .await
        .unwrap();
    }
    member(&db, org.org_id, "Outsider", "out@acme.test").await;
    sqlx::query("INSERT INTO team_members (team_id, account_id, added_at) SELECT $1, id, 0 FROM accounts WHERE name LIKE 'Person %'")
        .bind(team)
        .execute(&db)
        .await
        .unwrap();
    let list = |team: TeamId, search: &str, sort: MemberSort, descending: bool, page: u32| {
        let query = MemberQuery {
            search: search.into(),
            sort,
            descending,
            page,
        };
        let db = db.clone();
        async move { lists::team_members(&db, org.org_id, team, &query).await }
    };

    let first = list(team, "", MemberSort::Name, false, 1).await.unwrap();
    assert_eq!(
        (first.total, first.rows.len()),
        (75, LIST_PAGE_SIZE as usize)
    );
    assert_eq!(first.rows[0].name, "Person 00");
    assert_eq!(first.rows[0].email, "p74@acme.test");
    let second = list(team, "", MemberSort::Name, false, 2).await.unwrap();
    assert_eq!(
        (second.rows.len(), second.rows[0].name.as_str()),
        (25, "Person 50")
    );
    let past = list(team, "", MemberSort::Name, false, 5).await.unwrap();
    assert_eq!((past.page, past.rows[0].name.as_str()), (2, "Person 50"));
    let by_email = list(team, "", MemberSort::Email, false, 1).await.unwrap();
    assert_eq!(by_email.rows[0].name, "Person 74");
    let by_email_down = list(team, "", MemberSort::Email, true, 1).await.unwrap();
    assert_eq!(by_email_down.rows[0].name, "Person 00");
    assert_eq!(
        list(team, "", MemberSort::Name, true, 1)
            .await
            .unwrap()
            .rows[0]
            .name,
        "Person 74"
    );

    // By name or email, in any case (short searches and trigram ones); never someone outside
    // the team.
    let seven = list(team, "PERSON 7", MemberSort::Name, false, 1)
        .await
        .unwrap();
    assert_eq!(seven.total, 5);
    let address = list(team, "P07@ACME.test", MemberSort::Name, false, 1)
        .await
        .unwrap();
    assert_eq!(names(&address.rows, |m| &m.name), ["Person 67"]);
    assert_eq!(
        list(team, "p1", MemberSort::Name, false, 1)
            .await
            .unwrap()
            .total,
        10
    );
    assert_eq!(
        list(team, "outsider", MemberSort::Name, false, 1)
            .await
            .unwrap()
            .total,
        0
    );

    // Another organization's team is not found, and its members are never listed.
    assert!(matches!(
        list(theirs, "", MemberSort::Name, false, 1).await,
        Err(AppError::NotFound(_))
    ));
    let team_of_other: Result<_, _> =
        lists::team_members(&db, other.org_id, team, &MemberQuery::default()).await;
    assert!(matches!(team_of_other, Err(AppError::NotFound(_))));

    // The team's heading counts its members.
    let heading = lists::team(&db, org.org_id, team).await.unwrap();
    assert_eq!((heading.name.as_str(), heading.members), ("Big", 75));
    assert!(matches!(
        lists::team(&db, org.org_id, theirs).await,
        Err(AppError::NotFound(_))
    ));
}

#[tokio::test]
async fn sqlite_the_counts_migration_counts_the_teams_that_were_there() {
    let db = fresh_db().await;
    let org = org_with_owner(&db, "Acme", "owner@acme.test").await;
    let team = directory::add_team(&db, org.org_id, "Growth")
        .await
        .unwrap();
    exec(&db, "INSERT INTO team_members (team_id, account_id, added_at) SELECT t.id, a.id, 0 FROM teams t, accounts a").await;
    // Counts written wrong, then counted again by the migration's own statement.
    exec(&db, "UPDATE teams SET member_count = 7, project_count = 3").await;
    let migration = include_str!("../../../migrations/0016_list_orders.sql");
    let recount = migration
        .split(';')
        .find(|statement| statement.contains("UPDATE teams SET"))
        .unwrap();
    exec(&db, recount).await;
    let counts: (i64, i64) =
        sqlx::query_as("SELECT member_count, project_count FROM teams WHERE id = $1")
            .bind(team)
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!(counts, (1, 0));
}
