//! The server functions, one file per entity. Each is thin: authenticate, authorize with the
//! `shared` policy (which yields a permit), validate, call the store, map errors. They are mounted
//! under `/api/<name>` so that their addresses are stable.

pub mod acceptance;
pub mod access;
pub mod audit;
pub mod codec;
#[cfg(feature = "ssr")]
pub mod context;
pub mod directory;
pub mod invitation_form;
pub mod invitation_links;
pub mod invitations;
pub mod organizations;
pub mod people;
pub mod projects;
pub mod provisioning;
pub mod session;
pub mod teams;

#[cfg(feature = "ssr")]
use shared::AppError;

/// Finishes a server function: an error also sets the HTTP status that carries it.
#[cfg(feature = "ssr")]
pub(crate) fn respond<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(error) = &result {
        if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            if let Ok(status) = axum::http::StatusCode::from_u16(error.status_code()) {
                response.set_status(status);
            }
        }
    }
    result
}

/// Turns a validation message for `field` into the error the form shows next to it.
#[cfg(feature = "ssr")]
pub(crate) fn field(field: &'static str) -> impl Fn(String) -> AppError {
    move |message| AppError::invalid(field, message)
}

/// After a form that the browser posted itself (before the page hydrated, or without JavaScript)
/// succeeded, sends the browser to `path` instead of back to the form's page. A call from a
/// hydrated page is left alone: that page decides where to go.
#[cfg(feature = "ssr")]
pub(crate) fn plain_form_goes_to(path: &str) {
    if context::accepts("text/html") {
        leptos_axum::redirect(path);
    }
}
