//! A button that opens a menu (`aria-haspopup="menu"`), with the keyboard of the WAI-ARIA
//! menu-button pattern: Enter, Space or Down Arrow on the button opens the menu on its first
//! item, Up Arrow on its last; in the menu, Down and Up Arrow move (round the ends), Home and End
//! go to the first and last item, a letter goes to the next item starting with it, Escape closes
//! the menu and gives the focus back to the button, Tab closes it and moves on. A click outside or
//! choosing an item closes it too.

use leptos::html;
use leptos::prelude::*;

/// Where the focus goes when the menu opens or moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Move {
    First,
    Last,
    Next,
    Previous,
    /// The next item after the focused one whose name starts with this letter.
    Letter(char),
}

#[component]
pub fn MenuButton(
    /// The button's accessible name.
    #[prop(into)]
    label: String,
    /// What the button shows (defaults to the label).
    #[prop(optional, into)]
    face: Option<ViewFn>,
    /// Distinguishes the menu's id on the page.
    id: &'static str,
    children: ChildrenFn,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let menu_id = format!("menu-{id}");
    let button_ref = NodeRef::<html::Button>::new();
    let menu_ref = NodeRef::<html::Div>::new();
    let face = face.unwrap_or_else(|| {
        let label = label.clone();
        ViewFn::from(move || label.clone())
    });
    // Opens the menu and moves the focus into it once it shows.
    let open_at = move |to: Move| {
        open.set(true);
        request_animation_frame(move || focus_item(menu_ref, to));
    };
    let close_to_button = move || {
        open.set(false);
        if let Some(button) = button_ref.get_untracked() {
            let _ = button.focus();
        }
    };
    let on_button_key = move |ev: leptos::ev::KeyboardEvent| match ev.key().as_str() {
        "ArrowDown" | "Enter" | " " => {
            ev.prevent_default();
            open_at(Move::First);
        }
        "ArrowUp" => {
            ev.prevent_default();
            open_at(Move::Last);
        }
        "Escape" => open.set(false),
        _ => {}
    };
    let on_menu_key = move |ev: leptos::ev::KeyboardEvent| {
        let key = ev.key();
        let to = match key.as_str() {
            "ArrowDown" => Move::Next,
            "ArrowUp" => Move::Previous,
            "Home" => Move::First,
            "End" => Move::Last,
            "Escape" => {
                ev.prevent_default();
                ev.stop_propagation();
                close_to_button();
                return;
            }
            "Tab" => {
                open.set(false);
                return;
            }
            _ => {
                let mut chars = key.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None)
                        if c.is_alphanumeric()
                            && !ev.ctrl_key()
                            && !ev.meta_key()
                            && !ev.alt_key() =>
                    {
                        Move::Letter(c)
                    }
                    _ => return,
                }
            }
        };
        ev.prevent_default();
        focus_item(menu_ref, to);
    };
    view! {
        <div class="menu-button">
            <button
                type="button"
                id=format!("menu-button-{id}")
                class="nav-button"
                node_ref=button_ref
                aria-label=label
                aria-haspopup="menu"
                aria-controls=menu_id.clone()
                aria-expanded=move || open.get().to_string()
                on:keydown=on_button_key
                on:click=move |_| {
                    if open.get_untracked() {
                        open.set(false);
                    } else {
                        open_at(Move::First);
                    }
                }
            >
                {face.run()}
            </button>
            <Show when=move || open.get()>
                <div class="menu-backdrop" on:click=move |_| open.set(false)></div>
            </Show>
            <div
                class="menu"
                role="menu"
                id=menu_id.clone()
                node_ref=menu_ref
                aria-labelledby=format!("menu-button-{id}")
                hidden=move || !open.get()
                on:keydown=on_menu_key
                on:click=move |_| open.set(false)
            >
                {children()}
            </div>
        </div>
    }
}

/// Moves the focus among the menu's items (`menuitem`, `menuitemradio`).
fn focus_item(menu: NodeRef<html::Div>, to: Move) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let Some(menu) = menu.get_untracked() else {
            return;
        };
        let Ok(nodes) = menu.query_selector_all("[role^='menuitem']:not([disabled])") else {
            return;
        };
        let items: Vec<web_sys::HtmlElement> = (0..nodes.length())
            .filter_map(|i| nodes.item(i))
            .filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
            .collect();
        let names: Vec<String> = items
            .iter()
            .map(|item| shared::text::lowercase(item.inner_text().trim()))
            .collect();
        let active = document().active_element();
        let current = items.iter().position(|item| {
            active
                .as_ref()
                .is_some_and(|a| a == item.unchecked_ref::<web_sys::Element>())
        });
        if let Some(index) = next_index(&names, current, to) {
            let _ = items[index].focus();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (menu, to);
}

/// The item the focus moves to among items named `names`, from `current`. (Only the browser moves
/// the focus; the server build keeps it for its tests.)
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
fn next_index(names: &[String], current: Option<usize>, to: Move) -> Option<usize> {
    let n = names.len();
    if n == 0 {
        return None;
    }
    Some(match to {
        Move::First => 0,
        Move::Last => n - 1,
        Move::Next => current.map_or(0, |i| (i + 1) % n),
        Move::Previous => current.map_or(n - 1, |i| (i + n - 1) % n),
        Move::Letter(c) => {
            let c = shared::text::lowercase(&c.to_string());
            let start = current.map_or(0, |i| i + 1);
            return (0..n)
                .map(|k| (start + k) % n)
                .find(|&i| names[i].starts_with(&c));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Vec<String> {
        ["profile", "organization", "sign out", "settings"]
            .iter()
            .map(|s| s.to_string())
            .collect()
    }

    #[test]
    fn arrows_go_round_the_ends() {
        let names = names();
        assert_eq!(next_index(&names, Some(3), Move::Next), Some(0));
        assert_eq!(next_index(&names, Some(0), Move::Previous), Some(3));
        assert_eq!(next_index(&names, None, Move::Next), Some(0));
        assert_eq!(next_index(&names, None, Move::Last), Some(3));
    }

    #[test]
    fn a_letter_finds_the_next_item_starting_with_it() {
        let names = names();
        assert_eq!(next_index(&names, Some(0), Move::Letter('S')), Some(2));
        assert_eq!(next_index(&names, Some(2), Move::Letter('s')), Some(3));
        assert_eq!(next_index(&names, Some(3), Move::Letter('s')), Some(2));
        assert_eq!(next_index(&names, Some(3), Move::Letter('x')), None);
        assert_eq!(next_index(&[], None, Move::First), None);
    }
}
