//! The audit log: who did what, when. Every change made on someone's behalf goes through
//! [`Change`], whose only way to commit writes the audit event in the same transaction.

use super::{begin_write, internal, now, Db, Tx};
use shared::AppError;

/// Who an audit event is attributed to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditActor {
    pub org_id: i64,
    /// `None` for changes made by an operator's command on the server.
    pub account_id: Option<i64>,
    pub name: String,
}

/// What an audit event says happened.
#[derive(Debug, Clone)]
pub struct Event {
    /// A dotted kind such as `project.create`.
    pub action: &'static str,
    /// What was acted on, in words (`project “Web”`).
    pub target: String,
    pub details: serde_json::Value,
}

impl Event {
    pub fn new(action: &'static str, target: impl Into<String>) -> Self {
        Event {
            action,
            target: target.into(),
            details: serde_json::json!({}),
        }
    }

    pub fn with_details(mut self, details: serde_json::Value) -> Self {
        self.details = details;
        self
    }
}

/// One audited change: a write transaction that can only be committed together with its event.
pub struct Change {
    tx: Tx,
    actor: AuditActor,
}

impl Change {
    pub async fn begin(db: &Db, actor: AuditActor) -> Result<Change, AppError> {
        Ok(Change {
            tx: begin_write(db).await?,
            actor,
        })
    }

    /// The transaction, for the statements of the change.
    pub fn tx(&mut self) -> &mut sqlx::SqliteConnection {
        &mut self.tx
    }

    pub fn org_id(&self) -> i64 {
        self.actor.org_id
    }

    /// Records `event` now; it commits with the change (for a change that touches several things,
    /// each with its own event).
    pub async fn also(&mut self, event: &Event) -> Result<(), AppError> {
        record(&mut self.tx, &self.actor, event).await
    }

    /// Records `event` and commits the change.
    pub async fn commit(mut self, event: Event) -> Result<(), AppError> {
        record(&mut self.tx, &self.actor, &event).await?;
        self.tx.commit().await.map_err(internal)
    }
}

/// Writes one audit event inside `conn`'s transaction.
pub async fn record(
    conn: &mut sqlx::SqliteConnection,
    actor: &AuditActor,
    event: &Event,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO audit_events (org_id, actor_id, actor_name, action, target, details, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(actor.org_id)
    .bind(actor.account_id)
    .bind(&actor.name)
    .bind(event.action)
    .bind(&event.target)
    .bind(event.details.to_string())
    .bind(now())
    .execute(conn)
    .await
    .map_err(internal)?;
    Ok(())
}

/// One recorded event, as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AuditRow {
    pub actor_id: Option<i64>,
    pub actor_name: String,
    pub action: String,
    pub target: String,
    pub details: String,
    pub created_at: i64,
}

/// The newest events of an organization, newest first.
pub async fn recent(db: &Db, org_id: i64, limit: i64) -> Result<Vec<AuditRow>, AppError> {
    sqlx::query_as(
        "SELECT actor_id, actor_name, action, target, details, created_at FROM audit_events
         WHERE org_id = ? ORDER BY id DESC LIMIT ?",
    )
    .bind(org_id)
    .bind(limit)
    .fetch_all(db)
    .await
    .map_err(internal)
}
