//! The page a provisioned person opens from the message their identity provider's provisioning
//! sent: they choose a password and are signed in. A plain form, so it works before the page has
//! hydrated.

use crate::api::session::SetPassword;
use crate::components::field::{field_error, form_error, Field};
use crate::paths;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn SetPasswordPage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.with(|p| p.get("token").unwrap_or_default());
    let set = ServerAction::<SetPassword>::new();
    let value = set.value();
    Effect::new(move |_| {
        if matches!(value.get(), Some(Ok(()))) {
            crate::navigation::reload_to(paths::HOME);
        }
    });
    view! {
        <Title text="Choose your password · Roster" />
        <main class="centered">
            <div class="card">
                <h1>"Choose your password"</h1>
                <p>"Your organization added you to Roster. Choose a password to sign in with."</p>
                <ActionForm action=set>
                    <input type="hidden" name="token" value=token />
                    <Field label="Password" name="password" kind="password" autocomplete="new-password" error=field_error(value, "password") autofocus=true />
                    <p class="form-error" role="alert">{move || form_error(value).get()}</p>
                    <button type="submit" class="primary" disabled=move || set.pending().get()>
                        "Set password and sign in"
                    </button>
                </ActionForm>
            </div>
        </main>
    }
}
