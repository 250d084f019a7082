//! SCIM PATCH (RFC 7644 §3.5.2): the request body, operation paths, and applying operations to a
//! resource held as JSON.
//!
//! The intended use: load the resource as its SCIM JSON, [`PatchRequest::apply`] the operations
//! to a copy, then validate and store the result. Reading is lenient where identity providers
//! differ from the RFC: `Operations` and `op` names in any case, booleans sent as text,
//! `remove` of `members` with a list of values, and filtered `add`s that create the value.

mod apply;
mod merge;

#[cfg(test)]
mod apply_tests;
#[cfg(test)]
mod tests;

use std::fmt;

use serde_json::Value;

use crate::error::{scim_type, ScimError};
use crate::filter::{is_attr_name, parse_bracket_filter, AttrPath, Filter};
use crate::json;

pub use apply::apply;

/// A PATCH request body: its operations, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct PatchRequest {
    /// The operations, applied one after another.
    pub operations: Vec<PatchOperation>,
}

/// One PATCH operation.
#[derive(Debug, Clone, PartialEq)]
pub struct PatchOperation {
    /// What to do.
    pub op: PatchOp,
    /// Where; `None` means the resource itself (`add` and `replace` only).
    pub path: Option<PatchPath>,
    /// The value to add or set, or for `remove` the values to take out.
    pub value: Option<Value>,
}

/// The kind of a PATCH operation. Names are case-insensitive in request bodies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PatchOp {
    /// Add values: set single-valued attributes, append to multi-valued ones.
    Add,
    /// Replace values.
    Replace,
    /// Remove values.
    Remove,
}

impl PatchOp {
    /// The operation named `name` in any case (`add`, `Replace`, `REMOVE`).
    pub fn from_name(name: &str) -> Option<Self> {
        [PatchOp::Add, PatchOp::Replace, PatchOp::Remove]
            .into_iter()
            .find(|op| op.name().eq_ignore_ascii_case(name))
    }

    /// The operation's name in lower case.
    pub fn name(self) -> &'static str {
        match self {
            PatchOp::Add => "add",
            PatchOp::Replace => "replace",
            PatchOp::Remove => "remove",
        }
    }
}

/// A PATCH path: `attr` (possibly with a schema URN and a sub-attribute, as in `name.givenName`),
/// or `attr[filter]` optionally followed by `.sub`, as in `emails[type eq "work"].value`.
#[derive(Debug, Clone, PartialEq)]
pub struct PatchPath {
    /// The attribute; its `sub` is set for `name.givenName` and unset when a filter follows.
    pub attr: AttrPath,
    /// The filter choosing values of a multi-valued attribute, from `[ ]`.
    pub filter: Option<Filter>,
    /// The sub-attribute after `[ ]`, as `value` in `emails[type eq "work"].value`.
    pub sub: Option<String>,
}

impl PatchPath {
    /// Reads a path such as `active`, `name.givenName`, `emails[type eq "work"].value`,
    /// `members[value eq "2819c223"]` or
    /// `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department`.
    pub fn parse(text: &str) -> Result<Self, PatchError> {
        let text = text.trim();
        let invalid = |why: &str| PatchError::invalid_path(format!("invalid path '{text}': {why}"));
        let Some(open) = text.find('[') else {
            let attr = AttrPath::parse(text).map_err(|e| invalid(e.message()))?;
            return Ok(Self {
                attr,
                filter: None,
                sub: None,
            });
        };
        let attr = AttrPath::parse(&text[..open]).map_err(|e| invalid(e.message()))?;
        if attr.sub.is_some() {
            return Err(invalid(
                "only an attribute without a sub-attribute takes '[ ]'",
            ));
        }
        let (filter, end) =
            parse_bracket_filter(text, open + 1).map_err(|e| invalid(e.message()))?;
        let sub = match &text[end..] {
            "" => None,
            rest => match rest.strip_prefix('.') {
                Some(sub) if is_attr_name(sub) => Some(sub.to_owned()),
                _ => return Err(invalid(&format!("unexpected '{rest}' after ']'"))),
            },
        };
        Ok(Self {
            attr,
            filter: Some(filter),
            sub,
        })
    }
}

impl fmt::Display for PatchPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.attr)?;
        if let Some(filter) = &self.filter {
            write!(f, "[{filter}]")?;
        }
        if let Some(sub) = &self.sub {
            write!(f, ".{sub}")?;
        }
        Ok(())
    }
}

impl PatchRequest {
    /// Reads a PATCH body. Its `schemas` must list
    /// `urn:ietf:params:scim:api:messages:2.0:PatchOp`; `Operations` is found in any case.
    pub fn from_json(body: &Value) -> Result<Self, PatchError> {
        if !body.is_object() {
            return Err(PatchError::invalid_syntax(
                "the PATCH body is not a JSON object",
            ));
        }
        let lists_patch_op = |value: &Value| {
            value
                .as_str()
                .is_some_and(|urn| urn.eq_ignore_ascii_case(crate::PATCH_OP))
        };
        let has_schema = match json::get(body, "schemas") {
            Some(Value::Array(schemas)) => schemas.iter().any(lists_patch_op),
            Some(single) => lists_patch_op(single),
            None => false,
        };
        if !has_schema {
            return Err(PatchError::invalid_syntax(format!(
                "the PATCH body's schemas must list {}",
                crate::PATCH_OP
            )));
        }
        let Some(Value::Array(operations)) = json::get(body, "Operations") else {
            return Err(PatchError::invalid_syntax(
                "the PATCH body has no Operations array",
            ));
        };
        let operations = operations
            .iter()
            .enumerate()
            .map(|(index, operation)| {
                PatchOperation::from_json(operation).map_err(|error| PatchError {
                    message: format!("operation {}: {}", index + 1, error.message),
                    ..error
                })
            })
            .collect::<Result<_, _>>()?;
        Ok(Self { operations })
    }

    /// Applies every operation in order. On error the resource may be partly changed, so apply
    /// to a copy and keep it only on success.
    pub fn apply(&self, resource: &mut Value) -> Result<(), PatchError> {
        self.operations
            .iter()
            .try_for_each(|operation| apply(resource, operation))
    }
}

impl PatchOperation {
    /// Reads one element of `Operations`: `op` (any case), optional `path` (an empty path counts
    /// as none) and `value`. `remove` needs a path (`noTarget`); `add` and `replace` need a value
    /// (`invalidValue`).
    pub fn from_json(operation: &Value) -> Result<Self, PatchError> {
        if !operation.is_object() {
            return Err(PatchError::invalid_syntax(
                "an operation is not a JSON object",
            ));
        }
        let op = match json::get(operation, "op") {
            Some(Value::String(name)) => PatchOp::from_name(name).ok_or_else(|| {
                PatchError::invalid_syntax(format!(
                    "unknown op '{name}'; expected add, replace or remove"
                ))
            })?,
            _ => return Err(PatchError::invalid_syntax("the operation has no op")),
        };
        let path = match json::get(operation, "path") {
            None | Some(Value::Null) => None,
            Some(Value::String(text)) if text.trim().is_empty() => None,
            Some(Value::String(text)) => Some(PatchPath::parse(text)?),
            Some(other) => {
                return Err(PatchError::invalid_path(format!(
                    "path must be a string, not {other}"
                )))
            }
        };
        let value = json::get(operation, "value").cloned();
        if op == PatchOp::Remove && path.is_none() {
            return Err(PatchError::no_target("a remove operation needs a path"));
        }
        if op != PatchOp::Remove && value.is_none() {
            return Err(PatchError::invalid_value(format!(
                "an {} operation needs a value",
                op.name()
            )));
        }
        Ok(Self { op, path, value })
    }
}

/// Why a PATCH request could not be read or applied: a SCIM `scimType` and a message, for a 400
/// response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatchError {
    /// One of `invalidPath`, `noTarget`, `invalidValue`, `mutability` or `invalidSyntax`.
    pub scim_type: &'static str,
    /// A human-readable explanation.
    pub message: String,
}

impl PatchError {
    /// The path is malformed or names something that cannot be changed this way.
    pub fn invalid_path(message: impl Into<String>) -> Self {
        Self::with(scim_type::INVALID_PATH, message)
    }

    /// The path names nothing to operate on.
    pub fn no_target(message: impl Into<String>) -> Self {
        Self::with(scim_type::NO_TARGET, message)
    }

    /// A value is missing or does not fit the attribute.
    pub fn invalid_value(message: impl Into<String>) -> Self {
        Self::with(scim_type::INVALID_VALUE, message)
    }

    /// The attribute cannot be changed (`id`, `meta`).
    pub fn mutability(message: impl Into<String>) -> Self {
        Self::with(scim_type::MUTABILITY, message)
    }

    /// The body does not have the structure of a PATCH request.
    pub fn invalid_syntax(message: impl Into<String>) -> Self {
        Self::with(scim_type::INVALID_SYNTAX, message)
    }

    fn with(scim_type: &'static str, message: impl Into<String>) -> Self {
        Self {
            scim_type,
            message: message.into(),
        }
    }
}

impl fmt::Display for PatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.scim_type, self.message)
    }
}

impl std::error::Error for PatchError {}

/// A PATCH failure is 400 with the failure's own `scimType`.
impl From<PatchError> for ScimError {
    fn from(error: PatchError) -> Self {
        Self::bad_request(error.scim_type, error.message)
    }
}
