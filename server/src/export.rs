//! CSV downloads of what a tab shows, with the same session and policy as the tab's server
//! functions: `GET /export/people.csv?org=<id>&<the Users tab's query>` (the filtered list of people) and
//! `GET /export/audit.csv?<the Audit log tab's query>` ([`audit`]). Every field is quoted as needed
//! and defused so that a spreadsheet never runs it as a formula.

pub mod audit;
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

/// The signed-in person of the request, in the organization its `org` parameter names (the
/// page's; without one, the organization the session used last), or `Unauthorized`.
async fn signed_in(
    state: &AppState,
    headers: &axum::http::HeaderMap,
    params: &HashMap<String, String>,
) -> Result<Actor, AppError> {
    let org = match params.get("org") {
        Some(org) => Some(
            org.parse::<i64>()
                .map_err(|_| AppError::NotFound("This organization".into()))?,
        ),
        None => None,
    };
    roster_core::auth::actor_from_headers(state, headers, org)
        .await?
        .ok_or(AppError::Unauthorized)
}

async fn export(
    state: &AppState,
    headers: &axum::http::HeaderMap,
    params: &HashMap<String, String>,
) -> Result<String, AppError> {
    let actor = signed_in(state, headers, params).await?;
    actor.permit(Action::ViewDirectory)?;
    let query = PeopleQuery::from_params(|key| params.get(key).cloned());
    let rows = people::export(&state.db, actor.org_id, &query).await?;
    Ok(to_csv(&rows))
}

/// The CSV text of `rows`, with a header line.
pub fn to_csv(rows: &[PersonRow]) -> String {
    csv_text(
        [
            "name",
            "email",
            "organization_role",
            "projects",
            "teams",
            "date_joined",
            "last_active",
        ],
        rows.iter().map(|row| {
            [
                row.name.clone(),
                row.email.clone(),
                row.role.label().to_string(),
                row.project_count.to_string(),
                row.teams.join("; "),
                format_date(row.joined_at),
                row.last_active_at.map(format_date).unwrap_or_default(),
            ]
        }),
    )
}

/// CSV text written by the `csv` crate (fields quoted where needed, lines ended by CRLF): the
/// header, then each row with every field defused ([`defuse`]).
fn csv_text<const N: usize>(
    header: [&str; N],
    rows: impl IntoIterator<Item = [String; N]>,
) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    // Writing to memory fails only when memory does.
    let _ = writer.write_record(header);
    for row in rows {
        let _ = writer.write_record(row.iter().map(|field| defuse(field).into_owned()));
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// A field a spreadsheet would run as a formula (it starts with `=`, `+`, `-`, `@`, a tab or a
/// carriage return) gets a leading `'`, which makes it text.
fn defuse(value: &str) -> std::borrow::Cow<'_, str> {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{value}"))
    } else {
        std::borrow::Cow::Borrowed(value)
    }
}

#[cfg(test)]
mod tests {
    use super::csv_text;

    #[test]
    fn fields_are_quoted_and_formulas_defused() {
        let csv = csv_text(
            ["a", "b"],
            [
                ["Ada".to_string(), "Lovelace, Ada".to_string()],
                ["say \"hi\"".to_string(), "=HYPERLINK(1)".to_string()],
                ["\t=1+1".to_string(), "\r@SUM(A1)".to_string()],
                ["-2".to_string(), "line\nbreak".to_string()],
            ],
        );
        assert_eq!(
            csv,
            "a,b\r\nAda,\"Lovelace, Ada\"\r\n\"say \"\"hi\"\"\",'=HYPERLINK(1)\r\n\
             '\t=1+1,\"'\r@SUM(A1)\"\r\n'-2,\"line\nbreak\"\r\n"
        );
    }
}
