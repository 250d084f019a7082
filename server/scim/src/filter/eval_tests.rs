//! Evaluation tests over sample resources.

use serde_json::{json, Value};

use super::*;

fn user() -> Value {
    json!({
        "schemas": [crate::USER, crate::ENTERPRISE_USER],
        "id": "2819c223-7f76-453a-919d-413861904646",
        "userName": "bjensen@example.com",
        "name": {"givenName": "Barbara", "familyName": "O'Malley"},
        "title": "Tour Guide",
        "userType": "Employee",
        "active": true,
        "loginCount": 7,
        "emails": [
            {"value": "bjensen@example.com", "type": "work", "primary": true},
            {"value": "babs@jensen.org", "type": "home"}
        ],
        "ims": [{"value": "someaimhandle", "type": "aim"}],
        "meta": {"lastModified": "2011-05-13T04:42:34Z", "resourceType": "User"},
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
            "department": "Tour Operations",
            "manager": {"value": "26118915-6090-4610-87e4-49d8ca9f808d"}
        }
    })
}

fn check(text: &str, resource: &Value) -> bool {
    match parse_filter(text) {
        Ok(filter) => matches(&filter, resource),
        Err(error) => panic!("{text}: {error}"),
    }
}

fn assert_matches(cases: &[(&str, bool)]) {
    let user = user();
    for (text, expected) in cases {
        assert_eq!(check(text, &user), *expected, "{text}");
    }
}

#[test]
fn rfc_examples_against_a_user() {
    assert_matches(&[
        (r#"userName Eq "BJENSEN@example.com""#, true),
        (r#"userName eq "bjensen""#, false),
        (r#"name.familyName co "o'malley""#, true),
        (r#"userName sw "B""#, true),
        (
            r#"urn:ietf:params:scim:schemas:core:2.0:User:userName sw "b""#,
            true,
        ),
        (r#"title pr"#, true),
        (r#"nickName pr"#, false),
        (r#"meta.lastModified gt "2011-05-13T04:42:34Z""#, false),
        (r#"meta.lastModified ge "2011-05-13T04:42:34Z""#, true),
        (r#"meta.lastModified lt "2011-05-13T04:42:35Z""#, true),
        (r#"meta.lastModified le "2011-05-13T06:42:34+02:00""#, true),
        (r#"meta.lastModified gt "2011-05-13T06:42:33+02:00""#, true),
        (r#"title pr and userType eq "Employee""#, true),
        (r#"title pr or userType eq "Intern""#, true),
        (r#"nickName pr or userType eq "Intern""#, false),
        (
            r#"schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User""#,
            true,
        ),
        (
            r#"userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")"#,
            true,
        ),
        (
            r#"userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")"#,
            false,
        ),
        (
            r#"userType eq "Employee" and (emails.type eq "work")"#,
            true,
        ),
        (
            r#"userType eq "Employee" and emails[type eq "work" and value co "@example.com"]"#,
            true,
        ),
        (
            r#"emails[type eq "work" and value co "@example.org"] or ims[type eq "xmpp" and value co "@foo.com"]"#,
            false,
        ),
        (r#"emails[type eq "home" and value co "@JENSEN.org"]"#, true),
    ]);
}

#[test]
fn multi_valued_attributes_match_any_value() {
    assert_matches(&[
        (r#"emails.value eq "babs@jensen.org""#, true),
        (r#"emails eq "babs@jensen.org""#, true),
        (r#"emails ew ".ORG""#, true),
        (r#"emails.type eq "other""#, false),
        (r#"emails.primary eq true"#, true),
        (r#"emails[type eq "home" and primary eq true]"#, false),
        (r#"emails[not (type eq "work")]"#, true),
        (r#"emails.type ne "work""#, true),
        (r#"ims.type ne "aim""#, false),
    ]);
}

#[test]
fn extension_attributes_by_urn() {
    assert_matches(&[
        (
            r#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "tour operations""#,
            true,
        ),
        (
            r#"URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER:manager.value sw "2611""#,
            true,
        ),
        (
            r#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager eq "26118915-6090-4610-87e4-49d8ca9f808d""#,
            true,
        ),
        (r#"department pr"#, false),
        (
            r#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:costCenter pr"#,
            false,
        ),
        (
            r#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User pr"#,
            true,
        ),
    ]);
}

#[test]
fn names_are_case_insensitive_at_every_level() {
    assert_matches(&[
        (r#"USERNAME eq "bjensen@example.com""#, true),
        (r#"Name.GivenName eq "barbara""#, true),
        (r#"EMAILS[TYPE eq "WORK"]"#, true),
        (r#"ID eq "2819C223-7F76-453A-919D-413861904646""#, true),
    ]);
}

#[test]
fn presence_missing_and_null() {
    let resource = json!({
        "title": "",
        "nickName": null,
        "emails": [],
        "name": {},
        "phoneNumbers": [{"value": "555", "type": "work"}],
        "active": false
    });
    for (text, expected) in [
        ("title pr", false),
        ("nickName pr", false),
        ("emails pr", false),
        ("name pr", false),
        ("phoneNumbers pr", true),
        ("phoneNumbers.type pr", true),
        ("phoneNumbers.display pr", false),
        ("active pr", true),
        ("nickName eq null", true),
        ("title eq null", true),
        ("active eq null", false),
        ("active ne null", true),
        (r#"displayName ne "x""#, true),
        (r#"displayName eq "x""#, false),
        (r#"not (displayName eq "x")"#, true),
        (r#"nickName ne "x""#, true),
    ] {
        assert_eq!(check(text, &resource), expected, "{text}");
    }
}

#[test]
fn booleans_numbers_and_text_booleans() {
    let resource =
        json!({"active": true, "loginCount": 7, "ratio": 0.5, "big": 18446744073709551615u64});
    for (text, expected) in [
        ("active eq true", true),
        ("active eq false", false),
        ("active ne false", true),
        (r#"active eq "True""#, true),
        (r#"active eq "FALSE""#, false),
        (r#"active ne "false""#, true),
        (r#"active eq "yes""#, false),
        ("loginCount eq 7", true),
        ("loginCount eq 7.0", true),
        ("loginCount gt 6", true),
        ("loginCount ge 7", true),
        ("loginCount lt 7", false),
        ("loginCount le 7.5", true),
        ("ratio lt 1", true),
        ("big gt 1", true),
        (r#"loginCount eq "7""#, false),
        (r#"loginCount co "7""#, false),
    ] {
        assert_eq!(check(text, &resource), expected, "{text}");
    }
}

#[test]
fn string_ordering_and_dates() {
    let resource = json!({
        "displayName": "Mallory",
        "meta": {"created": "2020-01-01T00:00:00.250Z"}
    });
    for (text, expected) in [
        (r#"displayName gt "alice""#, true),
        (r#"displayName lt "ZED""#, true),
        (r#"displayName ge "mallory""#, true),
        (r#"meta.created gt "2020-01-01T00:00:00Z""#, true),
        (r#"meta.created lt "2020-01-01T00:00:00.5Z""#, true),
        (r#"meta.created eq "2020-01-01T01:00:00.25+01:00""#, true),
        (r#"meta.created lt "2019-12-31T21:00:00-02:00""#, false),
        (r#"meta.created lt "2019-12-31T23:00:00-02:00""#, true),
    ] {
        assert_eq!(check(text, &resource), expected, "{text}");
    }
}

#[test]
fn simple_multi_valued_values_in_brackets() {
    let resource = json!({"roles": ["admin", "editor"], "schemas": [crate::USER]});
    assert!(check(r#"roles[value eq "EDITOR"]"#, &resource));
    assert!(!check(r#"roles[value eq "viewer"]"#, &resource));
    assert!(check(r#"roles eq "admin""#, &resource));
    assert!(check(
        r#"schemas eq "urn:ietf:params:scim:schemas:core:2.0:User""#,
        &resource
    ));
}

#[test]
fn group_members() {
    let group = json!({
        "displayName": "Tour Guides",
        "members": [
            {"value": "2819c223", "display": "Babs", "type": "User"},
            {"value": "902c246b", "type": "User"}
        ]
    });
    assert!(check(r#"members[value eq "902c246b"]"#, &group));
    assert!(check(r#"members.value eq "2819c223""#, &group));
    assert!(check(r#"members eq "2819c223""#, &group));
    assert!(!check(r#"members[value eq "nobody"]"#, &group));
    assert!(check(
        r#"displayName eq "tour guides" and members pr"#,
        &group
    ));
}
