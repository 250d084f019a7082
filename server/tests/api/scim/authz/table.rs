//! The table of the authorization test: the organizations and credentials it uses, every SCIM
//! route with a request that would change or read something if it were allowed, and the
//! credentials that must be refused.

use super::super::*;
use crate::authz::fixtures::cookie;
use crate::support::TestApp;
use roster_core::auth::SESSION_COOKIE;
use shared::OrgRole;

/// What a route holds: a resource of the organization, a collection, or the same for everyone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// One User or Group of the organization.
    Resource,
    /// Reads a collection of the organization.
    List,
    /// Creates in the organization.
    Create,
    /// Discovery: the same for every organization.
    Discovery,
}

pub struct Route {
    pub method: Method,
    /// As registered.
    pub pattern: &'static str,
    /// As requested.
    pub path: String,
    pub body: Option<Value>,
    pub kind: Kind,
}

/// Acme (its Owner, a person, a group, a live and a revoked token) and Globex (a token, a person,
/// a group).
pub struct World {
    pub app: TestApp,
    pub acme: Org,
    pub globex: Org,
    pub token: String,
    pub revoked: String,
    pub globex_token: String,
    pub user: i64,
    pub group: String,
    pub owner_session: String,
}

pub async fn world() -> World {
    // Every refused credential below comes from the test's one (unknown) address; the limit on
    // failed tokens per address has its own test.
    let app = TestApp::with_config(|c| c.token_failures_per_client = u32::MAX).await;
    let acme = app.org("Acme").await;
    let globex = app.org("Globex").await;
    let token = token(&app, &acme).await;
    let revoked = token_named(&app, &acme, "Old").await;
    sqlx::query("UPDATE scim_tokens SET revoked_at = 1 WHERE name = 'Old'")
        .execute(&app.db)
        .await
        .unwrap();
    let globex_token = token_named(&app, &globex, "Globex IdP").await;
    let globex_person = app.id_of(&app.person(&globex, OrgRole::Member).await).await;
    create_group(&app, &globex_token, "Globex team", &[globex_person]).await;
    let user = app.id_of(&app.person(&acme, OrgRole::Member).await).await;
    let group = create_group(&app, &token, "Engineering", &[user]).await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let owner = app.id_of(&acme.owner_email).await;
    let owner_session = cookie(&app, owner, acme.id).await;
    World {
        app,
        acme,
        globex,
        token,
        revoked,
        globex_token,
        user,
        group,
        owner_session,
    }
}

pub fn routes(w: &World) -> Vec<Route> {
    let one_user = format!("/Users/{}", w.user);
    let group = format!("/Groups/{}", w.group);
    let search = json!({ "schemas": [SEARCH_REQUEST], "filter": "userName pr" });
    let deactivate = patch(json!([{ "op": "replace", "value": { "active": false } }]));
    let rename = patch(json!([{ "op": "replace", "path": "displayName", "value": "Renamed" }]));
    let new_group = json!({ "schemas": [GROUP], "displayName": "Intruders", "members": [] });
    let same_group = json!({ "schemas": [GROUP], "displayName": "Engineering", "members": [] });
    let route = |method: Method, pattern, path: &str, body: Option<Value>, kind| Route {
        method,
        pattern,
        path: path.to_string(),
        body,
        kind,
    };
    use Kind::*;
    vec![
        route(
            Method::GET,
            "/ServiceProviderConfig",
            "/ServiceProviderConfig",
            None,
            Discovery,
        ),
        route(
            Method::GET,
            "/ResourceTypes",
            "/ResourceTypes",
            None,
            Discovery,
        ),
        route(
            Method::GET,
            "/ResourceTypes/{id}",
            "/ResourceTypes/User",
            None,
            Discovery,
        ),
        route(Method::GET, "/Schemas", "/Schemas", None, Discovery),
        route(
            Method::GET,
            "/Schemas/{id}",
            &format!("/Schemas/{USER}"),
            None,
            Discovery,
        ),
        route(Method::GET, "/Users", "/Users", None, List),
        route(
            Method::POST,
            "/Users",
            "/Users",
            Some(user("new@acme.test", "new@acme.test")),
            Create,
        ),
        route(
            Method::POST,
            "/Users/.search",
            "/Users/.search",
            Some(search.clone()),
            List,
        ),
        route(Method::GET, "/Users/{id}", &one_user, None, Resource),
        route(
            Method::PUT,
            "/Users/{id}",
            &one_user,
            Some(user("taken@acme.test", "taken@acme.test")),
            Resource,
        ),
        route(
            Method::PATCH,
            "/Users/{id}",
            &one_user,
            Some(deactivate),
            Resource,
        ),
        route(Method::DELETE, "/Users/{id}", &one_user, None, Resource),
        route(Method::GET, "/Groups", "/Groups", None, List),
        route(
            Method::POST,
            "/Groups",
            "/Groups",
            Some(new_group.clone()),
            Create,
        ),
        route(
            Method::POST,
            "/Groups/.search",
            "/Groups/.search",
            Some(json!({ "schemas": [SEARCH_REQUEST] })),
            List,
        ),
        route(Method::GET, "/Groups/{id}", &group, None, Resource),
        route(
            Method::PUT,
            "/Groups/{id}",
            &group,
            Some(same_group),
            Resource,
        ),
        route(
            Method::PATCH,
            "/Groups/{id}",
            &group,
            Some(rename),
            Resource,
        ),
        route(Method::DELETE, "/Groups/{id}", &group, None, Resource),
        route(
            Method::POST,
            "/.search",
            "/.search",
            Some(json!({ "schemas": [SEARCH_REQUEST] })),
            List,
        ),
    ]
}

/// The credentials that must be refused with 401, as (label, Authorization, Cookie).
pub fn refused_credentials(w: &World) -> Vec<(&'static str, Option<String>, Option<String>)> {
    let b64 = base64_basic;
    let session_token = w.owner_session.split_once('=').unwrap().1.to_string();
    vec![
        ("no Authorization header", None, None),
        (
            "a revoked token",
            Some(format!("Bearer {}", w.revoked)),
            None,
        ),
        (
            "the Owner's session cookie",
            None,
            Some(w.owner_session.clone()),
        ),
        (
            "the Owner's session as a bearer token",
            Some(format!("Bearer {session_token}")),
            None,
        ),
        (
            "Basic with the Owner's password",
            Some(format!(
                "Basic {}",
                b64(&format!(
                    "{}:{}",
                    w.acme.owner_email,
                    crate::support::PASSWORD
                ))
            )),
            None,
        ),
        (
            "Basic carrying a live token",
            Some(format!("Basic {}", b64(&format!("scim:{}", w.token)))),
            None,
        ),
        ("the token without a scheme", Some(w.token.clone()), None),
        ("an empty bearer token", Some("Bearer ".into()), None),
        (
            "a live token in a cookie",
            None,
            Some(format!("{SESSION_COOKIE}={}", w.token)),
        ),
    ]
}

/// Standard base64 with padding.
fn base64_basic(text: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let bytes = text.as_bytes();
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}
