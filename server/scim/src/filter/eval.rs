//! Evaluates a filter against a resource held as JSON, with SCIM semantics.
//!
//! - Attribute names match in any case at every level.
//! - A core schema prefix changes nothing; an extension schema prefix looks inside the
//!   resource's object keyed by that URN.
//! - A multi-valued attribute matches when any of its values matches. Without a sub-attribute,
//!   the values of a complex attribute are compared through their `value` sub-attribute, so
//!   `emails co "example.com"` reads each email's `value`.
//! - Strings compare case-insensitively for every operator, `id` included (Roster's identifiers
//!   carry no meaning in their case). Two strings that are both RFC 3339 date-times compare as
//!   instants.
//! - `ne` holds when the attribute has no value; `eq null` means "not present".
//! - A boolean attribute compared with the text `"true"` or `"false"` (any case) compares as a
//!   boolean.

use std::cmp::Ordering;

use serde_json::{Number, Value};

use super::{AttrPath, CompareOp, Filter};
use crate::json;
use crate::time::parse_rfc3339;

/// Whether `resource` (a SCIM resource as a JSON object) satisfies `filter`.
pub fn matches(filter: &Filter, resource: &Value) -> bool {
    match filter {
        Filter::And(left, right) => matches(left, resource) && matches(right, resource),
        Filter::Or(left, right) => matches(left, resource) || matches(right, resource),
        Filter::Not(inner) => !matches(inner, resource),
        Filter::Present(path) => present(path, resource),
        Filter::Compare { path, op, value } => compare(path, *op, value, resource),
        Filter::ValuePath { attr, filter } => {
            let Some(value) = attribute(attr, resource) else {
                return false;
            };
            let value = match &attr.sub {
                Some(sub) => match json::get(value, sub) {
                    Some(inner) => inner,
                    None => return false,
                },
                None => value,
            };
            match value {
                Value::Array(items) => items.iter().any(|item| element_matches(filter, item)),
                other => element_matches(filter, other),
            }
        }
    }
}

/// Whether one value of a multi-valued attribute satisfies a `[ ]` filter. A simple value (not
/// an object) is tested as if it were `{"value": …}`.
pub(crate) fn element_matches(filter: &Filter, element: &Value) -> bool {
    if element.is_object() {
        matches(filter, element)
    } else {
        let wrapped = serde_json::json!({ "value": element });
        matches(filter, &wrapped)
    }
}

/// The attribute's value before any sub-attribute is taken.
fn attribute<'a>(path: &AttrPath, resource: &'a Value) -> Option<&'a Value> {
    let base = match path.extension() {
        Some(urn) => json::get(resource, urn)?,
        None => resource,
    };
    json::get(base, &path.attr)
}

/// The values a comparison looks at, nulls left out.
fn operands<'a>(path: &AttrPath, resource: &'a Value) -> Vec<&'a Value> {
    let mut found = Vec::new();
    let Some(value) = attribute(path, resource) else {
        return found;
    };
    let sub = path.sub.as_deref();
    let items = match value {
        Value::Array(items) => items.as_slice(),
        other => std::slice::from_ref(other),
    };
    for item in items {
        let picked = match (sub, item) {
            (Some(sub), _) => json::get(item, sub),
            (None, Value::Object(_)) => json::get(item, "value"),
            (None, _) => Some(item),
        };
        match picked {
            Some(Value::Array(inner)) => found.extend(inner.iter()),
            Some(Value::Null) | None => {}
            Some(other) => found.push(other),
        }
    }
    found
}

fn present(path: &AttrPath, resource: &Value) -> bool {
    let Some(value) = attribute(path, resource) else {
        return false;
    };
    match (&path.sub, value) {
        (None, value) => has_content(value),
        (Some(sub), Value::Array(items)) => items
            .iter()
            .any(|item| json::get(item, sub).is_some_and(has_content)),
        (Some(sub), value) => json::get(value, sub).is_some_and(has_content),
    }
}

/// Not null, not an empty string, not an empty array or object.
fn has_content(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::String(text) => !text.is_empty(),
        Value::Array(items) => items.iter().any(has_content),
        Value::Object(fields) => !fields.is_empty(),
        Value::Bool(_) | Value::Number(_) => true,
    }
}

fn compare(path: &AttrPath, op: CompareOp, expected: &Value, resource: &Value) -> bool {
    if expected.is_null() {
        let present = present(path, resource);
        return match op {
            CompareOp::Eq => !present,
            CompareOp::Ne => present,
            _ => false,
        };
    }
    let actual = operands(path, resource);
    if op == CompareOp::Ne {
        return actual.is_empty() || actual.iter().any(|value| !equal(value, expected));
    }
    actual.iter().any(|value| test(op, value, expected))
}

fn test(op: CompareOp, actual: &Value, expected: &Value) -> bool {
    match op {
        CompareOp::Eq => equal(actual, expected),
        CompareOp::Ne => !equal(actual, expected),
        CompareOp::Co | CompareOp::Sw | CompareOp::Ew => {
            let (Value::String(actual), Value::String(expected)) = (actual, expected) else {
                return false;
            };
            let (actual, expected) = (fold(actual), fold(expected));
            match op {
                CompareOp::Co => actual.contains(&expected),
                CompareOp::Sw => actual.starts_with(&expected),
                _ => actual.ends_with(&expected),
            }
        }
        CompareOp::Gt => order(actual, expected) == Some(Ordering::Greater),
        CompareOp::Ge => matches!(
            order(actual, expected),
            Some(Ordering::Greater | Ordering::Equal)
        ),
        CompareOp::Lt => order(actual, expected) == Some(Ordering::Less),
        CompareOp::Le => matches!(
            order(actual, expected),
            Some(Ordering::Less | Ordering::Equal)
        ),
    }
}

fn equal(actual: &Value, expected: &Value) -> bool {
    match (actual, expected) {
        (Value::String(_), Value::String(_)) => order(actual, expected) == Some(Ordering::Equal),
        (Value::Bool(a), Value::Bool(b)) => a == b,
        (Value::Bool(flag), Value::String(text)) | (Value::String(text), Value::Bool(flag)) => {
            json::parse_bool(text) == Some(*flag)
        }
        (Value::Number(a), Value::Number(b)) => compare_numbers(a, b) == Some(Ordering::Equal),
        _ => false,
    }
}

/// Orders two strings (as instants when both are date-times, else case-insensitively) or two
/// numbers; other pairs have no order.
fn order(actual: &Value, expected: &Value) -> Option<Ordering> {
    match (actual, expected) {
        (Value::String(a), Value::String(b)) => match (parse_rfc3339(a), parse_rfc3339(b)) {
            (Some(a), Some(b)) => Some(a.cmp(&b)),
            _ => Some(fold(a).cmp(&fold(b))),
        },
        (Value::Number(a), Value::Number(b)) => compare_numbers(a, b),
        _ => None,
    }
}

fn compare_numbers(a: &Number, b: &Number) -> Option<Ordering> {
    if let (Some(a), Some(b)) = (a.as_i64(), b.as_i64()) {
        return Some(a.cmp(&b));
    }
    if let (Some(a), Some(b)) = (a.as_u64(), b.as_u64()) {
        return Some(a.cmp(&b));
    }
    a.as_f64()?.partial_cmp(&b.as_f64()?)
}

fn fold(text: &str) -> String {
    text.to_lowercase()
}
