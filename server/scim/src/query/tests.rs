//! List query tests.

use serde_json::json;

use super::*;

fn params(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
        .collect()
}

fn from_query(pairs: &[(&str, &str)]) -> Result<ListQuery, ScimError> {
    ListQuery::from_query(&params(pairs))
}

#[test]
fn defaults() {
    let query = from_query(&[]).expect("valid");
    assert_eq!(query, ListQuery::default());
    assert_eq!(query.start_index, 1);
    assert_eq!(query.count, None);
}

#[test]
fn query_parameters_in_any_case() {
    let query = from_query(&[
        ("FILTER", r#"userName eq "bjensen""#),
        ("startindex", "11"),
        ("Count", "5"),
        ("attributes", "userName,emails"),
        ("excludedAttributes", "meta"),
        ("sortBy", "userName"),
        ("sortOrder", "Descending"),
        ("other", "ignored"),
    ])
    .expect("valid");
    assert!(query.filter.is_some());
    assert_eq!(query.start_index, 11);
    assert_eq!(query.count, Some(5));
    assert_eq!(query.attributes.as_deref(), Some("userName,emails"));
    assert_eq!(query.excluded_attributes.as_deref(), Some("meta"));
    assert_eq!(query.sort_by.as_deref(), Some("userName"));
    assert_eq!(query.sort_order.as_deref(), Some("descending"));
}

#[test]
fn out_of_range_numbers_are_clamped() {
    let query = from_query(&[("startIndex", "0"), ("count", "-3")]).expect("valid");
    assert_eq!((query.start_index, query.count), (1, Some(0)));
    let query = from_query(&[("startIndex", "-9"), ("count", " 0 ")]).expect("valid");
    assert_eq!((query.start_index, query.count), (1, Some(0)));
}

#[test]
fn bad_parameters() {
    for (pairs, scim_type) in [
        (vec![("startIndex", "abc")], "invalidValue"),
        (vec![("count", "1.5")], "invalidValue"),
        (vec![("sortOrder", "sideways")], "invalidValue"),
        (vec![("filter", "userName eq")], "invalidFilter"),
        (vec![("filter", r#"userName zz "x""#)], "invalidFilter"),
    ] {
        let error = from_query(&pairs).expect_err("invalid");
        assert_eq!(error.status, 400);
        assert_eq!(error.scim_type, Some(scim_type), "{pairs:?}");
    }
}

#[test]
fn blank_parameters_mean_absent() {
    let query = from_query(&[("filter", "  "), ("count", ""), ("startIndex", " ")]).expect("valid");
    assert_eq!(query, ListQuery::default());
}

#[test]
fn search_body() {
    let body = json!({
        "schemas": [crate::SEARCH_REQUEST],
        "attributes": ["displayName", "userName"],
        "excludedAttributes": "meta, emails",
        "filter": "displayName sw \"smith\"",
        "startIndex": 1,
        "count": 10,
        "sortBy": "userName",
        "sortOrder": "ascending"
    });
    let query = ListQuery::from_search_body(&body).expect("valid");
    assert!(query.filter.is_some());
    assert_eq!(query.attributes.as_deref(), Some("displayName,userName"));
    assert_eq!(query.excluded_attributes.as_deref(), Some("meta, emails"));
    assert_eq!((query.start_index, query.count), (1, Some(10)));
    assert_eq!(query.sort_order.as_deref(), Some("ascending"));
}

#[test]
fn search_body_is_lenient_about_case_and_text_numbers() {
    let body = json!({"STARTINDEX": "0", "Count": "-1", "filter": null, "attributes": []});
    let query = ListQuery::from_search_body(&body).expect("valid");
    assert_eq!((query.start_index, query.count), (1, Some(0)));
    assert_eq!(query.filter, None);
    assert_eq!(query.attributes, None);
}

#[test]
fn search_body_errors() {
    for (body, scim_type) in [
        (json!([]), "invalidSyntax"),
        (json!({"filter": 5}), "invalidFilter"),
        (json!({"filter": "a eq"}), "invalidFilter"),
        (json!({"startIndex": 1.5}), "invalidValue"),
        (json!({"count": "many"}), "invalidValue"),
        (json!({"count": true}), "invalidValue"),
        (json!({"attributes": [1]}), "invalidValue"),
        (json!({"attributes": {"a": 1}}), "invalidValue"),
        (json!({"sortBy": 3}), "invalidValue"),
        (json!({"sortOrder": "up"}), "invalidValue"),
    ] {
        let error = ListQuery::from_search_body(&body).expect_err("invalid");
        assert_eq!(error.scim_type, Some(scim_type), "{body}");
    }
}
