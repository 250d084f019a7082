//! What a SCIM User holds: a person of the organization as the User's attributes, and the
//! attributes an identity provider sends, checked and reduced to what Roster keeps.

use super::super::{rfc3339, version, Failure};
use roster_core::store::scim_users::{UserInput, UserRecord};
use roster_scim::{json, ScimError, USER};
use serde_json::{json, Map, Value};
use shared::validate;

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
