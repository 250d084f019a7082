//! Parsing tests: the examples of RFC 7644 §3.4.2.2, precedence, literals and errors.

use serde_json::{json, Value};

use super::*;

fn parse(text: &str) -> Filter {
    match parse_filter(text) {
        Ok(filter) => filter,
        Err(error) => panic!("{text}: {error}"),
    }
}

fn error(text: &str) -> String {
    match parse_filter(text) {
        Ok(filter) => panic!("{text} parsed as {filter:?}"),
        Err(error) => error.message().to_owned(),
    }
}

fn path(text: &str) -> AttrPath {
    AttrPath::parse(text).expect("valid path")
}

fn cmp(attr: &str, op: CompareOp, value: Value) -> Filter {
    Filter::Compare {
        path: path(attr),
        op,
        value,
    }
}

fn and(left: Filter, right: Filter) -> Filter {
    Filter::And(Box::new(left), Box::new(right))
}

fn or(left: Filter, right: Filter) -> Filter {
    Filter::Or(Box::new(left), Box::new(right))
}

fn not(inner: Filter) -> Filter {
    Filter::Not(Box::new(inner))
}

fn value_path(attr: &str, filter: Filter) -> Filter {
    Filter::ValuePath {
        attr: path(attr),
        filter: Box::new(filter),
    }
}

const RFC_EXAMPLES: [&str; 18] = [
    r#"userName Eq "john""#,
    r#"userName eq "bjensen""#,
    r#"name.familyName co "O'Malley""#,
    r#"userName sw "J""#,
    r#"urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J""#,
    r#"title pr"#,
    r#"meta.lastModified gt "2011-05-13T04:42:34Z""#,
    r#"meta.lastModified ge "2011-05-13T04:42:34Z""#,
    r#"meta.lastModified lt "2011-05-13T04:42:34Z""#,
    r#"meta.lastModified le "2011-05-13T04:42:34Z""#,
    r#"title pr and userType eq "Employee""#,
    r#"title pr or userType eq "Intern""#,
    r#"schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User""#,
    r#"userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")"#,
    r#"userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")"#,
    r#"userType eq "Employee" and (emails.type eq "work")"#,
    r#"userType eq "Employee" and emails[type eq "work" and value co "@example.com"]"#,
    r#"emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]"#,
];

#[test]
fn every_rfc_example_parses_and_prints_back() {
    for text in RFC_EXAMPLES {
        let filter = parse(text);
        assert_eq!(parse(&filter.to_string()), filter, "{text}");
    }
}

#[test]
fn rfc_simple_comparisons() {
    assert_eq!(
        parse(RFC_EXAMPLES[0]),
        cmp("userName", CompareOp::Eq, json!("john"))
    );
    assert_eq!(
        parse(RFC_EXAMPLES[2]),
        cmp("name.familyName", CompareOp::Co, json!("O'Malley"))
    );
    assert_eq!(parse("title pr"), Filter::Present(path("title")));
    assert_eq!(
        parse(RFC_EXAMPLES[6]),
        cmp(
            "meta.lastModified",
            CompareOp::Gt,
            json!("2011-05-13T04:42:34Z")
        )
    );
    let Filter::Compare { path, .. } = parse(RFC_EXAMPLES[4]) else {
        panic!("not a comparison");
    };
    assert_eq!(
        path.schema.as_deref(),
        Some("urn:ietf:params:scim:schemas:core:2.0:User")
    );
    assert_eq!((path.attr.as_str(), path.extension()), ("userName", None));
}

#[test]
fn rfc_logical_examples() {
    let employee = || cmp("userType", CompareOp::Eq, json!("Employee"));
    let emails = || {
        or(
            cmp("emails", CompareOp::Co, json!("example.com")),
            cmp("emails.value", CompareOp::Co, json!("example.org")),
        )
    };
    assert_eq!(parse(RFC_EXAMPLES[13]), and(employee(), emails()));
    assert_eq!(
        parse(RFC_EXAMPLES[14]),
        and(
            cmp("userType", CompareOp::Ne, json!("Employee")),
            not(emails())
        )
    );
    assert_eq!(
        parse(RFC_EXAMPLES[17]),
        or(
            value_path(
                "emails",
                and(
                    cmp("type", CompareOp::Eq, json!("work")),
                    cmp("value", CompareOp::Co, json!("@example.com"))
                )
            ),
            value_path(
                "ims",
                and(
                    cmp("type", CompareOp::Eq, json!("xmpp")),
                    cmp("value", CompareOp::Co, json!("@foo.com"))
                )
            )
        )
    );
}

#[test]
fn and_binds_tighter_than_or_and_not_tighter_than_and() {
    let a = || Filter::Present(path("a"));
    let b = || Filter::Present(path("b"));
    let c = || Filter::Present(path("c"));
    assert_eq!(parse("a pr or b pr and c pr"), or(a(), and(b(), c())));
    assert_eq!(parse("a pr and b pr or c pr"), or(and(a(), b()), c()));
    assert_eq!(parse("(a pr or b pr) and c pr"), and(or(a(), b()), c()));
    assert_eq!(parse("not (a pr) and b pr"), and(not(a()), b()));
    assert_eq!(parse("a pr and b pr and c pr"), and(and(a(), b()), c()));
    assert_eq!(parse("not(not(a pr))"), not(not(a())));
}

#[test]
fn keywords_and_whitespace_are_flexible() {
    let expected = and(
        Filter::Present(path("title")),
        cmp("userType", CompareOp::Eq, json!("Employee")),
    );
    assert_eq!(parse(r#"title PR And userType EQ "Employee""#), expected);
    assert_eq!(
        parse("  title pr\tand\nuserType eq\"Employee\"  "),
        expected
    );
    assert_eq!(
        parse(r#"( title pr )AND(userType eq "Employee")"#),
        expected
    );
    assert_eq!(
        parse(r#"NOT (title pr)"#),
        not(Filter::Present(path("title")))
    );
    for (keyword, op) in [
        ("NE", CompareOp::Ne),
        ("sW", CompareOp::Sw),
        ("Ew", CompareOp::Ew),
        ("cO", CompareOp::Co),
        ("GE", CompareOp::Ge),
        ("gT", CompareOp::Gt),
        ("lt", CompareOp::Lt),
        ("LE", CompareOp::Le),
    ] {
        assert_eq!(
            parse(&format!(r#"x {keyword} "1""#)),
            cmp("x", op, json!("1"))
        );
    }
}

#[test]
fn literals() {
    assert_eq!(
        parse("active eq TRUE"),
        cmp("active", CompareOp::Eq, json!(true))
    );
    assert_eq!(
        parse("active ne False"),
        cmp("active", CompareOp::Ne, json!(false))
    );
    assert_eq!(
        parse("title eq null"),
        cmp("title", CompareOp::Eq, Value::Null)
    );
    assert_eq!(
        parse("age gt -12.5e1"),
        cmp("age", CompareOp::Gt, json!(-125.0))
    );
    assert_eq!(parse("age le 42"), cmp("age", CompareOp::Le, json!(42)));
    assert_eq!(
        parse(r#"displayName eq "say \"hi\" \\ \u00e9 \n""#),
        cmp("displayName", CompareOp::Eq, json!("say \"hi\" \\ é \n"))
    );
    assert_eq!(
        parse(r#"displayName eq "a)b]c( and d""#),
        cmp("displayName", CompareOp::Eq, json!("a)b]c( and d"))
    );
}

#[test]
fn schema_prefixed_paths() {
    let p = path("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value");
    assert_eq!(
        p.schema.as_deref(),
        Some("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")
    );
    assert_eq!(
        (p.attr.as_str(), p.sub.as_deref()),
        ("manager", Some("value"))
    );
    assert_eq!(
        p.key(),
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:user:manager.value"
    );
    let whole = path("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User");
    assert_eq!(whole.schema, None);
    assert_eq!(whole.attr, crate::ENTERPRISE_USER);
    let core = path("urn:ietf:params:scim:schemas:core:2.0:User:name.givenName");
    assert_eq!(core.key(), "name.givenname");
    assert!(core.matches("NAME.GIVENNAME"));
    assert!(core.matches("name.givenName"));
    assert!(!core.matches("name.familyName"));
    assert!(core.attr_is("Name") && core.sub_is("GivenName"));
    assert_eq!(path("members.$ref").sub.as_deref(), Some("$ref"));
}

#[test]
fn simple_eq_only_for_a_single_equality() {
    let filter = parse(r#"userName eq "bjensen""#);
    let (p, value) = simple_eq(&filter).expect("single eq");
    assert!(p.matches("username"));
    assert_eq!(value, &json!("bjensen"));
    assert!(simple_eq(&parse(r#"userName ne "x""#)).is_none());
    assert!(simple_eq(&parse(r#"userName eq "x" and active eq true"#)).is_none());
}

#[test]
fn errors_name_the_problem_and_position() {
    assert_eq!(error(""), "the filter is empty");
    assert_eq!(error("   "), "the filter is empty");
    assert_eq!(
        error(r#"userName xx "john""#),
        "unknown operator 'xx' at position 10"
    );
    assert_eq!(
        error(r#"userName eq "john" extra"#),
        "expected the end of the filter but found 'extra' at position 20"
    );
    assert_eq!(
        error(r#"(userName eq "john""#),
        "'(' at position 1 is never closed"
    );
    assert_eq!(
        error(r#"userName eq "john")"#),
        "expected the end of the filter but found ')' at position 19"
    );
    assert_eq!(
        error(r#"emails[type eq "work""#),
        "'[' at position 7 is never closed"
    );
    assert_eq!(
        error(r#"emails[type eq "work"]]"#),
        "expected the end of the filter but found ']' at position 23"
    );
    assert_eq!(
        error("userName eq"),
        "expected a value after 'eq' but the filter ended"
    );
    assert_eq!(
        error("userName"),
        "expected an operator after 'userName' but the filter ended"
    );
    assert_eq!(
        error("userName eq john"),
        "'john' at position 13 is not a value; strings need double quotes"
    );
    assert_eq!(
        error(r#"userName eq "john"#),
        "unterminated string starting at position 13"
    );
    assert_eq!(
        error(r#"title pr and"#),
        "expected an attribute path, 'not' or '(' but the filter ended"
    );
    assert_eq!(
        error(r#"1abc eq "x""#),
        "'1abc' at position 1 is not a valid attribute path"
    );
}

#[test]
fn structural_errors() {
    for text in [
        r#"emails[type eq "work" and x[y eq "z"]]"#,
        r#"emails.value[type eq "work"]"#,
        r#"userName eq "a" and or title pr"#,
        r#"active gt true"#,
        r#"title co null"#,
        r#"age co 5"#,
        r#"userName "john""#,
        r#"() "#,
        r#"name..givenName pr"#,
        r#"a.b.c pr"#,
        r#"foo:bar pr"#,
        r#"userName eq "\x""#,
        "]",
    ] {
        assert!(parse_filter(text).is_err(), "{text} should fail");
    }
}

#[test]
fn nesting_and_size_are_limited() {
    let deep = format!("{}a pr{}", "(".repeat(100), ")".repeat(100));
    assert!(error(&deep).contains("levels deep"));
    let long = vec!["a pr"; 500].join(" and ");
    assert!(error(&long).contains("comparisons"));
    let fine = format!("{}a pr{}", "(".repeat(20), ")".repeat(20));
    assert_eq!(parse(&fine), Filter::Present(path("a")));
}

#[test]
fn attribute_named_not_is_still_a_path() {
    assert_eq!(parse("not pr"), Filter::Present(path("not")));
    assert_eq!(
        parse(r#"and eq "x""#),
        cmp("and", CompareOp::Eq, json!("x"))
    );
}

#[test]
fn bracket_filter_for_patch_paths() {
    let text = r#"emails[type eq "a]b"].value"#;
    let (filter, end) = parse_bracket_filter(text, 7).expect("valid");
    assert_eq!(filter, cmp("type", CompareOp::Eq, json!("a]b")));
    assert_eq!(&text[end..], ".value");
}
