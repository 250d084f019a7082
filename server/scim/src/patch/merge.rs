//! Value-level changes shared by the PATCH operations: setting, merging, appending and removing
//! attribute values, with the conversions identity providers need.

use serde_json::{Map, Value};

use super::PatchOp;
use crate::json::{self, parse_bool};

/// Attributes that hold booleans wherever they appear; text `"True"` / `"false"` sent for them
/// becomes a JSON boolean.
const BOOLEAN_ATTRIBUTES: [&str; 2] = ["active", "primary"];

/// Multi-valued attributes of the core and enterprise schemas; a single object given for one of
/// them becomes a one-element array.
const MULTI_VALUED: [&str; 10] = [
    "emails",
    "phoneNumbers",
    "ims",
    "photos",
    "addresses",
    "groups",
    "entitlements",
    "roles",
    "x509Certificates",
    "members",
];

/// Whether `name` is a well-known multi-valued attribute.
pub(super) fn is_multi_valued(name: &str) -> bool {
    MULTI_VALUED
        .iter()
        .any(|known| known.eq_ignore_ascii_case(name))
}

fn is_boolean_attribute(name: &str) -> bool {
    BOOLEAN_ATTRIBUTES
        .iter()
        .any(|known| known.eq_ignore_ascii_case(name))
}

/// Adds or replaces attribute `key` of `container` with `value`:
///
/// - `add` to a multi-valued attribute appends the values it does not already have;
/// - a complex value into a complex attribute merges sub-attribute by sub-attribute, leaving
///   those not mentioned unchanged (RFC 7644 §3.5.2.1 and §3.5.2.3);
/// - anything else is set, replacing a whole array on `replace`.
pub(super) fn put(container: &mut Map<String, Value>, key: &str, value: &Value, op: PatchOp) {
    if let Some(existing) = json::get_mut(container, key).filter(|e| !e.is_null()) {
        match (&mut *existing, value) {
            (Value::Array(items), _) if op == PatchOp::Add => append(items, key, value),
            (Value::Object(fields), Value::Object(changes)) => merge(fields, changes, op),
            _ => {
                let replacement = conform(key, Some(&*existing), value);
                *existing = replacement;
            }
        }
        return;
    }
    json::insert(
        container,
        json::canonical_name(key),
        conform(key, None, value),
    );
}

/// Puts each of `changes` into `target`; a null change removes the sub-attribute on `replace`.
pub(super) fn merge(target: &mut Map<String, Value>, changes: &Map<String, Value>, op: PatchOp) {
    for (key, change) in changes {
        if change.is_null() {
            if op == PatchOp::Replace {
                json::remove(target, key);
            }
            continue;
        }
        put(target, key, change, op);
    }
}

/// Appends `value` (one value or an array of them) to a multi-valued attribute. A value already
/// there is not added again; if it has more sub-attributes, they are merged into the one there.
fn append(items: &mut Vec<Value>, key: &str, value: &Value) {
    let additions = match value {
        Value::Array(values) => values.as_slice(),
        other => std::slice::from_ref(other),
    };
    for addition in additions {
        let addition = normalise(key, addition);
        match items.iter_mut().find(|item| same_element(item, &addition)) {
            Some(Value::Object(fields)) => {
                if let Value::Object(changes) = &addition {
                    merge(fields, changes, PatchOp::Add);
                }
            }
            Some(_) => {}
            None => items.push(addition),
        }
    }
}

/// Removes from attribute `key` the values listed in `value` (one value or an array). A listed
/// object with a `value` sub-attribute removes the values with that `value`, as in
/// `{"op": "remove", "path": "members", "value": [{"value": "id1"}]}`. A single-valued attribute
/// is removed when it matches. Nothing left means the attribute is removed.
pub(super) fn remove_values(container: &mut Map<String, Value>, key: &str, value: &Value) {
    let targets = match value {
        Value::Array(values) => values.as_slice(),
        other => std::slice::from_ref(other),
    };
    let Some(current) = json::get_mut(container, key) else {
        return;
    };
    let emptied = match current {
        Value::Array(items) => {
            items.retain(|item| !targets.iter().any(|target| removal_matches(item, target)));
            items.is_empty()
        }
        single => targets.iter().any(|target| removal_matches(single, target)),
    };
    if emptied {
        json::remove(container, key);
    }
}

fn removal_matches(item: &Value, target: &Value) -> bool {
    match json::get(target, "value") {
        Some(wanted) => {
            let current = if item.is_object() {
                json::get(item, "value")
            } else {
                Some(item)
            };
            current.is_some_and(|current| same_value(current, wanted))
        }
        None => same_value(item, target),
    }
}

/// Whether two values of a multi-valued attribute are the same value: equal, or objects with the
/// same `value` (and the same `type` when both have one).
fn same_element(a: &Value, b: &Value) -> bool {
    if a == b {
        return true;
    }
    let (Some(a_value), Some(b_value)) = (json::get(a, "value"), json::get(b, "value")) else {
        return same_value(a, b);
    };
    if !same_value(a_value, b_value) {
        return false;
    }
    match (json::get(a, "type"), json::get(b, "type")) {
        (Some(a_type), Some(b_type)) => same_value(a_type, b_type),
        _ => true,
    }
}

/// Equal, with text compared ignoring ASCII case (identifiers and email addresses).
fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::String(a), Value::String(b)) => a.eq_ignore_ascii_case(b),
        _ => a == b,
    }
}

/// The value to store for attribute `key`: text booleans become booleans where the attribute
/// holds (or is known to hold) a boolean, a bare `manager` id becomes `{"value": id}`, and a
/// single object for a multi-valued attribute becomes a one-element array.
pub(super) fn conform(key: &str, existing: Option<&Value>, value: &Value) -> Value {
    if let (Some(Value::Bool(_)), Value::String(text)) = (existing, value) {
        if let Some(flag) = parse_bool(text) {
            return Value::Bool(flag);
        }
    }
    if key.eq_ignore_ascii_case("manager") {
        if let Value::String(id) = value {
            return serde_json::json!({ "value": id });
        }
    }
    let value = normalise(key, value);
    if value.is_object() && is_multi_valued(key) && existing.is_none_or(Value::is_array) {
        return Value::Array(vec![value]);
    }
    value
}

/// A copy of `value` (for attribute `key`) with text booleans of the known boolean attributes
/// turned into booleans, at any depth.
pub(super) fn normalise(key: &str, value: &Value) -> Value {
    match value {
        Value::String(text) if is_boolean_attribute(key) => {
            parse_bool(text).map_or_else(|| value.clone(), Value::Bool)
        }
        Value::Object(fields) => Value::Object(
            fields
                .iter()
                .map(|(name, field)| (name.clone(), normalise(name, field)))
                .collect(),
        ),
        Value::Array(items) => {
            Value::Array(items.iter().map(|item| normalise(key, item)).collect())
        }
        _ => value.clone(),
    }
}
