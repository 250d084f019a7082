//! Applies one PATCH operation to a resource held as JSON: finds the target the path names and
//! hands the change to the value-level helpers.

use serde_json::{Map, Value};

use super::merge::{conform, is_multi_valued, merge, normalise, put, remove_values};
use super::{PatchError, PatchOp, PatchOperation, PatchPath};
use crate::filter::{element_matches, is_urn, AttrPath, CompareOp, Filter};
use crate::json;

/// Applies `operation` to `resource`, a SCIM resource as a JSON object.
///
/// Attribute names match in any case. Without a path, `value` is an object whose keys are
/// attribute names, dotted paths (`"name.givenName"`) or schema-prefixed names, each applied as if
/// it were the operation's path; `schemas` and `meta` keys are skipped and an `id` key must
/// equal the current `id`. `id` and `meta` cannot be targeted (`mutability`). A null value
/// unassigns on `replace` and changes nothing on `add`.
///
/// With a `[ ]` filter, `replace` and `add` change the matching values; when none matches and the
/// filter is `type eq "…"` (possibly `and`-ed with other `eq` tests), a new value is added with
/// those sub-attributes, else the error is `noTarget`. `remove` with a filter removes the matching
/// values (none matching is not an error). Adding an extension attribute lists the extension in
/// `schemas` when the resource has that array.
pub fn apply(resource: &mut Value, operation: &PatchOperation) -> Result<(), PatchError> {
    let Value::Object(root) = resource else {
        return Err(PatchError::invalid_value(
            "the resource is not a JSON object",
        ));
    };
    match (&operation.path, operation.op) {
        (Some(path), op) => apply_path(root, op, path, operation.value.as_ref()),
        (None, PatchOp::Remove) => Err(PatchError::no_target("a remove operation needs a path")),
        (None, op) => apply_fields(root, op, operation.value.as_ref()),
    }
}

/// An `add` or `replace` without a path: every key of the value object is a path of its own.
fn apply_fields(
    root: &mut Map<String, Value>,
    op: PatchOp,
    value: Option<&Value>,
) -> Result<(), PatchError> {
    let Some(Value::Object(fields)) = value else {
        return Err(PatchError::invalid_value(format!(
            "an {} operation without a path needs an object of attributes as its value",
            op.name()
        )));
    };
    for (key, field) in fields {
        if key.eq_ignore_ascii_case("schemas") || key.eq_ignore_ascii_case("meta") {
            continue;
        }
        if key.eq_ignore_ascii_case("id") {
            if json::field(root, "id") == Some(field) {
                continue;
            }
            return Err(PatchError::mutability("id cannot be changed"));
        }
        let path = PatchPath::parse(key)?;
        apply_path(root, op, &path, Some(field))?;
    }
    Ok(())
}

fn apply_path(
    root: &mut Map<String, Value>,
    op: PatchOp,
    path: &PatchPath,
    value: Option<&Value>,
) -> Result<(), PatchError> {
    let attr = &path.attr;
    if attr.attr_is("id") || attr.attr_is("meta") {
        return Err(PatchError::mutability(format!("'{attr}' is read-only")));
    }
    // A null value leaves an attribute unassigned (RFC 7643 §2.5).
    let (op, value) = match (op, value) {
        (PatchOp::Remove, value) => (op, value.filter(|v| !v.is_null())),
        (_, None) => {
            return Err(PatchError::invalid_value(format!(
                "an {} operation needs a value",
                op.name()
            )))
        }
        (PatchOp::Add, Some(Value::Null)) => return Ok(()),
        (PatchOp::Replace, Some(Value::Null)) => (PatchOp::Remove, None),
        (op, value) => (op, value),
    };

    let container = match attr.extension() {
        None => &mut *root,
        Some(urn) if op == PatchOp::Remove => match json::get_mut(root, urn) {
            Some(Value::Object(extension)) => extension,
            _ => return Ok(()),
        },
        Some(urn) => extension_object(root, urn)?,
    };
    match &path.filter {
        None => plain(container, op, attr, value)?,
        Some(filter) => filtered(container, op, attr, filter, path.sub.as_deref(), value)?,
    }
    let names_extension = attr.extension().is_none() && is_urn(&attr.attr);
    if op != PatchOp::Remove && names_extension {
        list_schema(root, &attr.attr);
    }
    Ok(())
}

/// The resource's object for extension `urn`, created (and listed in `schemas`) if missing.
fn extension_object<'a>(
    root: &'a mut Map<String, Value>,
    urn: &str,
) -> Result<&'a mut Map<String, Value>, PatchError> {
    list_schema(root, urn);
    let key = json::find_key(root, urn)
        .unwrap_or(json::canonical_name(urn))
        .to_owned();
    let slot = root.entry(key).or_insert_with(|| Value::Object(Map::new()));
    if slot.is_null() {
        *slot = Value::Object(Map::new());
    }
    slot.as_object_mut()
        .ok_or_else(|| PatchError::invalid_path(format!("'{urn}' is not an object")))
}

/// Adds `urn` to the resource's `schemas` array if it has one and `urn` is not in it.
fn list_schema(root: &mut Map<String, Value>, urn: &str) {
    if let Some(Value::Array(schemas)) = json::get_mut(root, "schemas") {
        let listed = schemas
            .iter()
            .any(|schema| schema.as_str().is_some_and(|s| s.eq_ignore_ascii_case(urn)));
        if !listed {
            schemas.push(Value::from(json::canonical_name(urn)));
        }
    }
}

/// A path without a filter: `active`, `members`, `name.givenName`.
fn plain(
    container: &mut Map<String, Value>,
    op: PatchOp,
    attr: &AttrPath,
    value: Option<&Value>,
) -> Result<(), PatchError> {
    let name = attr.attr.as_str();
    match (attr.sub.as_deref(), op, value) {
        (None, PatchOp::Remove, Some(value)) => remove_values(container, name, value),
        (None, PatchOp::Remove, None) => {
            json::remove(container, name);
        }
        (None, _, Some(value)) => put(container, name, value, op),
        (Some(sub), PatchOp::Remove, _) => match json::get_mut(container, name) {
            Some(Value::Object(fields)) => {
                json::remove(fields, sub);
            }
            Some(Value::Array(items)) => {
                for item in items.iter_mut() {
                    if let Value::Object(fields) = item {
                        json::remove(fields, sub);
                    }
                }
            }
            _ => {}
        },
        (Some(sub), _, Some(value)) => {
            if json::field(container, name).is_none_or(Value::is_null) {
                let empty = Value::Object(Map::new());
                let fresh = if is_multi_valued(name) {
                    Value::Array(vec![empty])
                } else {
                    empty
                };
                json::insert(container, json::canonical_name(name), fresh);
            }
            match json::get_mut(container, name) {
                Some(Value::Object(fields)) => put(fields, sub, value, op),
                Some(Value::Array(items)) => {
                    if items.is_empty() {
                        items.push(Value::Object(Map::new()));
                    }
                    for item in items.iter_mut() {
                        if let Value::Object(fields) = item {
                            put(fields, sub, value, op);
                        }
                    }
                }
                _ => {
                    return Err(PatchError::invalid_path(format!(
                        "'{name}' has no sub-attributes"
                    )))
                }
            }
        }
        (_, _, None) => {
            return Err(PatchError::invalid_value(format!(
                "an {} operation needs a value",
                op.name()
            )))
        }
    }
    Ok(())
}

/// A path with a filter: `emails[type eq "work"]`, `emails[type eq "work"].value`.
fn filtered(
    container: &mut Map<String, Value>,
    op: PatchOp,
    attr: &AttrPath,
    filter: &Filter,
    sub: Option<&str>,
    value: Option<&Value>,
) -> Result<(), PatchError> {
    let name = attr.attr.as_str();
    if op == PatchOp::Remove {
        let Some(current) = json::get_mut(container, name) else {
            return Ok(());
        };
        let emptied = match current {
            Value::Array(items) => {
                match sub {
                    None => items.retain(|item| !element_matches(filter, item)),
                    Some(sub) => {
                        for item in items.iter_mut() {
                            if element_matches(filter, item) {
                                if let Value::Object(fields) = item {
                                    json::remove(fields, sub);
                                }
                            }
                        }
                    }
                }
                items.is_empty()
            }
            single => match (element_matches(filter, single), single, sub) {
                (true, _, None) => true,
                (true, Value::Object(fields), Some(sub)) => {
                    json::remove(fields, sub);
                    false
                }
                _ => false,
            },
        };
        if emptied {
            json::remove(container, name);
        }
        return Ok(());
    }

    let Some(value) = value else {
        return Err(PatchError::invalid_value(format!(
            "an {} operation needs a value",
            op.name()
        )));
    };
    let no_target = || PatchError::no_target(format!("no value of '{name}' matches [{filter}]"));
    if json::field(container, name).is_none_or(Value::is_null) {
        json::insert(
            container,
            json::canonical_name(name),
            Value::Array(Vec::new()),
        );
    }
    match json::get_mut(container, name) {
        Some(Value::Array(items)) => {
            let mut matched = false;
            for item in items.iter_mut() {
                if element_matches(filter, item) {
                    matched = true;
                    update(item, sub, value, op)?;
                }
            }
            if !matched {
                let mut created = seed(filter).ok_or_else(no_target)?;
                update(&mut created, sub, value, op)?;
                items.push(created);
            }
            Ok(())
        }
        Some(single) if single.is_object() => {
            if !element_matches(filter, single) {
                return Err(no_target());
            }
            update(single, sub, value, op)
        }
        _ => Err(PatchError::invalid_path(format!(
            "'{name}' is not multi-valued"
        ))),
    }
}

/// Changes one value chosen by a filter: its sub-attribute `sub`, or (without `sub`) its
/// sub-attributes named in `value`.
fn update(
    item: &mut Value,
    sub: Option<&str>,
    value: &Value,
    op: PatchOp,
) -> Result<(), PatchError> {
    match (item, sub, value) {
        (Value::Object(fields), Some(sub), _) => put(fields, sub, value, op),
        (Value::Object(fields), None, Value::Object(changes)) => merge(fields, changes, op),
        (Value::Object(_), None, _) => {
            return Err(PatchError::invalid_value(
                "a filtered path without a sub-attribute needs an object of sub-attributes",
            ))
        }
        (simple, None, _) => *simple = normalise("value", value),
        (simple, Some(sub), _) if sub.eq_ignore_ascii_case("value") => {
            *simple = conform("value", None, value);
        }
        (_, Some(sub), _) => {
            return Err(PatchError::invalid_path(format!(
                "a simple value has no sub-attribute '{sub}'"
            )))
        }
    }
    Ok(())
}

/// The new value to add when a filter matches nothing: the sub-attributes of a filter made only
/// of `eq` tests `and`-ed together, one of them on `type`, as in `emails[type eq "work"]`.
fn seed(filter: &Filter) -> Option<Value> {
    let mut fields = Map::new();
    collect_equalities(filter, &mut fields)?;
    let has_type = fields.keys().any(|key| key.eq_ignore_ascii_case("type"));
    has_type.then_some(Value::Object(fields))
}

fn collect_equalities(filter: &Filter, fields: &mut Map<String, Value>) -> Option<()> {
    match filter {
        Filter::And(left, right) => {
            collect_equalities(left, fields)?;
            collect_equalities(right, fields)
        }
        Filter::Compare {
            path,
            op: CompareOp::Eq,
            value,
        } if path.schema.is_none() && path.sub.is_none() && !value.is_null() => {
            let name = json::canonical_name(&path.attr).to_owned();
            fields.insert(name, normalise(&path.attr, value));
            Some(())
        }
        _ => None,
    }
}
