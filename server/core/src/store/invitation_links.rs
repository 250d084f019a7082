//! Managing a pending invitation: resend (a new link, a renewed expiry, a new message), revoke,
//! and a fresh link to copy. Only the hash of a link's token is stored, so an old link cannot be
//! shown again: resending and copying both issue a new token, and the previous link stops working.

use super::audit::{Change, Event};
use super::audit_details::{self as details, Details};
use super::sessions::{new_token, token_hash};
use super::{accounts, now, outbox, Db};
use crate::actor::Permit;
use crate::invitation_mail::{self, Outgoing};
use shared::InvitationId;
use shared::{Action, AppError, OrgRole};

#[derive(sqlx::FromRow)]
struct Pending {
    email: String,
    org_role: OrgRole,
}

async fn find_pending(
    conn: &mut sqlx::AnyConnection,
    org_id: i64,
    id: InvitationId,
) -> Result<(String, OrgRole), AppError> {
    let row: Pending = sqlx::query_as(
        "SELECT email, org_role FROM invitations WHERE id = $1 AND org_id = $2 AND status = 'pending'",
    )
    .bind(id)
    .bind(org_id)
    .fetch_optional(conn)
    .await?
    .ok_or_else(|| AppError::NotFound("The pending invitation".into()))?;
    Ok((row.email, row.org_role))
}

/// The organization role of pending invitation `id`, so the caller can ask the policy for the
/// permit that managing it needs (`Invite` with that role: an Admin cannot touch an Owner's).
pub async fn role_of(db: &Db, org_id: i64, id: InvitationId) -> Result<OrgRole, AppError> {
    let mut conn = db.acquire().await?;
    Ok(find_pending(&mut conn, org_id, id).await?.1)
}

/// Starts the change to invitation `id`, checking that `permit` covers its role.
async fn begin(db: &Db, permit: &Permit, id: InvitationId) -> Result<(Change, String), AppError> {
    let mut change = Change::begin(db, permit.audit_actor()).await?;
    let org_id = change.org_id();
    let (email, role) = find_pending(change.tx(), org_id, id).await?;
    permit.expect(Action::Invite { role })?;
    Ok((change, email))
}

/// The audit event of a change to invitation `id`: about the invited person only when they are in
/// the organization (an account elsewhere is never named to it).
async fn event(change: &mut Change, email: &str, details: Details) -> Result<Event, AppError> {
    let event = Event::new(format!("invitation for {email}"), details);
    let org_id = change.org_id();
    Ok(
        match accounts::member_id_by_email(change.tx(), org_id, email).await? {
            Some(account_id) => event.about(account_id),
            None => event,
        },
    )
}

async fn set_token(
    change: &mut Change,
    id: InvitationId,
    token: &str,
    expires_at: Option<i64>,
) -> Result<(), AppError> {
    // Messages not sent yet carry the link being replaced: they are not sent.
    outbox::supersede(
        change.tx(),
        id,
        "not sent: its link was replaced before it went out",
    )
    .await?;
    // The link being replaced is remembered (by its hash), so that it can say so when opened.
    sqlx::query(
        "INSERT INTO invitation_replaced_links (token_hash, invitation_id, replaced_at)
         SELECT token_hash, id, $1 FROM invitations WHERE id = $2
         ON CONFLICT DO NOTHING",
    )
    .bind(now())
    .bind(id)
    .execute(change.tx())
    .await?;
    sqlx::query(
        "UPDATE invitations SET token_hash = $1, expires_at = COALESCE($2, expires_at) WHERE id = $3",
    )
    .bind(token_hash(token))
    .bind(expires_at)
    .bind(id)
    .execute(change.tx())
    .await?;
    Ok(())
}

/// Sends invitation `id` again: a new link, valid `ttl_seconds` from now. Returns the message and
/// the link.
pub async fn resend(
    db: &Db,
    permit: &Permit,
    id: InvitationId,
    ttl_seconds: i64,
    link: impl Fn(&str) -> String,
) -> Result<(Outgoing, String), AppError> {
    let (mut change, email) = begin(db, permit, id).await?;
    let token = new_token();
    let expires_at = now() + ttl_seconds;
    set_token(&mut change, id, &token, Some(expires_at)).await?;
    let actor = permit.actor();
    let url = link(&token);
    let (subject, body) = invitation_mail::compose(&actor.org_name, &actor.name, &url, expires_at);
    let org_id = change.org_id();
    let outbox_id = outbox::queue(
        change.tx(),
        org_id,
        Some(id),
        &email,
        &subject,
        &invitation_mail::redact(&body, &token),
        &body,
    )
    .await?;
    let details = Details::InvitationResend(details::Resent {
        invitation_id: Some(id),
        expires_at: Some(expires_at),
    });
    let event = event(&mut change, &email, details).await?;
    change.commit(event).await?;
    let message = Outgoing {
        outbox_id,
        to: email,
        subject,
        body,
    };
    Ok((message, url))
}

/// Revokes invitation `id`: its link stops working at once.
pub async fn revoke(db: &Db, permit: &Permit, id: InvitationId) -> Result<(), AppError> {
    let (mut change, email) = begin(db, permit, id).await?;
    sqlx::query("UPDATE invitations SET status = 'revoked' WHERE id = $1")
        .bind(id)
        .execute(change.tx())
        .await?;
    outbox::supersede(change.tx(), id, "not sent: the invitation was revoked").await?;
    let details = Details::InvitationRevoke(details::InvitationRef {
        invitation_id: Some(id),
    });
    let event = event(&mut change, &email, details).await?;
    change.commit(event).await
}

/// Issues a new link for invitation `id` (same expiry) and returns its token; the previous link
/// stops working.
pub async fn new_link(db: &Db, permit: &Permit, id: InvitationId) -> Result<String, AppError> {
    let (mut change, email) = begin(db, permit, id).await?;
    let token = new_token();
    set_token(&mut change, id, &token, None).await?;
    let details = Details::InvitationLink(details::InvitationRef {
        invitation_id: Some(id),
    });
    let event = event(&mut change, &email, details).await?;
    change.commit(event).await?;
    Ok(token)
}
