//! Authorization of every server function, driven by server_fn's own registry: each registered
//! function is called through the real router as anonymous, Member, Billing Admin, Admin, Owner
//! and an Owner of another organization; the outcome must be what `shared::policy::can` says, a
//! refusal must be a JSON `AppError` with 401/403/404, and a refusal must write nothing. The
//! requests per function live in `authz/table.rs` — a function missing there fails the test.
//!
//! Also: ids of another organization are refused as not found, and no answer carries a password
//! or token hash; ids that do not exist (`authz/missing_ids.rs`) and fields smuggled into a
//! request (`authz/smuggled_fields.rs`) are covered beside.

pub(crate) mod fixtures;
mod missing_ids;
mod smuggled_fields;
pub(crate) mod table;
mod world;

use crate::support::{Org, Reply, TestApp};
use axum::http::StatusCode;
use fixtures::{cookie, Fx};
use serde_json::{json, Value};
use shared::{can, AppError, OrgRole};
use std::collections::BTreeMap;
use table::{cases, Body, Case, Missing, Need};
use world::World;

/// Who makes a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Anonymous,
    Role(OrgRole),
    /// The Owner of another organization, sending this organization's ids.
    OtherOrgOwner,
}

const EVERYONE: [Who; 6] = [
    Who::Anonymous,
    Who::Role(OrgRole::Member),
    Who::Role(OrgRole::BillingAdmin),
    Who::Role(OrgRole::Admin),
    Who::Role(OrgRole::Owner),
    Who::OtherOrgOwner,
];

/// What a call must come to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    Allowed,
    Refused(StatusCode),
    /// Refused either by the policy (403) or because the object is not in the organization
    /// (404): which comes first is the function's affair, and neither tells anything away.
    RefusedOrHidden,
    /// 200 with every row of the invitation report in error and nothing sent.
    RowErrors,
}

fn expect(case: &Case, who: Who) -> Expect {
    let role = match who {
        Who::Anonymous => {
            return match case.need {
                Need::Public | Need::SignedOut => Expect::Allowed,
                Need::Nobody => Expect::Refused(StatusCode::FORBIDDEN),
                Need::Act(_) | Need::SignedIn => Expect::Refused(StatusCode::UNAUTHORIZED),
            }
        }
        Who::OtherOrgOwner if case.own_org => return Expect::Refused(StatusCode::NOT_FOUND),
        Who::OtherOrgOwner => match case.ids {
            Some(Missing::NotFound) => return Expect::Refused(StatusCode::NOT_FOUND),
            Some(Missing::RowError) => return Expect::RowErrors,
            Some(Missing::FieldError) => return Expect::Refused(StatusCode::UNPROCESSABLE_ENTITY),
            None => OrgRole::Owner,
        },
        Who::Role(role) => role,
    };
    match case.need {
        Need::Public | Need::SignedIn => Expect::Allowed,
        Need::Nobody | Need::SignedOut => Expect::Refused(StatusCode::FORBIDDEN),
        Need::Act(action) if can(role, action).is_ok() => Expect::Allowed,
        Need::Act(_) => Expect::Refused(StatusCode::FORBIDDEN),
    }
}

/// Row counts of every table, and the newest audit event.
async fn snapshot(app: &TestApp) -> BTreeMap<String, i64> {
    let tables = app.tables(true).await;
    assert!(tables.len() >= 10, "tables: {tables:?}");
    let mut counts = BTreeMap::new();
    for table in tables {
        // The names come from the database's catalogue, not from a request.
        let sql = sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM \"{table}\""));
        let n: i64 = sqlx::query_scalar(sql).fetch_one(&app.db).await.unwrap();
        counts.insert(table, n);
    }
    let newest: Option<i64> = sqlx::query_scalar("SELECT MAX(id) FROM audit_events")
        .fetch_one(&app.db)
        .await
        .unwrap();
    counts.insert("audit_events max(id)".into(), newest.unwrap_or(0));
    counts
}

/// What changed between two snapshots.
fn writes(before: &BTreeMap<String, i64>, after: &BTreeMap<String, i64>) -> Vec<String> {
    after
        .iter()
        .filter(|(k, v)| before.get(*k) != Some(v))
        .map(|(k, v)| format!("{k}: {} → {v}", before.get(k).copied().unwrap_or(0)))
        .collect()
}

async fn send(app: &TestApp, name: &str, body: &Body, cookie: Option<&str>) -> Reply {
    match body {
        Body::Form(pairs) => {
            let pairs: Vec<(&str, &str)> = pairs
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            app.call(name, &pairs, cookie).await
        }
        Body::Json(value) => app.call_json(name, value, cookie).await,
    }
}

/// The names (`/api/<name>`) of every server function the app registers, sorted.
fn registered() -> Vec<String> {
    let mut names: Vec<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| {
            path.strip_prefix("/api/")
                .unwrap_or_else(|| panic!("server function outside /api: {path}"))
                .to_string()
        })
        .collect();
    names.sort();
    names.dedup();
    names
}

/// Calls `name` with `case` as `who`; returns the problems found (empty when all is well).
async fn check(
    world: &World,
    name: &str,
    case: &Case,
    who: Who,
    expected: Expect,
    secrets: &mut Vec<Value>,
) -> Vec<String> {
    let cookie = world.cookie(who).await;
    let case = &if case.own_org {
        world.in_org_of_its_own(case, who).await
    } else {
        case.clone()
    };
    let before = snapshot(&world.app).await;
    let reply = send(&world.app, name, &case.body, cookie.as_deref()).await;
    let after = snapshot(&world.app).await;
    let at = format!("{name} ({}) as {who:?}", case.label);
    let mut problems = Vec::new();
    match expected {
        Expect::Allowed => {
            if reply.status != StatusCode::OK {
                problems.push(format!(
                    "{at}: expected to be allowed, got {}: {}",
                    reply.status, reply.body
                ));
            }
            secrets.push(serde_json::from_str(&reply.body).unwrap_or(Value::Null));
        }
        Expect::Refused(_) | Expect::RefusedOrHidden => {
            let wanted: &[StatusCode] = match &expected {
                Expect::Refused(status) => std::slice::from_ref(status),
                _ => &[StatusCode::FORBIDDEN, StatusCode::NOT_FOUND],
            };
            let status = wanted[0];
            if reply.status.is_success() {
                problems.push(format!(
                    "{at}: UNEXPECTED ALLOW (wanted {status}): {}",
                    reply.body
                ));
            } else if !wanted.contains(&reply.status) {
                problems.push(format!(
                    "{at}: refused with {} instead of {status}: {}",
                    reply.status, reply.body
                ));
            }
            match serde_json::from_str::<AppError>(&reply.body) {
                Ok(error) if error.status_code() == reply.status.as_u16() => {}
                Ok(error) => problems.push(format!("{at}: {error:?} sent with {}", reply.status)),
                Err(e) => problems.push(format!(
                    "{at}: refusal is not an AppError ({e}): {}",
                    reply.body
                )),
            }
            let written = writes(&before, &after);
            if !written.is_empty() {
                problems.push(format!("{at}: a refusal wrote {written:?}"));
            }
        }
        Expect::RowErrors => {
            let report: Value = serde_json::from_str(&reply.body).unwrap_or(Value::Null);
            let rows = report["rows"].as_array().cloned().unwrap_or_default();
            let all_refused = !rows.is_empty() && rows.iter().all(|r| r["error"].is_string());
            if reply.status != StatusCode::OK || report["sent"] != json!(false) || !all_refused {
                problems.push(format!(
                    "{at}: wanted every row refused and nothing sent, got {}: {}",
                    reply.status, reply.body
                ));
            }
            let written = writes(&before, &after);
            if !written.is_empty() {
                problems.push(format!("{at}: a refused invitation wrote {written:?}"));
            }
        }
    }
    problems
}

#[tokio::test]
async fn every_server_function_allows_exactly_what_the_policy_allows_and_refusals_write_nothing() {
    let world = World::new().await;
    let names = registered();
    assert!(names.len() >= 30, "the registry looks empty: {names:?}");

    let fx = Fx::new(&world.app, &world.acme).await;
    let mut missing = Vec::new();
    for name in &names {
        if cases(name, &fx).await.is_none() {
            missing.push(name.clone());
        }
    }
    assert!(
        missing.is_empty(),
        "server functions without an entry in server/tests/api/authz/table.rs: {missing:?} \
         — add their requests and what they need there"
    );

    let (mut problems, mut secrets, mut calls, mut refusals) = (Vec::new(), Vec::new(), 0, 0);
    for name in &names {
        for who in EVERYONE {
            // Fresh fixtures for every caller: an allowed call may delete or change them.
            let fx = Fx::new(&world.app, &world.acme).await;
            for case in cases(name, &fx).await.unwrap() {
                let expected = expect(&case, who);
                refusals += usize::from(expected != Expect::Allowed);
                calls += 1;
                problems.extend(check(&world, name, &case, who, expected, &mut secrets).await);
            }
        }
    }
    println!(
        "{} server functions, {calls} calls, {refusals} expected refusals",
        names.len()
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert_no_secrets(&world.app, &secrets).await;
}

/// `body` about organization `org` (its `org` argument).
fn about(body: &Body, org: i64) -> Body {
    match body {
        Body::Form(pairs) => {
            let mut pairs: Vec<(String, String)> =
                pairs.iter().filter(|(k, _)| k != "org").cloned().collect();
            pairs.push(("org".into(), org.to_string()));
            Body::Form(pairs)
        }
        Body::Json(value) => {
            let mut value = value.clone();
            value["org"] = json!(org);
            Body::Json(value)
        }
    }
}

/// The registry again, for one person who is Owner of Acme, Member of Globex and not in Initech,
/// sending Acme's objects to each: in Acme the policy's answer for an Owner, in Globex its answer
/// for a Member (and then Acme's objects are not found there), in Initech "not found" whatever
/// the function — and a refusal writes nothing.
#[tokio::test]
async fn every_server_function_reads_the_role_of_the_organization_it_names() {
    let world = World::new().await;
    let owner = Who::Role(OrgRole::Owner);
    let acme_owner = world
        .people
        .iter()
        .find(|(r, _)| *r == OrgRole::Owner)
        .unwrap()
        .1;
    sqlx::query("INSERT INTO memberships (org_id, account_id, org_role, joined_at) VALUES ($1, $2, 'member', 0)")
        .bind(world.globex.id)
        .bind(acme_owner)
        .execute(&world.app.db)
        .await
        .unwrap();
    let initech = world.app.org("Initech").await;
    let (mut problems, mut secrets, mut calls) = (Vec::new(), Vec::new(), 0);
    for name in registered() {
        for (org, scope) in [
            (world.acme.id, "Acme"),
            (world.globex.id, "Globex"),
            (initech.id, "Initech"),
        ] {
            let fx = Fx::new(&world.app, &world.acme).await;
            let Some(cases) = cases(&name, &fx).await else {
                continue; // the registry test names it
            };
            for case in cases {
                // Functions that are about no organization, and those tried in one of their own.
                let Need::Act(action) = case.need else {
                    continue;
                };
                if case.own_org {
                    continue;
                }
                let expected = match scope {
                    "Acme" => expect(&case, owner),
                    "Globex" => match (can(OrgRole::Member, action), case.ids) {
                        // Acme's object, refused to a Member: some functions look the object up
                        // first (a person's role now is part of what the policy decides).
                        (Err(_), Some(Missing::NotFound)) => Expect::RefusedOrHidden,
                        (Err(_), _) => Expect::Refused(StatusCode::FORBIDDEN),
                        (Ok(()), Some(Missing::NotFound)) => Expect::Refused(StatusCode::NOT_FOUND),
                        (Ok(()), Some(Missing::RowError)) => Expect::RowErrors,
                        (Ok(()), Some(Missing::FieldError)) => {
                            Expect::Refused(StatusCode::UNPROCESSABLE_ENTITY)
                        }
                        (Ok(()), None) => Expect::Allowed,
                    },
                    _ => Expect::Refused(StatusCode::NOT_FOUND),
                };
                let case = Case {
                    label: case.label,
                    body: about(&case.body, org),
                    ..case
                };
                calls += 1;
                let found = check(&world, &name, &case, owner, expected, &mut secrets).await;
                problems.extend(found.into_iter().map(|p| format!("in {scope}: {p}")));
            }
        }
    }
    assert!(calls >= 90, "only {calls} calls");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Every key of every answer, and the values, must be free of password and token hashes.
async fn assert_no_secrets(app: &TestApp, answers: &[Value]) {
    let mut stored: Vec<String> = Vec::new();
    for sql in [
        "SELECT token_hash FROM sessions",
        "SELECT token_hash FROM invitations",
    ] {
        let hashes: Vec<Vec<u8>> = sqlx::query_scalar(sql).fetch_all(&app.db).await.unwrap();
        stored.extend(
            hashes
                .iter()
                .map(|h| h.iter().map(|b| format!("{b:02x}")).collect()),
        );
    }
    let passwords: Vec<String> = sqlx::query_scalar("SELECT password_hash FROM accounts")
        .fetch_all(&app.db)
        .await
        .unwrap();
    stored.extend(passwords);
    assert!(stored.len() > 10, "no stored secrets to look for");

    fn keys(value: &Value, out: &mut Vec<String>) {
        match value {
            Value::Array(items) => items.iter().for_each(|v| keys(v, out)),
            Value::Object(fields) => {
                for (k, v) in fields {
                    out.push(k.to_lowercase());
                    keys(v, out);
                }
            }
            _ => {}
        }
    }
    for answer in answers {
        let mut found = Vec::new();
        keys(answer, &mut found);
        let text = answer.to_string();
        assert!(
            !found
                .iter()
                .any(|k| k.contains("hash") || k.contains("password") || k.contains("secret")),
            "a key names a secret: {text}"
        );
        assert!(!text.contains("$argon2"), "an argon2 hash: {text}");
        for secret in &stored {
            assert!(!text.contains(secret.as_str()), "a stored hash: {text}");
        }
    }
}
