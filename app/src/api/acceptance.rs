//! The page of an invitation link: what it offers, and accepting it. Reached without a session;
//! the link's token is what authorizes. A new person chooses a name and password; someone who
//! already has an account proves it with their password (or their session). Either way they end
//! up signed in to the organization that invited them. Nothing here tells the link holder whether
//! the invited email has an account before they prove they own it.

#[cfg(feature = "ssr")]
use crate::paths;
use leptos::prelude::*;
use shared::invitations::InvitationLanding;
use shared::AppError;

#[cfg(feature = "ssr")]
use super::context;
#[cfg(feature = "ssr")]
use shared::AccountId;
#[cfg(feature = "ssr")]
use {
    super::{field, plain_form_goes_to, respond},
    roster_core::auth::{self, password},
    roster_core::state::AppState,
    roster_core::store::acceptance::{self, Joiner},
    roster_core::store::{accounts, sessions},
    shared::validate,
};

/// Who is signed in where the link is opened, if anyone.
#[cfg(feature = "ssr")]
async fn viewer(state: &AppState) -> Result<Option<acceptance::Viewer>, AppError> {
    Ok(auth::session_owner(state, &context::request_headers())
        .await?
        .map(|(_, owner)| acceptance::Viewer {
            account_id: owner.account_id.0,
            name: owner.name,
            email: owner.email,
        }))
}

/// What the invitation with `token` offers, or why it cannot be used, and who is signed in here.
#[server(prefix = "/api", endpoint = "get_invitation", output = crate::api::codec::Answer)]
pub async fn get_invitation(token: String) -> Result<InvitationLanding, AppError> {
    respond(
        async {
            let state = context::state()?;
            let viewer = viewer(&state).await?;
            acceptance::landing(&state.db, token.trim(), viewer.as_ref()).await
        }
        .await,
    )
}

/// What a wrong password for an existing account is told. Only someone who would otherwise have
/// created the account (and joined with it) ever reads it, so it reveals nothing for free.
#[cfg(feature = "ssr")]
const NOT_ITS_PASSWORD: &str =
    "This email has a Roster account already, and that is not its password. Enter the password you sign in with.";

/// Accepts the invitation with `token` and signs the person in.
///
/// Signed in as the invited account, the session is the proof: no password is asked. Signed in as
/// anyone else, it is refused (sign out first): a session is never silently replaced. Otherwise one
/// form serves everyone, so that its answers do not tell the link holder whether the email has an
/// account: the password of an existing account joins with that account (the name is not used);
/// any other password must be a valid new one, and then either creates the account (no account
/// yet) or is refused as not the account's password. Every password check counts against the
/// same limits as signing in, and takes the same time whether or not the account exists.
#[server(prefix = "/api", endpoint = "accept_invitation", output = crate::api::codec::Answer)]
pub async fn accept_invitation(
    token: String,
    name: Option<String>,
    password: String,
) -> Result<(), AppError> {
    respond(
        async {
            let state = context::state()?;
            let token = token.trim();
            let email = acceptance::invited_email(&state.db, token).await?;
            let old_session = auth::session_token(&context::request_headers());
            let joined = match viewer(&state).await? {
                Some(viewer) if viewer.email.eq_ignore_ascii_case(&email) => {
                    let joiner = Joiner::Existing {
                        account_id: AccountId(viewer.account_id),
                    };
                    acceptance::accept(&state.db, token, joiner).await?
                }
                Some(viewer) => {
                    return Err(AppError::Forbidden(
                        format!(
                            "You are signed in as {} ({}). Sign out first, then open this link again to accept the invitation for {email}.",
                            viewer.name, viewer.email
                        ),
                    ))
                }
                None => join_with_password(&state, token, &email, name, &password).await?,
            };
            if let Some(old) = old_session {
                sessions::delete(&state.db, &old).await?;
            }
            let session =
                sessions::create(&state.db, joined.account_id, Some(joined.org_id)).await?;
            context::set_cookie(&auth::session_cookie(&session, &state));
            // Posted without JavaScript: into Roster, not back to the link, which is used now.
            plain_form_goes_to(paths::HOME);
            Ok(())
        }
        .await,
    )
}

/// The one form of the accept page, answered the same way whether or not `email` has an account
/// until a password proves it (see [`accept_invitation`]).
#[cfg(feature = "ssr")]
async fn join_with_password(
    state: &AppState,
    token: &str,
    email: &str,
    name: Option<String>,
    password: &str,
) -> Result<acceptance::Joined, AppError> {
    let existing = accounts::credentials(&state.db, email).await?;
    let attempt = state
        .password_attempts
        .begin(context::client(&state.config), email)
        .await?;
    // Without an account, the check runs against no hash and takes the same time.
    let stored = existing.as_ref().map(|c| c.password_hash.as_str());
    if password::verify(password, stored).await? {
        if let Some(existing) = existing {
            attempt.succeeded().await;
            let joiner = Joiner::Existing {
                account_id: AccountId(existing.account_id),
            };
            return acceptance::accept(&state.db, token, joiner).await;
        }
    }
    let name =
        validate::name("your name", name.as_deref().unwrap_or_default()).map_err(field("name"))?;
    password::check_new(password).map_err(field("password"))?;
    if existing.is_some() {
        return Err(AppError::invalid("password", NOT_ITS_PASSWORD));
    }
    let password_hash = password::hash(password).await?;
    let joiner = Joiner::New {
        name: &name,
        password_hash: &password_hash,
    };
    let joined = acceptance::accept(&state.db, token, joiner).await?;
    attempt.succeeded().await;
    Ok(joined)
}
