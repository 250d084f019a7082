//! First run: create the organization and its first Owner. Shown only while no organization exists.

use crate::api::session::SetupOrganization;
use crate::components::field::{field_error, form_error, Field};
use crate::paths;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn SetupPage() -> impl IntoView {
    let setup = ServerAction::<SetupOrganization>::new();
    let value = setup.value();
    Effect::new(move |_| {
        if matches!(value.get(), Some(Ok(()))) {
            crate::navigation::reload_to(paths::HOME);
        }
    });
    view! {
        <Title text="Set up Roster" />
        <main class="centered">
            <div class="card">
                <h1>"Set up Roster"</h1>
                <p class="lead">"Create your organization and its first Owner account. You can invite everyone else afterwards."</p>
                <ActionForm action=setup>
                    <Field label="Organization name" name="org_name" autocomplete="organization" error=field_error(value, "org_name") autofocus=true />
                    <Field label="Your name" name="name" autocomplete="name" error=field_error(value, "name") />
                    <Field label="Email" name="email" kind="email" autocomplete="email" error=field_error(value, "email") />
                    <Field label="Password" name="password" kind="password" autocomplete="new-password" error=field_error(value, "password") />
                    <p class="hint">"At least 8 characters."</p>
                    <p class="form-error" role="alert">{move || form_error(value).get()}</p>
                    <button type="submit" class="primary" disabled=move || setup.pending().get()>
                        "Create organization"
                    </button>
                </ActionForm>
            </div>
        </main>
    }
}
