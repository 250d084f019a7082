//! Light and dark: the system's choice (`prefers-color-scheme`) unless the person chose one in
//! their menu. The choice is remembered in a cookie, so the server draws every page in it from the
//! first byte (no flash of the other theme), and `style/main.css` reads it from `data-theme` on
//! the document.

use leptos::prelude::*;

/// The cookie that remembers the choice (`light` or `dark`; none for the system's).
pub const COOKIE: &str = "roster_theme";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    System,
    Light,
    Dark,
}

impl Theme {
    pub const ALL: [Theme; 3] = [Theme::System, Theme::Light, Theme::Dark];

    /// The value of `data-theme`, none for the system's.
    pub fn attribute(self) -> Option<&'static str> {
        match self {
            Theme::System => None,
            Theme::Light => Some("light"),
            Theme::Dark => Some("dark"),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Theme::System => "System theme",
            Theme::Light => "Light theme",
            Theme::Dark => "Dark theme",
        }
    }

    /// The theme a `Cookie` header asks for.
    pub fn from_cookie_header(header: &str) -> Theme {
        let value = header
            .split(';')
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(name, _)| *name == COOKIE)
            .map(|(_, value)| value.trim());
        match value {
            Some("light") => Theme::Light,
            Some("dark") => Theme::Dark,
            _ => Theme::System,
        }
    }
}

/// The theme of the page being drawn: on the server from the request's cookie, in the browser
/// from the document.
pub fn current() -> Theme {
    #[cfg(feature = "ssr")]
    {
        use_context::<axum::http::request::Parts>()
            .and_then(|parts| {
                parts
                    .headers
                    .get(axum::http::header::COOKIE)
                    .and_then(|v| v.to_str().ok())
                    .map(Theme::from_cookie_header)
            })
            .unwrap_or(Theme::System)
    }
    #[cfg(not(feature = "ssr"))]
    {
        match document()
            .document_element()
            .and_then(|e| e.get_attribute("data-theme"))
            .as_deref()
        {
            Some("light") => Theme::Light,
            Some("dark") => Theme::Dark,
            _ => Theme::System,
        }
    }
}

/// Shows the page in `theme` now and remembers it for a year.
pub fn choose(theme: Theme) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        if let Some(root) = document().document_element() {
            let _ = match theme.attribute() {
                Some(value) => root.set_attribute("data-theme", value),
                None => root.remove_attribute("data-theme"),
            };
        }
        let cookie = match theme.attribute() {
            Some(value) => format!("{COOKIE}={value}; Path=/; Max-Age=31536000; SameSite=Lax"),
            None => format!("{COOKIE}=; Path=/; Max-Age=0; SameSite=Lax"),
        };
        if let Ok(html) = document().dyn_into::<web_sys::HtmlDocument>() {
            let _ = html.set_cookie(&cookie);
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = theme;
}

/// The three choices, for the person's menu: each a `menuitemradio`, the current one checked.
#[component]
pub fn ThemeChoices() -> impl IntoView {
    let chosen = RwSignal::new(current());
    view! {
        <div role="group" aria-label="Theme" class="menu-group">
            {Theme::ALL
                .into_iter()
                .map(|theme| {
                    view! {
                        <button
                            type="button"
                            role="menuitemradio"
                            aria-checked=move || (chosen.get() == theme).to_string()
                            on:click=move |_| {
                                choose(theme);
                                chosen.set(theme);
                            }
                        >
                            {theme.label()}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cookie_names_the_theme() {
        assert_eq!(
            Theme::from_cookie_header("a=b; roster_theme=dark"),
            Theme::Dark
        );
        assert_eq!(
            Theme::from_cookie_header("roster_theme=light"),
            Theme::Light
        );
        assert_eq!(
            Theme::from_cookie_header("roster_theme=purple"),
            Theme::System
        );
        assert_eq!(
            Theme::from_cookie_header("other_roster_theme=dark"),
            Theme::System
        );
        assert_eq!(Theme::from_cookie_header(""), Theme::System);
    }
}
