//! CSV downloads of what a tab shows, with the same session and policy as the tab's server
//! functions: `GET /export/people.csv?<the Users tab's query>` (the filtered list of people) and
//! `GET /export/audit.csv?<the Audit log tab's query>` ([`audit`]). Every field is quoted as needed
//! and defused so that a spreadsheet never runs it as a formula.

mod audit;
pub use audit::audit_csv;

use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use roster_core::actor::Actor;
use roster_core::state::AppState;
use roster_core::store::people;
use shared::dates::format_date;
use shared::wire::{PeopleQuery, PersonRow};
use shared::{Action, AppError};
use std::collections::HashMap;

pub async fn people_csv(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    csv_response("people.csv", export(&state, &headers, &params).await)
}

/// The download of `csv` as `filename`, or the error with its status.
fn csv_response(filename: &str, csv: Result<String, AppError>) -> Response {
    match csv {
        Ok(csv) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{filename}\""),
                ),
                (header::CACHE_CONTROL, "no-store".to_string()),
            ],
            csv,
        )
            .into_response(),
        Err(error) => {
            let status = StatusCode::from_u16(error.status_code())
                .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            (status, error.to_string()).into_response()
        }
    }
}

/// The signed-in person of the request, or `Unauthorized`.
async fn signed_in(state: &AppState, headers: &axum::http::HeaderMap) -> Result<Actor, AppError> {
    roster_core::auth::actor_from_headers(state, headers)
        .await?
        .ok_or(AppError::Unauthorized)
}

async fn export(
    state: &AppState,
    headers: &axum::http::HeaderMap,
    params: &HashMap<String, String>,
) -> Result<String, AppError> {
    let actor = signed_in(state, headers).await?;
    actor.permit(Action::ViewDirectory)?;
    let query = PeopleQuery::from_params(|key| params.get(key).cloned());
    let rows = people::export(&state.db, actor.org_id, &query).await?;
    Ok(to_csv(&rows))
}

/// The CSV text of `rows`, with a header line.
pub fn to_csv(rows: &[PersonRow]) -> String {
    let mut out =
        String::from("name,email,organization_role,projects,teams,date_joined,last_active\r\n");
    for row in rows {
        let fields = [
            row.name.clone(),
            row.email.clone(),
            row.role.label().to_string(),
            row.project_count.to_string(),
            row.teams.join("; "),
            format_date(row.joined_at),
            row.last_active_at.map(format_date).unwrap_or_default(),
        ];
        push_line(&mut out, &fields);
    }
    out
}

/// Appends one CSV line of `fields`.
fn push_line(out: &mut String, fields: &[String]) {
    let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
    out.push_str(&line.join(","));
    out.push_str("\r\n");
}

/// Quotes a field when needed, and defuses text a spreadsheet would run as a formula.
fn csv_field(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@']) {
        format!("'{value}")
    } else {
        value.to_string()
    };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

#[cfg(test)]
mod tests {
    use super::csv_field;

    #[test]
    fn fields_are_quoted_and_formulas_defused() {
        assert_eq!(csv_field("Ada"), "Ada");
        assert_eq!(csv_field("Lovelace, Ada"), "\"Lovelace, Ada\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=HYPERLINK(1)"), "'=HYPERLINK(1)");
    }
}
