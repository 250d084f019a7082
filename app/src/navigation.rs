//! Moving around in the browser: to another query of the same tab, to a full page load, and the
//! keyboard focus.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

/// Moves a tab to another query (a new search, filter, order or page); `true` replaces the
/// history entry instead of adding one.
pub type GoTo<Q> = Callback<(Q, bool)>;

/// A [`GoTo`] that navigates to `href(query)`, keeping the scroll position.
pub fn go_to<Q: 'static>(href: impl Fn(&Q) -> String + Send + Sync + 'static) -> GoTo<Q> {
    let navigate = use_navigate();
    Callback::new(move |(query, replace): (Q, bool)| {
        let options = NavigateOptions {
            replace,
            scroll: false,
            ..Default::default()
        };
        navigate(&href(&query), options);
    })
}

/// Leaves the single-page app for a full page load of `path` (after signing in or out, so that
/// everything is drawn again for the new session).
pub fn reload_to(path: &str) {
    #[cfg(feature = "hydrate")]
    {
        let _ = window().location().set_href(path);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = path;
}

/// Moves the focus to the element with id `id`, if there is one.
pub fn focus_element(id: &str) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        if let Some(element) = document()
            .get_element_by_id(id)
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = element.focus();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}
