//! `/Users`: every member of the organization is a SCIM User whose id is their account id. Roster
//! keeps `userName`, `externalId`, `name`, `displayName`, `emails` and `active`; other attributes
//! an identity provider sends are not kept (and not returned).

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
use roster_core::mail;
use roster_core::state::AppState;
use roster_core::store::scim_users::{self, UserInput, UserRecord};
use roster_scim::{json, simple_eq, ListQuery, PatchRequest, ScimError, USER};
use serde_json::{json, Map, Value};
use shared::{validate, AccountId};

/// The longest `userName` and `externalId` kept.
const ID_MAX: usize = 256;

/// A person as a SCIM User. A person the identity provider provisioned reads back exactly the
/// attributes it sent (an attribute it removed is absent); anyone else shows their name and email.
pub fn to_json(base: &str, record: &UserRecord) -> Value {
    let kept: Option<Map<String, Value>> = record
        .attributes
        .as_deref()
        .and_then(|a| serde_json::from_str(a).ok());
    let mut user = Map::new();
    user.insert("schemas".into(), json!([USER]));
    user.insert("id".into(), json!(record.account_id.to_string()));
    if let Some(external_id) = &record.external_id {
        user.insert("externalId".into(), json!(external_id));
    }
    user.insert("userName".into(), json!(record.user_name));
    match kept {
        Some(kept) => user.extend(kept),
        None => {
            user.insert("displayName".into(), json!(record.name));
            user.insert(
                "emails".into(),
                json!([{ "value": record.email, "type": "work", "primary": true }]),
            );
        }
    }
    user.insert("active".into(), json!(record.active));
    user.insert(
        "meta".into(),
        json!({
            "resourceType": "User",
            "created": rfc3339(record.created_at),
            "lastModified": rfc3339(record.modified_at),
            "location": format!("{base}/Users/{}", record.account_id),
            "version": version(record.revision),
        }),
    );
    Value::Object(user)
}

/// What a POST or PUT body (or a PATCHed User) says, checked: a `userName`; an email (the primary
/// one, or the `userName` when it is an address); a name to show.
pub fn input(body: &Value) -> Result<UserInput, Failure> {
    let invalid = |detail: String| Failure(ScimError::invalid_value(detail));
    let text = |name: &str| -> Result<Option<String>, Failure> {
        match json::get(body, name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.trim().to_string()).filter(|s| !s.is_empty())),
            Some(_) => Err(invalid(format!("{name} must be a string."))),
        }
    };
    let user_name = text("userName")?.ok_or_else(|| invalid("userName is required.".into()))?;
    if user_name.chars().count() > ID_MAX {
        return Err(invalid(format!(
            "userName has at most {ID_MAX} characters."
        )));
    }
    let external_id = text("externalId")?;
    if external_id
        .as_ref()
        .is_some_and(|e| e.chars().count() > ID_MAX)
    {
        return Err(invalid(format!(
            "externalId has at most {ID_MAX} characters."
        )));
    }
    let active = match json::get(body, "active") {
        None | Some(Value::Null) => true,
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => {
            json::parse_bool(s).ok_or_else(|| invalid("active must be true or false.".into()))?
        }
        Some(_) => return Err(invalid("active must be true or false.".into())),
    };
    let mut kept = Map::new();
    let name = match json::get(body, "name") {
        None | Some(Value::Null) => None,
        Some(Value::Object(parts)) => Some(name_parts(parts)?),
        Some(_) => return Err(invalid("name must be an object.".into())),
    };
    if let Some(name) = &name {
        kept.insert("name".into(), Value::Object(name.clone()));
    }
    let display_name = text("displayName")?;
    if let Some(display_name) = &display_name {
        kept.insert("displayName".into(), json!(display_name));
    }
    let emails = match json::get(body, "emails") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => emails(items)?,
        Some(_) => return Err(invalid("emails must be a list.".into())),
    };
    let primary = emails
        .iter()
        .find(|e| e.get("primary") == Some(&json!(true)))
        .or(emails.first())
        .and_then(|e| e.get("value"))
        .and_then(Value::as_str)
        .map(str::to_string);
    if !emails.is_empty() {
        kept.insert(
            "emails".into(),
            Value::Array(emails.into_iter().map(Value::Object).collect()),
        );
    }
    let email = match primary {
        Some(address) => validate::email(&address)
            .map_err(|m| invalid(format!("emails: {m}")))?,
        None => validate::email(&user_name).map_err(|_| {
            invalid(
                "A user needs an email address: send emails, or a userName that is an email address."
                    .into(),
            )
        })?,
    };
    let shown = display_name
        .or_else(|| name.as_ref().and_then(formatted))
        .unwrap_or_else(|| user_name.clone());
    let display_name = validate::name("a display name", &shown).map_err(invalid)?;
    Ok(UserInput {
        user_name,
        external_id,
        email,
        display_name,
        attributes: Value::Object(kept).to_string(),
        active,
    })
}

const NAME_PARTS: [&str; 6] = [
    "formatted",
    "familyName",
    "givenName",
    "middleName",
    "honorificPrefix",
    "honorificSuffix",
];

/// The sub-attributes of `name` Roster keeps, under their canonical names.
fn name_parts(parts: &Map<String, Value>) -> Result<Map<String, Value>, Failure> {
    let mut kept = Map::new();
    for part in NAME_PARTS {
        match parts
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(part))
            .map(|(_, v)| v)
        {
            None | Some(Value::Null) => {}
            Some(Value::String(s)) => {
                kept.insert(part.into(), json!(s));
            }
            Some(_) => {
                return Err(Failure(ScimError::invalid_value(format!(
                    "name.{part} must be a string."
                ))))
            }
        }
    }
    Ok(kept)
}

/// The name to show from `name`: its `formatted` value, or the given and family names.
fn formatted(name: &Map<String, Value>) -> Option<String> {
    let part = |k: &str| name.get(k).and_then(Value::as_str).map(str::trim);
    part("formatted")
        .filter(|f| !f.is_empty())
        .map(str::to_string)
        .or_else(|| {
            let words: Vec<&str> = ["givenName", "middleName", "familyName"]
                .into_iter()
                .filter_map(part)
                .filter(|w| !w.is_empty())
                .collect();
            (!words.is_empty()).then(|| words.join(" "))
        })
}

/// The emails Roster keeps: `value`, `type`, `primary` and `display` of each.
fn emails(items: &[Value]) -> Result<Vec<Map<String, Value>>, Failure> {
    let mut kept = Vec::with_capacity(items.len());
    for item in items {
        let Value::Object(fields) = item else {
            return Err(Failure(ScimError::invalid_value(
                "Each of emails must be an object with a value.",
            )));
        };
        let mut email = Map::new();
        for (key, value) in fields {
            let canonical = ["value", "type", "primary", "display"]
                .into_iter()
                .find(|k| k.eq_ignore_ascii_case(key));
            match (canonical, value) {
                (_, Value::Null) | (None, _) => {}
                (Some("primary"), Value::Bool(_)) => {
                    email.insert("primary".into(), value.clone());
                }
                (Some("primary"), Value::String(s)) => {
                    let primary = json::parse_bool(s).ok_or_else(|| {
                        Failure(ScimError::invalid_value(
                            "emails.primary must be true or false.",
                        ))
                    })?;
                    email.insert("primary".into(), json!(primary));
                }
                (Some(key), Value::String(_)) if key != "primary" => {
                    email.insert(key.into(), value.clone());
                }
                (Some(key), _) => {
                    return Err(Failure(ScimError::invalid_value(format!(
                        "emails.{key} has the wrong type."
                    ))))
                }
            }
        }
        if !email.contains_key("value") {
            return Err(Failure(ScimError::invalid_value(
                "Each of emails must have a value.",
            )));
        }
        kept.push(email);
    }
    Ok(kept)
}

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
