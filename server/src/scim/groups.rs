//! `/Groups`: every team of the organization is a SCIM Group whose id is `team-` and the team's id, whose
//! `displayName` is its name; members are the organization's Users. A team the identity provider
//! writes to is linked to it: its members then change only over SCIM.

use super::list::{self, Listing};
use super::{
    base_url, if_match, json_body, not_modified, permit, resource, rfc3339, still_current, version,
    Caller, Failure,
};
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use roster_core::actor::ScimPermit;
use roster_core::state::AppState;
use roster_core::store::scim_groups::{self, GroupInput, GroupRecord};
use roster_scim::{json, ListQuery, PatchRequest, ScimError, GROUP};
use serde_json::{json, Map, Value};
use shared::{validate, AccountId, TeamId};

/// A team as a SCIM Group (without `members` when they were not read).
pub fn to_json(base: &str, group: &GroupRecord, with_members: bool) -> Value {
    let mut out = Map::new();
    out.insert("schemas".into(), json!([GROUP]));
    out.insert("id".into(), json!(scim_id(group.id)));
    if let Some(external_id) = &group.external_id {
        out.insert("externalId".into(), json!(external_id));
    }
    out.insert("displayName".into(), json!(group.name));
    if with_members {
        let members: Vec<Value> = group
            .members
            .iter()
            .map(|(id, _)| {
                json!({
                    "value": id.to_string(),
                    "type": "User",
                    "$ref": format!("{base}/Users/{id}"),
                })
            })
            .collect();
        out.insert("members".into(), Value::Array(members));
    }
    out.insert(
        "meta".into(),
        json!({
            "resourceType": "Group",
            "created": rfc3339(group.created_at),
            "lastModified": rfc3339(group.modified_at),
            "location": format!("{base}/Groups/{}", scim_id(group.id)),
            "version": version(group.revision),
        }),
    );
    Value::Object(out)
}

/// What a POST or PUT body (or a PATCHed Group) says, checked.
fn input(body: &Value) -> Result<GroupInput, Failure> {
    let invalid = |detail: String| Failure(ScimError::invalid_value(detail));
    let name = match json::get(body, "displayName") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => return Err(invalid("displayName is required.".into())),
        Some(_) => return Err(invalid("displayName must be a string.".into())),
    };
    let name = validate::name("a displayName", &name).map_err(invalid)?;
    let external_id = match json::get(body, "externalId") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Some(_) => return Err(invalid("externalId must be a string.".into())),
    };
    let members = match json::get(body, "members") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items.iter().map(member_id).collect::<Result<Vec<_>, _>>()?,
        Some(_) => return Err(invalid("members must be a list.".into())),
    };
    Ok(GroupInput {
        name,
        external_id,
        members,
    })
}

/// The account id a member entry names (`{"value": "42"}`).
fn member_id(member: &Value) -> Result<AccountId, Failure> {
    let value = match json::get(member, "value") {
        Some(Value::String(s)) => s.trim().to_string(),
        Some(Value::Number(n)) => n.to_string(),
        _ => {
            return Err(Failure(ScimError::invalid_value(
                "Each member needs the id of a user as its value.",
            )))
        }
    };
    if let Some(Value::String(kind)) = json::get(member, "type") {
        if !kind.eq_ignore_ascii_case("User") {
            return Err(Failure(ScimError::invalid_value(
                "Members of a group are users; groups cannot be members.",
            )));
        }
    }
    value.parse::<i64>().map(AccountId).map_err(|_| {
        Failure(ScimError::invalid_value(format!(
            "There is no user {value} in this organization."
        )))
    })
}

/// A Group's id: `team-` and the team's id, so that no Group has a User's id (ids are unique
/// across all of the service's resources).
pub fn scim_id(id: TeamId) -> String {
    format!("team-{id}")
}

fn group_id(id: &str) -> Result<TeamId, Failure> {
    id.strip_prefix("team-")
        .and_then(|n| n.parse::<i64>().ok())
        .map(TeamId)
        .ok_or_else(|| list::no_such_resource("group"))
}

/// Whether a query's attribute selection leaves `members` out (so they need not be read).
fn without_members(query: &ListQuery) -> bool {
    let names = |list: &Option<String>| {
        list.as_deref()
            .map(|l| {
                l.split(',')
                    .map(|a| {
                        a.trim()
                            .rsplit(':')
                            .next()
                            .unwrap_or_default()
                            .to_lowercase()
                    })
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    let excluded = names(&query.excluded_attributes);
    let wanted = names(&query.attributes);
    let filter_names_members = query
        .filter
        .as_ref()
        .is_some_and(|f| format!("{f:?}").to_lowercase().contains("members"));
    !filter_names_members
        && (excluded.iter().any(|a| a == "members")
            || (!wanted.is_empty() && !wanted.iter().any(|a| a.starts_with("members"))))
}

/// Every team of the organization as a Group.
pub async fn every(
    state: &AppState,
    permit: &ScimPermit,
    with_members: bool,
) -> Result<Vec<Value>, Failure> {
    let base = base_url(state);
    Ok(scim_groups::all(&state.db, permit, with_members)
        .await?
        .iter()
        .map(|g| to_json(&base, g, with_members))
        .collect())
}

async fn answer(
    state: &AppState,
    permit: &ScimPermit,
    query: &ListQuery,
) -> Result<Listing, Failure> {
    let all = every(state, permit, !without_members(query)).await?;
    Ok(list::in_memory(all, query))
}

pub async fn list(
    State(state): State<AppState>,
    client: Caller,
    RawQuery(raw): RawQuery,
) -> Result<Response, Failure> {
    let permit = permit(&client)?;
    let query = list::url_query(raw.as_deref())?;
    Ok(list::response(answer(&state, &permit, &query).await?))
}

pub async fn search(
    State(state): State<AppState>,
    client: Caller,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Failure> {
    let permit = permit(&client)?;
    let query = list::search_query(&headers, &body)?;
    Ok(list::response(answer(&state, &permit, &query).await?))
}

fn selected(mut group: Value, query: &ListQuery) -> Value {
    roster_scim::select(
        &mut group,
        query.attributes.as_deref(),
        query.excluded_attributes.as_deref(),
        list::ALWAYS,
    );
    group
}

pub async fn read(
    State(state): State<AppState>,
    client: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Response, Failure> {
    let permit = permit(&client)?;
    let query = list::url_query(raw.as_deref())?;
    let with_members = !without_members(&query);
    let group = scim_groups::get(&state.db, &permit, group_id(&id)?, with_members).await?;
    if not_modified(&headers, group.revision) {
        return Ok(StatusCode::NOT_MODIFIED.into_response());
    }
    let body = selected(to_json(&base_url(&state), &group, with_members), &query);
    Ok(resource(StatusCode::OK, &body))
}

pub async fn create(
    State(state): State<AppState>,
    client: Caller,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
    body: Bytes,
) -> Result<Response, Failure> {
    let permit = permit(&client)?;
    let query = list::url_query(raw.as_deref())?;
    let input = input(&json_body(&headers, &body)?)?;
    let group = scim_groups::create(&state.db, &permit, &input).await?;
    let body = selected(to_json(&base_url(&state), &group, true), &query);
    Ok(resource(StatusCode::CREATED, &body))
}

pub async fn replace(
    State(state): State<AppState>,
    client: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
    body: Bytes,
) -> Result<Response, Failure> {
    let permit = permit(&client)?;
    let query = list::url_query(raw.as_deref())?;
    let id = group_id(&id)?;
    let expected = if_match(&headers)?;
    let input = input(&json_body(&headers, &body)?)?;
    let group = scim_groups::update(&state.db, &permit, id, &input, expected).await?;
    let body = selected(to_json(&base_url(&state), &group, true), &query);
    Ok(resource(StatusCode::OK, &body))
}

pub async fn patch(
    State(state): State<AppState>,
    client: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
    body: Bytes,
) -> Result<Response, Failure> {
    let permit = permit(&client)?;
    let query = list::url_query(raw.as_deref())?;
    let id = group_id(&id)?;
    let expected = if_match(&headers)?;
    let request = PatchRequest::from_json(&json_body(&headers, &body)?)?;
    let base = base_url(&state);
    let current = scim_groups::get(&state.db, &permit, id, true).await?;
    still_current(expected, current.revision, "group")?;
    let mut group = to_json(&base, &current, true);
    request.apply(&mut group)?;
    let input = input(&group)?;
    let updated =
        scim_groups::update(&state.db, &permit, id, &input, Some(current.revision)).await?;
    let body = selected(to_json(&base, &updated, true), &query);
    Ok(resource(StatusCode::OK, &body))
}

pub async fn remove(
    State(state): State<AppState>,
    client: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Failure> {
    let permit = permit(&client)?;
    let id = group_id(&id)?;
    if let Some(expected) = if_match(&headers)? {
        let current = scim_groups::get(&state.db, &permit, id, false).await?;
        still_current(Some(expected), current.revision, "group")?;
    }
    scim_groups::delete(&state.db, &permit, id).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
