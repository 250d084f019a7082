//! Discovery (RFC 7644 §4): what the service supports and exactly which attributes Roster keeps,
//! so that an identity provider sends what is kept and expects back what is returned.

use super::{base_url, list, permit, resource, scim_body, Caller, Failure};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use roster_core::state::AppState;
use roster_scim::{GROUP, RESOURCE_TYPE, SCHEMA, SERVICE_PROVIDER_CONFIG, USER};
use serde_json::{json, Value};

/// One attribute's description (RFC 7643 §7).
fn attribute(name: &str, kind: &str, description: &str) -> Value {
    json!({
        "name": name,
        "type": kind,
        "multiValued": false,
        "description": description,
        "required": false,
        "caseExact": false,
        "mutability": "readWrite",
        "returned": "default",
        "uniqueness": "none",
    })
}

fn with(mut attribute: Value, changes: Value) -> Value {
    if let (Value::Object(a), Value::Object(c)) = (&mut attribute, changes) {
        a.extend(c);
    }
    attribute
}

fn user_schema() -> Value {
    let name_parts = [
        ("formatted", "The full name, as it is shown."),
        ("familyName", "The family name."),
        ("givenName", "The given name."),
        ("middleName", "The middle name."),
        ("honorificPrefix", "A title before the name."),
        ("honorificSuffix", "A suffix after the name."),
    ]
    .map(|(n, d)| attribute(n, "string", d));
    json!({
        "id": USER,
        "name": "User",
        "description": "A person of the organization.",
        "attributes": [
            with(attribute("userName", "string", "What the identity provider knows the person by; unique in the organization, compared without regard to case."),
                 json!({ "required": true, "uniqueness": "server" })),
            with(attribute("name", "complex", "The person's name."),
                 json!({ "subAttributes": name_parts })),
            attribute("displayName", "string", "The name Roster shows."),
            with(attribute("emails", "complex", "Email addresses; the primary one (or the first) is the person's address in Roster. Required unless userName is an email address."),
                 json!({
                     "multiValued": true,
                     "required": true,
                     "subAttributes": [
                         with(attribute("value", "string", "The email address."),
                              json!({ "required": true })),
                         attribute("display", "string", "How the address is shown."),
                         with(attribute("type", "string", "The kind of address."),
                              json!({ "canonicalValues": ["work", "home", "other"] })),
                         attribute("primary", "boolean", "Whether this is the person's primary address."),
                     ],
                 })),
            with(attribute("active", "boolean", "Whether the person is active in the organization; a deactivated person cannot sign in to it. A person created without it is active."),
                 json!({ "required": true })),
        ],
        "meta": { "resourceType": "Schema", "location": format!("/Schemas/{USER}") },
    })
}

fn group_schema() -> Value {
    json!({
        "id": GROUP,
        "name": "Group",
        "description": "A team of the organization.",
        "attributes": [
            with(attribute("displayName", "string", "The team's name; unique in the organization."),
                 json!({ "required": true, "uniqueness": "server" })),
            with(attribute("members", "complex", "The team's members: people of the organization."),
                 json!({
                     "multiValued": true,
                     "subAttributes": [
                         with(attribute("value", "string", "The member's id."),
                              json!({ "mutability": "immutable" })),
                         with(attribute("type", "string", "What the member is."),
                              json!({ "mutability": "immutable", "canonicalValues": ["User"] })),
                         with(attribute("$ref", "reference", "The member's address."),
                              json!({ "mutability": "immutable", "caseExact": true, "referenceTypes": ["User"] })),
                     ],
                 })),
        ],
        "meta": { "resourceType": "Schema", "location": format!("/Schemas/{GROUP}") },
    })
}

/// The schemas with absolute locations and the schema's own `schemas`.
fn schemas_list(base: &str) -> Vec<Value> {
    [user_schema(), group_schema()]
        .into_iter()
        .map(|mut schema| {
            let id = schema["id"].as_str().unwrap_or_default().to_string();
            schema["schemas"] = json!([SCHEMA]);
            schema["meta"]["location"] = json!(format!("{base}/Schemas/{id}"));
            schema
        })
        .collect()
}

fn resource_types_list(base: &str) -> Vec<Value> {
    [
        ("User", "/Users", USER, "People of the organization."),
        ("Group", "/Groups", GROUP, "Teams of the organization."),
    ]
    .into_iter()
    .map(|(name, endpoint, schema, description)| {
        json!({
            "schemas": [RESOURCE_TYPE],
            "id": name,
            "name": name,
            "endpoint": endpoint,
            "description": description,
            "schema": schema,
            "schemaExtensions": [],
            "meta": {
                "resourceType": "ResourceType",
                "location": format!("{base}/ResourceTypes/{name}"),
            },
        })
    })
    .collect()
}

pub async fn service_provider_config(
    State(state): State<AppState>,
    client: Caller,
) -> Result<Response, Failure> {
    permit(&client)?;
    let base = base_url(&state);
    let body = json!({
        "schemas": [SERVICE_PROVIDER_CONFIG],
        "documentationUri": format!("{}/", state.config.public_url.trim_end_matches('/')),
        "patch": { "supported": true },
        "bulk": { "supported": false, "maxOperations": 0, "maxPayloadSize": 0 },
        "filter": { "supported": true, "maxResults": list::MAX_RESULTS },
        "changePassword": { "supported": false },
        "sort": { "supported": true },
        "etag": { "supported": true },
        "authenticationSchemes": [{
            "type": "oauthbearertoken",
            "name": "SCIM token",
            "description": "One of the organization's SCIM tokens, from its Provisioning settings, as a bearer token.",
            "primary": true,
        }],
        "meta": {
            "resourceType": "ServiceProviderConfig",
            "location": format!("{base}/ServiceProviderConfig"),
        },
    });
    Ok(resource(StatusCode::OK, &body))
}

fn listing(resources: Vec<Value>) -> Response {
    list::response(list::Listing {
        total: resources.len(),
        start_index: 1,
        resources,
    })
}

pub async fn resource_types(
    State(state): State<AppState>,
    client: Caller,
) -> Result<Response, Failure> {
    permit(&client)?;
    Ok(listing(resource_types_list(&base_url(&state))))
}

pub async fn resource_type(
    State(state): State<AppState>,
    client: Caller,
    Path(id): Path<String>,
) -> Result<Response, Failure> {
    permit(&client)?;
    resource_types_list(&base_url(&state))
        .into_iter()
        .find(|t| {
            t["id"]
                .as_str()
                .is_some_and(|i| i.eq_ignore_ascii_case(&id))
        })
        .map(|t| scim_body(StatusCode::OK, &t))
        .ok_or_else(|| list::no_such_resource("resource type"))
}

pub async fn schemas(State(state): State<AppState>, client: Caller) -> Result<Response, Failure> {
    permit(&client)?;
    Ok(listing(schemas_list(&base_url(&state))))
}

pub async fn schema(
    State(state): State<AppState>,
    client: Caller,
    Path(id): Path<String>,
) -> Result<Response, Failure> {
    permit(&client)?;
    schemas_list(&base_url(&state))
        .into_iter()
        .find(|s| {
            s["id"]
                .as_str()
                .is_some_and(|i| i.eq_ignore_ascii_case(&id))
        })
        .map(|s| scim_body(StatusCode::OK, &s))
        .ok_or_else(|| list::no_such_resource("schema"))
}
