//! Authorization of every SCIM route, driven by the router's own route list: the routes and
//! methods registered in `server/src/scim/mod.rs` are read from its source, and a route missing
//! from the table here fails the test. Each is called with no credentials, a revoked token, Basic
//! credentials, the Owner's session (as a cookie, and as a bearer token), and another
//! organization's token: refused with 401 and a SCIM error body (another organization's token: 404
//! for a resource, only its own organization's data for a collection), and a refusal writes
//! nothing.

mod table;

use super::*;
use crate::support::TestApp;
use table::{refused_credentials, routes, world, Kind, Route, World};

/// The (method, path) pairs the SCIM router registers, paths as written there (`/Users/{id}`).
fn registered() -> BTreeSet<(String, String)> {
    let source = include_str!("../../../src/scim/mod.rs");
    let mut routes = BTreeSet::new();
    for chunk in source.split(".route(").skip(1) {
        let chunk = chunk.split(".fallback(").next().unwrap();
        let path = chunk.split('"').nth(1).expect("a route's path");
        let handlers = &chunk[chunk.find(',').unwrap()..];
        for method in ["get", "post", "put", "patch", "delete"] {
            let starts_a_word = |at: usize| {
                at == 0 || {
                    let before = handlers.as_bytes()[at - 1];
                    !(before.is_ascii_alphanumeric() || before == b'_')
                }
            };
            let called = handlers
                .match_indices(&format!("{method}("))
                .any(|(at, _)| starts_a_word(at));
            if called {
                routes.insert((method.to_uppercase(), path.to_string()));
            }
        }
    }
    routes
}

/// Row counts of the tables a SCIM request writes, for the whole database and for Acme alone.
async fn snapshot(app: &TestApp, acme: &Org) -> BTreeMap<String, i64> {
    let mut all: BTreeMap<String, i64> = counts(app)
        .await
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    for (name, sql) in [
        ("acme memberships", "SELECT COUNT(*) FROM memberships WHERE org_id = $1"),
        ("acme teams", "SELECT COUNT(*) FROM teams WHERE org_id = $1"),
        ("acme team names", "SELECT COUNT(*) FROM teams WHERE org_id = $1 AND name = 'Engineering'"),
        (
            "acme team_members",
            "SELECT COUNT(*) FROM team_members WHERE team_id IN (SELECT id FROM teams WHERE org_id = $1)",
        ),
        ("acme audit_events", "SELECT COUNT(*) FROM audit_events WHERE org_id = $1"),
        ("acme deactivated", "SELECT COUNT(*) FROM memberships WHERE org_id = $1 AND deactivated_at IS NOT NULL"),
    ] {
        let n: i64 = sqlx::query_scalar(sql).bind(acme.id).fetch_one(&app.db).await.unwrap();
        all.insert(name.to_string(), n);
    }
    all
}

fn changed(before: &BTreeMap<String, i64>, after: &BTreeMap<String, i64>) -> Vec<String> {
    after
        .iter()
        .filter(|(k, v)| before.get(*k) != Some(v))
        .map(|(k, v)| format!("{k}: {} → {v}", before[k]))
        .collect()
}

async fn call(
    w: &World,
    route: &Route,
    authorization: Option<&str>,
    cookie: Option<&str>,
) -> Reply {
    let cookie = cookie.map(|c| (header::COOKIE, c));
    let extra: Vec<_> = cookie.into_iter().collect();
    send(
        &w.app,
        route.method.clone(),
        &route.path,
        authorization,
        &extra,
        route.body.as_ref(),
    )
    .await
}

#[tokio::test]
async fn every_scim_route_is_in_the_table() {
    let w = world().await;
    let table: BTreeSet<(String, String)> = routes(&w)
        .iter()
        .map(|r| (r.method.to_string(), r.pattern.to_string()))
        .collect();
    let registered = registered();
    assert!(
        registered.len() >= 15,
        "the route list looks wrong: {registered:?}"
    );
    let missing: Vec<_> = registered.difference(&table).collect();
    assert!(
        missing.is_empty(),
        "SCIM routes without a row in scim/authz/table.rs: {missing:?}"
    );
    let stale: Vec<_> = table.difference(&registered).collect();
    assert!(
        stale.is_empty(),
        "rows for routes the router does not have: {stale:?}"
    );
}

#[tokio::test]
async fn every_scim_route_refuses_anything_but_a_live_token_and_writes_nothing() {
    let w = world().await;
    let mut problems = Vec::new();
    let mut calls = 0;
    for route in routes(&w) {
        for (label, authorization, cookie) in refused_credentials(&w) {
            calls += 1;
            let at = format!("{} {} with {label}", route.method, route.path);
            let before = snapshot(&w.app, &w.acme).await;
            let reply = call(&w, &route, authorization.as_deref(), cookie.as_deref()).await;
            let after = snapshot(&w.app, &w.acme).await;
            if let Err(problem) = refusal(&reply, StatusCode::UNAUTHORIZED) {
                problems.push(format!("{at}: {problem}"));
            }
            let challenge = reply
                .headers
                .get(header::WWW_AUTHENTICATE)
                .and_then(|v| v.to_str().ok());
            if !challenge.is_some_and(|c| c.starts_with("Bearer")) {
                problems.push(format!("{at}: no Bearer challenge ({challenge:?})"));
            }
            let written = changed(&before, &after);
            if !written.is_empty() {
                problems.push(format!("{at}: a refusal wrote {written:?}"));
            }
        }
    }
    assert!(calls >= 150, "{calls} calls");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Whether `reply` is a SCIM error with `status`.
fn refusal(reply: &Reply, status: StatusCode) -> Result<(), String> {
    if reply.status != status {
        return Err(format!(
            "{} instead of {status}: {}",
            reply.status, reply.body
        ));
    }
    if !content_type(reply).starts_with(SCIM_JSON) {
        return Err(format!("sent as {:?}", content_type(reply)));
    }
    let body: Value =
        serde_json::from_str(&reply.body).map_err(|e| format!("not JSON ({e}): {}", reply.body))?;
    if body["schemas"] != json!([ERROR])
        || body["status"] != json!(status.as_u16().to_string())
        || !body["detail"].is_string()
    {
        return Err(format!("not a SCIM error body: {body}"));
    }
    Ok(())
}

#[tokio::test]
async fn another_organizations_token_finds_no_resource_and_lists_only_its_own() {
    let w = world().await;
    let bearer = format!("Bearer {}", w.globex_token);
    let mut problems = Vec::new();
    for route in routes(&w) {
        let at = format!("{} {}", route.method, route.path);
        let globex_people: BTreeSet<String> =
            sqlx::query_scalar::<_, i64>("SELECT account_id FROM memberships WHERE org_id = $1")
                .bind(w.globex.id)
                .fetch_all(&w.app.db)
                .await
                .unwrap()
                .into_iter()
                .map(|id| id.to_string())
                .collect();
        let globex_teams: BTreeSet<String> =
            sqlx::query_scalar::<_, i64>("SELECT id FROM teams WHERE org_id = $1")
                .bind(w.globex.id)
                .fetch_all(&w.app.db)
                .await
                .unwrap()
                .into_iter()
                .map(|id| format!("team-{id}"))
                .collect();
        let before = snapshot(&w.app, &w.acme).await;
        let reply = call(&w, &route, Some(&bearer), None).await;
        let after = snapshot(&w.app, &w.acme).await;
        let acme_written: Vec<String> = changed(&before, &after)
            .into_iter()
            .filter(|c| c.starts_with("acme"))
            .collect();
        if !acme_written.is_empty() {
            problems.push(format!("{at}: Acme's rows changed: {acme_written:?}"));
        }
        let body: Value = serde_json::from_str(&reply.body).unwrap_or(Value::Null);
        match route.kind {
            Kind::Resource => {
                if let Err(problem) = refusal(&reply, StatusCode::NOT_FOUND) {
                    problems.push(format!("{at}: {problem}"));
                }
                if before != after {
                    problems.push(format!(
                        "{at}: a refusal wrote {:?}",
                        changed(&before, &after)
                    ));
                }
            }
            Kind::List => {
                let found: BTreeSet<String> = body["Resources"]
                    .as_array()
                    .map(|r| ids(r))
                    .unwrap_or_default();
                let expected: BTreeSet<String> = if route.path.starts_with("/Users") {
                    globex_people
                } else if route.path.starts_with("/Groups") {
                    globex_teams
                } else {
                    globex_people.union(&globex_teams).cloned().collect()
                };
                if reply.status != StatusCode::OK || found != expected {
                    problems.push(format!(
                        "{at}: wanted exactly Globex's {expected:?}, got {} {}",
                        reply.status, reply.body
                    ));
                }
                if before != after {
                    problems.push(format!("{at}: a read wrote {:?}", changed(&before, &after)));
                }
            }
            Kind::Create => {
                let created = body["id"].as_str().unwrap_or_default().to_string();
                let in_globex: i64 = if let Some(team) = created.strip_prefix("team-") {
                    sqlx::query_scalar("SELECT COUNT(*) FROM teams WHERE id = $1 AND org_id = $2")
                        .bind(team.parse::<i64>().unwrap_or(-1))
                        .bind(w.globex.id)
                        .fetch_one(&w.app.db)
                        .await
                        .unwrap()
                } else {
                    sqlx::query_scalar(
                        "SELECT COUNT(*) FROM memberships WHERE account_id = $1 AND org_id = $2",
                    )
                    .bind(created.parse::<i64>().unwrap_or(-1))
                    .bind(w.globex.id)
                    .fetch_one(&w.app.db)
                    .await
                    .unwrap()
                };
                if reply.status != StatusCode::CREATED || in_globex != 1 {
                    problems.push(format!(
                        "{at}: not made in Globex: {} {}",
                        reply.status, reply.body
                    ));
                }
            }
            Kind::Discovery => {
                let own = call(&w, &route, Some(&format!("Bearer {}", w.token)), None).await;
                if reply.status != StatusCode::OK || reply.body != own.body {
                    problems.push(format!("{at}: {} {}", reply.status, reply.body));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[tokio::test]
async fn a_live_token_reaches_every_route() {
    let w = world().await;
    let bearer = format!("Bearer {}", w.token);
    for route in routes(&w) {
        let reply = call(&w, &route, Some(&bearer), None).await;
        assert!(
            reply.status.is_success(),
            "{} {}: {} {}",
            route.method,
            route.path,
            reply.status,
            reply.body
        );
    }
}
