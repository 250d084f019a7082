//! A real router over a fresh database per test (a SQLite file, or a Postgres database when the
//! tests are sent to a Postgres server), and helpers to call it like a browser does.

#![allow(dead_code)]

pub mod smtp;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use leptos::prelude::LeptosOptions;
use roster_core::config::Config;
use roster_core::state::AppState;
use roster_core::store::{directory, orgs, Db};
use shared::OrgRole;
use std::sync::OnceLock;
use tower::ServiceExt;

pub const PASSWORD: &str = "correct-horse-battery";

/// The argon2 hash of [`PASSWORD`], computed once per test binary.
pub async fn password_hash() -> String {
    static HASH: OnceLock<String> = OnceLock::new();
    if let Some(h) = HASH.get() {
        return h.clone();
    }
    let h = roster_core::auth::password::hash(PASSWORD).await.unwrap();
    HASH.get_or_init(|| h).clone()
}

pub struct TestApp {
    pub router: Router,
    pub db: Db,
    _dir: tempfile::TempDir,
}

pub struct Org {
    pub id: i64,
    pub owner_email: String,
}

impl TestApp {
    /// A server over a new, empty, migrated database file.
    pub async fn new() -> TestApp {
        TestApp::with_config(|_| {}).await
    }

    /// Like [`TestApp::new`], with the configuration changed by `adjust` first.
    pub async fn with_config(adjust: impl FnOnce(&mut Config)) -> TestApp {
        TestApp::build(
            adjust,
            LeptosOptions::builder().output_name("roster").build(),
        )
        .await
    }

    /// Like [`TestApp::new`], serving static files from `site_root`.
    pub async fn with_site_root(site_root: &std::path::Path) -> TestApp {
        let options = LeptosOptions::builder()
            .output_name("roster")
            .site_root(site_root.display().to_string())
            .build();
        TestApp::build(|_| {}, options).await
    }

    /// Like [`TestApp::new`], with these Leptos options.
    pub async fn with_options(options: LeptosOptions) -> TestApp {
        TestApp::build(|_| {}, options).await
    }

    /// Like [`TestApp::new`], counting requests in `metrics`.
    pub async fn with_metrics(metrics: server::observe::Metrics) -> TestApp {
        TestApp::build_with(
            |_| {},
            LeptosOptions::builder().output_name("roster").build(),
            Some(metrics),
        )
        .await
    }

    async fn build(adjust: impl FnOnce(&mut Config), options: LeptosOptions) -> TestApp {
        TestApp::build_with(adjust, options, None).await
    }

    async fn build_with(
        adjust: impl FnOnce(&mut Config),
        options: LeptosOptions,
        metrics: Option<server::observe::Metrics>,
    ) -> TestApp {
        let dir = tempfile::tempdir().unwrap();
        let database_url = match roster_core::store::scratch::postgres_server() {
            Some(server) => roster_core::store::scratch::fresh_postgres(&server)
                .await
                .unwrap(),
            None => format!("sqlite://{}/roster.db", dir.path().display()),
        };
        let mut config = Config {
            database_url,
            ..Config::default()
        };
        adjust(&mut config);
        let db = server::open_database(&config).await.unwrap();
        let router = server::router_with(AppState::new(db.clone(), config), options, metrics);
        TestApp {
            router,
            db,
            _dir: dir,
        }
    }

    /// The names of the database's tables: every one (`all`), or the application's only (not
    /// sqlx's record of migrations, nor the tables behind the search indexes).
    pub async fn tables(&self, all: bool) -> Vec<String> {
        let sql = match (roster_core::store::Backend::of(&self.db), all) {
            (roster_core::store::Backend::Sqlite, true) => {
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            }
            (roster_core::store::Backend::Sqlite, false) => {
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
                   AND name NOT LIKE '\\_%' ESCAPE '\\' AND name NOT LIKE 'account_search%'
                   AND name NOT LIKE 'team_search%' AND name NOT LIKE 'project_search%'"
            }
            (roster_core::store::Backend::Postgres, true) => {
                "SELECT CAST(tablename AS TEXT) FROM pg_tables WHERE schemaname = 'public'"
            }
            (roster_core::store::Backend::Postgres, false) => {
                "SELECT CAST(tablename AS TEXT) FROM pg_tables WHERE schemaname = 'public'
                   AND tablename NOT LIKE '\\_%' ESCAPE '\\' AND tablename <> 'member_search'"
            }
        };
        sqlx::query_scalar(sql).fetch_all(&self.db).await.unwrap()
    }

    /// Creates an organization whose Owner is `owner-<org>@<org>.test`.
    pub async fn org(&self, name: &str) -> Org {
        let owner_email = format!("owner@{}.test", name.to_lowercase());
        let created = orgs::create_with_owner(
            &self.db,
            orgs::Origin::Operator,
            name,
            "Owner",
            &owner_email,
            &password_hash().await,
        )
        .await
        .unwrap();
        Org {
            id: created.org_id,
            owner_email,
        }
    }

    /// Adds a person with `role` to `org` and returns their email.
    pub async fn person(&self, org: &Org, role: OrgRole) -> String {
        let email = format!("{}-{}@people.test", role.as_str(), rand_suffix());
        directory::add_person(
            &self.db,
            org.id,
            "Someone",
            &email,
            &password_hash().await,
            role,
        )
        .await
        .unwrap();
        email
    }

    /// Sends a request and returns the status, the headers and the body as text.
    pub async fn send(&self, request: Request<Body>) -> Reply {
        let (status, headers, bytes) = self.send_for_bytes(request).await;
        Reply {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    /// Sends a request and returns the status, the headers and the body as it came.
    pub async fn send_for_bytes(
        &self,
        request: Request<Body>,
    ) -> (StatusCode, axum::http::HeaderMap, axum::body::Bytes) {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        (status, headers, bytes)
    }

    /// Calls the server function at `/api/<name>` with a form body, as `cookie` (if any).
    pub async fn call(&self, name: &str, form: &[(&str, &str)], cookie: Option<&str>) -> Reply {
        let body = form
            .iter()
            .map(|(k, v)| format!("{}={}", urlencode(k), urlencode(v)))
            .collect::<Vec<_>>()
            .join("&");
        let mut request = Request::post(format!("/api/{name}"))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "application/json");
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        self.send(request.body(Body::from(body)).unwrap()).await
    }

    /// Calls the server function at `/api/<name>` with a JSON body, as `cookie` (if any).
    pub async fn call_json(
        &self,
        name: &str,
        body: impl std::borrow::Borrow<serde_json::Value>,
        cookie: Option<&str>,
    ) -> Reply {
        let mut request = Request::post(format!("/api/{name}"))
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::ACCEPT, "application/json");
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        self.send(request.body(Body::from(body.borrow().to_string())).unwrap())
            .await
    }

    /// Creates a project named `name` as `cookie` and returns its id.
    pub async fn project(&self, cookie: &str, name: &str) -> i64 {
        let reply = self
            .call("create_project", &[("name", name)], Some(cookie))
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        reply.json()["id"].as_i64().unwrap()
    }

    /// The account id of the person with this email.
    pub async fn id_of(&self, email: &str) -> i64 {
        sqlx::query_scalar("SELECT id FROM accounts WHERE email = $1")
            .bind(email)
            .fetch_one(&self.db)
            .await
            .unwrap()
    }

    /// Signs in through the server function and returns the session cookie (`name=value`).
    pub async fn sign_in(&self, email: &str) -> String {
        let reply = self
            .call("sign_in", &[("email", email), ("password", PASSWORD)], None)
            .await;
        assert_eq!(
            reply.status,
            StatusCode::OK,
            "sign in as {email}: {}",
            reply.body
        );
        reply.session_cookie().expect("a session cookie")
    }

    /// A GET of a page, as `cookie` (if any).
    pub async fn get(&self, path: &str, cookie: Option<&str>) -> Reply {
        let mut request = Request::get(path);
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        self.send(request.body(Body::empty()).unwrap()).await
    }

    pub async fn count(&self, sql: &'static str) -> i64 {
        sqlx::query_scalar(sql).fetch_one(&self.db).await.unwrap()
    }
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    /// The `roster_session=…` pair set by this reply, if any (an emptied cookie counts as none).
    pub fn session_cookie(&self) -> Option<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .filter_map(|v| v.split(';').next())
            .find(|pair| pair.starts_with("roster_session=") && *pair != "roster_session=")
            .map(str::to_string)
    }

    pub fn location(&self) -> Option<&str> {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
    }
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            b' ' => "+".to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn rand_suffix() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed).to_string()
}
