//! `/Users`: every member of the organization is a SCIM User whose id is their account id. Roster
//! keeps `userName`, `externalId`, `name`, `displayName`, `emails` and `active`; other attributes
//! an identity provider sends are not kept (and not returned).

use super::list::{self, Listing};
use super::{
    base_url, if_match, json_body, not_modified, permit, resource, still_current, Caller, Failure,
};
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use roster_core::actor::ScimPermit;
use roster_core::mail;
use roster_core::state::AppState;
use roster_core::store::scim_users;
use roster_scim::{simple_eq, ListQuery, PatchRequest};
use serde_json::Value;
use shared::AccountId;

mod attributes;
pub use attributes::{input, to_json};

/// A User id: an account id.
fn user_id(id: &str) -> Result<AccountId, Failure> {
    id.parse::<i64>()
        .map(AccountId)
        .map_err(|_| list::no_such_resource("user"))
}

/// Every person of the organization as a User.
pub async fn every(state: &AppState, permit: &ScimPermit) -> Result<Vec<Value>, Failure> {
    let base = base_url(state);
    let total = scim_users::count(&state.db, permit).await?;
    let records = scim_users::page(&state.db, permit, 0, total.max(1)).await?;
    Ok(records.iter().map(|r| to_json(&base, r)).collect())
}

/// A list query answered by index when it can be: no filter (a page read straight from the
/// database), or a single `eq` on `userName`, `externalId` or `id`; any other filter or sort is
/// applied to the organization's people as Users.
async fn answer(
    state: &AppState,
    permit: &ScimPermit,
    query: &ListQuery,
) -> Result<Listing, Failure> {
    let base = base_url(state);
    if query.sort_by.is_none() {
        let records = match query.filter.as_ref() {
            None => {
                let total = scim_users::count(&state.db, permit).await?;
                let offset = query.start_index.saturating_sub(1) as i64;
                let page =
                    scim_users::page(&state.db, permit, offset, list::page_size(query) as i64)
                        .await?;
                let listing = Listing {
                    total: total as usize,
                    start_index: query.start_index,
                    resources: page.iter().map(|r| to_json(&base, r)).collect(),
                };
                return Ok(list::selected(listing, query));
            }
            Some(filter) => match simple_eq(filter) {
                Some((path, Value::String(wanted))) if path.sub.is_none() => {
                    if path.attr_is("userName") {
                        Some(
                            scim_users::by_user_name(&state.db, permit, wanted)
                                .await?
                                .into_iter()
                                .collect::<Vec<_>>(),
                        )
                    } else if path.attr_is("externalId") {
                        Some(scim_users::by_external_id(&state.db, permit, wanted).await?)
                    } else if path.attr_is("id") {
                        match wanted.parse::<i64>() {
                            Ok(id) => match scim_users::get(&state.db, permit, AccountId(id)).await
                            {
                                Ok(record) => Some(vec![record]),
                                Err(shared::AppError::NotFound(_)) => Some(Vec::new()),
                                Err(other) => return Err(other.into()),
                            },
                            Err(_) => Some(Vec::new()),
                        }
                    } else {
                        None
                    }
                }
                _ => None,
            },
        };
        if let Some(records) = records {
            // The filter still applies: an exact lookup is case-insensitive where SCIM says so.
            let users = records.iter().map(|r| to_json(&base, r)).collect();
            return Ok(list::in_memory(users, query));
        }
    }
    Ok(list::in_memory(every(state, permit).await?, query))
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

/// The attributes a single-resource request asks for.
fn selected(mut user: Value, raw: Option<&str>) -> Result<Value, Failure> {
    let query = list::url_query(raw)?;
    roster_scim::select(
        &mut user,
        query.attributes.as_deref(),
        query.excluded_attributes.as_deref(),
        list::ALWAYS,
    );
    Ok(user)
}

pub async fn read(
    State(state): State<AppState>,
    client: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Response, Failure> {
    let permit = permit(&client)?;
    let record = scim_users::get(&state.db, &permit, user_id(&id)?).await?;
    if not_modified(&headers, record.revision) {
        return Ok(StatusCode::NOT_MODIFIED.into_response());
    }
    let user = selected(to_json(&base_url(&state), &record), raw.as_deref())?;
    Ok(resource(StatusCode::OK, &user))
}

pub async fn create(
    State(state): State<AppState>,
    client: Caller,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
    body: Bytes,
) -> Result<Response, Failure> {
    let permit = permit(&client)?;
    let input = input(&json_body(&headers, &body)?)?;
    let ttl = state.config.invitation_ttl.as_secs() as i64;
    let config = state.config.clone();
    let created = scim_users::create(&state.db, &permit, &input, ttl, |token| {
        format!(
            "{}/set-password/{token}",
            config.public_url.trim_end_matches('/')
        )
    })
    .await?;
    if let Some(message) = created.message {
        mail::dispatch(&state.config, &state.db, vec![message]);
    }
    let user = selected(to_json(&base_url(&state), &created.record), raw.as_deref())?;
    Ok(resource(StatusCode::CREATED, &user))
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
    let id = user_id(&id)?;
    let expected = if_match(&headers)?;
    let input = input(&json_body(&headers, &body)?)?;
    let record = scim_users::update(&state.db, &permit, id, &input, expected).await?;
    let user = selected(to_json(&base_url(&state), &record), raw.as_deref())?;
    Ok(resource(StatusCode::OK, &user))
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
    let id = user_id(&id)?;
    let expected = if_match(&headers)?;
    let request = PatchRequest::from_json(&json_body(&headers, &body)?)?;
    let base = base_url(&state);
    let current = scim_users::get(&state.db, &permit, id).await?;
    still_current(expected, current.revision, "user")?;
    let mut user = to_json(&base, &current);
    request.apply(&mut user)?;
    let input = input(&user)?;
    let record = scim_users::update(&state.db, &permit, id, &input, Some(current.revision)).await?;
    let user = selected(to_json(&base, &record), raw.as_deref())?;
    Ok(resource(StatusCode::OK, &user))
}

pub async fn remove(
    State(state): State<AppState>,
    client: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Failure> {
    let permit = permit(&client)?;
    let id = user_id(&id)?;
    if let Some(expected) = if_match(&headers)? {
        let current = scim_users::get(&state.db, &permit, id).await?;
        still_current(Some(expected), current.revision, "user")?;
    }
    scim_users::remove(&state.db, &permit, id).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
