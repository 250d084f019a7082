//! Applying PATCH operations: the RFC 7644 examples and the general rules.

use serde_json::{json, Value};

use super::*;

mod providers;

fn user() -> Value {
    json!({
        "schemas": [crate::USER],
        "id": "u1",
        "userName": "bjensen",
        "active": true,
        "name": {"givenName": "Barbara", "familyName": "Jensen"},
        "emails": [
            {"value": "bjensen@example.com", "type": "work", "primary": true},
            {"value": "babs@jensen.org", "type": "home"}
        ],
        "meta": {"resourceType": "User"}
    })
}

fn group() -> Value {
    json!({
        "schemas": [crate::GROUP],
        "id": "g1",
        "displayName": "Tour Guides",
        "members": [
            {"value": "id1", "display": "Babs"},
            {"value": "id2"},
            {"value": "id3"}
        ]
    })
}

/// Applies the operations (each a JSON operation) as one PATCH body.
fn patch(resource: &mut Value, operations: Value) -> Result<(), PatchError> {
    let body = json!({"schemas": [crate::PATCH_OP], "Operations": operations});
    PatchRequest::from_json(&body)?.apply(resource)
}

fn patched(mut resource: Value, operations: Value) -> Value {
    if let Err(error) = patch(&mut resource, operations.clone()) {
        panic!("{operations}: {error}");
    }
    resource
}

fn failure(mut resource: Value, operations: Value) -> PatchError {
    match patch(&mut resource, operations.clone()) {
        Ok(()) => panic!("{operations} should fail"),
        Err(error) => error,
    }
}

#[test]
fn removing_members() {
    let one = patched(
        group(),
        json!([{"op": "remove", "path": "members[value eq \"id2\"]"}]),
    );
    assert_eq!(one["members"].as_array().map(Vec::len), Some(2));
    let gone = patched(
        group(),
        json!([{"op": "remove", "path": "members[value eq \"nobody\"]"}]),
    );
    assert_eq!(gone, group());
    let all = patched(group(), json!([{"op": "remove", "path": "members"}]));
    assert!(all.get("members").is_none());
    let last = patched(
        json!({"members": [{"value": "a"}]}),
        json!([{"op": "remove", "path": "members", "value": [{"value": "a"}]}]),
    );
    assert_eq!(last, json!({}));
}

#[test]
fn without_path_keys_can_carry_schemas() {
    let result = patched(
        user(),
        json!([{"op": "add", "value": {
            "urn:ietf:params:scim:schemas:core:2.0:User:nickName": "Babs",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department": "Tours",
            "schemas": ["ignored"],
            "id": "u1",
            "meta": {"version": "ignored"}
        }}]),
    );
    assert_eq!(result["nickName"], json!("Babs"));
    assert_eq!(
        result[crate::ENTERPRISE_USER],
        json!({"department": "Tours"})
    );
    assert_eq!(
        result["schemas"],
        json!([crate::USER, crate::ENTERPRISE_USER])
    );
    assert_eq!(result["meta"], json!({"resourceType": "User"}));
    let error = failure(user(), json!([{"op": "replace", "value": {"id": "other"}}]));
    assert_eq!(error.scim_type, "mutability");
}

#[test]
fn whole_extension_object() {
    let result = patched(
        user(),
        json!([{"op": "add", "path": crate::ENTERPRISE_USER, "value": {
            "employeeNumber": "7", "manager": {"value": "m1"}
        }}]),
    );
    assert_eq!(
        result["schemas"],
        json!([crate::USER, crate::ENTERPRISE_USER])
    );
    let result = patched(
        result,
        json!([{"op": "replace", "value": {crate::ENTERPRISE_USER: {"employeeNumber": "8"}}}]),
    );
    assert_eq!(
        result[crate::ENTERPRISE_USER],
        json!({"employeeNumber": "8", "manager": {"value": "m1"}})
    );
}

#[test]
fn rfc_add_examples() {
    let result = patched(
        user(),
        json!([{"op": "add", "path": "emails", "value": [
            {"value": "babs@example.net", "type": "other"},
            {"value": "BJENSEN@example.com", "type": "work", "display": "Work"}
        ]}]),
    );
    let emails = result["emails"].as_array().expect("array");
    assert_eq!(emails.len(), 3);
    assert_eq!(emails[0]["display"], json!("Work"));
    let nick = patched(
        user(),
        json!([{"op": "add", "value": {"nickName": "Babs"}}]),
    );
    assert_eq!(nick["nickName"], json!("Babs"));
    let name = patched(
        user(),
        json!([{"op": "add", "path": "name", "value": {"middleName": "J"}}]),
    );
    assert_eq!(
        name["name"],
        json!({"givenName": "Barbara", "familyName": "Jensen", "middleName": "J"})
    );
}

#[test]
fn rfc_replace_examples() {
    let whole = patched(
        user(),
        json!([{"op": "replace", "path": "emails", "value": [{"value": "new@x", "type": "work"}]}]),
    );
    assert_eq!(whole["emails"], json!([{"value": "new@x", "type": "work"}]));
    let one = patched(
        user(),
        json!([{"op": "replace", "path": "emails[type eq \"home\"]",
                "value": {"value": "b@j.org", "primary": "true"}}]),
    );
    assert_eq!(
        one["emails"][1],
        json!({"value": "b@j.org", "type": "home", "primary": true})
    );
    let name = patched(
        user(),
        json!([{"op": "replace", "path": "name", "value": {"familyName": "Doe"}}]),
    );
    assert_eq!(
        name["name"],
        json!({"givenName": "Barbara", "familyName": "Doe"})
    );
    let given = patched(
        user(),
        json!([{"op": "replace", "path": "NAME.GIVENNAME", "value": "Babs"}]),
    );
    assert_eq!(given["name"]["givenName"], json!("Babs"));
    assert!(given["name"].get("GIVENNAME").is_none());
}

#[test]
fn rfc_remove_examples() {
    let result = patched(
        user(),
        json!([
            {"op": "remove", "path": "emails[type eq \"work\" and value ew \"example.com\"]"},
            {"op": "remove", "path": "name.familyName"},
            {"op": "remove", "path": "nickName"}
        ]),
    );
    assert_eq!(
        result["emails"],
        json!([{"value": "babs@jensen.org", "type": "home"}])
    );
    assert_eq!(result["name"], json!({"givenName": "Barbara"}));
    let sub = patched(
        user(),
        json!([{"op": "remove", "path": "emails[type eq \"work\"].primary"}]),
    );
    assert!(sub["emails"][0].get("primary").is_none());
}

#[test]
fn null_values_unassign() {
    let result = patched(
        user(),
        json!([
            {"op": "replace", "path": "userName", "value": null},
            {"op": "add", "path": "title", "value": null},
            {"op": "replace", "value": {"name": {"familyName": null}}}
        ]),
    );
    assert!(result.get("userName").is_none());
    assert!(result.get("title").is_none());
    assert_eq!(result["name"], json!({"givenName": "Barbara"}));
}

#[test]
fn read_only_and_malformed_targets() {
    assert_eq!(
        failure(
            user(),
            json!([{"op": "replace", "path": "id", "value": "x"}])
        )
        .scim_type,
        "mutability"
    );
    assert_eq!(
        failure(
            user(),
            json!([{"op": "remove", "path": "meta.resourceType"}])
        )
        .scim_type,
        "mutability"
    );
    assert_eq!(
        failure(
            user(),
            json!([{"op": "add", "path": "userName.x", "value": "y"}])
        )
        .scim_type,
        "invalidPath"
    );
    assert_eq!(
        failure(user(), json!([{"op": "add", "value": "not an object"}])).scim_type,
        "invalidValue"
    );
    assert_eq!(
        failure(user(), json!([{"op": "add", "value": {"bad key": 1}}])).scim_type,
        "invalidPath"
    );
    assert_eq!(
        failure(
            user(),
            json!([{"op": "replace", "path": "emails[type eq \"work\"]", "value": 5}])
        )
        .scim_type,
        "invalidValue"
    );
    let op = PatchOperation {
        op: PatchOp::Add,
        path: None,
        value: Some(json!({"a": 1})),
    };
    assert_eq!(
        apply(&mut json!([1]), &op).map_err(|e| e.scim_type),
        Err("invalidValue")
    );
}

#[test]
fn single_objects_for_multi_valued_attributes_become_arrays() {
    let mut bare = user();
    bare.as_object_mut().expect("object").remove("emails");
    let result = patched(
        bare,
        json!([{"op": "add", "path": "emails", "value": {"value": "a@b", "primary": "True"}}]),
    );
    assert_eq!(result["emails"], json!([{"value": "a@b", "primary": true}]));
    let sub = patched(
        json!({}),
        json!([{"op": "add", "path": "phoneNumbers.value", "value": "555"}]),
    );
    assert_eq!(sub, json!({"phoneNumbers": [{"value": "555"}]}));
}

#[test]
fn simple_multi_valued_values() {
    let result = patched(
        json!({"roles": ["a", "b"]}),
        json!([
            {"op": "add", "path": "roles", "value": ["B", "c"]},
            {"op": "replace", "path": "roles[value eq \"a\"]", "value": "z"},
            {"op": "remove", "path": "roles", "value": "c"}
        ]),
    );
    assert_eq!(result, json!({"roles": ["z", "b"]}));
}
