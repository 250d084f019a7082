//! The one application error that every server function returns and every form understands.
//!
//! Variants are things a person can act on. Database and other internal detail is logged on the
//! server and never carried here.

use crate::policy::Denied;
use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// No valid session: the person must sign in.
    #[error("Please sign in to continue.")]
    Unauthorized,
    /// Signed in, but the policy refuses the action.
    #[error("{0}")]
    Forbidden(String),
    /// The thing does not exist, or belongs to another organization.
    #[error("{0} was not found.")]
    NotFound(String),
    /// The value of `field` clashes with something that exists (a duplicate name, say).
    #[error("{message}")]
    Conflict { field: String, message: String },
    /// The value of `field` is not acceptable.
    #[error("{message}")]
    Invalid { field: String, message: String },
    /// Too many attempts in a short time.
    #[error("{0}")]
    TooManyRequests(String),
    /// Something failed on the server; the detail is in the server log.
    #[error("Something went wrong on our side. Please try again.")]
    Internal,
    /// The request never got a proper answer (network, encoding).
    #[error("Could not reach the server ({0}).")]
    Transport(String),
}

/// A database error is `Internal` to the person who met it; its detail goes to the server's log
/// here, once. (Server side only: the `sqlx` feature.) A unique name taken is not this: the
/// store maps those constraints to a conflict on their field first (`store::on_unique`).
#[cfg(feature = "sqlx")]
impl From<sqlx::Error> for AppError {
    fn from(error: sqlx::Error) -> Self {
        tracing::error!(%error, "database error");
        AppError::Internal
    }
}

impl AppError {
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        AppError::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }

    pub fn conflict(field: &str, message: impl Into<String>) -> Self {
        AppError::Conflict {
            field: field.into(),
            message: message.into(),
        }
    }

    /// The message to show next to `field`, if this error is about that field.
    pub fn for_field(&self, wanted: &str) -> Option<String> {
        match self {
            AppError::Invalid { field, message } | AppError::Conflict { field, message }
                if field == wanted =>
            {
                Some(message.clone())
            }
            _ => None,
        }
    }

    /// The message to show for the form as a whole: everything that is not about one field.
    pub fn for_form(&self) -> Option<String> {
        match self {
            AppError::Invalid { .. } | AppError::Conflict { .. } => None,
            other => Some(other.to_string()),
        }
    }

    /// The HTTP status that carries this error.
    pub fn status_code(&self) -> u16 {
        match self {
            AppError::Unauthorized => 401,
            AppError::Forbidden(_) => 403,
            AppError::NotFound(_) => 404,
            AppError::Conflict { .. } => 409,
            AppError::Invalid { .. } => 422,
            AppError::TooManyRequests(_) => 429,
            AppError::Internal => 500,
            AppError::Transport(_) => 400,
        }
    }
}

impl From<Denied> for AppError {
    fn from(denied: Denied) -> Self {
        AppError::Forbidden(denied.to_string())
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    /// On the server, a request whose arguments cannot be read (wrong types, unknown values,
    /// truncated or non-UTF-8 bodies) is the sender's mistake: it is answered with a plain message
    /// that names no internal type. In the browser, an answer that cannot be read is a transport
    /// failure.
    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => malformed(),
            ServerFnErrorErr::Deserialization(_) if !cfg!(target_arch = "wasm32") => malformed(),
            other => AppError::Transport(other.to_string()),
        }
    }
}

/// The answer to a request that does not have the shape its action expects.
fn malformed() -> AppError {
    AppError::invalid(
        "request",
        "The request could not be read: a value is missing or is not of the expected kind.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unreadable_requests_are_the_senders_mistake_and_name_no_type() {
        for error in [
            ServerFnErrorErr::Args("invalid digit found in string".into()),
            ServerFnErrorErr::MissingArg("account_id".into()),
            ServerFnErrorErr::Deserialization(
                "invalid type: sequence, expected struct AuditQuery".into(),
            ),
        ] {
            let app = AppError::from_server_fn_error(error);
            assert_eq!(app.status_code(), 422);
            let text = app.to_string();
            assert!(
                !text.contains("struct") && !text.contains("digit"),
                "{text}"
            );
        }
    }

    #[test]
    fn field_errors_stay_with_their_field() {
        let e = AppError::conflict("name", "A project with this name already exists.");
        assert_eq!(
            e.for_field("name").as_deref(),
            Some("A project with this name already exists.")
        );
        assert_eq!(e.for_field("email"), None);
        assert_eq!(e.for_form(), None);
        assert_eq!(
            AppError::Unauthorized.for_form().as_deref(),
            Some("Please sign in to continue.")
        );
    }

    #[test]
    fn policy_refusals_become_forbidden() {
        let e: AppError = Denied::NeedsOwner.into();
        assert_eq!(e, AppError::Forbidden("Only Owners can do this.".into()));
        assert_eq!(e.status_code(), 403);
    }
}
