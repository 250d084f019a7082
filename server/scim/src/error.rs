//! SCIM error responses (RFC 7644 §3.12): an HTTP status, an optional `scimType` and a detail
//! message, written as the JSON body identity providers expect.

use std::fmt;

use serde_json::{Map, Value};

use crate::filter::FilterError;

/// The `scimType` keywords of RFC 7644 §3.12, for 400 (and 409) responses.
pub mod scim_type {
    /// The filter syntax was invalid, or the attribute and comparison are not supported.
    pub const INVALID_FILTER: &str = "invalidFilter";
    /// The request would return or change too many resources.
    pub const TOO_MANY: &str = "tooMany";
    /// A value is already taken by another resource.
    pub const UNIQUENESS: &str = "uniqueness";
    /// The change is not allowed by the attribute's mutability (for example `id`).
    pub const MUTABILITY: &str = "mutability";
    /// The request body was not valid JSON or did not have the expected structure.
    pub const INVALID_SYNTAX: &str = "invalidSyntax";
    /// A PATCH `path` was invalid or malformed.
    pub const INVALID_PATH: &str = "invalidPath";
    /// A PATCH `path` named nothing that could be operated on.
    pub const NO_TARGET: &str = "noTarget";
    /// A required value was missing or a value was not compatible with the attribute.
    pub const INVALID_VALUE: &str = "invalidValue";
    /// The SCIM protocol version is not supported.
    pub const INVALID_VERS: &str = "invalidVers";
    /// The request carried sensitive information in its URL.
    pub const SENSITIVE: &str = "sensitive";
}

/// A failed SCIM request: what status to answer with and what to say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScimError {
    /// The HTTP status code.
    pub status: u16,
    /// The `scimType` keyword, one of [`scim_type`], when the status has one.
    pub scim_type: Option<&'static str>,
    /// A human-readable explanation.
    pub detail: String,
}

impl ScimError {
    /// An error with any status, `scimType` and detail.
    pub fn new(status: u16, scim_type: Option<&'static str>, detail: impl Into<String>) -> Self {
        Self {
            status,
            scim_type,
            detail: detail.into(),
        }
    }

    /// 400 Bad Request with the given `scimType`.
    pub fn bad_request(scim_type: &'static str, detail: impl Into<String>) -> Self {
        Self::new(400, Some(scim_type), detail)
    }

    /// 400 `invalidFilter`.
    pub fn invalid_filter(detail: impl Into<String>) -> Self {
        Self::bad_request(scim_type::INVALID_FILTER, detail)
    }

    /// 400 `invalidValue`.
    pub fn invalid_value(detail: impl Into<String>) -> Self {
        Self::bad_request(scim_type::INVALID_VALUE, detail)
    }

    /// 400 `invalidSyntax`.
    pub fn invalid_syntax(detail: impl Into<String>) -> Self {
        Self::bad_request(scim_type::INVALID_SYNTAX, detail)
    }

    /// 400 `mutability`.
    pub fn mutability(detail: impl Into<String>) -> Self {
        Self::bad_request(scim_type::MUTABILITY, detail)
    }

    /// 400 `tooMany`.
    pub fn too_many(detail: impl Into<String>) -> Self {
        Self::bad_request(scim_type::TOO_MANY, detail)
    }

    /// 401 Unauthorized: no valid bearer token.
    pub fn unauthorized() -> Self {
        Self::new(
            401,
            None,
            "Authorization failure: a valid bearer token is required.",
        )
    }

    /// 403 Forbidden: the token may not do this.
    pub fn forbidden(detail: impl Into<String>) -> Self {
        Self::new(403, None, detail)
    }

    /// 404 Not Found.
    pub fn not_found(detail: impl Into<String>) -> Self {
        Self::new(404, None, detail)
    }

    /// 405 Method Not Allowed.
    pub fn method_not_allowed() -> Self {
        Self::new(405, None, "This method is not supported on this endpoint.")
    }

    /// 409 Conflict with `scimType` `uniqueness`: a unique value is already taken.
    pub fn conflict_uniqueness(detail: impl Into<String>) -> Self {
        Self::new(409, Some(scim_type::UNIQUENESS), detail)
    }

    /// 412 Precondition Failed: the resource changed since the version the client holds.
    pub fn precondition_failed(detail: impl Into<String>) -> Self {
        Self::new(412, None, detail)
    }

    /// 413 Payload Too Large.
    pub fn payload_too_large(detail: impl Into<String>) -> Self {
        Self::new(413, None, detail)
    }

    /// 500 Internal Server Error.
    pub fn internal(detail: impl Into<String>) -> Self {
        Self::new(500, None, detail)
    }

    /// 501 Not Implemented: a SCIM feature Roster does not offer (bulk, sorting, …).
    pub fn not_implemented(detail: impl Into<String>) -> Self {
        Self::new(501, None, detail)
    }

    /// The RFC 7644 §3.12 body: `schemas`, `status` as a string, `scimType` when set, `detail`.
    pub fn to_json(&self) -> Value {
        let mut body = Map::new();
        body.insert("schemas".to_owned(), Value::from(vec![crate::ERROR]));
        body.insert("status".to_owned(), Value::from(self.status.to_string()));
        if let Some(scim_type) = self.scim_type {
            body.insert("scimType".to_owned(), Value::from(scim_type));
        }
        body.insert("detail".to_owned(), Value::from(self.detail.as_str()));
        Value::Object(body)
    }
}

impl fmt::Display for ScimError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.scim_type {
            Some(scim_type) => write!(f, "{} {scim_type}: {}", self.status, self.detail),
            None => write!(f, "{}: {}", self.status, self.detail),
        }
    }
}

impl std::error::Error for ScimError {}

/// A filter that cannot be parsed or used is 400 `invalidFilter`.
impl From<FilterError> for ScimError {
    fn from(error: FilterError) -> Self {
        Self::invalid_filter(error.message())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn body_has_status_as_text_and_scim_type() {
        let error = ScimError::bad_request(scim_type::INVALID_FILTER, "bad filter");
        assert_eq!(
            error.to_json(),
            json!({
                "schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"],
                "status": "400",
                "scimType": "invalidFilter",
                "detail": "bad filter"
            })
        );
    }

    #[test]
    fn body_leaves_out_missing_scim_type() {
        let body = ScimError::not_found("User 7 not found").to_json();
        assert_eq!(
            body,
            json!({
                "schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"],
                "status": "404",
                "detail": "User 7 not found"
            })
        );
    }

    #[test]
    fn constructors_pick_status_and_type() {
        assert_eq!(ScimError::unauthorized().status, 401);
        assert_eq!(ScimError::method_not_allowed().status, 405);
        let conflict = ScimError::conflict_uniqueness("userName taken");
        assert_eq!(
            (conflict.status, conflict.scim_type),
            (409, Some("uniqueness"))
        );
        assert_eq!(
            ScimError::invalid_value("x").scim_type,
            Some("invalidValue")
        );
        assert_eq!(ScimError::internal("x").to_string(), "500: x");
    }

    #[test]
    fn conversions_keep_the_message() {
        let from_filter = ScimError::from(FilterError::new("unknown operator 'xx'"));
        assert_eq!(from_filter.status, 400);
        assert_eq!(from_filter.scim_type, Some("invalidFilter"));
        assert_eq!(from_filter.detail, "unknown operator 'xx'");
    }
}
