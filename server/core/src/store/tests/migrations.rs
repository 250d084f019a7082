//! The migrations as databases see them: landed ones never change, and a database that applied
//! the edited text migration 8 once had migrates like any other.

use crate::store::{connect, migrate, MIGRATOR, POSTGRES_MIGRATOR};
use sqlx::migrate::Migrator;
use std::collections::BTreeMap;

/// A `checksums.txt`: file name → SHA-384, as hex.
fn listed(text: &str) -> BTreeMap<String, String> {
    text.lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            let (file, checksum) = line.split_once(' ').expect("a file name and a checksum");
            (file.to_string(), checksum.trim().to_string())
        })
        .collect()
}

#[test]
fn landed_migrations_are_never_edited() {
    held_to(
        &MIGRATOR,
        include_str!("../../../migrations/checksums.txt"),
        "migrations",
    );
    held_to(
        &POSTGRES_MIGRATOR,
        include_str!("../../../migrations-postgres/checksums.txt"),
        "migrations-postgres",
    );
}

/// Holds every migration of `migrator` to its line in the `checksums.txt` of `folder`.
fn held_to(migrator: &Migrator, checksums: &str, folder: &str) {
    let listed = listed(checksums);
    for migration in migrator.iter() {
        let file = format!(
            "{:04}_{}.sql",
            migration.version,
            migration.description.replace(' ', "_")
        );
        let checksum = hex::encode(&migration.checksum);
        match listed.get(&file) {
            Some(landed) => assert_eq!(
                landed, &checksum,
                "{file} was edited after it landed: put the change in a new migration"
            ),
            None => panic!("{file} is new: add `{file} {checksum}` to {folder}/checksums.txt"),
        }
    }
    assert_eq!(
        listed.len(),
        migrator.iter().count(),
        "a listed migration of {folder} is gone"
    );
}

#[tokio::test]
async fn a_database_that_applied_the_edited_migration_8_migrates() {
    let db = connect("sqlite::memory:").await.unwrap();
    migrate(&db).await.unwrap();
    let edited = hex::decode(super::super::EDITED_MIGRATION_8).unwrap();
    sqlx::query("UPDATE _sqlx_migrations SET checksum = $1 WHERE version = 8")
        .bind(&edited)
        .execute(&db)
        .await
        .unwrap();
    // Without the repair the migrator refuses: the recorded checksum is not the file's.
    assert!(MIGRATOR.run(&db).await.is_err());
    migrate(&db).await.expect("migrates again");
    let recorded: Vec<u8> =
        sqlx::query_scalar("SELECT checksum FROM _sqlx_migrations WHERE version = 8")
            .fetch_one(&db)
            .await
            .unwrap();
    let landed = MIGRATOR.iter().find(|m| m.version == 8).unwrap();
    assert_eq!(recorded, landed.checksum.to_vec());
}

#[tokio::test]
async fn sqlite_member_lists_read_the_same_after_the_view_is_made_again() {
    let db = crate::store::testing::fresh_db().await;
    let sql: String = sqlx::query_scalar(
        "SELECT sql FROM sqlite_master WHERE type = 'view' AND name = 'member_lists'",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert!(
        !sql.contains("json_group_array(t.name ORDER BY"),
        "the view orders its lists in subqueries: {sql}"
    );
}
