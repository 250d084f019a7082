//! Invitations through the real router: the three tabs of the Invite Users modal for every role,
//! the ceilings, the duplicate rules, the lifecycle (resend, revoke, copy link). Who may invite
//! whom is in `rights`, the rows' errors and spellings in `rows`, the pending list in `listing`;
//! bulk files are in `bulk`, accepting, closed links and the mail path in `links`.

use crate::support::{smtp, Reply, TestApp, PASSWORD};
use axum::http::StatusCode;
use serde_json::{json, Value};
use shared::OrgRole;

/// A team of `org_id`, written straight into the database (teams are created elsewhere).
async fn team(app: &TestApp, org_id: i64, name: &str) -> i64 {
    sqlx::query_scalar(
        "INSERT INTO teams (org_id, name, created_at) VALUES ($1, $2, 0) RETURNING id",
    )
    .bind(org_id)
    .bind(name)
    .fetch_one(&app.db)
    .await
    .unwrap()
}

fn request(
    emails: &[&str],
    role: &str,
    projects: &[i64],
    project_role: Option<&str>,
    teams: &[i64],
) -> Value {
    json!({ "request": {
        "emails": emails, "org_role": role, "project_ids": projects,
        "project_role": project_role, "team_ids": teams,
    }})
}

async fn invite(app: &TestApp, cookie: Option<&str>, body: Value) -> Reply {
    app.call_json("invite_users", body, cookie).await
}

/// Invites `email` as a Member with Consumer on a project of its own (an invitation gives access
/// to at least one project or team).
async fn invite_one(app: &TestApp, cookie: &str, email: &str) -> Reply {
    let project = app.project(cookie, &format!("Project for {email}")).await;
    let reply = invite(
        app,
        Some(cookie),
        request(&[email], "member", &[project], Some("consumer"), &[]),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.json()["sent"], true, "{}", reply.body);
    reply
}

async fn pending(app: &TestApp) -> i64 {
    app.count("SELECT COUNT(*) FROM invitations WHERE status = 'pending'")
        .await
}

async fn invitation_id(app: &TestApp, email: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM invitations WHERE email = $1 ORDER BY id DESC LIMIT 1")
        .bind(email)
        .fetch_one(&app.db)
        .await
        .unwrap()
}

/// A fresh link for the invitation of `email` (through Copy link), and its token.
async fn token_for(app: &TestApp, cookie: &str, email: &str) -> String {
    let id = invitation_id(app, email).await.to_string();
    let reply = app
        .call("invitation_link", &[("id", &id)], Some(cookie))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let link = reply.json().as_str().unwrap().to_string();
    link.rsplit_once("/invite/").unwrap().1.to_string()
}

async fn landing(app: &TestApp, token: &str) -> Value {
    let reply = app.call("get_invitation", &[("token", token)], None).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.json()
}

async fn accept(app: &TestApp, token: &str, name: Option<&str>, password: &str) -> Reply {
    let mut form = vec![("token", token), ("password", password)];
    if let Some(name) = name {
        form.push(("name", name));
    }
    app.call("accept_invitation", &form, None).await
}

fn row_errors(reply: &Reply) -> Vec<Option<String>> {
    reply.json()["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["error"].as_str().map(str::to_string))
        .collect()
}

mod bulk;
mod landing;
mod links;
mod listing;
mod mail;
mod rights;
mod rows;
