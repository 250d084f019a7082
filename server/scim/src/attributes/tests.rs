//! Attribute selection tests.

use serde_json::{json, Value};

use super::*;

const ALWAYS: [&str; 2] = ["id", "schemas"];

fn user() -> Value {
    json!({
        "schemas": [crate::USER, crate::ENTERPRISE_USER],
        "id": "u1",
        "userName": "bjensen",
        "name": {"givenName": "Barbara", "familyName": "Jensen"},
        "emails": [
            {"value": "bjensen@example.com", "type": "work"},
            {"value": "babs@jensen.org", "type": "home"}
        ],
        "meta": {"resourceType": "User", "location": "/Users/u1"},
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
            "department": "Tours",
            "employeeNumber": "7"
        }
    })
}

fn selected(attributes: Option<&str>, excluded: Option<&str>) -> Value {
    let mut resource = user();
    select(&mut resource, attributes, excluded, &ALWAYS);
    resource
}

#[test]
fn attributes_keep_only_listed_and_always() {
    assert_eq!(
        selected(Some("userName"), None),
        json!({"schemas": [crate::USER, crate::ENTERPRISE_USER], "id": "u1", "userName": "bjensen"})
    );
    let result = selected(Some(" USERNAME , meta "), None);
    assert_eq!(result["meta"]["location"], json!("/Users/u1"));
    assert!(result.get("name").is_none());
}

#[test]
fn sub_attributes() {
    let result = selected(Some("name.familyName,emails.value"), None);
    assert_eq!(result["name"], json!({"familyName": "Jensen"}));
    assert_eq!(
        result["emails"],
        json!([{"value": "bjensen@example.com"}, {"value": "babs@jensen.org"}])
    );
    let whole = selected(Some("name,name.givenName"), None);
    assert_eq!(whole["name"], user()["name"]);
}

#[test]
fn schema_prefixed_attributes() {
    let result = selected(
        Some(
            "urn:ietf:params:scim:schemas:core:2.0:User:userName,\
             urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
        ),
        None,
    );
    assert_eq!(result["userName"], json!("bjensen"));
    assert_eq!(
        result[crate::ENTERPRISE_USER],
        json!({"department": "Tours"})
    );
    let whole = selected(Some(crate::ENTERPRISE_USER), None);
    assert_eq!(
        whole[crate::ENTERPRISE_USER],
        user()[crate::ENTERPRISE_USER]
    );
    assert!(whole.get("userName").is_none());
    let none = selected(Some("userName"), None);
    assert!(none.get(crate::ENTERPRISE_USER).is_none());
}

#[test]
fn excluded_attributes() {
    let result = selected(None, Some("emails,name.givenName,id,schemas"));
    assert!(result.get("emails").is_none());
    assert_eq!(result["name"], json!({"familyName": "Jensen"}));
    assert_eq!(result["id"], json!("u1"));
    assert!(result.get("schemas").is_some());
    let result = selected(
        None,
        Some(
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber,emails.type",
        ),
    );
    assert_eq!(
        result[crate::ENTERPRISE_USER],
        json!({"department": "Tours"})
    );
    assert_eq!(result["emails"][0], json!({"value": "bjensen@example.com"}));
    let result = selected(None, Some(crate::ENTERPRISE_USER));
    assert!(result.get(crate::ENTERPRISE_USER).is_none());
}

#[test]
fn empty_or_invalid_lists_change_nothing() {
    assert_eq!(selected(None, None), user());
    assert_eq!(selected(Some(""), Some(" , ")), user());
    assert_eq!(selected(None, Some("not a path,!!")), user());
    let mut text = json!("not an object");
    select(&mut text, Some("id"), None, &ALWAYS);
    assert_eq!(text, json!("not an object"));
}

#[test]
fn unknown_attributes_select_nothing_but_always() {
    assert_eq!(
        selected(Some("nickName"), None),
        json!({"schemas": [crate::USER, crate::ENTERPRISE_USER], "id": "u1"})
    );
}
