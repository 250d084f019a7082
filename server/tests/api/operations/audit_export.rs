//! `roster export-audit`: the audit log of an organization an Owner deleted is exported through
//! the command, by name, by the address it had or by id, in the same words and columns as the
//! Audit log tab's download made before the deletion; several matches are listed, not guessed;
//! once housekeeping purges the organization, nothing is found; and the real binary writes the
//! export to standard output.

use crate::support::{password_hash, TestApp};
use axum::http::StatusCode;
use roster_core::store::{directory, org_settings, orgs};
use serde_json::Value;
use server::commands::{self, AuditFormat, Command, OrgNamed};
use shared::OrgRole;

fn export(org: OrgNamed, format: AuditFormat) -> Command {
    Command::ExportAudit {
        org,
        format,
        output: None,
    }
}

fn named(text: &str) -> OrgNamed {
    OrgNamed::NameOrSlug(text.into())
}

/// Acme with a project, a team and a role change in its log, deleted by its Owner: its id and
/// the CSV the Audit log tab downloaded just before.
async fn deleted_acme(app: &TestApp) -> (i64, String) {
    let acme = app.org("Acme").await;
    let cookie = app.sign_in(&acme.owner_email).await;
    let org = acme.id.to_string();
    app.project(&cookie, "Web, App").await;
    let team = serde_json::json!({
        "org": acme.id,
        "team": { "name": "Ops", "projects": [], "members": [] }
    });
    let team = app.call_json("create_team", team, Some(&cookie)).await;
    assert_eq!(team.status, StatusCode::OK, "{}", team.body);
    // A name a spreadsheet would run as a formula: the target of the role change.
    let member = directory::add_person(
        &app.db,
        acme.id,
        "=Ops Lead",
        "lead@acme.test",
        &password_hash().await,
        OrgRole::Member,
    )
    .await
    .unwrap()
    .0
    .to_string();
    let role = app
        .call(
            "change_role",
            &[("account_id", &member), ("role", "admin"), ("org", &org)],
            Some(&cookie),
        )
        .await;
    assert_eq!(role.status, StatusCode::OK, "{}", role.body);
    let moved = app
        .call(
            "change_organization_address",
            &[("slug", "acme-hq"), ("org", &org)],
            Some(&cookie),
        )
        .await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.body);
    let before = app
        .get(&format!("/export/audit.csv?org={org}"), Some(&cookie))
        .await;
    assert_eq!(before.status, StatusCode::OK, "{}", before.body);
    let deleted = app
        .call(
            "delete_organization",
            &[("confirm", "Acme"), ("org", &org)],
            Some(&cookie),
        )
        .await;
    assert_eq!(deleted.status, StatusCode::OK, "{}", deleted.body);
    (acme.id, before.body)
}

#[tokio::test]
async fn a_deleted_organizations_log_is_exported_as_the_tab_wrote_it() {
    let app = TestApp::new().await;
    let (acme, before) = deleted_acme(&app).await;

    let csv = commands::run(&app.db, export(named("Acme"), AuditFormat::Csv))
        .await
        .unwrap();
    let mut lines = csv.split_inclusive("\r\n");
    let header = lines.next().unwrap();
    assert_eq!(header, before.split_inclusive("\r\n").next().unwrap());
    let deletion = lines.next().unwrap();
    assert!(deletion.contains(",Owner,"), "by its Owner: {deletion}");
    assert!(deletion.contains("organization.delete"), "{deletion}");
    assert!(
        deletion.contains("“Acme”"),
        "the deletion names the organization: {deletion}"
    );
    let rest: String = lines.collect();
    assert_eq!(
        format!("{header}{rest}"),
        before,
        "the events before the deletion, in the tab's words and columns"
    );
    assert!(
        csv.contains(",'=Ops Lead,"),
        "defused like the tab's: {csv}"
    );

    let by_address = commands::run(&app.db, export(named("acme-hq"), AuditFormat::Csv)).await;
    assert_eq!(by_address.as_ref(), Ok(&csv), "by the address it had");
    let any_case = commands::run(&app.db, export(named(" ACME "), AuditFormat::Csv)).await;
    assert_eq!(any_case.as_ref(), Ok(&csv));
    let by_id = commands::run(&app.db, export(OrgNamed::Id(acme), AuditFormat::Csv)).await;
    assert_eq!(by_id, Ok(csv.clone()));

    let json = commands::run(&app.db, export(named("acme"), AuditFormat::Json))
        .await
        .unwrap();
    let events: Vec<Value> = serde_json::from_str::<Value>(&json)
        .unwrap()
        .as_array()
        .unwrap()
        .clone();
    let kept: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_events WHERE org_id = $1")
        .bind(acme)
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(events.len() as i64, kept);
    assert_eq!(
        events.len(),
        csv.split("\r\n").count() - 2,
        "as many as the CSV's rows"
    );
    assert_eq!(events[0]["kind"], "organization.delete");
    assert_eq!(
        events.last().unwrap()["kind"],
        "organization.create",
        "newest first, down to the creation"
    );
    assert!(
        events.iter().any(|e| e["target"] == "=Ops Lead"),
        "JSON is not defused"
    );

    let folder = tempfile::tempdir().unwrap();
    let file = folder.path().join("acme-audit.json");
    let written = commands::run(
        &app.db,
        Command::ExportAudit {
            org: named("acme"),
            format: AuditFormat::Json,
            output: Some(file.clone()),
        },
    )
    .await
    .unwrap();
    assert!(
        written.contains(&format!("{kept} event(s)")) && written.contains("deleted"),
        "{written}"
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), json);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "readable by its owner only: {mode:o}");
    }
    let again = commands::run(
        &app.db,
        Command::ExportAudit {
            org: named("acme"),
            format: AuditFormat::Csv,
            output: Some(file.clone()),
        },
    )
    .await;
    assert!(
        again.unwrap_err().contains("exists already"),
        "never overwrites"
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), json);
}

#[tokio::test]
async fn several_matches_are_listed_and_nothing_is_said_plainly() {
    let app = TestApp::new().await;
    let (old, _) = deleted_acme(&app).await;
    // A new Acme takes the address the deleted one had.
    let new = orgs::create_with_owner(
        &app.db,
        orgs::Origin::Operator,
        "Acme",
        "Owner",
        "owner@new-acme.test",
        &password_hash().await,
    )
    .await
    .unwrap()
    .org_id;
    let slug: String = sqlx::query_scalar("SELECT slug FROM organizations WHERE id = $1")
        .bind(new)
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(slug, "acme");

    // And another organization takes the address it had.
    let cookie = app.sign_in("owner@new-acme.test").await;
    let hq = app
        .call(
            "create_organization",
            &[("name", "Headquarters"), ("slug", "acme-hq")],
            Some(&cookie),
        )
        .await;
    assert_eq!(hq.status, StatusCode::OK, "{}", hq.body);
    let hq = orgs::find_by_slug(&app.db, "acme-hq")
        .await
        .unwrap()
        .unwrap()
        .id;

    let deleted = format!("--org-id {old}: “Acme” (was acme-hq; deleted ");
    for (text, other) in [
        ("Acme", format!("--org-id {new}: “Acme” (acme)")),
        (
            "acme-hq",
            format!("--org-id {hq}: “Headquarters” (acme-hq)"),
        ),
    ] {
        let several = commands::run(&app.db, export(named(text), AuditFormat::Csv))
            .await
            .unwrap_err();
        assert!(several.contains("several organizations"), "{several}");
        assert!(several.contains(&deleted), "{several}");
        assert!(several.contains(&other), "{several}");
        assert_eq!(several.lines().count(), 3, "{several}");
    }
    let one = commands::run(&app.db, export(named("Headquarters"), AuditFormat::Csv)).await;
    assert!(one.unwrap().contains("“Headquarters”"));
    let new_log = commands::run(&app.db, export(OrgNamed::Id(new), AuditFormat::Csv))
        .await
        .unwrap();
    assert_eq!(
        new_log.split("\r\n").count(),
        3,
        "header and creation: {new_log}"
    );
    assert!(!new_log.contains("organization.delete"));

    let nothing = commands::run(&app.db, export(named("Globex"), AuditFormat::Csv))
        .await
        .unwrap_err();
    assert!(
        nothing.contains("no organization is named “Globex”") && nothing.contains("30 days"),
        "{nothing}"
    );
    let no_id = commands::run(&app.db, export(OrgNamed::Id(9999), AuditFormat::Csv))
        .await
        .unwrap_err();
    assert!(
        no_id.contains("no organization with the id 9999"),
        "{no_id}"
    );
}

#[tokio::test]
async fn a_purged_organizations_log_is_gone() {
    let app = TestApp::new().await;
    let (acme, _) = deleted_acme(&app).await;
    let kept = app.count("SELECT COUNT(*) FROM audit_events").await;
    assert!(kept > 0);
    // Deleted a day longer ago than deleted organizations are kept.
    sqlx::query("UPDATE organizations SET deleted_at = deleted_at - $1 WHERE id = $2")
        .bind(org_settings::DELETED_KEPT_SECONDS + 86_400)
        .bind(acme)
        .execute(&app.db)
        .await
        .unwrap();
    assert!(
        commands::run(&app.db, export(named("Acme"), AuditFormat::Csv))
            .await
            .is_ok(),
        "kept until housekeeping purges it"
    );
    assert_eq!(org_settings::purge_deleted(&app.db).await.unwrap(), 1);

    assert_eq!(app.count("SELECT COUNT(*) FROM audit_events").await, 0);
    for org in [named("Acme"), named("acme-hq"), OrgNamed::Id(acme)] {
        let gone = commands::run(&app.db, export(org.clone(), AuditFormat::Json))
            .await
            .unwrap_err();
        assert!(gone.contains("no organization"), "{org:?}: {gone}");
    }
}
