//! Reading PATCH bodies and paths.

use serde_json::json;

use super::*;
use crate::filter::CompareOp;

fn path(text: &str) -> PatchPath {
    match PatchPath::parse(text) {
        Ok(path) => path,
        Err(error) => panic!("{text}: {error}"),
    }
}

fn request(body: serde_json::Value) -> Result<PatchRequest, PatchError> {
    PatchRequest::from_json(&body)
}

#[test]
fn plain_and_dotted_paths() {
    let active = path("active");
    assert!(active.attr.matches("active"));
    assert_eq!((active.filter, active.sub), (None, None));
    let given = path("name.givenName");
    assert_eq!(given.attr, AttrPath::with_sub("name", "givenName"));
    assert_eq!(given.sub, None);
}

#[test]
fn filtered_paths() {
    let work = path(r#"emails[type eq "work"].value"#);
    assert_eq!(work.attr, AttrPath::new("emails"));
    assert_eq!(work.sub.as_deref(), Some("value"));
    assert_eq!(
        work.filter,
        Some(Filter::Compare {
            path: AttrPath::new("type"),
            op: CompareOp::Eq,
            value: json!("work"),
        })
    );
    let member = path(r#"members[value eq "2819c223"]"#);
    assert_eq!(member.attr, AttrPath::new("members"));
    assert_eq!(member.sub, None);
    assert!(member.filter.is_some());
    assert_eq!(member.to_string(), r#"members[value eq "2819c223"]"#);
    let both = path(r#"addresses[type eq "work" and primary eq true].streetAddress"#);
    assert_eq!(both.sub.as_deref(), Some("streetAddress"));
}

#[test]
fn schema_prefixed_paths() {
    let department = path("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department");
    assert_eq!(department.attr.extension(), Some(crate::ENTERPRISE_USER));
    assert_eq!(department.attr.attr, "department");
    let family = path("urn:ietf:params:scim:schemas:core:2.0:User:name.familyName");
    assert_eq!(family.attr.extension(), None);
    assert_eq!(family.attr.key(), "name.familyname");
    let whole = path(crate::ENTERPRISE_USER);
    assert_eq!(whole.attr.attr, crate::ENTERPRISE_USER);
    let manager = path("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value");
    assert_eq!(manager.attr.sub.as_deref(), Some("value"));
}

#[test]
fn bad_paths_are_invalid_path() {
    for text in [
        "",
        "name..givenName",
        r#"emails[type eq "work""#,
        r#"emails[type zz "work"]"#,
        r#"emails[type eq "work"]value"#,
        r#"emails[type eq "work"].value.extra"#,
        r#"name.givenName[type eq "x"]"#,
        "foo bar",
    ] {
        let error = PatchPath::parse(text).expect_err(text);
        assert_eq!(error.scim_type, "invalidPath", "{text}");
    }
}

#[test]
fn okta_body() {
    let body = json!({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "replace", "value": {"active": false}}]
    });
    let parsed = request(body).expect("valid");
    assert_eq!(
        parsed.operations,
        vec![PatchOperation {
            op: PatchOp::Replace,
            path: None,
            value: Some(json!({"active": false})),
        }]
    );
}

#[test]
fn entra_body_with_capitalised_ops() {
    let body = json!({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [
            {"op": "Replace", "path": "active", "value": "False"},
            {"op": "Add", "path": "emails[type eq \"work\"].value", "value": "x@y"},
            {"op": "Remove", "path": "members", "value": [{"value": "id1"}]},
            {"op": "REMOVE", "path": "title"}
        ]
    });
    let parsed = request(body).expect("valid");
    let ops: Vec<PatchOp> = parsed.operations.iter().map(|o| o.op).collect();
    assert_eq!(
        ops,
        [
            PatchOp::Replace,
            PatchOp::Add,
            PatchOp::Remove,
            PatchOp::Remove
        ]
    );
    assert_eq!(parsed.operations[3].value, None);
}

#[test]
fn operations_key_in_any_case_and_empty_path() {
    let body = json!({
        "SCHEMAS": "urn:ietf:params:scim:api:messages:2.0:PatchOp",
        "operations": [{"OP": "add", "Path": "  ", "Value": {"title": "x"}}]
    });
    let parsed = request(body).expect("valid");
    assert_eq!(parsed.operations[0].path, None);
    assert_eq!(parsed.operations[0].value, Some(json!({"title": "x"})));
}

#[test]
fn body_errors() {
    let schemas = json!(["urn:ietf:params:scim:api:messages:2.0:PatchOp"]);
    let cases = [
        (json!([]), "invalidSyntax"),
        (json!({"Operations": []}), "invalidSyntax"),
        (
            json!({"schemas": [crate::USER], "Operations": []}),
            "invalidSyntax",
        ),
        (json!({"schemas": schemas}), "invalidSyntax"),
        (
            json!({"schemas": schemas, "Operations": [{"op": "move", "path": "a"}]}),
            "invalidSyntax",
        ),
        (
            json!({"schemas": schemas, "Operations": [{"path": "a", "value": 1}]}),
            "invalidSyntax",
        ),
        (
            json!({"schemas": schemas, "Operations": [{"op": "remove"}]}),
            "noTarget",
        ),
        (
            json!({"schemas": schemas, "Operations": [{"op": "add", "path": "title"}]}),
            "invalidValue",
        ),
        (
            json!({"schemas": schemas, "Operations": [{"op": "replace"}]}),
            "invalidValue",
        ),
        (
            json!({"schemas": schemas, "Operations": [{"op": "add", "path": 5, "value": 1}]}),
            "invalidPath",
        ),
        (
            json!({"schemas": schemas, "Operations": [{"op": "add", "path": "a[", "value": 1}]}),
            "invalidPath",
        ),
    ];
    for (body, scim_type) in cases {
        let error = request(body.clone()).expect_err(&body.to_string());
        assert_eq!(error.scim_type, scim_type, "{body}");
    }
}

#[test]
fn errors_say_which_operation() {
    let body = json!({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [
            {"op": "add", "path": "title", "value": "x"},
            {"op": "remove"}
        ]
    });
    let error = request(body).expect_err("second operation lacks a path");
    assert_eq!(
        error.message,
        "operation 2: a remove operation needs a path"
    );
    assert_eq!(
        error.to_string(),
        "noTarget: operation 2: a remove operation needs a path"
    );
}

#[test]
fn op_names() {
    assert_eq!(PatchOp::from_name("rEpLaCe"), Some(PatchOp::Replace));
    assert_eq!(PatchOp::from_name("delete"), None);
    assert_eq!(PatchOp::Add.name(), "add");
}

#[test]
fn a_patch_failure_is_a_bad_request_with_its_own_scim_type() {
    let error = crate::ScimError::from(PatchError::no_target("nothing to remove"));
    assert_eq!(error.status, 400);
    assert_eq!(error.scim_type, Some("noTarget"));
    assert_eq!(error.detail, "nothing to remove");
}
