//! A settings page is created once per request on the server: the data its browser side starts
//! from is the data its HTML was drawn from. (A page created twice sends two copies of its data,
//! and the browser takes the first while the HTML shows the last.)

use crate::support::TestApp;
use axum::http::StatusCode;
use serde_json::json;
use std::collections::HashSet;

#[tokio::test]
async fn each_settings_page_sends_its_data_once() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let owner = app.sign_in(&org.owner_email).await;
    let team = json!({ "team": { "name": "Quokka Crew", "projects": [], "members": [] } });
    let created = app.call_json("create_team", team, Some(&owner)).await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.body);
    let team_id = created.json()["id"].as_i64().expect("the team's id");
    app.project(&owner, "Wombat Works").await;

    for path in [
        "/orgs/acme/settings/users".to_string(),
        "/orgs/acme/settings/teams".to_string(),
        "/orgs/acme/settings/projects".to_string(),
        format!("/orgs/acme/settings/teams/{team_id}"),
    ] {
        let page = app.get(&path, Some(&owner)).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        // Answers of the server that carry data (a resource that resolved to nothing, a few
        // bytes of postcard, may well appear twice).
        let values: Vec<&str> = resolved_resources(&page.body)
            .into_iter()
            .filter(|value| value.len() > 16)
            .collect();
        assert!(values.len() >= 2, "{path}: the session and the page's data");
        let distinct: HashSet<&str> = values.iter().copied().collect();
        assert_eq!(
            distinct.len(),
            values.len(),
            "{path}: some data was sent twice (the page was created twice): {values:#?}"
        );
    }
}

/// The values the page carries to the browser for its resources, one per resource (the text
/// inside each string's quotes).
pub(crate) fn resolved_resources(body: &str) -> Vec<&str> {
    body.split("__RESOLVED_RESOURCES[")
        .skip(1)
        .filter_map(|assignment| {
            let (_, value) = assignment.split_once("] = \"")?;
            value.split("\";").next()
        })
        .collect()
}
