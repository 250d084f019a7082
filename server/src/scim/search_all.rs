//! `POST /.search` at the root: Users and Groups together, filtered, sorted and paged as one list.

use super::list::{in_memory, response, search_query, Listing};
use super::{groups, permit, users, Caller, Failure};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use roster_core::state::AppState;

/// `POST /.search`: Users and Groups together, Users first.
pub async fn search_all(
    State(state): State<AppState>,
    client: Caller,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Failure> {
    let permit = permit(&client)?;
    let query = search_query(&headers, &body)?;
    let mut all = users::every(&state, &permit).await?;
    all.extend(groups::every(&state, &permit, true).await?);
    if query.filter.is_none() && query.sort_by.is_none() && all.is_empty() {
        return Ok(response(Listing {
            total: 0,
            start_index: query.start_index,
            resources: Vec::new(),
        }));
    }
    Ok(response(in_memory(all, &query)))
}
