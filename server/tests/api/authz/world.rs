//! The world every authorization test calls into: two organizations, one person per role in the
//! first, and each case's request made to name them.

use super::*;

/// The actors: two organizations, and one person per role in the first.
pub(super) struct World {
    pub(super) app: TestApp,
    pub(super) acme: Org,
    pub(super) globex: Org,
    pub(super) people: Vec<(OrgRole, i64)>,
    pub(super) globex_owner: i64,
}

impl World {
    pub(super) async fn new() -> World {
        let app = TestApp::new().await;
        let acme = app.org("Acme").await;
        let globex = app.org("Globex").await;
        let mut people = vec![(OrgRole::Owner, app.id_of(&acme.owner_email).await)];
        for role in [OrgRole::Admin, OrgRole::BillingAdmin, OrgRole::Member] {
            let email = app.person(&acme, role).await;
            people.push((role, app.id_of(&email).await));
        }
        let globex_owner = app.id_of(&globex.owner_email).await;
        World {
            app,
            acme,
            globex,
            people,
            globex_owner,
        }
    }

    /// A fresh session for `who` (a call may end it: sign-out, sign-in, accepting a link).
    pub(super) async fn cookie(&self, who: Who) -> Option<String> {
        match who {
            Who::Anonymous => None,
            Who::OtherOrgOwner => Some(cookie(&self.app, self.globex_owner, self.globex.id).await),
            Who::Role(role) => {
                let id = self.people.iter().find(|(r, _)| *r == role).unwrap().1;
                Some(cookie(&self.app, id, self.acme.id).await)
            }
        }
    }
}

impl World {
    /// `case` made about an organization of its own (see `Case::own_org`).
    pub(super) async fn in_org_of_its_own(&self, case: &Case, who: Who) -> Case {
        static MADE: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = MADE.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let name = format!("Own {n}");
        let org = self.app.org(&name).await;
        if let Who::Role(role) = who {
            let id = self.people.iter().find(|(r, _)| *r == role).unwrap().1;
            sqlx::query(
                "INSERT INTO memberships (org_id, account_id, org_role, joined_at) VALUES ($1, $2, $3, 0)",
            )
            .bind(org.id)
            .bind(id)
            .bind(role.as_str())
            .execute(&self.app.db)
            .await
            .unwrap();
        }
        let body = match &case.body {
            Body::Form(pairs) => {
                let mut pairs: Vec<(String, String)> = pairs
                    .iter()
                    .map(|(k, v)| (k.clone(), v.replace("{org_name}", &name)))
                    .collect();
                pairs.push(("org".into(), org.id.to_string()));
                Body::Form(pairs)
            }
            Body::Json(value) => {
                let mut value: Value =
                    serde_json::from_str(&value.to_string().replace("{org_name}", &name)).unwrap();
                value["org"] = json!(org.id);
                Body::Json(value)
            }
        };
        Case {
            body,
            ..case.clone()
        }
    }
}
