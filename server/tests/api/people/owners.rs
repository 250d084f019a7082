//! An Admin changes nothing about an Owner: not their individual grants, not their teams (from the
//! person page or the team page, one by one or in bulk), not by creating a team with them in it.
//! Each refusal is a 403 that writes nothing; an Owner does the same things to another Owner.

use super::*;
use crate::support::Reply;

/// Everything a change about a person could write.
async fn footprint(app: &TestApp) -> (i64, i64, i64, i64) {
    (
        app.count("SELECT COUNT(*) FROM project_grants").await,
        app.count("SELECT COUNT(*) FROM team_members").await,
        app.count("SELECT COUNT(*) FROM teams").await,
        app.count("SELECT COUNT(*) FROM audit_events").await,
    )
}

fn refused(reply: &Reply, at: &str) {
    assert_eq!(reply.status, StatusCode::FORBIDDEN, "{at}: {}", reply.body);
    assert_eq!(
        reply.json(),
        json!({ "Forbidden": "You can only change or remove people whose role is below yours." }),
        "{at}"
    );
}

struct Scene {
    app: TestApp,
    owner: String,
    admin: String,
    /// A second Owner, the one acted on.
    other_owner: i64,
    member: i64,
    project: i64,
    team: i64,
}

async fn scene() -> Scene {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let owner = app.sign_in(&org.owner_email).await;
    let admin = app.sign_in(&app.person(&org, OrgRole::Admin).await).await;
    let other_owner = app.id_of(&app.person(&org, OrgRole::Owner).await).await;
    let member = app.id_of(&app.person(&org, OrgRole::Member).await).await;
    let project = app
        .call("create_project", &[("name", "Web")], Some(&owner))
        .await
        .json()["id"]
        .as_i64()
        .unwrap();
    let team = app
        .call_json(
            "create_team",
            json!({ "team": { "name": "Data", "projects": [], "members": [] } }),
            Some(&owner),
        )
        .await
        .json()["id"]
        .as_i64()
        .unwrap();
    Scene {
        app,
        owner,
        admin,
        other_owner,
        member,
        project,
        team,
    }
}

#[tokio::test]
async fn an_admin_cannot_grant_or_take_an_owners_individual_access() {
    let s = scene().await;
    let (owner_id, project) = (s.other_owner.to_string(), s.project.to_string());
    let grant = [
        ("account_id", owner_id.as_str()),
        ("project_id", project.as_str()),
        ("role", "analyst"),
    ];
    let before = footprint(&s.app).await;
    refused(
        &s.app.call("set_grant", &grant, Some(&s.admin)).await,
        "Admin grants an Owner",
    );
    assert_eq!(footprint(&s.app).await, before);

    // An Owner may; then the Admin may not take it away either.
    let given = s.app.call("set_grant", &grant, Some(&s.owner)).await;
    assert_eq!(given.status, StatusCode::OK, "{}", given.body);
    let before = footprint(&s.app).await;
    let take = [
        ("account_id", owner_id.as_str()),
        ("project_id", project.as_str()),
    ];
    refused(
        &s.app.call("remove_grant", &take, Some(&s.admin)).await,
        "Admin removes an Owner's grant",
    );
    let change = [
        ("account_id", owner_id.as_str()),
        ("project_id", project.as_str()),
        ("role", "consumer"),
    ];
    refused(
        &s.app.call("set_grant", &change, Some(&s.admin)).await,
        "Admin changes an Owner's grant",
    );
    assert_eq!(footprint(&s.app).await, before);

    // The Admin still manages a Member's grants.
    let member = s.member.to_string();
    let members_grant = [
        ("account_id", member.as_str()),
        ("project_id", project.as_str()),
        ("role", "analyst"),
    ];
    let ok = s
        .app
        .call("set_grant", &members_grant, Some(&s.admin))
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
}

#[tokio::test]
async fn an_admin_cannot_move_an_owner_in_or_out_of_a_team_from_any_page() {
    let s = scene().await;
    let (team, owner_id) = (s.team.to_string(), s.other_owner.to_string());
    let pair = [
        ("team_id", team.as_str()),
        ("account_id", owner_id.as_str()),
    ];
    let before = footprint(&s.app).await;
    // The person page and the team page both call add_team_member.
    refused(
        &s.app.call("add_team_member", &pair, Some(&s.admin)).await,
        "Admin adds an Owner to a team",
    );
    // The team page's "Create Team" flow with an Owner among the first members.
    refused(
        &s.app
            .call_json(
                "create_team",
                json!({ "team": { "name": "Sneaky", "projects": [], "members": [s.member, s.other_owner] } }),
                Some(&s.admin),
            )
            .await,
        "Admin creates a team with an Owner in it",
    );
    assert_eq!(footprint(&s.app).await, before);

    let added = s.app.call("add_team_member", &pair, Some(&s.owner)).await;
    assert_eq!(added.status, StatusCode::OK, "{}", added.body);
    let before = footprint(&s.app).await;
    refused(
        &s.app
            .call("remove_team_member", &pair, Some(&s.admin))
            .await,
        "Admin takes an Owner out of a team",
    );
    assert_eq!(footprint(&s.app).await, before);

    // A team's page lists each member with the role that decides who may take them out.
    let detail = s
        .app
        .call("get_team", &[("id", team.as_str())], Some(&s.admin))
        .await
        .json();
    assert_eq!(detail["members"][0]["role"], "owner");
}

#[tokio::test]
async fn a_bulk_add_to_team_refuses_the_owners_and_adds_the_rest() {
    let s = scene().await;
    let before = footprint(&s.app).await;
    let reply = s
        .app
        .call_json(
            "bulk_people",
            json!({ "account_ids": [s.other_owner, s.member], "choice": { "AddToTeam": s.team } }),
            Some(&s.admin),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let outcomes = reply.json();
    assert_eq!(outcomes[0]["account_id"], s.other_owner);
    assert_eq!(
        outcomes[0]["refused"],
        "You can only change or remove people whose role is below yours."
    );
    assert_eq!(outcomes[0]["changed"], false);
    assert_eq!(outcomes[1]["changed"], true);
    let in_team: Vec<i64> =
        sqlx::query_scalar("SELECT account_id FROM team_members WHERE team_id = $1")
            .bind(s.team)
            .fetch_all(&s.app.db)
            .await
            .unwrap();
    assert_eq!(in_team, [s.member]);
    // The Member's joining and the summary: nothing about the Owner.
    assert_eq!(footprint(&s.app).await.3, before.3 + 2);

    // Only Owners in the selection: refused as a whole, nothing written.
    let before = footprint(&s.app).await;
    let only_owner = s
        .app
        .call_json(
            "bulk_people",
            json!({ "account_ids": [s.other_owner], "choice": { "AddToTeam": s.team } }),
            Some(&s.admin),
        )
        .await;
    assert_eq!(only_owner.status, StatusCode::OK, "{}", only_owner.body);
    assert!(only_owner.json()[0]["refused"].is_string());
    assert_eq!(footprint(&s.app).await, before);

    // An Owner adds another Owner.
    let by_owner = s
        .app
        .call_json(
            "bulk_people",
            json!({ "account_ids": [s.other_owner], "choice": { "AddToTeam": s.team } }),
            Some(&s.owner),
        )
        .await;
    assert_eq!(by_owner.json()[0]["changed"], true, "{}", by_owner.body);
}
