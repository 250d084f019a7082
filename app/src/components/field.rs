//! A labelled form field whose error, if any, is shown under it and announced.

use leptos::prelude::*;

/// A labelled `<input>` with the message of `error` below it. `name` is the form field's name and
/// also the key of the field errors that belong to it.
#[component]
pub fn Field(
    /// The visible label, which is also the input's accessible name.
    label: &'static str,
    name: &'static str,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: &'static str,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(optional)] autofocus: bool,
) -> impl IntoView {
    let id = format!("field-{name}");
    let error_id = format!("{id}-error");
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <input
                id=id
                name=name
                type=kind
                autocomplete=autocomplete
                autofocus=autofocus
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                aria-describedby=error_id.clone()
            />
            <p class="field-error" id=error_id role="alert">
                {move || error.get()}
            </p>
        </div>
    }
}

/// The message to show under `field`, from the latest result of an action.
pub fn field_error<T: 'static>(
    value: impl With<Value = Option<Result<T, shared::AppError>>> + Send + Sync + 'static,
    field: &'static str,
) -> Signal<Option<String>> {
    Signal::derive(move || {
        value.with(|v| {
            v.as_ref()
                .and_then(|r| r.as_ref().err())
                .and_then(|e| e.for_field(field))
        })
    })
}

/// The message to show for a form as a whole, from the latest result of an action.
pub fn form_error<T: 'static>(
    value: impl With<Value = Option<Result<T, shared::AppError>>> + Send + Sync + 'static,
) -> Signal<Option<String>> {
    Signal::derive(move || {
        value.with(|v| {
            v.as_ref()
                .and_then(|r| r.as_ref().err())
                .and_then(|e| e.for_form())
        })
    })
}

/// The hidden field that names the page's organization in a form posted to a server function
/// (its `org` argument), so that the form acts there whatever else the person has open.
#[component]
pub fn OrgField() -> impl IntoView {
    let org = crate::me::use_org();
    view! { <input type="hidden" name="org" value=org.id.to_string() /> }
}
