//! SQL translation tests.

use super::*;

/// Roster-like columns: users with one email, a boolean and timestamps in Unix seconds.
struct UserColumns;

impl SqlColumns for UserColumns {
    fn column(&self, path: &AttrPath) -> Option<Column> {
        let column = match path.key().as_str() {
            "id" => Column::text("u.id"),
            "username" => Column::text("u.user_name"),
            "externalid" => Column::text("u.external_id"),
            "displayname" => Column::text("u.display_name"),
            "name.givenname" => Column::text("u.given_name"),
            "emails.value" => Column::text("u.email"),
            "emails.type" => Column::text("'work'"),
            "active" => Column::boolean("u.active"),
            "meta.lastmodified" => Column::time("u.updated_at"),
            "meta.created" => Column::time("u.created_at"),
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:user:department" => {
                Column::text("u.department")
            }
            _ => return None,
        };
        Some(column)
    }
}

fn sql(text: &str) -> SqlWhere {
    let filter = parse_filter(text).expect("valid filter");
    match to_sql(&filter, &UserColumns) {
        Ok(clause) => clause,
        Err(error) => panic!("{text}: {error}"),
    }
}

fn sql_error(text: &str) -> String {
    let filter = parse_filter(text).expect("valid filter");
    match to_sql(&filter, &UserColumns) {
        Ok(clause) => panic!("{text} translated to {clause:?}"),
        Err(error) => error.message().to_owned(),
    }
}

fn text(value: &str) -> SqlValue {
    SqlValue::Text(value.to_owned())
}

#[test]
fn text_comparisons() {
    let c = "u.user_name";
    let cases = [
        (
            "eq",
            format!("({c} IS NOT NULL AND lower({c}) = lower(?))"),
            1,
        ),
        ("ne", format!("({c} IS NULL OR lower({c}) <> lower(?))"), 1),
        (
            "co",
            format!("({c} IS NOT NULL AND instr(lower({c}), lower(?)) > 0)"),
            1,
        ),
        (
            "sw",
            format!("({c} IS NOT NULL AND instr(lower({c}), lower(?)) = 1)"),
            1,
        ),
        (
            "ew",
            format!("({c} IS NOT NULL AND substr(lower({c}), -length(?)) = lower(?))"),
            2,
        ),
        (
            "gt",
            format!("({c} IS NOT NULL AND lower({c}) > lower(?))"),
            1,
        ),
        (
            "le",
            format!("({c} IS NOT NULL AND lower({c}) <= lower(?))"),
            1,
        ),
    ];
    for (op, expected, binds) in cases {
        let clause = sql(&format!(r#"userName {op} "Bjensen""#));
        assert_eq!(clause.sql, expected, "{op}");
        assert_eq!(clause.binds, vec![text("Bjensen"); binds], "{op}");
    }
}

#[test]
fn presence_and_null() {
    let present = sql("userName pr");
    assert_eq!(
        present.sql,
        "(u.user_name IS NOT NULL AND u.user_name <> '')"
    );
    assert!(present.binds.is_empty());
    assert_eq!(
        sql("userName eq null").sql,
        "(u.user_name IS NULL OR u.user_name = '')"
    );
    assert_eq!(sql("active pr").sql, "(u.active IS NOT NULL)");
    assert_eq!(sql("active ne null").sql, "(u.active IS NOT NULL)");
    assert_eq!(sql(r#"userName co """#).sql, "(u.user_name IS NOT NULL)");
}

#[test]
fn logic_and_precedence() {
    let clause = sql(r#"userName eq "a" or not (displayName co "b") and active eq "True""#);
    assert_eq!(
        clause.sql,
        "((u.user_name IS NOT NULL AND lower(u.user_name) = lower(?)) OR \
         (NOT ((u.display_name IS NOT NULL AND instr(lower(u.display_name), lower(?)) > 0)) AND \
         (u.active IS NOT NULL AND u.active = ?)))"
    );
    assert_eq!(
        clause.binds,
        vec![text("a"), text("b"), SqlValue::Bool(true)]
    );
}

#[test]
fn booleans() {
    let clause = sql("active eq false");
    assert_eq!(clause.sql, "(u.active IS NOT NULL AND u.active = ?)");
    assert_eq!(clause.binds, vec![SqlValue::Bool(false)]);
    let clause = sql(r#"active ne "TRUE""#);
    assert_eq!(clause.sql, "(u.active IS NULL OR u.active <> ?)");
    assert_eq!(clause.binds, vec![SqlValue::Bool(true)]);
    assert!(sql_error(r#"active eq "maybe""#).contains("true or false"));
    assert!(sql_error(r#"active gt "true""#).contains("operator 'gt'"));
}

#[test]
fn times_become_unix_seconds() {
    let clause = sql(r#"meta.lastModified gt "2011-05-13T04:42:34Z""#);
    assert_eq!(
        clause.sql,
        "(u.updated_at IS NOT NULL AND u.updated_at > ?)"
    );
    assert_eq!(clause.binds, vec![SqlValue::Int(1_305_261_754)]);
    let bound = |text: &str| {
        let clause = sql(text);
        (clause.sql, clause.binds)
    };
    let c = "u.updated_at";
    assert_eq!(
        bound(r#"meta.lastModified ge "2011-05-13T06:42:34.5+02:00""#),
        (
            format!("({c} IS NOT NULL AND {c} >= ?)"),
            vec![SqlValue::Int(1_305_261_755)]
        )
    );
    assert_eq!(
        bound(r#"meta.lastModified lt "2011-05-13T04:42:34.5Z""#).1,
        vec![SqlValue::Int(1_305_261_755)]
    );
    assert_eq!(
        bound(r#"meta.lastModified le "2011-05-13T04:42:34.5Z""#).1,
        vec![SqlValue::Int(1_305_261_754)]
    );
    assert_eq!(
        bound(r#"meta.lastModified eq "2011-05-13T04:42:34Z""#).0,
        format!("({c} IS NOT NULL AND {c} = ?)")
    );
    assert_eq!(
        bound(r#"meta.lastModified eq "2011-05-13T04:42:34.5Z""#).0,
        "(1 = 0)"
    );
    assert_eq!(
        bound(r#"meta.lastModified ne "2011-05-13T04:42:34.5Z""#).0,
        "(1 = 1)"
    );
    assert!(sql_error(r#"meta.created gt "yesterday""#).contains("RFC 3339"));
    assert!(sql_error(r#"meta.created sw "2011-05-13T04:42:34Z""#).contains("operator 'sw'"));
}

#[test]
fn value_paths_flatten_to_sub_attribute_columns() {
    let clause = sql(r#"emails[type eq "work" and value eq "b@example.com"]"#);
    assert_eq!(
        clause.sql,
        "(('work' IS NOT NULL AND lower('work') = lower(?)) AND \
         (u.email IS NOT NULL AND lower(u.email) = lower(?)))"
    );
    assert_eq!(clause.binds, vec![text("work"), text("b@example.com")]);
    let plain = sql(r#"emails co "@example.com""#);
    assert_eq!(
        plain.sql,
        "(u.email IS NOT NULL AND instr(lower(u.email), lower(?)) > 0)"
    );
    assert!(sql_error(r#"emails[display eq "x"]"#).contains("'emails.display'"));
}

#[test]
fn schema_prefixes() {
    let clause = sql(r#"urn:ietf:params:scim:schemas:core:2.0:User:userName eq "x""#);
    assert!(clause.sql.contains("u.user_name"));
    let clause =
        sql(r#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department sw "Tour""#);
    assert!(clause.sql.contains("u.department"));
}

#[test]
fn unknown_attributes_and_wrong_values_are_errors() {
    assert_eq!(
        sql_error(r#"title eq "x""#),
        "the attribute 'title' cannot be used in a filter"
    );
    assert_eq!(
        sql_error(r#"userName eq "x" and nickName pr"#),
        "the attribute 'nickName' cannot be used in a filter"
    );
    assert!(sql_error("userName eq 5").contains("string"));
    assert!(sql_error("userName eq true").contains("string"));
}

#[test]
fn filter_text_is_never_inlined() {
    let clause = sql(r#"userName eq "x' OR 1=1 --""#);
    assert!(!clause.sql.contains("OR 1=1"));
    assert_eq!(clause.binds, vec![text("x' OR 1=1 --")]);
}
