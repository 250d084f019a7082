//! Bad input is the sender's mistake: wrong types, unknown values, numbers out of range,
//! truncated or non-UTF-8 bodies, NUL bytes in a search — each answered 4xx with a plain message
//! that names no internal type, never 500. Then the same as a property: arbitrary bodies and
//! query strings, sent as an Owner to every server function in server_fn's registry (valid
//! requests from the authorization table with one value replaced, truncated, or noise) and to
//! both exports, never get a 500.

use crate::authz::fixtures::{cookie, Fx};
use crate::authz::table::{cases, Body};
use crate::support::{Reply, TestApp};
use axum::body::Body as HttpBody;
use axum::http::{header, Method, Request, StatusCode};
use proptest::prelude::*;
use proptest::test_runner::{Config as ProptestConfig, TestCaseError, TestRunner};
use serde_json::{json, Value};
use shared::AppError;

/// Words of serde, server_fn and Rust that must never reach a client.
const INTERNALS: [&str; 8] = [
    "struct ",
    "invalid type",
    "unknown variant",
    "at line ",
    "deserializ",
    "invalid digit",
    "server_fn",
    "#[server]",
];

fn leaks_internals(body: &str) -> Option<&'static str> {
    INTERNALS.into_iter().find(|word| body.contains(word))
}

async fn raw(
    app: &TestApp,
    method: Method,
    uri: &str,
    kind: &str,
    body: Vec<u8>,
    cookie: &str,
) -> Reply {
    let request = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::CONTENT_TYPE, kind)
        .header(header::ACCEPT, "application/json")
        .header(header::COOKIE, cookie)
        .body(HttpBody::from(body))
        .unwrap();
    app.send(request).await
}

/// A plain refusal of bad input: 400 or 422, a JSON `AppError` with a message about the request.
fn assert_refused_plainly(reply: &Reply, what: &str) {
    assert!(
        reply.status == StatusCode::UNPROCESSABLE_ENTITY || reply.status == StatusCode::BAD_REQUEST,
        "{what}: {} {}",
        reply.status,
        reply.body
    );
    let error: AppError = serde_json::from_str(&reply.body)
        .unwrap_or_else(|e| panic!("{what}: not an AppError ({e}): {}", reply.body));
    assert_eq!(error.status_code(), reply.status.as_u16(), "{what}");
    assert_eq!(leaks_internals(&reply.body), None, "{what}: {}", reply.body);
}

#[tokio::test]
async fn malformed_requests_are_refused_with_a_plain_message_never_500() {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let owner = app.sign_in(&org.owner_email).await;
    let member = app
        .id_of(&app.person(&org, shared::OrgRole::Member).await)
        .await;
    let form = "application/x-www-form-urlencoded";
    let json_kind = "application/json";
    let post = |path: &str| format!("/api/{path}");
    let cases: Vec<(&str, String, &str, Vec<u8>)> = vec![
        (
            "a word for an id",
            post("change_role"),
            form,
            b"account_id=abc&role=member".to_vec(),
        ),
        (
            "an id beyond 64 bits",
            post("change_role"),
            form,
            b"account_id=99999999999999999999999&role=member".to_vec(),
        ),
        (
            "a role in the wrong case",
            post("change_role"),
            form,
            format!("account_id={member}&role=Owner").into_bytes(),
        ),
        (
            "a missing argument",
            post("change_role"),
            form,
            b"role=member".to_vec(),
        ),
        (
            "a list for a query",
            post("audit_log"),
            json_kind,
            b"[]".to_vec(),
        ),
        (
            "truncated JSON",
            post("audit_log"),
            json_kind,
            br#"{"query": {"person": nu"#.to_vec(),
        ),
        (
            "a negative page",
            post("list_people"),
            json_kind,
            json!({ "query": {
            "search": "", "role": null, "team_id": null, "project_id": null,
            "sort": "name", "descending": false, "page": -1 }})
            .to_string()
            .into_bytes(),
        ),
        (
            "invalid UTF-8 as JSON",
            post("audit_log"),
            json_kind,
            b"{\"query\": \"\xff\xfe\"}".to_vec(),
        ),
        (
            "invalid UTF-8 in a form",
            post("create_project"),
            form,
            b"name=\xff\xfe\xfd".to_vec(),
        ),
    ];
    for (what, uri, kind, body) in cases {
        let reply = raw(&app, Method::POST, &uri, kind, body, &owner).await;
        assert_refused_plainly(&reply, what);
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM projects").await, 0);

    // A NUL byte in a search is just a search that matches no one.
    let searched = app
        .call("search_people", &[("query", "\0abc")], Some(&owner))
        .await;
    assert_eq!(searched.status, StatusCode::OK, "{}", searched.body);
    assert_eq!(searched.json(), json!([]));
    let listed = app
        .call_json(
            "list_people",
            json!({ "query": { "search": "\u{0}abc", "role": null, "team_id": null,
                "project_id": null, "sort": "name", "descending": false, "page": 1 }}),
            Some(&owner),
        )
        .await;
    assert_eq!(listed.status, StatusCode::OK, "{}", listed.body);
    assert_eq!(listed.json()["rows"], json!([]));
    let exported = app.get("/export/people.csv?q=%00abc", Some(&owner)).await;
    assert_eq!(exported.status, StatusCode::OK, "{}", exported.body);
    assert_eq!(exported.body.lines().count(), 1, "the header line only");

    // An address under /api/ that is no server function, or the wrong method for one.
    for (method, uri) in [
        (Method::POST, "/api/no_such_action"),
        (Method::GET, "/api/list_projects"),
    ] {
        let reply = raw(&app, method, uri, form, Vec::new(), &owner).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{uri}: {}", reply.body);
        assert_eq!(reply.json(), json!({ "NotFound": "This action" }));
    }
}

/// Everything the property test can send to.
struct Target {
    /// `/api/<name>` or an export's path.
    path: String,
    /// A valid request, for server functions.
    template: Option<Body>,
}

/// What to send.
#[derive(Debug, Clone)]
enum Mutation {
    /// A valid request with the value at `at` (modulo the number of values) replaced.
    Replace { at: usize, with: Value },
    /// A valid request cut after `at` bytes (modulo its length).
    Truncate { at: usize },
    /// Arbitrary bytes, declared as a form or as JSON.
    Noise { json: bool, bytes: Vec<u8> },
    /// An arbitrary JSON document.
    Document(Value),
    /// A query string, on a GET (and on a POST with an empty form).
    Query(String),
}

fn arbitrary_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| json!(f)),
        Just(json!(-1)),
        Just(json!(0)),
        Just(json!(u64::MAX)),
        Just(json!(1e300)),
        ".{0,40}".prop_map(Value::from),
        prop_oneof![
            Just("Owner"),
            Just("owner"),
            Just("admin"),
            Just("billing_admin"),
            Just("member"),
            Just("analyst"),
            Just("\u{0}abc"),
            Just(""),
            Just("-1"),
            Just("99999999999999999999999"),
            Just("a;b;;c"),
            Just("\"quoted\""),
            Just("email,org_role\nx@y.z,owner")
        ]
        .prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,12}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn arbitrary_query() -> impl Strategy<Value = String> {
    let key = prop_oneof![
        Just("q".to_string()),
        Just("role".to_string()),
        Just("team".to_string()),
        Just("project".to_string()),
        Just("sort".to_string()),
        Just("desc".to_string()),
        Just("page".to_string()),
        Just("person".to_string()),
        Just("kind".to_string()),
        Just("before".to_string()),
        Just("after".to_string()),
        "[a-z_%\\[\\]]{0,8}",
    ];
    let value = prop_oneof![
        "[ -~]{0,20}",
        Just("%00abc".to_string()),
        Just("-1".to_string()),
        Just("99999999999999999999999".to_string()),
        Just("%FF%FE".to_string()),
        Just("Owner".to_string()),
        "[0-9]{1,25}",
    ];
    prop::collection::vec((key, value), 0..6).prop_map(|pairs| {
        pairs
            .into_iter()
            .map(|(k, v)| format!("{}={}", uri_safe(&k), uri_safe(&v)))
            .collect::<Vec<_>>()
            .join("&")
    })
}

/// `text` with every character an address cannot carry percent-encoded; `%` stays, so that
/// encoded bytes (`%00`, `%FF`) in the text reach the server as such.
fn uri_safe(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'%' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        4 => (any::<usize>(), arbitrary_json()).prop_map(|(at, with)| Mutation::Replace { at, with }),
        1 => any::<usize>().prop_map(|at| Mutation::Truncate { at }),
        1 => (any::<bool>(), prop::collection::vec(any::<u8>(), 0..200))
            .prop_map(|(json, bytes)| Mutation::Noise { json, bytes }),
        1 => arbitrary_json().prop_map(Mutation::Document),
        2 => arbitrary_query().prop_map(Mutation::Query),
    ]
}

/// The value as a form field: strings as they are, anything else as its JSON text.
fn form_value(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Replaces the `at`-th leaf (modulo their number) of `value` with `with`.
fn replace_leaf(value: &mut Value, at: usize, with: &Value) {
    fn count(value: &Value) -> usize {
        match value {
            Value::Array(items) if !items.is_empty() => items.iter().map(count).sum(),
            Value::Object(fields) if !fields.is_empty() => fields.values().map(count).sum(),
            _ => 1,
        }
    }
    fn replace(value: &mut Value, n: &mut usize, with: &Value) -> bool {
        match value {
            Value::Array(items) if !items.is_empty() => {
                items.iter_mut().any(|v| replace(v, n, with))
            }
            Value::Object(fields) if !fields.is_empty() => {
                fields.values_mut().any(|v| replace(v, n, with))
            }
            leaf if *n == 0 => {
                *leaf = with.clone();
                true
            }
            _ => {
                *n -= 1;
                false
            }
        }
    }
    let mut n = at % count(value);
    replace(value, &mut n, with);
}

fn encode_form(pairs: &[(String, String)]) -> Vec<u8> {
    let encode = |s: &str| -> String {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect()
    };
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
        .into_bytes()
}

/// The request a mutation makes of `target`: method, address, content type, body.
fn request_for(target: &Target, mutation: &Mutation) -> (Method, String, &'static str, Vec<u8>) {
    const FORM: &str = "application/x-www-form-urlencoded";
    const JSON: &str = "application/json";
    let export = target.template.is_none();
    match (mutation, &target.template) {
        (Mutation::Query(query), _) if export => (
            Method::GET,
            format!("{}?{query}", target.path),
            FORM,
            Vec::new(),
        ),
        (_, None) => (Method::GET, target.path.clone(), FORM, Vec::new()),
        (Mutation::Query(query), Some(_)) => (
            Method::POST,
            format!("{}?{query}", target.path),
            FORM,
            query.clone().into_bytes(),
        ),
        (Mutation::Replace { at, with }, Some(Body::Form(pairs))) => {
            let mut pairs = pairs.clone();
            if pairs.is_empty() {
                pairs.push(("x".into(), form_value(with)));
            } else {
                let i = at % pairs.len();
                pairs[i].1 = form_value(with);
            }
            (Method::POST, target.path.clone(), FORM, encode_form(&pairs))
        }
        (Mutation::Replace { at, with }, Some(Body::Json(value))) => {
            let mut value = value.clone();
            replace_leaf(&mut value, *at, with);
            (
                Method::POST,
                target.path.clone(),
                JSON,
                value.to_string().into_bytes(),
            )
        }
        (Mutation::Truncate { at }, Some(body)) => {
            let (kind, bytes) = match body {
                Body::Form(pairs) => (FORM, encode_form(pairs)),
                Body::Json(value) => (JSON, value.to_string().into_bytes()),
            };
            let cut = if bytes.is_empty() {
                0
            } else {
                at % bytes.len()
            };
            (
                Method::POST,
                target.path.clone(),
                kind,
                bytes[..cut].to_vec(),
            )
        }
        (Mutation::Noise { json, bytes }, Some(_)) => (
            Method::POST,
            target.path.clone(),
            if *json { JSON } else { FORM },
            bytes.clone(),
        ),
        (Mutation::Document(value), Some(_)) => (
            Method::POST,
            target.path.clone(),
            JSON,
            value.to_string().into_bytes(),
        ),
    }
}

/// A fresh organization, its Owner, and the targets with valid requests made from its fixtures.
async fn world() -> (TestApp, crate::support::Org, i64, Vec<Target>) {
    let app = TestApp::new().await;
    let org = app.org("Acme").await;
    let owner_id = app.id_of(&org.owner_email).await;
    let fx = Fx::new(&app, &org).await;
    let mut names: Vec<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.trim_start_matches("/api/").to_string())
        .collect();
    names.sort();
    names.dedup();
    let mut targets = Vec::new();
    for name in names {
        let template = cases(&name, &fx)
            .await
            .and_then(|cases| cases.into_iter().next())
            .map(|case| case.body)
            .unwrap_or(Body::Form(Vec::new()));
        targets.push(Target {
            path: format!("/api/{name}"),
            template: Some(template),
        });
    }
    for export in ["/export/people.csv", "/export/audit.csv"] {
        targets.push(Target {
            path: export.to_string(),
            template: None,
        });
    }
    drop(fx);
    (app, org, owner_id, targets)
}

#[test]
fn arbitrary_requests_to_every_server_function_and_export_never_get_a_500() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let cases: u32 = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1500);
    // Rounds of 300 on a fresh organization each: an arbitrary request may well remove or demote
    // the Owner who sends them (another Owner exists among the fixtures).
    const ROUND: u32 = 300;
    let statuses = std::sync::Mutex::new(std::collections::BTreeMap::<u16, usize>::new());
    let mut count = 0;
    for round in 0..cases.div_ceil(ROUND) {
        let (app, org, owner_id, targets) = runtime.block_on(world());
        count = targets.len();
        assert!(count >= 30, "the registry looks empty");
        let mut runner = TestRunner::new(ProptestConfig {
            cases: ROUND.min(cases - round * ROUND),
            failure_persistence: None,
            ..ProptestConfig::default()
        });
        let outcome = runner.run(&(0..count, mutation()), |(index, mutation)| {
            let target = &targets[index];
            let (method, uri, kind, body) = request_for(target, &mutation);
            let reply = runtime.block_on(async {
                // A fresh session each time: a call may end it (sign-out, sign-in, a link).
                let session = cookie(&app, owner_id, org.id).await;
                raw(&app, method.clone(), &uri, kind, body.clone(), &session).await
            });
            *statuses
                .lock()
                .unwrap()
                .entry(reply.status.as_u16())
                .or_default() += 1;
            let shown = String::from_utf8_lossy(&body[..body.len().min(300)]).into_owned();
            if reply.status.is_server_error() {
                return Err(TestCaseError::fail(format!(
                    "{method} {uri} ({kind}) {shown:?} → {}: {}",
                    reply.status, reply.body
                )));
            }
            if reply.status.is_client_error() {
                if let Some(word) = leaks_internals(&reply.body) {
                    return Err(TestCaseError::fail(format!(
                        "{method} {uri} {shown:?} → {} names {word:?}: {}",
                        reply.status, reply.body
                    )));
                }
            }
            Ok(())
        });
        if let Err(failure) = outcome {
            panic!("{failure}");
        }
    }
    println!(
        "{cases} arbitrary requests to {count} targets, answers by status: {:?}",
        statuses.lock().unwrap()
    );
}
