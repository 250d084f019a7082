//! Listing and searching resources: `GET /Users?filter=…`, `POST /Users/.search` and the same for
//! Groups (the root `/.search` is `search_all.rs`). Filters, sorting and paging follow RFC 7644 §3.4.2; a list is
//! always a `ListResponse`, even when it is empty.

use super::{json_body, scim_body, Failure};
use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use roster_scim::{json, matches, select, ListQuery, ScimError, LIST_RESPONSE};
use serde_json::{json, Value};
use std::cmp::Ordering;

/// The most resources one page holds, whatever `count` asks for.
pub const MAX_RESULTS: usize = 1000;

/// Attributes returned whatever `attributes` or `excludedAttributes` say.
pub const ALWAYS: &[&str] = &["id", "schemas"];

/// The page size a query asks for, within [`MAX_RESULTS`].
pub fn page_size(query: &ListQuery) -> usize {
    query.count.unwrap_or(100).min(MAX_RESULTS)
}

/// One page of resources, and how many matched in all.
pub struct Listing {
    pub total: usize,
    pub start_index: usize,
    pub resources: Vec<Value>,
}

/// The page of `all` that `query` asks for: filtered, sorted, cut, its attributes selected.
pub fn in_memory(mut all: Vec<Value>, query: &ListQuery) -> Listing {
    if let Some(filter) = &query.filter {
        all.retain(|resource| matches(filter, resource));
    }
    if let Some(sort_by) = &query.sort_by {
        let descending = query
            .sort_order
            .as_deref()
            .is_some_and(|o| o.eq_ignore_ascii_case("descending"));
        all.sort_by(|a, b| {
            let order = compare(sort_value(a, sort_by), sort_value(b, sort_by));
            if descending {
                order.reverse()
            } else {
                order
            }
        });
    }
    let total = all.len();
    let resources = all
        .into_iter()
        .skip(query.start_index.saturating_sub(1))
        .take(page_size(query))
        .collect();
    selected(
        Listing {
            total,
            start_index: query.start_index,
            resources,
        },
        query,
    )
}

/// Applies `attributes` / `excludedAttributes` to each resource of the page.
pub fn selected(mut listing: Listing, query: &ListQuery) -> Listing {
    for resource in &mut listing.resources {
        select(
            resource,
            query.attributes.as_deref(),
            query.excluded_attributes.as_deref(),
            ALWAYS,
        );
    }
    listing
}

/// The value a resource is sorted by (`name.familyName`, `emails` = the primary or first email).
fn sort_value<'a>(resource: &'a Value, path: &str) -> Option<&'a Value> {
    let mut value = resource;
    for part in path.rsplit(':').next().unwrap_or(path).split('.') {
        value = json::get(value, part)?;
        if let Value::Array(items) = value {
            let item = items
                .iter()
                .find(|i| json::get(i, "primary").and_then(Value::as_bool) == Some(true))
                .or_else(|| items.first())?;
            value = json::get(item, "value").unwrap_or(item);
        }
    }
    Some(value)
}

/// Missing values sort last; strings without regard to case.
fn compare(a: Option<&Value>, b: Option<&Value>) -> Ordering {
    match (a, b) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Greater,
        (Some(_), None) => Ordering::Less,
        (Some(Value::String(a)), Some(Value::String(b))) => a.to_lowercase().cmp(&b.to_lowercase()),
        (Some(Value::Number(a)), Some(Value::Number(b))) => a
            .as_f64()
            .partial_cmp(&b.as_f64())
            .unwrap_or(Ordering::Equal),
        (Some(Value::Bool(a)), Some(Value::Bool(b))) => a.cmp(b),
        (Some(a), Some(b)) => a.to_string().cmp(&b.to_string()),
    }
}

/// The `ListResponse` of a page.
pub fn response(listing: Listing) -> Response {
    scim_body(
        StatusCode::OK,
        &json!({
            "schemas": [LIST_RESPONSE],
            "totalResults": listing.total,
            "startIndex": listing.start_index,
            "itemsPerPage": listing.resources.len(),
            "Resources": listing.resources,
        }),
    )
}

/// The query of a `.search` body.
pub fn search_query(headers: &HeaderMap, body: &Bytes) -> Result<ListQuery, Failure> {
    let body = json_body(headers, body)?;
    ListQuery::from_search_body(&body).map_err(Failure)
}

/// The query of a list request's query string.
pub fn url_query(raw: Option<&str>) -> Result<ListQuery, Failure> {
    let params: Vec<(String, String)> = raw
        .map(|q| form_urlencoded::parse(q.as_bytes()).into_owned().collect())
        .unwrap_or_default();
    ListQuery::from_query(&params).map_err(Failure)
}

/// A filter that names an attribute no resource has is no error; a malformed one is.
pub fn no_such_resource(what: &str) -> Failure {
    Failure(ScimError::new(
        404,
        None,
        format!("There is no such {what}."),
    ))
}
