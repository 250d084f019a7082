//! The seeds: the demo organization, and the scale organizations the benchmarks serve.

use super::*;

#[tokio::test]
async fn the_scale_seed_makes_several_organizations_of_their_own_people() {
    let db = fresh_db().await;
    let ids = seed::scale_several(&db, 3, 120, "h").await.unwrap();
    assert_eq!(ids.len(), 3);
    for (n, id) in ids.iter().enumerate() {
        let (name, slug, owner, members, teams, in_own_teams): (
            String,
            String,
            String,
            i64,
            i64,
            i64,
        ) = sqlx::query_as(
            "SELECT o.name, o.slug,
                    (SELECT a.email FROM memberships m JOIN accounts a ON a.id = m.account_id
                     WHERE m.org_id = o.id AND m.org_role = 'owner' ORDER BY a.id LIMIT 1),
                    (SELECT COUNT(*) FROM memberships WHERE org_id = o.id),
                    (SELECT COUNT(*) FROM teams WHERE org_id = o.id),
                    (SELECT COUNT(*) FROM team_members tm JOIN teams t ON t.id = tm.team_id
                     JOIN memberships m ON m.account_id = tm.account_id AND m.org_id = t.org_id
                     WHERE t.org_id = o.id)
                 FROM organizations o WHERE o.id = $1",
        )
        .bind(id)
        .fetch_one(&db)
        .await
        .unwrap();
        assert_eq!(name, format!("Scale Test {}", n + 1));
        assert_eq!(slug, format!("scale-test-{}", n + 1));
        assert_eq!(owner, format!("owner@scale{}.test", n + 1));
        assert_eq!(members, 120);
        assert_eq!(teams, 200);
        let team_members: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM team_members tm JOIN teams t ON t.id = tm.team_id
             WHERE t.org_id = $1",
        )
        .bind(id)
        .fetch_one(&db)
        .await
        .unwrap();
        assert_eq!(
            in_own_teams, team_members,
            "teams hold their own organization's people"
        );
        // The organization's people are found by its search (on Postgres, rows the seed wrote
        // at the end): a search most of them match, and one a few do.
        for (search, found) in [("person", 119), ("Person 0001", 10)] {
            let query = shared::wire::PeopleQuery {
                search: search.into(),
                ..Default::default()
            };
            let page = people::list(&db, *id, &query, false).await.unwrap();
            assert_eq!(page.total, found, "{search}");
            assert_eq!(page.rows.len(), found.min(50) as usize, "{search}");
            let domain = format!("@scale{}.test", n + 1);
            assert!(page.rows.iter().all(|r| r.email.ends_with(&domain)));
        }
    }
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM accounts").await,
        360,
        "everyone belongs to one organization"
    );
    // What triggers keep (or, on Postgres, the seed computes at the end) is what the rows say.
    for (what, sql) in [
        ("team sizes", "SELECT COUNT(*) FROM teams t
             WHERE member_count <> (SELECT COUNT(*) FROM team_members tm WHERE tm.team_id = t.id)
                OR project_count <> (SELECT COUNT(*) FROM team_projects tp WHERE tp.team_id = t.id)"),
        ("role counts", "SELECT COUNT(*) FROM org_role_counts c
             WHERE members <> (SELECT COUNT(*) FROM memberships m
                               WHERE m.org_id = c.org_id AND m.org_role = c.org_role)"),
        ("members' team counts", "SELECT COUNT(*) FROM memberships m
             WHERE team_count <> (SELECT COUNT(*) FROM team_members tm JOIN teams t ON t.id = tm.team_id
                                  WHERE tm.account_id = m.account_id AND t.org_id = m.org_id)
                OR team_names = '[]'"),
        ("members' names", "SELECT COUNT(*) FROM memberships m
             WHERE name <> (SELECT a.name FROM accounts a WHERE a.id = m.account_id)"),
        ("members' projects", "SELECT COUNT(*) FROM memberships m
             WHERE granted_projects = '[]'"),
    ] {
        assert_eq!(count(&db, sql).await, 0, "{what}");
    }
    assert_eq!(
        count(
            &db,
            "SELECT CAST(SUM(members) AS BIGINT) FROM org_role_counts"
        )
        .await,
        360
    );
}

#[tokio::test]
async fn the_demo_seed_builds_a_complete_organization() {
    let db = fresh_db().await;
    seed::demo(&db, "h").await.unwrap();
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM memberships").await,
        seed::DEMO_PEOPLE.len() as i64
    );
    for role in OrgRole::ALL {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM memberships WHERE org_role = $1")
            .bind(role.as_str())
            .fetch_one(&db)
            .await
            .unwrap();
        assert!(n > 0, "someone is {role}");
    }
    assert!(count(&db, "SELECT COUNT(*) FROM team_members").await > 0);
    assert!(count(&db, "SELECT COUNT(*) FROM project_grants").await > 0);
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM projects WHERE all_users_role IS NOT NULL"
        )
        .await,
        1
    );
}
