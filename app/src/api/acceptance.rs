//! The page of an invitation link: what it offers, and accepting it. Reached without a session;
//! the link's token is what authorizes. A new person chooses a name and password; someone who
//! already has an account proves it with their password. Either way they end up signed in to the
//! organization that invited them.

use leptos::prelude::*;
use shared::invitations::InvitationLanding;
use shared::AppError;

#[cfg(feature = "ssr")]
use {
    super::{field, respond},
    crate::auth::{self, password},
    crate::rate_limit::Client,
    crate::state::AppState,
    crate::store::acceptance::{self, Joiner},
    crate::store::{accounts, sessions},
    shared::validate,
};

/// What the invitation with `token` offers, or why it cannot be used.
#[server(prefix = "/api", endpoint = "get_invitation")]
pub async fn get_invitation(token: String) -> Result<InvitationLanding, AppError> {
    respond(
        async {
            let state = AppState::from_context()?;
            acceptance::landing(&state.db, token.trim()).await
        }
        .await,
    )
}

/// Accepts the invitation with `token` and signs the person in. `name` is ignored when the email
/// already has an account. An existing account's password check counts against the same limits
/// as signing in (per client and per email).
#[server(prefix = "/api", endpoint = "accept_invitation")]
pub async fn accept_invitation(
    token: String,
    name: Option<String>,
    password: String,
) -> Result<(), AppError> {
    respond(
        async {
            let state = AppState::from_context()?;
            let token = token.trim();
            let email = acceptance::invited_email(&state.db, token).await?;
            let joined = match accounts::credentials(&state.db, &email).await? {
                Some(existing) => {
                    let attempt = state
                        .password_attempts
                        .begin(Client::current(&state.config), &email)?;
                    if !password::verify(&password, Some(&existing.password_hash)).await? {
                        return Err(AppError::invalid("password", "Wrong password."));
                    }
                    attempt.succeeded();
                    let joiner = Joiner::Existing {
                        account_id: existing.account_id,
                    };
                    acceptance::accept(&state.db, token, joiner).await?
                }
                None => {
                    let name = validate::name("your name", name.as_deref().unwrap_or_default())
                        .map_err(field("name"))?;
                    password::check_new(&password).map_err(field("password"))?;
                    let password_hash = password::hash(&password).await?;
                    let joiner = Joiner::New {
                        name: &name,
                        password_hash: &password_hash,
                    };
                    acceptance::accept(&state.db, token, joiner).await?
                }
            };
            if let Some(old) = auth::session_token(&auth::request_headers()) {
                sessions::delete(&state.db, &old).await?;
            }
            let session = sessions::create(&state.db, joined.account_id, joined.org_id).await?;
            auth::set_cookie(&auth::session_cookie(&session, &state));
            Ok(())
        }
        .await,
    )
}
