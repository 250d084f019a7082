//! Authentication: passwords, and the session cookie that names the signed-in [`Actor`].

pub mod password;

use crate::actor::Actor;
use crate::state::AppState;
use crate::store::{accounts, sessions};
#[cfg(test)]
use axum::http::HeaderValue;
use axum::http::{header, HeaderMap};
use shared::AppError;

/// The name of the session cookie.
pub const SESSION_COOKIE: &str = "roster_session";

/// The session token from the request's cookies, if any.
pub fn session_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value.to_string())
        .filter(|v| !v.is_empty())
}

/// The owner of the request's valid session, whether or not they belong to an organization, with
/// the session's token.
pub async fn session_owner(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<Option<(String, sessions::SessionOwner)>, AppError> {
    let Some(token) = session_token(headers) else {
        return Ok(None);
    };
    let owner = sessions::lookup(&state.db, &token, state.config.session_lifetimes()).await?;
    Ok(owner.map(|owner| (token, owner)))
}

/// The signed-in actor of the request with these headers, acting in organization `org` — or,
/// when the request names none, in the organization the session used last (or, if the person
/// is no longer active there, the one they used before). `None` without a valid session (or
/// with no organization left); `NotFound` when the person is not an active member of `org`, the
/// same answer as for an organization that does not exist.
pub async fn actor_from_headers(
    state: &AppState,
    headers: &HeaderMap,
    org: Option<i64>,
) -> Result<Option<Actor>, AppError> {
    let Some(token) = session_token(headers) else {
        return Ok(None);
    };
    let Some(owner) = sessions::lookup(&state.db, &token, state.config.session_lifetimes()).await?
    else {
        return Ok(None);
    };
    let membership = match org {
        Some(org_id) => Some(
            sessions::member_in(&state.db, &token, &owner, org_id)
                .await?
                .ok_or_else(|| AppError::NotFound("This organization".into()))?,
        ),
        None => {
            let last = match owner.org_id {
                Some(org_id) => sessions::member_in(&state.db, &token, &owner, org_id).await?,
                None => None,
            };
            match last {
                Some(membership) => Some(membership),
                None => match accounts::home_org(&state.db, owner.account_id).await? {
                    Some(org_id) => sessions::member_in(&state.db, &token, &owner, org_id).await?,
                    None => None,
                },
            }
        }
    };
    Ok(membership.map(|m| Actor {
        role: m.org_role,
        account_id: owner.account_id,
        name: owner.name,
        email: owner.email,
        org_id: m.org_id,
        org_name: m.org_name,
        org_slug: m.org_slug,
    }))
}

/// The `Set-Cookie` value that stores a new session token.
pub fn session_cookie(token: &str, state: &AppState) -> String {
    let max_age = state.config.session_max.as_secs();
    let secure = if state.config.cookie_secure {
        "; Secure"
    } else {
        ""
    };
    format!("{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}")
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn cleared_session_cookie(state: &AppState) -> String {
    let secure = if state.config.cookie_secure {
        "; Secure"
    } else {
        ""
    };
    format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_session_cookie_among_others() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("theme=dark; roster_session=abc123; x=1"),
        );
        assert_eq!(session_token(&headers).as_deref(), Some("abc123"));
        headers.insert(header::COOKIE, HeaderValue::from_static("roster_session="));
        assert_eq!(session_token(&headers), None);
    }
}
