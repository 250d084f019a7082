//! Accepting an invitation through its link. The token is the capability here (the person has no
//! session yet): a link that is unknown, used, revoked or expired opens nothing. Accepting applies
//! the invitation's organization role, project grants and team memberships in one transaction,
//! audited as the person who joined.

use super::audit::{record, Event};
use super::audit_details::{self as details, Details};
use super::sessions::token_hash;
use super::{accounts, begin_write, now, orgs, Db};
use crate::actor::AuditActor;
use shared::dates::format_date;
use shared::invitations::wire::SignedInAs;
use shared::invitations::InvitationLanding;
use shared::{AccountId, InvitationId};
use shared::{AppError, OrgRole};

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    org_id: i64,
    org_name: String,
    email: String,
    org_role: OrgRole,
    status: String,
    expires_at: i64,
    invited_by: Option<String>,
    accepted_by: Option<i64>,
    /// The link opened was replaced by a newer one (Resend or Copy link); it opens nothing.
    #[sqlx(try_from = "shared::stored::Flag")]
    replaced: bool,
}

/// The columns of [`Row`] but `replaced`, as one string literal for both lookups below.
macro_rules! columns {
    () => {
        "i.id, i.org_id, o.name AS org_name, i.email, i.org_role, i.status, i.expires_at,
         a.name AS invited_by, i.accepted_by"
    };
}

/// The invitation of `token`: the one whose link it is now, or, marked `replaced`, the one whose
/// earlier link it was.
async fn find(conn: &mut sqlx::AnyConnection, token: &str) -> Result<Option<Row>, AppError> {
    let hash = token_hash(token);
    let current: Option<Row> = sqlx::query_as(concat!(
        "SELECT ",
        columns!(),
        ", 0 AS replaced FROM invitations i JOIN organizations o ON o.id = i.org_id
         LEFT JOIN accounts a ON a.id = i.invited_by
         WHERE i.token_hash = $1"
    ))
    .bind(&hash)
    .fetch_optional(&mut *conn)
    .await?;
    if current.is_some() {
        return Ok(current);
    }
    sqlx::query_as(concat!(
        "SELECT ",
        columns!(),
        ", 1 AS replaced FROM invitation_replaced_links r
         JOIN invitations i ON i.id = r.invitation_id JOIN organizations o ON o.id = i.org_id
         LEFT JOIN accounts a ON a.id = i.invited_by
         WHERE r.token_hash = $1"
    ))
    .bind(&hash)
    .fetch_optional(conn)
    .await
    .map_err(AppError::from)
}

/// Why `row` cannot be accepted, if it cannot. `viewer` is the account signed in where the link
/// was opened, if any.
fn closed_reason(row: Option<&Row>, viewer: Option<i64>) -> Option<String> {
    let Some(row) = row else {
        return Some("This link is not a valid invitation. Check that you copied all of it, or ask for a new one.".into());
    };
    match row.status.as_str() {
        "accepted" if viewer.is_some() && viewer == row.accepted_by => Some(format!(
            "You accepted this invitation already: you are a member of {}.",
            row.org_name
        )),
        "accepted" => Some(format!(
            "This invitation to {} has already been used to join. If it was you, sign in with that account.",
            row.org_name
        )),
        "revoked" => Some(format!(
            "This invitation to {} was withdrawn.",
            row.org_name
        )),
        _ if row.expires_at <= now() => Some(format!(
            "This invitation expired on {}. Ask the person who invited you to send it again.",
            format_date(row.expires_at)
        )),
        _ if row.replaced => Some(format!(
            "This link was replaced by a newer one: the invitation to {} was sent again, or its link copied, after this link was made. Use the newest link you received{}.",
            row.org_name,
            match &row.invited_by {
                Some(by) => format!(", or ask {by} for a new one"),
                None => ", or ask for a new one".to_string(),
            }
        )),
        _ => None,
    }
}

/// Who is signed in where the link was opened, if anyone.
#[derive(Debug, Clone)]
pub struct Viewer {
    pub account_id: i64,
    pub name: String,
    pub email: String,
}

impl Viewer {
    fn signed_in(&self, invited: &str) -> SignedInAs {
        SignedInAs {
            name: self.name.clone(),
            email: self.email.clone(),
            is_invitee: self.email.eq_ignore_ascii_case(invited),
        }
    }
}

/// What the page of the link with `token` shows to `viewer` (who is signed in there, if anyone).
/// Whether the invited email has an account is never part of it.
pub async fn landing(
    db: &Db,
    token: &str,
    viewer: Option<&Viewer>,
) -> Result<InvitationLanding, AppError> {
    let mut conn = db.acquire().await?;
    let row = find(&mut conn, token).await?;
    let signed_in = |email: &str| viewer.map(|v| v.signed_in(email));
    if let Some(reason) = closed_reason(row.as_ref(), viewer.map(|v| v.account_id)) {
        let signed_in = viewer.map(|v| v.signed_in(row.as_ref().map_or("", |r| &r.email)));
        return Ok(InvitationLanding::Closed { reason, signed_in });
    }
    let Some(row) = row else {
        return Err(AppError::Internal);
    };
    Ok(InvitationLanding::Open {
        org_role: row.org_role,
        signed_in: signed_in(&row.email),
        org_name: row.org_name,
        invited_by: row.invited_by,
        email: row.email,
        expires_at: row.expires_at,
    })
}

/// The email an open invitation is bound to, or the reason it is closed.
pub async fn invited_email(db: &Db, token: &str) -> Result<String, AppError> {
    let mut conn = db.acquire().await?;
    let row = find(&mut conn, token).await?;
    match closed_reason(row.as_ref(), None) {
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
        account_id: AccountId,
    },
}

/// The person who joined, and where.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Joined {
    pub account_id: AccountId,
    pub org_id: i64,
}

/// Accepts the invitation of `token` for `joiner`, in one transaction.
pub async fn accept(db: &Db, token: &str, joiner: Joiner<'_>) -> Result<Joined, AppError> {
    let mut tx = begin_write(db).await?;
    let row = find(&mut tx, token).await?;
    if let Some(reason) = closed_reason(row.as_ref(), None) {
        return Err(AppError::Forbidden(reason));
    }
    let Some(row) = row else {
        return Err(AppError::Internal);
    };
    let role = row.org_role;
    let (account_id, name) = match joiner {
        Joiner::New {
            name,
            password_hash,
        } => (
            accounts::insert(&mut tx, &row.email, name, password_hash).await?,
            name.to_string(),
        ),
        Joiner::Existing { account_id } => {
            let name: String = sqlx::query_scalar("SELECT name FROM accounts WHERE id = $1")
                .bind(account_id)
                .fetch_one(&mut *tx)
                .await?;
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
         SELECT project_id, $1, role, $2 FROM invitation_projects WHERE invitation_id = $3
         ON CONFLICT (project_id, account_id) DO NOTHING",
    )
    .bind(account_id)
    .bind(at)
    .bind(row.id)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO team_members (team_id, account_id, added_at)
         SELECT it.team_id, $1, $2 FROM invitation_teams it JOIN teams t ON t.id = it.team_id
         WHERE it.invitation_id = $3 AND t.scim_managed = 0
         ON CONFLICT (team_id, account_id) DO NOTHING",
    )
    .bind(account_id)
    .bind(at)
    .bind(row.id)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "UPDATE invitations SET status = 'accepted', accepted_at = $1, accepted_by = $2 WHERE id = $3",
    )
    .bind(at)
    .bind(account_id)
    .bind(row.id)
    .execute(&mut *tx)
    .await?;
    let actor = AuditActor {
        org_id: row.org_id,
        account_id: Some(account_id),
        name,
    };
    let event = Event::new(
        format!("invitation for {}", row.email),
        Details::InvitationAccept(details::Accepted {
            role,
            invitation_id: Some(InvitationId(row.id)),
            invited_by: row.invited_by.clone(),
        }),
    )
    .about(account_id);
    record(&mut tx, &actor, &event).await?;
    tx.commit().await?;
    Ok(Joined {
        account_id,
        org_id: row.org_id,
    })
}
