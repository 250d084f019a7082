//! The `attributes` and `excludedAttributes` parameters (RFC 7644 §3.4.2.5, §3.9): which
//! attributes of a resource go back to the client.

use serde_json::{Map, Value};

use crate::filter::{is_urn, AttrPath};
use crate::json;

#[cfg(test)]
mod tests;

/// Trims `resource` (a SCIM resource as a JSON object) to what the client asked for.
///
/// Both lists are comma-separated attribute paths: names in any case, dotted sub-attributes
/// (`name.givenName`), schema-prefixed names
/// (`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department`) and whole extension
/// URNs. With `attributes`, only the listed attributes stay; with `excludedAttributes`, the listed
/// ones go. Top-level attributes named in `always` (typically `id` and `schemas`) are never
/// removed. Entries that are not valid paths are ignored; an empty list means no selection.
pub fn select(
    resource: &mut Value,
    attributes: Option<&str>,
    excluded: Option<&str>,
    always: &[&str],
) {
    let Value::Object(root) = resource else {
        return;
    };
    let wanted = attributes.map(parse_list).unwrap_or_default();
    if !wanted.is_empty() {
        keep_listed(root, &wanted, always);
    }
    for path in excluded.map(parse_list).unwrap_or_default() {
        exclude(root, &path, always);
    }
}

fn parse_list(text: &str) -> Vec<AttrPath> {
    text.split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .filter_map(|item| AttrPath::parse(item).ok())
        .collect()
}

fn is_always(name: &str, always: &[&str]) -> bool {
    always.iter().any(|kept| kept.eq_ignore_ascii_case(name))
}

/// Removes every top-level attribute not listed (or needed by a listed sub-attribute).
fn keep_listed(root: &mut Map<String, Value>, wanted: &[AttrPath], always: &[&str]) {
    let keys: Vec<String> = root.keys().cloned().collect();
    for key in keys {
        if is_always(&key, always) {
            continue;
        }
        let whole = wanted
            .iter()
            .any(|path| path.attr_is(&key) && path.sub.is_none());
        if whole {
            continue;
        }
        let keep = match root.get_mut(&key) {
            Some(Value::Object(extension)) if is_urn(&key) => {
                let inner: Vec<AttrPath> = wanted
                    .iter()
                    .filter(|path| {
                        path.extension()
                            .is_some_and(|urn| urn.eq_ignore_ascii_case(&key))
                    })
                    .map(|path| AttrPath {
                        schema: None,
                        ..path.clone()
                    })
                    .collect();
                keep_listed(extension, &inner, &[]);
                !extension.is_empty()
            }
            Some(value) => {
                let subs: Vec<&str> = wanted
                    .iter()
                    .filter(|path| path.attr_is(&key))
                    .filter_map(|path| path.sub.as_deref())
                    .collect();
                !subs.is_empty() && keep_subs(value, &subs)
            }
            None => false,
        };
        if !keep {
            root.remove(&key);
        }
    }
}

/// Keeps only the listed sub-attributes of a complex value (or of each value of a multi-valued
/// attribute); whether anything is left.
fn keep_subs(value: &mut Value, subs: &[&str]) -> bool {
    let retain = |fields: &mut Map<String, Value>| {
        fields.retain(|name, _| subs.iter().any(|sub| sub.eq_ignore_ascii_case(name)));
        !fields.is_empty()
    };
    match value {
        Value::Object(fields) => retain(fields),
        Value::Array(items) => {
            items.retain_mut(|item| match item {
                Value::Object(fields) => retain(fields),
                _ => false,
            });
            !items.is_empty()
        }
        _ => false,
    }
}

/// Removes one listed attribute or sub-attribute.
fn exclude(root: &mut Map<String, Value>, path: &AttrPath, always: &[&str]) {
    let container = match path.extension() {
        None if is_always(&path.attr, always) => return,
        None => root,
        Some(urn) => match json::get_mut(root, urn) {
            Some(Value::Object(extension)) => extension,
            _ => return,
        },
    };
    match path.sub.as_deref() {
        None => {
            json::remove(container, &path.attr);
        }
        Some(sub) => match json::get_mut(container, &path.attr) {
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
    }
}
