//! `GET /export/audit.csv?<the Audit log tab's query>`: every event the tab's filters match (all
//! pages), newest first. Owners and Admins only, like the tab. Also the one way an event becomes
//! columns of words, as CSV or JSON, which `roster export-audit` writes too.

use super::{csv_response, csv_text, signed_in};
use axum::extract::{Query, State};
use axum::response::Response;
use roster_core::state::AppState;
use roster_core::store::audit_log;
use shared::audit::{AuditEntry, AuditQuery};
use shared::dates::format_timestamp;
use shared::{Action, AppError};
use std::collections::HashMap;

pub async fn audit_csv(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    csv_response("audit-log.csv", export(&state, &headers, &params).await)
}

async fn export(
    state: &AppState,
    headers: &axum::http::HeaderMap,
    params: &HashMap<String, String>,
) -> Result<String, AppError> {
    let permit = signed_in(state, headers, params)
        .await?
        .permit(Action::ReadAuditLog)?;
    let query = AuditQuery::from_params(|key| params.get(key).cloned());
    let entries = audit_log::export(&state.db, permit.org_id(), &query).await?;
    Ok(to_csv(&entries))
}

/// The columns of an exported event, in order: the CSV's header and the keys of each JSON object.
/// The web export and `roster export-audit` both write these, from [`columns`].
pub const COLUMNS: [&str; 6] = ["when", "who", "what", "target", "details", "kind"];

/// One event in words, as [`COLUMNS`] names them.
fn columns(entry: &AuditEntry) -> [String; 6] {
    [
        format_timestamp(entry.at),
        entry.actor.clone(),
        entry.what.clone(),
        entry.target.clone(),
        entry.details.clone(),
        entry.action.clone(),
    ]
}

/// The CSV text of `entries`, with a header line.
pub fn to_csv(entries: &[AuditEntry]) -> String {
    csv_text(COLUMNS, entries.iter().map(columns))
}

/// The JSON text of `entries`: an array with one object a line, keyed by [`COLUMNS`] in their
/// order, holding the same words as the CSV (not defused: no spreadsheet reads it).
pub fn to_json(entries: &[AuditEntry]) -> String {
    let objects: Vec<String> = entries
        .iter()
        .map(|entry| {
            let fields: Vec<String> = COLUMNS
                .iter()
                .zip(columns(entry))
                .map(|(key, value)| format!("{}:{}", json_string(key), json_string(&value)))
                .collect();
            format!("{{{}}}", fields.join(","))
        })
        .collect();
    if objects.is_empty() {
        return "[]\n".to_string();
    }
    format!("[\n{}\n]\n", objects.join(",\n"))
}

fn json_string(text: &str) -> String {
    serde_json::Value::from(text).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(actor: &str, details: &str) -> AuditEntry {
        AuditEntry {
            id: 1,
            at: 1_764_000_000,
            actor_id: None,
            actor: actor.into(),
            action: "member.role_change".into(),
            what: "Changed the role".into(),
            target: "Bob".into(),
            subject_id: None,
            details: details.into(),
        }
    }

    #[test]
    fn json_holds_the_csv_columns_in_order() {
        let entries = [entry("=Ann \"A\"", "Member → Admin"), entry("Cy", "")];
        let json = to_json(&entries);
        let read: serde_json::Value = serde_json::from_str(&json).unwrap();
        let objects = read.as_array().unwrap();
        assert_eq!(objects.len(), 2);
        assert_eq!(objects[0]["who"], "=Ann \"A\"", "not defused");
        assert_eq!(objects[0]["details"], "Member → Admin");
        assert_eq!(objects[0]["when"], "2025-11-24 16:00:00 UTC");
        assert_eq!(objects[0]["kind"], "member.role_change");
        assert_eq!(json.lines().count(), 4, "one object a line: {json}");
        let line = json.lines().nth(1).unwrap();
        let at: Vec<usize> = COLUMNS
            .iter()
            .map(|key| line.find(&format!("\"{key}\":")).unwrap())
            .collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "keys in order: {line}");
        assert_eq!(to_json(&[]), "[]\n");
        let csv = to_csv(&entries);
        assert!(
            csv.starts_with("when,who,what,target,details,kind\r\n"),
            "{csv}"
        );
        assert!(csv.contains("'=Ann"), "the CSV is defused: {csv}");
    }
}
