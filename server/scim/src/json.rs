//! Case-insensitive access to JSON object keys.
//!
//! SCIM attribute names are case-insensitive at every level (RFC 7643 §2.1), so `userName`,
//! `USERNAME` and `username` name the same attribute. These helpers find a key regardless of case,
//! preferring an exact match, and keep an existing key's spelling when a value is replaced.

use serde_json::{Map, Value};

/// The key of `object` that names `name` ignoring ASCII case; an exact match wins.
pub fn find_key<'a>(object: &'a Map<String, Value>, name: &str) -> Option<&'a str> {
    if let Some((key, _)) = object.get_key_value(name) {
        return Some(key.as_str());
    }
    object
        .keys()
        .find(|key| key.eq_ignore_ascii_case(name))
        .map(String::as_str)
}

/// The value of attribute `name` when `value` is an object that has it, in any case.
pub fn get<'a>(value: &'a Value, name: &str) -> Option<&'a Value> {
    let object = value.as_object()?;
    if let Some(found) = object.get(name) {
        return Some(found);
    }
    object
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case(name))
        .map(|(_, found)| found)
}

/// The value of attribute `name` in `object`, in any case.
pub fn field<'a>(object: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    object.get(find_key(object, name)?)
}

/// The value of attribute `name` in `object`, in any case, for changing in place.
pub fn get_mut<'a>(object: &'a mut Map<String, Value>, name: &str) -> Option<&'a mut Value> {
    let key = find_key(object, name)?.to_owned();
    object.get_mut(&key)
}

/// Removes attribute `name` from `object`, in any case, and returns its value.
pub fn remove(object: &mut Map<String, Value>, name: &str) -> Option<Value> {
    let key = find_key(object, name)?.to_owned();
    object.remove(&key)
}

/// Sets attribute `name` in `object`; an existing key in another case keeps its spelling.
pub fn insert(object: &mut Map<String, Value>, name: &str, value: Value) {
    let key = find_key(object, name).unwrap_or(name).to_owned();
    object.insert(key, value);
}

/// Attribute and sub-attribute names of the User, Group and Enterprise User schemas
/// (RFC 7643 §4) and of `meta`, in their standard spelling.
const STANDARD_NAMES: [&str; 56] = [
    "schemas",
    "id",
    "externalId",
    "meta",
    "resourceType",
    "created",
    "lastModified",
    "location",
    "version",
    "userName",
    "name",
    "formatted",
    "familyName",
    "givenName",
    "middleName",
    "honorificPrefix",
    "honorificSuffix",
    "displayName",
    "nickName",
    "profileUrl",
    "title",
    "userType",
    "preferredLanguage",
    "locale",
    "timezone",
    "active",
    "password",
    "emails",
    "phoneNumbers",
    "ims",
    "photos",
    "addresses",
    "streetAddress",
    "locality",
    "region",
    "postalCode",
    "country",
    "groups",
    "entitlements",
    "roles",
    "x509Certificates",
    "value",
    "display",
    "type",
    "primary",
    "$ref",
    "members",
    "employeeNumber",
    "costCenter",
    "organization",
    "division",
    "department",
    "manager",
    "urn:ietf:params:scim:schemas:core:2.0:User",
    "urn:ietf:params:scim:schemas:core:2.0:Group",
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
];

/// The standard spelling of a SCIM attribute name (`USERNAME` gives `userName`), or `name`
/// itself when it is not one of the User, Group or Enterprise User attributes. Used when a new
/// key is written, so a resource keeps the spelling its readers expect.
pub fn canonical_name(name: &str) -> &str {
    STANDARD_NAMES
        .iter()
        .find(|standard| standard.eq_ignore_ascii_case(name))
        .copied()
        .unwrap_or(name)
}

/// Reads a boolean given as text (`"true"`, `"False"`, any case), as some identity providers send.
pub fn parse_bool(text: &str) -> Option<bool> {
    if text.eq_ignore_ascii_case("true") {
        Some(true)
    } else if text.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keys_match_in_any_case_and_exact_wins() {
        let value = json!({"userName": "a", "USERNAME": "b", "Active": true});
        assert_eq!(get(&value, "USERNAME"), Some(&json!("b")));
        assert_eq!(get(&value, "active"), Some(&json!(true)));
        assert_eq!(get(&value, "missing"), None);
        assert_eq!(get(&json!("text"), "a"), None);
    }

    #[test]
    fn insert_keeps_existing_spelling() {
        let mut value = json!({"displayName": "a"});
        let object = value.as_object_mut().expect("object");
        insert(object, "DISPLAYNAME", json!("b"));
        assert_eq!(value, json!({"displayName": "b"}));
        let object = value.as_object_mut().expect("object");
        assert_eq!(remove(object, "displayname"), Some(json!("b")));
        assert!(object.is_empty());
    }

    #[test]
    fn standard_spelling() {
        assert_eq!(canonical_name("USERNAME"), "userName");
        assert_eq!(canonical_name("givenname"), "givenName");
        assert_eq!(canonical_name("$REF"), "$ref");
        assert_eq!(canonical_name("customThing"), "customThing");
    }

    #[test]
    fn booleans_from_text() {
        assert_eq!(parse_bool("True"), Some(true));
        assert_eq!(parse_bool("FALSE"), Some(false));
        assert_eq!(parse_bool("yes"), None);
    }
}
