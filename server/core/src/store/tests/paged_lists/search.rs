//! Team and project names found in any case, letters past ASCII included, and the names that
//! were there before the search index was made.

use super::*;

#[tokio::test]
async fn team_and_project_names_are_found_in_any_case_letters_past_ascii_included() {
    let db = fresh_db().await;
    let org = org_with_owner(&db, "Acme", "owner@acme.test").await;
    let other = org_with_owner(&db, "Other", "owner@other.test").await;
    for name in ["Émile's team", "Ärzte", "Web"] {
        directory::add_team(&db, org.org_id, name).await.unwrap();
    }
    directory::add_team(&db, other.org_id, "Émile elsewhere")
        .await
        .unwrap();
    for name in ["Émile", "Ärzte portal", "Web"] {
        sqlx::query("INSERT INTO projects (org_id, name, created_at) VALUES ($1, $2, 0)")
            .bind(org.org_id)
            .bind(name)
            .execute(&db)
            .await
            .unwrap();
    }
    let teams = |search: &str| {
        let query = TeamQuery {
            search: search.into(),
            ..TeamQuery::default()
        };
        let db = db.clone();
        async move {
            let page = lists::teams(&db, org.org_id, &query).await.unwrap();
            names(&page.rows, |t| &t.name)
        }
    };
    let projects = |search: &str| {
        let query = ProjectQuery {
            search: search.into(),
            ..ProjectQuery::default()
        };
        let db = db.clone();
        async move {
            let page = lists::projects(&db, org.org_id, &query).await.unwrap();
            names(&page.rows, |p| &p.name)
        }
    };

    assert_eq!(teams("émile").await, ["Émile's team"]);
    assert_eq!(teams("ärzte").await, ["Ärzte"]);
    assert_eq!(teams("ÄRZTE").await, ["Ärzte"]);
    assert_eq!(projects("émile").await, ["Émile"]);
    assert_eq!(projects("ÄRZTE POR").await, ["Ärzte portal"]);
    // Searches too short for the trigram index, letters past ASCII and wildcards among them.
    assert_eq!(teams("é").await, ["Émile's team"]);
    assert_eq!(teams("äR").await, ["Ärzte"]);
    assert_eq!(projects("É").await, ["Émile"]);
    // (In name order: letters past ASCII after Z on SQLite, with their base letters on Postgres.)
    if Backend::of(&db) == Backend::Postgres {
        assert_eq!(projects("e").await, ["Ärzte portal", "Émile", "Web"]);
    } else {
        assert_eq!(projects("e").await, ["Web", "Ärzte portal", "Émile"]);
    }
    assert_eq!(teams("'S").await, ["Émile's team"]);
    assert!(teams("%").await.is_empty());
    assert!(teams("\"é").await.is_empty());

    // A new name is found at once, the old one no longer; a deleted team is gone.
    exec(
        &db,
        "UPDATE teams SET name = 'Zahnärzte' WHERE name = 'Ärzte'",
    )
    .await;
    exec(
        &db,
        "UPDATE projects SET name = 'Praxis' WHERE name = 'Ärzte portal'",
    )
    .await;
    assert_eq!(teams("ÄRZTE").await, ["Zahnärzte"]);
    assert!(projects("ärzte").await.is_empty());
    assert_eq!(projects("PRAXIS").await, ["Praxis"]);
    exec(&db, "DELETE FROM teams WHERE name = 'Zahnärzte'").await;
    assert!(teams("ärzte").await.is_empty());
}

#[tokio::test]
async fn sqlite_the_search_migration_indexes_the_names_that_were_there() {
    let db = fresh_db().await;
    let org = org_with_owner(&db, "Acme", "owner@acme.test").await;
    directory::add_team(&db, org.org_id, "Ärzte").await.unwrap();
    // The index emptied, then filled again by the migration's own statements.
    exec(
        &db,
        "INSERT INTO team_search (team_search) VALUES ('delete-all')",
    )
    .await;
    let query = TeamQuery {
        search: "ärzte".into(),
        ..TeamQuery::default()
    };
    assert_eq!(
        lists::teams(&db, org.org_id, &query).await.unwrap().total,
        0
    );
    let migration = include_str!("../../../../migrations/0018_team_and_project_search.sql");
    for rebuild in migration
        .split(';')
        .filter(|statement| statement.contains("VALUES ('rebuild')"))
    {
        sqlx::query(rebuild).execute(&db).await.unwrap();
    }
    assert_eq!(
        lists::teams(&db, org.org_id, &query).await.unwrap().total,
        1
    );
}
