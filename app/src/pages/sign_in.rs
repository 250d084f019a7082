//! Sign in with email and password.

use crate::api::session::SignIn;
use crate::components::field::{field_error, form_error, Field};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn SignInPage() -> impl IntoView {
    let sign_in = ServerAction::<SignIn>::new();
    let value = sign_in.value();
    Effect::new(move |_| {
        if matches!(value.get(), Some(Ok(()))) {
            crate::reload_to("/settings/users");
        }
    });
    view! {
        <Title text="Sign in · Roster" />
        <main class="centered">
            <div class="card">
                <h1>"Sign in to Roster"</h1>
                <ActionForm action=sign_in>
                    <Field label="Email" name="email" kind="email" autocomplete="username" error=field_error(value, "email") autofocus=true />
                    <Field label="Password" name="password" kind="password" autocomplete="current-password" error=field_error(value, "password") />
                    <p class="form-error" role="alert">{move || form_error(value).get()}</p>
                    <button type="submit" class="primary" disabled=move || sign_in.pending().get()>
                        "Sign in"
                    </button>
                </ActionForm>
            </div>
        </main>
    }
}
