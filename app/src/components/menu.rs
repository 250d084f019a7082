//! A button that opens a menu (`aria-haspopup="menu"`). Escape, a click outside or choosing an item
//! closes it.

use leptos::prelude::*;

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
    let face = face.unwrap_or_else(|| {
        let label = label.clone();
        ViewFn::from(move || label.clone())
    });
    view! {
        <div
            class="menu-button"
            on:keydown=move |ev| {
                if ev.key() == "Escape" {
                    open.set(false);
                }
            }
        >
            <button
                type="button"
                id=format!("menu-button-{id}")
                class="nav-button"
                aria-label=label
                aria-haspopup="menu"
                aria-controls=menu_id.clone()
                aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)
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
                hidden=move || !open.get()
                on:click=move |_| open.set(false)
            >
                {children()}
            </div>
        </div>
    }
}
