//! Who is signed in, first-run setup, sign-in and sign-out.

#[cfg(feature = "ssr")]
use crate::paths;
use leptos::prelude::*;
use shared::wire::SessionState;
use shared::AppError;

#[cfg(feature = "ssr")]
use super::context;
#[cfg(feature = "ssr")]
use shared::AccountId;
#[cfg(feature = "ssr")]
use {
    super::{field, plain_form_goes_to, respond},
    roster_core::auth::{self, password},
    roster_core::store::{accounts, orgs, sessions},
    shared::validate,
};

/// What the app shell needs: set-up or not, signed in or not, and as whom — in the organization
/// at address `org` (the page's), or without one in the organization the session used last. An
/// organization the person is not an active member of is "not found", as one that does not exist;
/// someone signed out is told only that.
#[server(prefix = "/api", endpoint = "session", output = crate::api::codec::Answer)]
pub async fn get_session(org: Option<String>) -> Result<SessionState, AppError> {
    respond(
        async {
            let state = context::state()?;
            if !orgs::any_exists(&state.db).await? {
                return Ok(SessionState::NeedsSetup);
            }
            let signed_in = auth::session_token(&context::request_headers()).is_some()
                && context::current_actor(&state, None).await?.is_some();
            if !signed_in {
                return Ok(SessionState::SignedOut);
            }
            let org_id = match org.as_deref() {
                Some(slug) => Some(
                    orgs::find_by_slug(&state.db, slug)
                        .await?
                        .ok_or_else(|| AppError::NotFound("This organization".into()))?
                        .id,
                ),
                None => None,
            };
            let actor = context::current_actor(&state, org_id)
                .await?
                .ok_or(AppError::Unauthorized)?;
            let choices = orgs::choices(&state.db, actor.account_id).await?;
            Ok(SessionState::SignedIn(
                actor.me(choices, state.config.anyone_creates_orgs),
            ))
        }
        .await,
    )
}

/// First run: creates the organization and its first Owner, and signs them in. Refused once any
/// organization exists.
#[server(prefix = "/api", endpoint = "setup", output = crate::api::codec::Answer)]
pub async fn setup_organization(
    org_name: String,
    name: String,
    email: String,
    password: String,
) -> Result<(), AppError> {
    respond(
        async {
            let state = context::state()?;
            let org_name =
                validate::name("the organization's name", &org_name).map_err(field("org_name"))?;
            let name = validate::name("your name", &name).map_err(field("name"))?;
            let email = validate::email(&email).map_err(field("email"))?;
            password::check_new(&password).map_err(field("password"))?;
            if orgs::any_exists(&state.db).await? {
                return Err(AppError::Forbidden(
                    "This Roster is already set up. Sign in instead.".into(),
                ));
            }
            let hash = password::hash(&password).await?;
            let created = orgs::create_with_owner(
                &state.db,
                orgs::Origin::FirstRun,
                &org_name,
                &name,
                &email,
                &hash,
            )
            .await?;
            let token = sessions::create(&state.db, created.owner_id, Some(created.org_id)).await?;
            context::set_cookie(&auth::session_cookie(&token, &state));
            Ok(())
        }
        .await,
    )
}

/// Signs in with email and password. An empty field is named at the field, and an email longer
/// than any address can be is refused, both before anything is counted or looked up. Wrong
/// credentials get one message whether or not the email has an account, and take the same time
/// either way. Too many failures from the client, for this email or any, are refused (429) before
/// anything is looked up; an email others keep failing for is slowed down, never refused.
#[server(prefix = "/api", endpoint = "sign_in", output = crate::api::codec::Answer)]
pub async fn sign_in(email: String, password: String) -> Result<(), AppError> {
    respond(
        async {
            const WRONG: &str = "Wrong email or password.";
            let state = context::state()?;
            let email = email.trim().to_lowercase();
            if email.is_empty() {
                return Err(AppError::invalid("email", "Enter your email."));
            }
            if email.chars().count() > validate::EMAIL_MAX {
                return Err(AppError::invalid(
                    "email",
                    format!(
                        "An email address has at most {} characters.",
                        validate::EMAIL_MAX
                    ),
                ));
            }
            if password.is_empty() {
                return Err(AppError::invalid("password", "Enter your password."));
            }
            let attempt = state
                .password_attempts
                .begin(context::client(&state.config), &email)
                .await?;
            let credentials = accounts::credentials(&state.db, &email).await?;
            let stored = credentials.as_ref().map(|c| c.password_hash.as_str());
            if !password::verify(&password, stored).await? {
                return Err(AppError::invalid("password", WRONG));
            }
            let Some(credentials) = credentials else {
                return Err(AppError::invalid("password", WRONG));
            };
            attempt.succeeded().await;
            let account_id = AccountId(credentials.account_id);
            // An account in no organization signs in, to create or join one; one deactivated
            // wherever it belongs does not.
            let org_id = accounts::home_org(&state.db, account_id).await?;
            if org_id.is_none() && accounts::deactivated_somewhere(&state.db, account_id).await? {
                return Err(AppError::Forbidden(
                    "This account is not an active member of any organization. If you were deactivated, ask an Owner or Admin of your organization to reactivate you.".into(),
                ));
            }
            // A fresh token at every sign-in; an older session of this browser is ended.
            if let Some(old) = auth::session_token(&context::request_headers()) {
                sessions::delete(&state.db, &old).await?;
            }
            let token = sessions::create(&state.db, account_id, org_id).await?;
            context::set_cookie(&auth::session_cookie(&token, &state));
            Ok(())
        }
        .await,
    )
}

/// Signs out: deletes the session on the server and clears the cookie. A form posted without
/// JavaScript is then sent to the sign-in page, or back to the invitation link it was posted from
/// (which then offers the invitation to whoever it is for).
#[server(prefix = "/api", endpoint = "sign_out", output = crate::api::codec::Answer)]
pub async fn sign_out() -> Result<(), AppError> {
    respond(
        async {
            let state = context::state()?;
            if let Some(token) = auth::session_token(&context::request_headers()) {
                sessions::delete(&state.db, &token).await?;
            }
            context::set_cookie(&auth::cleared_session_cookie(&state));
            if !posted_from_invitation_link() {
                plain_form_goes_to(paths::SIGN_IN);
            }
            Ok(())
        }
        .await,
    )
}

/// Whether the request came from an invitation link's page (`/invite/<token>`), by its `Referer`.
#[cfg(feature = "ssr")]
fn posted_from_invitation_link() -> bool {
    context::request_headers()
        .get(axum::http::header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|referer| referer.split_once("://"))
        .and_then(|(_, rest)| rest.find('/').map(|at| rest[at..].to_string()))
        .is_some_and(|path| path.starts_with(paths::INVITATION_LINK))
}

/// Chooses the password of an account the identity provider provisioned, through the single-use
/// link mailed to its person, and signs them in to the organization that provisioned them.
#[server(prefix = "/api", endpoint = "set_password", output = crate::api::codec::Answer)]
pub async fn set_password(token: String, password: String) -> Result<(), AppError> {
    respond(
        async {
            let state = context::state()?;
            password::check_new(&password).map_err(field("password"))?;
            let hash = password::hash(&password).await?;
            let (account_id, org_id) =
                roster_core::store::provisioning::use_password_link(&state.db, &token, &hash)
                    .await?;
            if let Some(old) = auth::session_token(&context::request_headers()) {
                sessions::delete(&state.db, &old).await?;
            }
            let session = sessions::create(&state.db, account_id, Some(org_id)).await?;
            context::set_cookie(&auth::session_cookie(&session, &state));
            plain_form_goes_to(paths::HOME);
            Ok(())
        }
        .await,
    )
}
