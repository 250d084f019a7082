//! Fresh things to act on, made directly through the store as the organization's Owner, and the
//! sessions of the actors. Every id a fixture makes is remembered, so that a request can be
//! rewritten to carry ids that do not exist.

use crate::support::{Org, TestApp};
use roster_core::actor::{Actor, Permit, ScimClient};
use roster_core::store::{
    directory, invitation_links, members, projects, provisioning, scim_groups, scim_users,
    sessions, teams,
};
use shared::{Action, OrgRole, ProjectRole};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

static NEXT: AtomicU64 = AtomicU64::new(1);

fn next() -> u64 {
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// A session cookie for `account_id` in `org_id`, made without the password round.
pub async fn cookie(app: &TestApp, account_id: i64, org_id: i64) -> String {
    let token = sessions::create(&app.db, shared::AccountId(account_id), Some(org_id))
        .await
        .unwrap();
    format!("{}={token}", roster_core::auth::SESSION_COOKIE)
}

pub struct Fx<'a> {
    pub app: &'a TestApp,
    pub org: &'a Org,
    owner: Actor,
    /// Every id made by a fixture.
    pub ids: Mutex<Vec<i64>>,
}

impl<'a> Fx<'a> {
    pub async fn new(app: &'a TestApp, org: &'a Org) -> Fx<'a> {
        let account_id = app.id_of(&org.owner_email).await;
        let owner = Actor {
            account_id: shared::AccountId(account_id),
            name: "Owner".into(),
            email: org.owner_email.clone(),
            org_id: org.id,
            org_name: String::new(),
            org_slug: String::new(),
            role: OrgRole::Owner,
        };
        Fx {
            app,
            org,
            owner,
            ids: Mutex::new(Vec::new()),
        }
    }

    fn permit(&self, action: Action) -> Permit {
        self.owner.permit(action).unwrap()
    }

    fn remember(&self, id: i64) -> i64 {
        self.ids.lock().unwrap().push(id);
        id
    }

    pub fn fresh_name(&self) -> String {
        format!("Thing {}", next())
    }

    pub fn fresh_email(&self) -> String {
        format!("fresh{}@outside.test", next())
    }

    pub async fn person_email(&self, role: OrgRole) -> String {
        self.app.person(self.org, role).await
    }

    pub async fn person(&self, role: OrgRole) -> i64 {
        let email = self.person_email(role).await;
        let id = self.app.id_of(&email).await;
        self.remember(id)
    }

    pub async fn project(&self) -> i64 {
        let permit = self.permit(Action::CreateProject);
        let project = projects::create(&self.app.db, &permit, &self.fresh_name())
            .await
            .unwrap();
        self.remember(project.id)
    }

    pub async fn team(&self) -> i64 {
        let id = directory::add_team(&self.app.db, self.org.id, &self.fresh_name())
            .await
            .unwrap();
        self.remember(id)
    }

    /// A team that the identity provider linked (a group created over SCIM with its name).
    pub async fn linked_team(&self) -> i64 {
        let name = self.fresh_name();
        let id = directory::add_team(&self.app.db, self.org.id, &name)
            .await
            .unwrap();
        let client = ScimClient {
            token_id: self.scim_token().await,
            token_name: "fixture".into(),
            org_id: self.org.id,
        };
        let input = scim_groups::GroupInput {
            name,
            external_id: None,
            members: Vec::new(),
        };
        scim_groups::create(&self.app.db, &client.permit().unwrap(), &input)
            .await
            .unwrap();
        self.remember(id)
    }

    /// A person provisioned over SCIM with a new account, and the token of the link that lets
    /// them choose their password.
    pub async fn password_link(&self) -> String {
        let client = ScimClient {
            token_id: self.scim_token().await,
            token_name: "fixture".into(),
            org_id: self.org.id,
        };
        let email = self.fresh_email();
        let input = scim_users::UserInput {
            user_name: email.clone(),
            external_id: None,
            email,
            display_name: "Provisioned".into(),
            attributes: "{}".into(),
            active: true,
        };
        let created = scim_users::create(
            &self.app.db,
            &client.permit().unwrap(),
            &input,
            3600,
            |token| format!("/set-password/{token}"),
        )
        .await
        .unwrap();
        self.remember(created.record.account_id.0);
        let body = created.message.expect("a message for a new account").body;
        let start = body.find("/set-password/").unwrap() + "/set-password/".len();
        body[start..].split_whitespace().next().unwrap().to_string()
    }

    /// A SCIM token of the organization: its id.
    pub async fn scim_token(&self) -> i64 {
        let created =
            provisioning::create_token_by_operator(&self.app.db, self.org.id, &self.fresh_name())
                .await
                .unwrap();
        self.remember(created.id)
    }

    pub async fn team_project(&self, team: i64, project: i64) {
        let permit = self.permit(Action::ManageAccess);
        teams::set_project_role(
            &self.app.db,
            &permit,
            shared::TeamId(team),
            shared::ProjectId(project),
            ProjectRole::Analyst,
        )
        .await
        .unwrap();
    }

    pub async fn team_member(&self, team: i64, account: i64) {
        let permit = self.permit(Action::ManageAccess);
        teams::add_member(
            &self.app.db,
            &permit,
            shared::TeamId(team),
            shared::AccountId(account),
        )
        .await
        .unwrap();
    }

    pub async fn grant(&self, account: i64, project: i64) {
        let permit = self.permit(Action::ManageAccess);
        members::set_grant(
            &self.app.db,
            &permit,
            shared::AccountId(account),
            shared::ProjectId(project),
            ProjectRole::Analyst,
        )
        .await
        .unwrap();
    }

    /// A pending invitation with `role` (sent through the router as the Owner), and a working
    /// token for it.
    pub async fn invitation(&self, role: OrgRole) -> (i64, String) {
        let email = self.fresh_email();
        let team = self.team().await;
        let owner = cookie(self.app, self.owner.account_id.0, self.org.id).await;
        let body = serde_json::json!({ "request": {
            "emails": [email], "org_role": role.as_str(),
            "project_ids": [], "project_role": null, "team_ids": [team]
        }});
        let reply = self.app.call_json("invite_users", body, Some(&owner)).await;
        assert_eq!(reply.status, 200, "invite: {}", reply.body);
        let id: i64 = sqlx::query_scalar("SELECT id FROM invitations WHERE email = $1")
            .bind(&email)
            .fetch_one(&self.app.db)
            .await
            .unwrap();
        let permit = self.permit(Action::Invite { role });
        let token = invitation_links::new_link(&self.app.db, &permit, shared::InvitationId(id))
            .await
            .unwrap();
        (self.remember(id), token)
    }

    /// A pending invitation with `role` whose message the relay refused (kept for a Retry).
    pub async fn failed_delivery(&self, role: OrgRole) -> i64 {
        let (id, _) = self.invitation(role).await;
        // The delivery after the invite is done with the row once it is no longer queued.
        for _ in 0..200 {
            let queued: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM outbox WHERE invitation_id = $1 AND status = 'queued'",
            )
            .bind(id)
            .fetch_one(&self.app.db)
            .await
            .unwrap();
            if queued == 0 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        sqlx::query(
            "UPDATE outbox SET status = 'failed', detail = '550 refused',
                    message = 'Open this link: http://x/invite/t'
             WHERE id = (SELECT MAX(id) FROM outbox WHERE invitation_id = $1)",
        )
        .bind(id)
        .execute(&self.app.db)
        .await
        .unwrap();
        id
    }
}
