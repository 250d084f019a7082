//! The page for addresses that lead nowhere.

use crate::paths;
use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! {
        <main class="centered">
            <h1>"Page not found"</h1>
            <p>"There is nothing at this address."</p>
            <a href=paths::HOME rel="external">"Go to organization settings"</a>
        </main>
    }
}
