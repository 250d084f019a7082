//! The audit log: who did what, when. Every change made on someone's behalf goes through
//! [`Change`], whose only way to commit writes the audit event in the same transaction.

use super::audit_details::Details;
use super::{begin_write, now, Db, Tx};
use crate::actor::AuditActor;
use shared::AccountId;
use shared::{AppError, AuditAction};

/// What an audit event says happened.
#[derive(Debug, Clone)]
pub struct Event {
    /// The kind of change, stored by its dotted key such as `project.create`.
    pub action: AuditAction,
    /// What was acted on, in words (`project “Web”`).
    pub target: String,
    /// The particulars, which also say the kind of change.
    pub details: Details,
    /// The person the change was about (whose role, grant, team membership… changed).
    pub subject: Option<AccountId>,
}

impl Event {
    pub fn new(target: impl Into<String>, details: Details) -> Self {
        Event {
            action: details.action(),
            target: target.into(),
            details,
            subject: None,
        }
    }

    /// Names the person this change was about, so the log can be read person by person.
    pub fn about(mut self, account_id: AccountId) -> Self {
        self.subject = Some(account_id);
        self
    }
}

/// One audited change: a write transaction that can only be committed together with its event.
pub struct Change {
    tx: Tx,
    actor: AuditActor,
    recorded: usize,
}

impl Change {
    pub async fn begin(db: &Db, actor: AuditActor) -> Result<Change, AppError> {
        Ok(Change {
            tx: begin_write(db).await?,
            actor,
            recorded: 0,
        })
    }

    /// The transaction, for the statements of the change.
    pub fn tx(&mut self) -> &mut sqlx::AnyConnection {
        &mut self.tx
    }

    pub fn org_id(&self) -> i64 {
        self.actor.org_id
    }

    /// Records one more event inside the change (a bulk action records one per person).
    pub async fn record(&mut self, event: Event) -> Result<(), AppError> {
        record(&mut self.tx, &self.actor, &event).await?;
        self.recorded += 1;
        Ok(())
    }

    /// Commits a change whose events were all recorded with [`Change::record`]. A change that
    /// recorded nothing is rolled back: nothing is written without its audit event.
    pub async fn finish(self) -> Result<(), AppError> {
        if self.recorded == 0 {
            self.tx.rollback().await.map_err(AppError::from)
        } else {
            self.tx.commit().await.map_err(AppError::from)
        }
    }

    /// Records `event` and commits the change.
    pub async fn commit(mut self, event: Event) -> Result<(), AppError> {
        record(&mut self.tx, &self.actor, &event).await?;
        self.tx.commit().await.map_err(AppError::from)
    }
}

/// Writes one audit event inside `conn`'s transaction.
pub async fn record(
    conn: &mut sqlx::AnyConnection,
    actor: &AuditActor,
    event: &Event,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO audit_events
             (org_id, actor_id, actor_name, action, target, details, subject_account_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(actor.org_id)
    .bind(actor.account_id)
    .bind(&actor.name)
    .bind(event.action.as_str())
    .bind(&event.target)
    .bind(event.details.to_json())
    .bind(event.subject)
    .bind(now())
    .execute(conn)
    .await?;
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
         WHERE org_id = $1 ORDER BY id DESC LIMIT $2",
    )
    .bind(org_id)
    .bind(limit)
    .fetch_all(db)
    .await
    .map_err(AppError::from)
}
