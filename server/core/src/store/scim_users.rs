//! People as the identity provider sees them over SCIM: every member of the organization is a SCIM
//! User whose id is their account id. The identity provider's own attributes (name parts, display
//! name, emails as sent) are kept with the membership; the account keeps the name and email Roster
//! shows, and changes only when the account belongs to this organization alone — an account that
//! is also in another organization is never changed from here.

use super::audit::{Change, Event};
use super::audit_details::{self as details, Details};
use super::members::{apply_status, leave};
use super::sessions::{new_token, token_hash};
use super::{accounts, is_unique_violation, now, outbox, Db};
use crate::actor::ScimPermit;
use crate::invitation_mail::{self, Outgoing};
use shared::stored::Flag;
use shared::{AccountId, AppError, OrgRole};

mod reads;
use reads::read;
pub use reads::{by_external_id, by_user_name, count, get, page};

/// A person as the SCIM layer reads them.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct UserRecord {
    pub account_id: AccountId,
    pub email: String,
    pub name: String,
    pub user_name: String,
    pub external_id: Option<String>,
    /// The identity provider's attributes as sent, JSON (`None` for people it never sent).
    pub attributes: Option<String>,
    #[sqlx(try_from = "shared::stored::Flag")]
    pub active: bool,
    pub role: OrgRole,
    pub revision: i64,
    pub created_at: i64,
    pub modified_at: i64,
}

/// What the identity provider says about a person, read and checked by the SCIM layer.
#[derive(Debug, Clone, PartialEq)]
pub struct UserInput {
    pub user_name: String,
    pub external_id: Option<String>,
    /// The primary email: their address in Roster.
    pub email: String,
    /// The name Roster shows.
    pub display_name: String,
    /// The attributes to keep as sent, JSON.
    pub attributes: String,
    pub active: bool,
}

/// What creating a person did.
#[derive(Debug)]
pub struct Created {
    pub record: UserRecord,
    /// The message that lets a new account choose its password, to deliver after the commit.
    pub message: Option<Outgoing>,
}

/// Provisions a person: a deactivated person with the same external id or user name is reactivated
/// (same id); an account with the email joins the organization; otherwise a new account is
/// created, unable to sign in until its person chooses a password through the link in the message
/// returned. An active person with the same user name is a conflict.
pub async fn create(
    db: &Db,
    permit: &ScimPermit,
    input: &UserInput,
    ttl_seconds: i64,
    link: impl Fn(&str) -> String,
) -> Result<Created, AppError> {
    let mut change = Change::begin(db, permit.audit_actor()).await?;
    let org_id = permit.org_id();
    // Both look-ups in one statement, each by its own index (an `OR` of the two would read every
    // membership): who has this userName here, and who has this externalId (an active one first).
    let found: Vec<(Flag, AccountId, Flag)> = sqlx::query_as(
        "SELECT 1, account_id, deactivated_at IS NULL FROM memberships
         WHERE org_id = $1 AND COALESCE(user_name, email) = $2 COLLATE NOCASE
         UNION ALL
         SELECT * FROM (SELECT 0, account_id, deactivated_at IS NULL FROM memberships
                        WHERE org_id = $1 AND external_id = $3
                        ORDER BY deactivated_at IS NULL LIMIT 1) AS by_external_id",
    )
    .bind(org_id)
    .bind(&input.user_name)
    .bind(&input.external_id)
    .fetch_all(change.tx())
    .await?;
    // A deactivated person found either way is provisioned again; an active one is a conflict.
    let same = found
        .into_iter()
        .map(|(_, account_id, Flag(active))| (account_id, active))
        .min_by_key(|(_, active)| *active);
    if let Some((account_id, active)) = same {
        if active {
            return Err(user_name_taken());
        }
        let role = role(&mut change, account_id).await?;
        write_attributes(&mut change, account_id, input).await?;
        apply_status(&mut change, account_id, role, true).await?;
        let event = Event::new(
            input.display_name.clone(),
            Details::ScimUserCreate(details::Provisioned {
                role,
                new_account: false,
                reactivated: true,
            }),
        )
        .about(account_id);
        change.record(event).await?;
        let record = read(change.tx(), org_id, account_id).await?;
        change.finish().await?;
        return Ok(Created {
            record,
            message: None,
        });
    }
    // The organization's name (for the message) and default role, and the account with this
    // email if there is one, in one statement.
    let (role, org_name, existing): (OrgRole, String, Option<i64>) = sqlx::query_as(
        "SELECT provisioned_role, name, (SELECT id FROM accounts WHERE email = $2)
         FROM organizations WHERE id = $1",
    )
    .bind(org_id)
    .bind(&input.email)
    .fetch_one(change.tx())
    .await?;
    let (account_id, new_account) = match existing {
        Some(id) => (AccountId(id), false),
        // No password can match "!": the person chooses one through the link.
        None => (
            accounts::insert(change.tx(), &input.email, &input.display_name, "!").await?,
            true,
        ),
    };
    // The membership with the identity provider's attributes at once, its name and email copied
    // from the account. A new account has the name and email sent already; an existing one may
    // still take them (when it is in no other organization), as any change does.
    let at = now();
    sqlx::query(
        "INSERT INTO memberships (org_id, account_id, org_role, joined_at, name, email, user_name,
                                  external_id, scim_attributes, revision, modified_at)
         SELECT $1, id, $2, $3, name, email, $4, $5, $6, $7, $3 FROM accounts WHERE id = $8",
    )
    .bind(org_id)
    .bind(role)
    .bind(at)
    .bind(stored_user_name(input))
    .bind(&input.external_id)
    .bind(&input.attributes)
    .bind(if new_account { 1 } else { 0 })
    .bind(account_id)
    .execute(change.tx())
    .await
    .map_err(|e| {
        if is_unique_violation(&e) {
            AppError::conflict(
                "emails",
                "Someone with this email is in the organization already.",
            )
        } else {
            AppError::from(e)
        }
    })?;
    if !new_account {
        write_attributes(&mut change, account_id, input).await?;
    }
    if !input.active {
        apply_status(&mut change, account_id, role, false).await?;
    }
    let message = if new_account {
        let to = (account_id, input.email.as_str());
        Some(password_link(&mut change, to, &org_name, ttl_seconds, link).await?)
    } else {
        None
    };
    let event = Event::new(
        input.display_name.clone(),
        Details::ScimUserCreate(details::Provisioned {
            role,
            new_account,
            reactivated: false,
        }),
    )
    .about(account_id);
    change.record(event).await?;
    let record = read(change.tx(), org_id, account_id).await?;
    change.finish().await?;
    Ok(Created { record, message })
}

/// Replaces what the identity provider says about person `id` with `input` (a PUT, or a PATCH
/// applied to the current attributes). `expected_revision`, when given, must be the person's
/// current revision. Deactivating the last active Owner is refused.
pub async fn update(
    db: &Db,
    permit: &ScimPermit,
    id: AccountId,
    input: &UserInput,
    expected_revision: Option<i64>,
) -> Result<UserRecord, AppError> {
    let mut change = Change::begin(db, permit.audit_actor()).await?;
    let org_id = permit.org_id();
    let before = read(change.tx(), org_id, id).await?;
    if expected_revision.is_some_and(|r| r != before.revision) {
        return Err(AppError::conflict(
            "version",
            "This user was changed since you read it.",
        ));
    }
    let mut changed = Vec::new();
    if !before.user_name.eq(&input.user_name) {
        changed.push("userName");
    }
    if before.external_id != input.external_id {
        changed.push("externalId");
    }
    if before.attributes.as_deref() != Some(input.attributes.as_str()) {
        changed.push("attributes");
    }
    if before.active != input.active {
        changed.push("active");
    }
    if changed.is_empty() {
        change.finish().await?;
        return Ok(before);
    }
    write_attributes(&mut change, id, input).await?;
    if before.active != input.active {
        apply_status(&mut change, id, before.role, input.active).await?;
    }
    let event = Event::new(
        input.display_name.clone(),
        Details::ScimUserUpdate(details::ProvisionedUpdate {
            attributes: changed.iter().map(|a| a.to_string()).collect(),
        }),
    )
    .about(id);
    change.record(event).await?;
    let record = read(change.tx(), org_id, id).await?;
    change.finish().await?;
    Ok(record)
}

/// Takes person `id` out of the organization exactly as "Remove from organization" does.
pub async fn remove(db: &Db, permit: &ScimPermit, id: AccountId) -> Result<(), AppError> {
    let mut change = Change::begin(db, permit.audit_actor()).await?;
    let role = role(&mut change, id).await?;
    leave(&mut change, id, role, false).await?;
    change.finish().await
}

async fn role(change: &mut Change, id: AccountId) -> Result<OrgRole, AppError> {
    let org_id = change.org_id();
    super::people::role_of(change.tx(), org_id, id).await
}

/// The userName as kept: none when it is the email (the membership's email then stands for it).
fn stored_user_name(input: &UserInput) -> Option<&str> {
    (!input.user_name.eq_ignore_ascii_case(&input.email)).then_some(input.user_name.as_str())
}

fn user_name_taken() -> AppError {
    AppError::conflict(
        "userName",
        "A user with this userName exists in the organization.",
    )
}

/// Writes the identity provider's attributes of person `id`, and the account's name and email when
/// the account belongs to this organization alone.
async fn write_attributes(
    change: &mut Change,
    id: AccountId,
    input: &UserInput,
) -> Result<(), AppError> {
    let org_id = change.org_id();
    sqlx::query(
        "UPDATE memberships SET user_name = $1, external_id = $2, scim_attributes = $3,
                revision = revision + 1, modified_at = $4
         WHERE org_id = $5 AND account_id = $6",
    )
    .bind(stored_user_name(input))
    .bind(&input.external_id)
    .bind(&input.attributes)
    .bind(now())
    .bind(org_id)
    .bind(id)
    .execute(change.tx())
    .await
    .map_err(|e| {
        if is_unique_violation(&e) {
            user_name_taken()
        } else {
            AppError::from(e)
        }
    })?;
    let Flag(only_here) = sqlx::query_scalar(
        "SELECT NOT EXISTS (SELECT 1 FROM memberships WHERE account_id = $1 AND org_id <> $2)",
    )
    .bind(id)
    .bind(org_id)
    .fetch_one(change.tx())
    .await?;
    if only_here {
        // Only when something changes: each change of an account's name or email also rewrites
        // its search entry and its memberships' copies.
        sqlx::query(
            "UPDATE accounts SET name = $1, email = $2 WHERE id = $3 AND (name <> $1 OR email <> $2)",
        )
            .bind(&input.display_name)
            .bind(&input.email)
            .bind(id)
            .execute(change.tx())
            .await
            .map_err(|e| {
                if is_unique_violation(&e) {
                    AppError::conflict("emails", "Another account has this email.")
                } else {
                    AppError::from(e)
                }
            })?;
    }
    Ok(())
}

/// Writes a single-use link that lets account `id` choose its password and queues its message.
async fn password_link(
    change: &mut Change,
    (id, email): (AccountId, &str),
    org_name: &str,
    ttl_seconds: i64,
    link: impl Fn(&str) -> String,
) -> Result<Outgoing, AppError> {
    let org_id = change.org_id();
    let token = new_token();
    let (at, expires_at) = (now(), now() + ttl_seconds);
    sqlx::query(
        "INSERT INTO password_links (token_hash, account_id, org_id, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(token_hash(&token))
    .bind(id)
    .bind(org_id)
    .bind(at)
    .bind(expires_at)
    .execute(change.tx())
    .await?;
    let (subject, body) = invitation_mail::compose_password(org_name, &link(&token), expires_at);
    let stored = invitation_mail::redact(&body, &token);
    let outbox_id =
        outbox::queue(change.tx(), org_id, None, email, &subject, &stored, &body).await?;
    Ok(Outgoing {
        outbox_id,
        to: email.to_string(),
        subject,
        body,
    })
}
