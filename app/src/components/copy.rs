//! Copying a value to the clipboard: a button that says so once it has.

use leptos::prelude::*;

/// Puts `text` on the clipboard, where the browser allows it.
pub fn copy_to_clipboard(text: &str) {
    #[cfg(feature = "hydrate")]
    {
        let _ = window().navigator().clipboard().write_text(text);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = text;
}

/// A Copy button for `text`; `label` is its accessible name ("Copy SCIM base URL").
#[component]
pub fn CopyButton(#[prop(into)] text: String, #[prop(into)] label: String) -> impl IntoView {
    let copied = RwSignal::new(false);
    view! {
        <button
            type="button"
            aria-label=label
            on:click=move |_| {
                copy_to_clipboard(&text);
                copied.set(true);
            }
        >
            {move || if copied.get() { "Copied" } else { "Copy" }}
        </button>
    }
}
