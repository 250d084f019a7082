//! The outbox: a record of every invitation message and how it was delivered (mailed, logged, or
//! failed with the reason). Bodies are stored without the link's token.

use super::{now, Db};
use shared::AppError;
use shared::InvitationId;

/// How a message went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Sent,
    Logged,
    Failed,
}

impl Status {
    fn as_str(self) -> &'static str {
        match self {
            Status::Sent => "sent",
            Status::Logged => "logged",
            Status::Failed => "failed",
        }
    }
}

/// Queues a message inside `conn`'s transaction (the one that creates or renews the invitation, or
/// provisions the person).
pub async fn queue(
    conn: &mut sqlx::SqliteConnection,
    org_id: i64,
    invitation_id: Option<InvitationId>,
    recipient: &str,
    subject: &str,
    stored_body: &str,
) -> Result<i64, AppError> {
    sqlx::query(
        "INSERT INTO outbox (org_id, invitation_id, recipient, subject, body, created_at)
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(org_id)
    .bind(invitation_id)
    .bind(recipient)
    .bind(subject)
    .bind(stored_body)
    .bind(now())
    .execute(conn)
    .await
    .map(|done| done.last_insert_rowid())
    .map_err(AppError::from)
}

/// Records the outcome of delivering message `id`.
pub async fn mark(db: &Db, id: i64, status: Status, detail: Option<&str>) -> Result<(), AppError> {
    sqlx::query("UPDATE outbox SET status = ?, detail = ?, delivered_at = ? WHERE id = ?")
        .bind(status.as_str())
        .bind(detail)
        .bind(now())
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}
