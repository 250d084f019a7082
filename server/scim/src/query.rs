//! The parameters of a list request (RFC 7644 §3.4.2 and §3.4.3), read from a query string or
//! from a `.search` request body.

use serde_json::Value;

use crate::error::ScimError;
use crate::filter::{parse_filter, Filter};
use crate::json;

#[cfg(test)]
mod tests;

/// What a list request asks for.
#[derive(Debug, Clone, PartialEq)]
pub struct ListQuery {
    /// The `filter`, parsed; `None` when absent or blank.
    pub filter: Option<Filter>,
    /// The 1-based index of the first result; values below 1 become 1.
    pub start_index: usize,
    /// The most results wanted per page; negative values become 0. `None` leaves it to Roster.
    pub count: Option<usize>,
    /// The comma-separated `attributes` list, as given.
    pub attributes: Option<String>,
    /// The comma-separated `excludedAttributes` list, as given.
    pub excluded_attributes: Option<String>,
    /// The `sortBy` attribute path, as given.
    pub sort_by: Option<String>,
    /// `ascending` or `descending` (normalised to lower case).
    pub sort_order: Option<String>,
}

impl Default for ListQuery {
    fn default() -> Self {
        Self {
            filter: None,
            start_index: 1,
            count: None,
            attributes: None,
            excluded_attributes: None,
            sort_by: None,
            sort_order: None,
        }
    }
}

impl ListQuery {
    /// Reads decoded query parameters. Names are case-insensitive; unknown ones are ignored, a
    /// repeated one keeps its last value and an empty one counts as absent. A filter that does not parse is `invalidFilter`; a
    /// `startIndex` or `count` that is not an integer, or an unknown `sortOrder`, is
    /// `invalidValue`.
    pub fn from_query(params: &[(String, String)]) -> Result<Self, ScimError> {
        let mut query = Self::default();
        for (name, value) in params {
            let text = value.trim();
            match name.to_ascii_lowercase().as_str() {
                "filter" => query.filter = parse_optional_filter(text)?,
                "startindex" if !text.is_empty() => {
                    query.start_index = start_index(parse_integer(text, name)?);
                }
                "count" if !text.is_empty() => {
                    query.count = Some(count(parse_integer(text, name)?))
                }
                "attributes" => query.attributes = non_empty(text),
                "excludedattributes" => query.excluded_attributes = non_empty(text),
                "sortby" => query.sort_by = non_empty(text),
                "sortorder" => query.sort_order = sort_order(text)?,
                _ => {}
            }
        }
        Ok(query)
    }

    /// Reads a `SearchRequest` body as POSTed to `.search`: `filter`, `startIndex`, `count`,
    /// `attributes` and `excludedAttributes` (arrays of paths, or comma-separated text),
    /// `sortBy` and `sortOrder`, all found in any case. Numbers may also come as numeric text.
    /// The body's `schemas` is not checked.
    pub fn from_search_body(body: &Value) -> Result<Self, ScimError> {
        if !body.is_object() {
            return Err(ScimError::invalid_syntax(
                "the search request is not a JSON object",
            ));
        }
        let mut query = Self::default();
        if let Some(filter) = field(body, "filter") {
            let Value::String(text) = filter else {
                return Err(ScimError::invalid_filter("filter must be a string"));
            };
            query.filter = parse_optional_filter(text)?;
        }
        if let Some(value) = field(body, "startIndex") {
            query.start_index = start_index(integer_field(value, "startIndex")?);
        }
        if let Some(value) = field(body, "count") {
            query.count = Some(count(integer_field(value, "count")?));
        }
        query.attributes = list_field(body, "attributes")?;
        query.excluded_attributes = list_field(body, "excludedAttributes")?;
        query.sort_by = match field(body, "sortBy") {
            Some(Value::String(text)) => non_empty(text.trim()),
            Some(_) => return Err(ScimError::invalid_value("sortBy must be a string")),
            None => None,
        };
        query.sort_order = match field(body, "sortOrder") {
            Some(Value::String(text)) => sort_order(text.trim())?,
            Some(_) => return Err(ScimError::invalid_value("sortOrder must be a string")),
            None => None,
        };
        Ok(query)
    }
}

/// A member of the body, in any case; null counts as absent.
fn field<'a>(body: &'a Value, name: &str) -> Option<&'a Value> {
    json::get(body, name).filter(|value| !value.is_null())
}

fn parse_optional_filter(text: &str) -> Result<Option<Filter>, ScimError> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    Ok(Some(parse_filter(text)?))
}

fn parse_integer(text: &str, name: &str) -> Result<i64, ScimError> {
    text.parse::<i64>()
        .map_err(|_| ScimError::invalid_value(format!("{name} must be an integer, not '{text}'")))
}

fn integer_field(value: &Value, name: &str) -> Result<i64, ScimError> {
    match value {
        Value::Number(number) => number.as_i64().ok_or_else(|| {
            ScimError::invalid_value(format!("{name} must be an integer, not {number}"))
        }),
        Value::String(text) => parse_integer(text.trim(), name),
        other => Err(ScimError::invalid_value(format!(
            "{name} must be an integer, not {other}"
        ))),
    }
}

fn start_index(value: i64) -> usize {
    usize::try_from(value.max(1)).unwrap_or(usize::MAX)
}

fn count(value: i64) -> usize {
    usize::try_from(value.max(0)).unwrap_or(usize::MAX)
}

fn non_empty(text: &str) -> Option<String> {
    (!text.is_empty()).then(|| text.to_owned())
}

fn sort_order(text: &str) -> Result<Option<String>, ScimError> {
    if text.is_empty() {
        return Ok(None);
    }
    ["ascending", "descending"]
        .into_iter()
        .find(|order| order.eq_ignore_ascii_case(text))
        .map(|order| Some(order.to_owned()))
        .ok_or_else(|| {
            ScimError::invalid_value(format!(
                "sortOrder must be ascending or descending, not '{text}'"
            ))
        })
}

/// `attributes` or `excludedAttributes` of a body: an array of paths or comma-separated text,
/// returned as comma-separated text.
fn list_field(body: &Value, name: &str) -> Result<Option<String>, ScimError> {
    let invalid =
        || ScimError::invalid_value(format!("{name} must be an array of attribute paths"));
    let joined = match field(body, name) {
        None => return Ok(None),
        Some(Value::String(text)) => text.trim().to_owned(),
        Some(Value::Array(items)) => {
            let names = items
                .iter()
                .map(|item| item.as_str().map(str::trim).ok_or_else(invalid))
                .collect::<Result<Vec<_>, _>>()?;
            names
                .into_iter()
                .filter(|item| !item.is_empty())
                .collect::<Vec<_>>()
                .join(",")
        }
        Some(_) => return Err(invalid()),
    };
    Ok(non_empty(&joined))
}
