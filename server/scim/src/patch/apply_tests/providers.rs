//! PATCH bodies as Okta and Entra ID send them.

use serde_json::json;

use super::*;

#[test]
fn okta_deactivate_without_path() {
    let result = patched(
        user(),
        json!([{"op": "replace", "value": {"active": false}}]),
    );
    assert_eq!(result["active"], json!(false));
    assert_eq!(result["userName"], json!("bjensen"));
}

#[test]
fn entra_text_boolean() {
    let result = patched(
        user(),
        json!([{"op": "Replace", "path": "active", "value": "False"}]),
    );
    assert_eq!(result["active"], json!(false));
    let mut missing = user();
    missing.as_object_mut().expect("object").remove("active");
    let result = patched(
        missing,
        json!([{"op": "Add", "path": "ACTIVE", "value": "True"}]),
    );
    assert_eq!(result["active"], json!(true));
    let flags = patched(
        json!({"flag": false}),
        json!([{"op": "replace", "value": {"flag": "TRUE", "note": "true"}}]),
    );
    assert_eq!(flags, json!({"flag": true, "note": "true"}));
}

#[test]
fn entra_filtered_add_updates_or_creates() {
    let op = json!([{"op": "Add", "path": "emails[type eq \"work\"].value", "value": "x@y"}]);
    let result = patched(user(), op.clone());
    assert_eq!(result["emails"][0]["value"], json!("x@y"));
    assert_eq!(result["emails"][1]["value"], json!("babs@jensen.org"));

    let mut without = user();
    without.as_object_mut().expect("object").remove("emails");
    let created = patched(without, op);
    assert_eq!(created["emails"], json!([{"type": "work", "value": "x@y"}]));

    let phones = patched(
        json!({"phoneNumbers": [{"type": "home", "value": "1"}]}),
        json!([{"op": "replace", "path": "phoneNumbers[type eq \"mobile\"].value", "value": "2"}]),
    );
    assert_eq!(
        phones["phoneNumbers"][1],
        json!({"type": "mobile", "value": "2"})
    );
}

#[test]
fn filtered_replace_without_type_needs_a_match() {
    let error = failure(
        user(),
        json!([{"op": "replace", "path": "emails[value eq \"nobody@x\"].primary", "value": true}]),
    );
    assert_eq!(error.scim_type, "noTarget");
}

#[test]
fn entra_remove_and_add_members() {
    let removed = patched(
        group(),
        json!([{"op": "Remove", "path": "members", "value": [{"value": "id1"}, {"value": "ID3"}]}]),
    );
    assert_eq!(removed["members"], json!([{"value": "id2"}]));

    let added = patched(
        group(),
        json!([{"op": "Add", "path": "members", "value": [{"value": "id4"}, {"value": "id1"}]}]),
    );
    let ids: Vec<&str> = added["members"]
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|m| m["value"].as_str())
        .collect();
    assert_eq!(ids, ["id1", "id2", "id3", "id4"]);
    assert_eq!(added["members"][0]["display"], json!("Babs"));

    let mut empty = group();
    empty.as_object_mut().expect("object").remove("members");
    let first = patched(
        empty,
        json!([{"op": "Add", "path": "members", "value": [{"value": "id9"}]}]),
    );
    assert_eq!(first["members"], json!([{"value": "id9"}]));
}

#[test]
fn replace_without_path_with_dotted_keys() {
    let result = patched(
        user(),
        json!([{"op": "replace", "value": {"name.givenName": "A", "name.familyName": "B"}}]),
    );
    assert_eq!(result["name"], json!({"givenName": "A", "familyName": "B"}));
}

#[test]
fn entra_manager_as_bare_id_and_removal() {
    let path = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager";
    let result = patched(user(), json!([{"op": "Add", "path": path, "value": "m42"}]));
    assert_eq!(
        result[crate::ENTERPRISE_USER]["manager"],
        json!({"value": "m42"})
    );
    let removed = patched(result, json!([{"op": "Remove", "path": path}]));
    assert_eq!(removed[crate::ENTERPRISE_USER], json!({}));
    let untouched = patched(user(), json!([{"op": "remove", "path": path}]));
    assert_eq!(untouched, user());
}

#[test]
fn okta_group_rename_repeats_the_id() {
    let result = patched(
        group(),
        json!([{"op": "replace", "value": {"id": "g1", "displayName": "Guides"}}]),
    );
    assert_eq!(result["displayName"], json!("Guides"));
    assert_eq!(result["id"], json!("g1"));
}

#[test]
fn okta_adds_and_removes_members_one_by_one() {
    let added = patched(
        group(),
        json!([{"op": "add", "path": "members", "value": [{"value": "id7", "display": "Kim"}]}]),
    );
    assert_eq!(
        added["members"][3],
        json!({"value": "id7", "display": "Kim"})
    );
    let removed = patched(
        added,
        json!([{"op": "remove", "path": "members[value eq \"id7\"]"}]),
    );
    assert_eq!(removed, group());
}

#[test]
fn new_keys_take_the_standard_spelling() {
    let result = patched(
        json!({}),
        json!([{"op": "add", "value": {"DISPLAYNAME": "x", "Name.GivenName": "y", "custom": 1}}]),
    );
    assert_eq!(
        result,
        json!({"displayName": "x", "name": {"givenName": "y"}, "custom": 1})
    );
}
