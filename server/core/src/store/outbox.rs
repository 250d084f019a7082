//! The outbox: every invitation message, and how its delivery went — queued (and, after a
//! passing failure, waiting for its next attempt), sent, logged (no relay configured) or failed
//! with the relay's reason. `body` is stored without the link's token; `message`, the whole
//! text, is kept only until the message is sent or logged, so that mail queued when the server
//! stops is sent after it starts again, and a failed message can be retried as it was.

use super::sql::Sql;
use super::Backend;
use super::{begin_write, now, write_turn, Db};
use crate::actor::Permit;
use crate::invitation_mail::Outgoing;
use shared::invitations::{Delivery, DeliveryStatus};
use shared::InvitationId;
use shared::{Action, AppError, OrgRole};
use std::collections::HashMap;

/// How a delivery ended.
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
/// provisions the person): `stored_body` is the text without the token, kept for the record;
/// `message`, the whole text, is kept until it is sent.
pub async fn queue(
    conn: &mut sqlx::AnyConnection,
    org_id: i64,
    invitation_id: Option<InvitationId>,
    recipient: &str,
    subject: &str,
    stored_body: &str,
    message: &str,
) -> Result<i64, AppError> {
    sqlx::query_scalar::<_, i64>(
        "INSERT INTO outbox (org_id, invitation_id, recipient, subject, body, message, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(org_id)
    .bind(invitation_id)
    .bind(recipient)
    .bind(subject)
    .bind(stored_body)
    .bind(message)
    .bind(now())
    .fetch_one(conn)
    .await
    .map_err(AppError::from)
}

/// Claims queued message `id` for one delivery by process `holder`, for `lease_seconds`: returns
/// how many attempts it has had, or `None` when it is no longer queued or another delivery (of
/// this process or another) holds a claim that has not run out. One statement, so two claims
/// never both win.
pub async fn claim(
    db: &Db,
    id: i64,
    holder: &str,
    lease_seconds: i64,
) -> Result<Option<i64>, AppError> {
    let at = now();
    let mut turn = write_turn(db).await?;
    Ok(sqlx::query_scalar(
        "UPDATE outbox SET claimed_until = $1, claimed_by = $2
         WHERE id = $3 AND status = 'queued' AND message IS NOT NULL
           AND (claimed_until IS NULL OR claimed_until <= $4)
         RETURNING attempts",
    )
    .bind(at + lease_seconds)
    .bind(holder)
    .bind(id)
    .bind(at)
    .fetch_optional(&mut *turn)
    .await?)
}

/// Ends the claims of process `holder` on the messages still queued (a process that stops, so
/// that what it did not deliver is sent at once by the next to sweep); returns how many.
pub async fn release(db: &Db, holder: &str) -> Result<u64, AppError> {
    let mut turn = write_turn(db).await?;
    Ok(sqlx::query(
        "UPDATE outbox SET claimed_until = NULL, claimed_by = NULL
         WHERE claimed_by = $1 AND status = 'queued'",
    )
    .bind(holder)
    .execute(&mut *turn)
    .await?
    .rows_affected())
}

/// Records the end of delivering message `id` (its claim ends): sent and logged messages lose
/// their text (and so their token); a failed one keeps it for a Retry.
pub async fn mark(db: &Db, id: i64, status: Status, detail: Option<&str>) -> Result<(), AppError> {
    let mut turn = write_turn(db).await?;
    sqlx::query(
        "UPDATE outbox SET status = $1, detail = $2, delivered_at = $3, next_attempt_at = NULL,
                attempts = attempts + CASE WHEN $4 = 'logged' THEN 0 ELSE 1 END,
                message = CASE WHEN $5 = 'failed' THEN message END,
                claimed_until = NULL, claimed_by = NULL
         WHERE id = $6 AND status = 'queued'",
    )
    .bind(status.as_str())
    .bind(detail)
    .bind(now())
    .bind(status.as_str())
    .bind(status.as_str())
    .bind(id)
    .execute(&mut *turn)
    .await?;
    Ok(())
}

/// Records a passing failure of message `id`: it stays queued, to be tried again in
/// `wait_seconds` (its claim ends).
pub async fn retry_later(
    db: &Db,
    id: i64,
    reason: &str,
    wait_seconds: i64,
) -> Result<(), AppError> {
    let mut turn = write_turn(db).await?;
    sqlx::query(
        "UPDATE outbox SET detail = $1, attempts = attempts + 1, next_attempt_at = $2,
                claimed_until = NULL, claimed_by = NULL
         WHERE id = $3 AND status = 'queued'",
    )
    .bind(reason)
    .bind(now() + wait_seconds)
    .bind(id)
    .execute(&mut *turn)
    .await?;
    Ok(())
}

/// The queued messages whose time has come and that no delivery holds, oldest first (at most
/// 1,000; the rest next time).
/// A message queued before the outbox kept messages cannot be sent: it is marked failed.
pub async fn due(db: &Db) -> Result<Vec<Outgoing>, AppError> {
    let at = now();
    {
        let mut turn = write_turn(db).await?;
        sqlx::query(
            "UPDATE outbox SET status = 'failed', delivered_at = $1,
                    detail = 'queued before messages were kept; use Resend'
             WHERE status = 'queued' AND message IS NULL",
        )
        .bind(at)
        .execute(&mut *turn)
        .await?;
    }
    let rows: Vec<(i64, String, String, String)> = sqlx::query_as(
        "SELECT id, recipient, subject, message FROM outbox
         WHERE status = 'queued' AND COALESCE(next_attempt_at, 0) <= $1 AND message IS NOT NULL
           AND COALESCE(claimed_until, 0) <= $2
         ORDER BY COALESCE(next_attempt_at, 0), id LIMIT 1000",
    )
    .bind(at)
    .bind(at)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(outbox_id, to, subject, body)| Outgoing {
            outbox_id,
            to,
            subject,
            body,
        })
        .collect())
}

/// When the next queued message is due (now or earlier for a message not tried yet; when its
/// claim runs out for one being delivered).
pub async fn next_due(db: &Db) -> Result<Option<i64>, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT MIN(CASE WHEN COALESCE(claimed_until, 0) > COALESCE(next_attempt_at, 0)
                         THEN claimed_until ELSE COALESCE(next_attempt_at, 0) END)
         FROM outbox WHERE status = 'queued'",
    )
    .fetch_one(db)
    .await?)
}

/// How many messages are queued (the mail queue's length).
pub async fn queued(db: &Db) -> Result<i64, AppError> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE status = 'queued'")
            .fetch_one(db)
            .await?,
    )
}

/// Forgets the text of invitation `id`'s undelivered messages, inside the transaction that
/// replaces its link or revokes it: their link no longer works. A queued one is failed with
/// `why`, so it is not sent.
pub async fn supersede(
    conn: &mut sqlx::AnyConnection,
    id: InvitationId,
    why: &str,
) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE outbox SET message = NULL,
                detail = CASE WHEN status = 'queued' THEN $1 ELSE detail END,
                status = CASE WHEN status = 'queued' THEN 'failed' ELSE status END
         WHERE invitation_id = $2 AND message IS NOT NULL",
    )
    .bind(why)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct Latest {
    id: i64,
    recipient: String,
    subject: String,
    message: Option<String>,
    status: String,
    org_role: OrgRole,
}

/// Queues the failed latest message of pending invitation `id` again, as it was, for an admin's
/// Retry (the `Invite` permit with the invitation's role), and returns it to be delivered now.
pub async fn retry(db: &Db, permit: &Permit, id: InvitationId) -> Result<Outgoing, AppError> {
    let mut tx = begin_write(db).await?;
    let latest: Latest = sqlx::query_as(
        "SELECT o.id, o.recipient, o.subject, o.message, o.status, i.org_role
         FROM invitations i JOIN outbox o ON o.invitation_id = i.id
         WHERE i.id = $1 AND i.org_id = $2 AND i.status = 'pending'
         ORDER BY o.id DESC LIMIT 1",
    )
    .bind(id)
    .bind(permit.org_id())
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| AppError::NotFound("The pending invitation".into()))?;
    permit.expect(Action::Invite {
        role: latest.org_role,
    })?;
    let message = match (latest.status.as_str(), latest.message) {
        ("failed", Some(message)) => message,
        _ => {
            return Err(AppError::conflict(
                "delivery",
                "Only a failed message can be sent again; Resend sends a new one.",
            ))
        }
    };
    sqlx::query(
        "UPDATE outbox SET status = 'queued', attempts = 0, next_attempt_at = NULL,
                detail = NULL, delivered_at = NULL
         WHERE id = $1",
    )
    .bind(latest.id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Outgoing {
        outbox_id: latest.id,
        to: latest.recipient,
        subject: latest.subject,
        body: message,
    })
}

#[derive(sqlx::FromRow)]
struct DeliveryRow {
    invitation_id: i64,
    status: String,
    detail: Option<String>,
    attempts: i64,
    next_attempt_at: Option<i64>,
    delivered_at: Option<i64>,
    #[sqlx(try_from = "shared::stored::Flag")]
    kept: bool,
}

/// How the latest message of each of the invitations `ids` went.
pub async fn latest_deliveries(
    conn: &mut sqlx::AnyConnection,
    ids: &[i64],
) -> Result<HashMap<i64, Delivery>, AppError> {
    let rows: Vec<DeliveryRow> = Sql::new(
        Backend::of_conn(conn),
        "SELECT o.invitation_id, o.status, o.detail, o.attempts, o.next_attempt_at, o.delivered_at,
                o.message IS NOT NULL AS kept
         FROM outbox o
         WHERE o.id IN (SELECT MAX(id) FROM outbox WHERE invitation_id IN ",
    )
    .push_list(ids)
    .push(" GROUP BY invitation_id)")
    .build_query_as()
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|row| {
            let status = match row.status.as_str() {
                "queued" => DeliveryStatus::Queued,
                "sent" => DeliveryStatus::Sent,
                "logged" => DeliveryStatus::Logged,
                "failed" => DeliveryStatus::Failed,
                other => {
                    tracing::error!(status = other, "an outbox row has an unknown status");
                    return Err(AppError::Internal);
                }
            };
            let at = match status {
                DeliveryStatus::Queued => row.next_attempt_at,
                _ => row.delivered_at,
            };
            Ok((
                row.invitation_id,
                Delivery {
                    status,
                    reason: row.detail,
                    attempts: row.attempts.clamp(0, u32::MAX as i64) as u32,
                    at,
                    can_retry: status == DeliveryStatus::Failed && row.kept,
                },
            ))
        })
        .collect()
}

/// How the latest message of invitation `id` of `org_id` went, if it has one.
pub async fn latest_delivery(
    db: &Db,
    org_id: i64,
    id: InvitationId,
) -> Result<Option<Delivery>, AppError> {
    let mut conn = db.acquire().await?;
    let ours: Option<i64> =
        sqlx::query_scalar("SELECT id FROM invitations WHERE id = $1 AND org_id = $2")
            .bind(id)
            .bind(org_id)
            .fetch_optional(&mut *conn)
            .await?;
    if ours.is_none() {
        return Ok(None);
    }
    Ok(latest_deliveries(&mut conn, &[id.0]).await?.remove(&id.0))
}
