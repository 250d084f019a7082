//! The organization settings tabs. Each tab is a link with its own URL, marked up as an ARIA tab;
//! the arrow keys, Home and End move between them.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};

/// The tabs: label, id and address.
pub const TABS: [(&str, &str, &str); 4] = [
    ("Users", "tab-users", "/settings/users"),
    ("Teams", "tab-teams", "/settings/teams"),
    ("Projects", "tab-projects", "/settings/projects"),
    ("Invitations", "tab-invitations", "/settings/invitations"),
];

/// The id of the tab whose address is a prefix of `path`.
pub fn selected_tab(path: &str) -> Option<&'static str> {
    TABS.iter()
        .find(|(_, _, href)| path.starts_with(href))
        .map(|(_, id, _)| *id)
}

#[component]
pub fn SettingsTabs() -> impl IntoView {
    let location = use_location();
    let selected = Memo::new(move |_| selected_tab(&location.pathname.get()));
    let navigate = use_navigate();
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let current = TABS
            .iter()
            .position(|(_, id, _)| Some(*id) == selected.get_untracked())
            .unwrap_or(0);
        let next = match ev.key().as_str() {
            "ArrowRight" => (current + 1) % TABS.len(),
            "ArrowLeft" => (current + TABS.len() - 1) % TABS.len(),
            "Home" => 0,
            "End" => TABS.len() - 1,
            _ => return,
        };
        ev.prevent_default();
        let (_, id, href) = TABS[next];
        focus_element(id);
        navigate(href, Default::default());
        // The router may move focus while it swaps the panel; put it back on the tab.
        request_animation_frame(move || focus_element(id));
    };
    view! {
        <div class="tabs" role="tablist" aria-label="Organization settings" on:keydown=on_keydown>
            {TABS
                .into_iter()
                .map(|(label, id, href)| {
                    let is_selected = move || selected.get() == Some(id);
                    view! {
                        <a
                            role="tab"
                            id=id
                            href=href
                            aria-controls="settings-panel"
                            aria-selected=move || is_selected().to_string()
                            tabindex=move || if is_selected() { "0" } else { "-1" }
                            class:selected=is_selected
                        >
                            {label}
                        </a>
                    }
                })
                .collect_view()}
        </div>
    }
}

fn focus_element(id: &str) {
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
