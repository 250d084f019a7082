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

/// Keeps Tab and Shift+Tab cycling through a dialog's focusable elements, so the focus never
/// leaves an open dialog for the page behind it.
pub fn trap_focus(ev: &leptos::ev::KeyboardEvent, dialog: NodeRef<leptos::html::Div>) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let Some(dialog) = dialog.get() else { return };
        let Ok(nodes) = dialog.query_selector_all(
            "button:not([disabled]):not([tabindex='-1']), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), a[href]",
        ) else {
            return;
        };
        let focusable: Vec<web_sys::HtmlElement> = (0..nodes.length())
            .filter_map(|i| nodes.item(i))
            .filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
            .collect();
        let (Some(first), Some(last)) = (focusable.first(), focusable.last()) else {
            return;
        };
        let active = document().active_element();
        let is = |e: &web_sys::HtmlElement| {
            active
                .as_ref()
                .is_some_and(|a| a == e.unchecked_ref::<web_sys::Element>())
        };
        let inside = active.as_ref().is_some_and(|a| dialog.contains(Some(a)));
        if ev.shift_key() && (is(first) || !inside) {
            ev.prevent_default();
            let _ = last.focus();
        } else if !ev.shift_key() && (is(last) || !inside) {
            ev.prevent_default();
            let _ = first.focus();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (ev, dialog);
}
