//! `GET /export/people.csv?<the Users tab's query>`: the current filtered list of people as a CSV
//! download. Same session and policy as the Users tab's server functions.

use app::state::AppState;
use app::store::people;
use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use shared::dates::format_date;
use shared::wire::{PeopleQuery, PersonRow};
use shared::{Action, AppError};
use std::collections::HashMap;

pub async fn people_csv(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    match export(&state, &headers, &params).await {
        Ok(csv) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"people.csv\"",
                ),
                (header::CACHE_CONTROL, "no-store"),
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

async fn export(
    state: &AppState,
    headers: &axum::http::HeaderMap,
    params: &HashMap<String, String>,
) -> Result<String, AppError> {
    let actor = app::auth::actor_from_headers(state, headers)
        .await?
        .ok_or(AppError::Unauthorized)?;
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
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
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
