//! Authentication and the capability that authorization hands out. Server side only.
//!
//! A server function finds the signed-in [`Actor`] from the session cookie, then asks the `shared`
//! policy for a [`Permit`] for the action it is about to perform. Store functions that change
//! anything take a `&Permit`, and only this module can make one, so an unchecked change does not
//! compile.

pub mod password;

use crate::state::AppState;
use crate::store::audit::AuditActor;
use crate::store::sessions;
use axum::http::{header, HeaderMap, HeaderValue};
use shared::wire::Me;
use shared::{can, Action, AppError, OrgRole};

/// The name of the session cookie.
pub const SESSION_COOKIE: &str = "roster_session";

/// A signed-in person acting in the organization of their session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub account_id: i64,
    pub name: String,
    pub email: String,
    pub org_id: i64,
    pub org_name: String,
    pub role: OrgRole,
}

impl Actor {
    /// Asks the policy whether this actor may perform `action`; if so, returns the permit for it.
    pub fn permit(&self, action: Action) -> Result<Permit, AppError> {
        can(self.role, action)?;
        Ok(Permit {
            actor: self.clone(),
            action,
        })
    }

    /// Who audit events of this actor's changes are attributed to.
    pub fn audit_actor(&self) -> AuditActor {
        AuditActor {
            org_id: self.org_id,
            account_id: Some(self.account_id),
            name: self.name.clone(),
        }
    }

    /// The same actor with their role as it is now in the database (read inside a write
    /// transaction, so that a role changed since the request began is the one that counts).
    pub fn with_role(&self, role: OrgRole) -> Actor {
        Actor {
            role,
            ..self.clone()
        }
    }

    pub fn me(&self) -> Me {
        Me {
            account_id: self.account_id,
            name: self.name.clone(),
            email: self.email.clone(),
            org_id: self.org_id,
            org_name: self.org_name.clone(),
            role: self.role,
        }
    }
}

/// Proof that the policy allowed `action` for `actor`. Only [`Actor::permit`] makes one.
#[derive(Debug, Clone)]
pub struct Permit {
    actor: Actor,
    action: Action,
}

impl Permit {
    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    pub fn org_id(&self) -> i64 {
        self.actor.org_id
    }

    /// The action this permit allows.
    pub fn action(&self) -> Action {
        self.action
    }

    /// Checks that this permit is for `action` (a store function given the wrong permit is a bug).
    pub fn expect(&self, action: Action) -> Result<(), AppError> {
        if self.action == action {
            Ok(())
        } else {
            tracing::error!(granted = ?self.action, needed = ?action, "permit used for another action");
            Err(AppError::Internal)
        }
    }

    pub fn audit_actor(&self) -> AuditActor {
        AuditActor {
            org_id: self.actor.org_id,
            account_id: Some(self.actor.account_id),
            name: self.actor.name.clone(),
        }
    }
}

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

/// The signed-in actor of the request with these headers, if the session is valid.
pub async fn actor_from_headers(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<Option<Actor>, AppError> {
    let Some(token) = session_token(headers) else {
        return Ok(None);
    };
    let Some(owner) = sessions::lookup(&state.db, &token, state.config.session_lifetimes()).await?
    else {
        return Ok(None);
    };
    Ok(Some(Actor {
        role: owner.role()?,
        account_id: owner.account_id,
        name: owner.name,
        email: owner.email,
        org_id: owner.org_id,
        org_name: owner.org_name,
    }))
}

/// The headers of the request being handled (provided by leptos_axum).
pub fn request_headers() -> HeaderMap {
    leptos::prelude::use_context::<axum::http::request::Parts>()
        .map(|parts| parts.headers)
        .unwrap_or_default()
}

/// The signed-in actor of the current request, if any.
pub async fn current_actor(state: &AppState) -> Result<Option<Actor>, AppError> {
    actor_from_headers(state, &request_headers()).await
}

/// The signed-in actor of the current request, or `Unauthorized`.
pub async fn require_actor(state: &AppState) -> Result<Actor, AppError> {
    current_actor(state).await?.ok_or(AppError::Unauthorized)
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

/// Adds a `Set-Cookie` header to the response of the current server function.
pub fn set_cookie(value: &str) {
    if let (Some(response), Ok(value)) = (
        leptos::prelude::use_context::<leptos_axum::ResponseOptions>(),
        HeaderValue::from_str(value),
    ) {
        response.append_header(header::SET_COOKIE, value);
    }
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
