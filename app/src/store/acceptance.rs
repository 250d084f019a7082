//! Accepting an invitation through its link. The token is the capability here (the person has no
//! session yet): a link that is unknown, used, revoked or expired opens nothing. Accepting applies
//! the invitation's organization role, project grants and team memberships in one transaction,
//! audited as the person who joined.

use super::audit::{record, AuditActor, Event};
use super::sessions::token_hash;
use super::{accounts, begin_write, internal, now, orgs, Db};
use shared::dates::format_date;
use shared::invitations::InvitationLanding;
use shared::AuditAction;
use shared::{AppError, OrgRole};

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    org_id: i64,
    org_name: String,
    email: String,
    org_role: String,
    status: String,
    expires_at: i64,
    invited_by: Option<String>,
}

async fn find(conn: &mut sqlx::SqliteConnection, token: &str) -> Result<Option<Row>, AppError> {
    sqlx::query_as(
        "SELECT i.id, i.org_id, o.name AS org_name, i.email, i.org_role, i.status, i.expires_at,
                a.name AS invited_by
         FROM invitations i JOIN organizations o ON o.id = i.org_id
         LEFT JOIN accounts a ON a.id = i.invited_by
         WHERE i.token_hash = ?",
    )
    .bind(token_hash(token))
    .fetch_optional(conn)
    .await
    .map_err(internal)
}

/// Why `row` cannot be accepted, if it cannot.
fn closed_reason(row: Option<&Row>) -> Option<String> {
    let Some(row) = row else {
        return Some("This link is not a valid invitation. Check that you copied all of it, or ask for a new one.".into());
    };
    match row.status.as_str() {
        "accepted" => {
            Some("This invitation has already been used. If it was you, sign in instead.".into())
        }
        "revoked" => Some(format!(
            "This invitation to {} was withdrawn.",
            row.org_name
        )),
        _ if row.expires_at <= now() => Some(format!(
            "This invitation expired on {}. Ask the person who invited you to send it again.",
            format_date(row.expires_at)
        )),
        _ => None,
    }
}

/// What the page of the link with `token` shows.
pub async fn landing(db: &Db, token: &str) -> Result<InvitationLanding, AppError> {
    let mut conn = db.acquire().await.map_err(internal)?;
    let row = find(&mut conn, token).await?;
    if let Some(reason) = closed_reason(row.as_ref()) {
        return Ok(InvitationLanding::Closed { reason });
    }
    let Some(row) = row else {
        return Err(AppError::Internal);
    };
    let has_account: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM accounts WHERE email = ?)")
            .bind(&row.email)
            .fetch_one(&mut *conn)
            .await
            .map_err(internal)?;
    Ok(InvitationLanding::Open {
        org_role: row.org_role.parse().map_err(|_| AppError::Internal)?,
        org_name: row.org_name,
        invited_by: row.invited_by,
        email: row.email,
        has_account,
        expires_at: row.expires_at,
    })
}

/// The email an open invitation is bound to, or the reason it is closed.
pub async fn invited_email(db: &Db, token: &str) -> Result<String, AppError> {
    let mut conn = db.acquire().await.map_err(internal)?;
    let row = find(&mut conn, token).await?;
    match closed_reason(row.as_ref()) {
        Some(reason) => Err(AppError::Forbidden(reason)),
        None => row.map(|r| r.email).ok_or(AppError::Internal),
    }
}

/// Who accepts: a new person (their account is created) or the existing account of the email.
pub enum Joiner<'a> {
    New {
        name: &'a str,
        password_hash: &'a str,
    },
    Existing {
        account_id: i64,
    },
}

/// The person who joined, and where.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Joined {
    pub account_id: i64,
    pub org_id: i64,
}

/// Accepts the invitation of `token` for `joiner`, in one transaction.
pub async fn accept(db: &Db, token: &str, joiner: Joiner<'_>) -> Result<Joined, AppError> {
    let mut tx = begin_write(db).await?;
    let row = find(&mut tx, token).await?;
    if let Some(reason) = closed_reason(row.as_ref()) {
        return Err(AppError::Forbidden(reason));
    }
    let Some(row) = row else {
        return Err(AppError::Internal);
    };
    let role: OrgRole = row.org_role.parse().map_err(|_| AppError::Internal)?;
    let (account_id, name) = match joiner {
        Joiner::New {
            name,
            password_hash,
        } => (
            accounts::insert(&mut tx, &row.email, name, password_hash).await?,
            name.to_string(),
        ),
        Joiner::Existing { account_id } => {
            let name: String = sqlx::query_scalar("SELECT name FROM accounts WHERE id = ?")
                .bind(account_id)
                .fetch_one(&mut *tx)
                .await
                .map_err(internal)?;
            (account_id, name)
        }
    };
    orgs::add_membership(&mut tx, row.org_id, account_id, role)
        .await
        .map_err(|e| match e {
            AppError::Conflict { .. } => AppError::conflict(
                "email",
                format!(
                    "You are already a member of {}. Sign in instead.",
                    row.org_name
                ),
            ),
            other => other,
        })?;
    let at = now();
    sqlx::query(
        "INSERT INTO project_grants (project_id, account_id, role, granted_at)
         SELECT project_id, ?, role, ? FROM invitation_projects WHERE invitation_id = ?
         ON CONFLICT (project_id, account_id) DO NOTHING",
    )
    .bind(account_id)
    .bind(at)
    .bind(row.id)
    .execute(&mut *tx)
    .await
    .map_err(internal)?;
    sqlx::query(
        "INSERT INTO team_members (team_id, account_id, added_at)
         SELECT team_id, ?, ? FROM invitation_teams WHERE invitation_id = ?
         ON CONFLICT (team_id, account_id) DO NOTHING",
    )
    .bind(account_id)
    .bind(at)
    .bind(row.id)
    .execute(&mut *tx)
    .await
    .map_err(internal)?;
    sqlx::query(
        "UPDATE invitations SET status = 'accepted', accepted_at = ?, accepted_by = ? WHERE id = ?",
    )
    .bind(at)
    .bind(account_id)
    .bind(row.id)
    .execute(&mut *tx)
    .await
    .map_err(internal)?;
    let actor = AuditActor {
        org_id: row.org_id,
        account_id: Some(account_id),
        name,
    };
    let event = Event::new(
        AuditAction::InvitationAccept,
        format!("invitation for {}", row.email),
    )
    .with_details(serde_json::json!({
        "role": role.as_str(),
        "invitation_id": row.id,
        "invited_by": row.invited_by,
    }))
    .about(account_id);
    record(&mut tx, &actor, &event).await?;
    tx.commit().await.map_err(internal)?;
    Ok(Joined {
        account_id,
        org_id: row.org_id,
    })
}
