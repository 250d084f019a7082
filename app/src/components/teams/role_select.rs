//! A select of the four project roles with its own accessible name.

use leptos::prelude::*;
use shared::ProjectRole;

#[component]
pub fn RoleSelect(
    /// The accessible name, e.g. "Role for Web".
    #[prop(into)]
    label: String,
    #[prop(into)] value: Signal<ProjectRole>,
    on_change: Callback<ProjectRole>,
    #[prop(optional, into)] disabled: Signal<bool>,
    /// The field's name, when the select is part of a form.
    #[prop(optional)]
    name: Option<String>,
) -> impl IntoView {
    view! {
        <select
            aria-label=label
            name=name
            disabled=move || disabled.get()
            prop:value=move || value.get().as_str()
            on:change=move |ev| {
                if let Ok(role) = event_target_value(&ev).parse() {
                    on_change.run(role);
                }
            }
        >
            {ProjectRole::ALL
                .into_iter()
                .map(|role| {
                    view! {
                        <option value=role.as_str() selected=move || value.get() == role>
                            {role.label()}
                        </option>
                    }
                })
                .collect_view()}
        </select>
    }
}
