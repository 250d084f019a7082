//! Sign in with email and password.
//!
//! The form is a plain HTML form that posts to the sign-in server function, so it works before
//! the page has hydrated (and without JavaScript): the server then answers with a redirect back
//! here, signed in or with the error next to its field. Once hydrated, empty fields are named at
//! once, both of them, without asking the server; the server refuses them too, uncounted.

use crate::api::session::SignIn;
use crate::components::field::{field_error, form_error, Field};
use crate::paths;
use leptos::ev::SubmitEvent;
use leptos::form::FromFormData;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

#[component]
pub fn SignInPage() -> impl IntoView {
    let sign_in = ServerAction::<SignIn>::new();
    let value = sign_in.value();
    Effect::new(move |_| {
        if matches!(value.get(), Some(Ok(()))) {
            crate::navigation::reload_to(paths::HOME);
        }
    });
    // Which fields were empty at the last submit.
    let empty = RwSignal::new((false, false));
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Ok(input) = SignIn::from_event(&ev) else {
            return;
        };
        let now_empty = (input.email.trim().is_empty(), input.password.is_empty());
        empty.set(now_empty);
        if now_empty == (false, false) {
            sign_in.dispatch(input);
        } else {
            value.set(None);
        }
    };
    let server_email = field_error(value, "email");
    let server_password = field_error(value, "password");
    let email_error = Signal::derive(move || {
        if empty.get().0 {
            Some("Enter your email.".to_string())
        } else {
            server_email.get()
        }
    });
    let password_error = Signal::derive(move || {
        if empty.get().1 {
            Some("Enter your password.".to_string())
        } else {
            server_password.get()
        }
    });
    view! {
        <Title text="Sign in · Roster" />
        <main class="centered">
            <div class="card">
                <h1>"Sign in to Roster"</h1>
                <form action=SignIn::url() method="post" on:submit=on_submit>
                    <Field label="Email" name="email" kind="email" autocomplete="username" error=email_error autofocus=true />
                    <Field label="Password" name="password" kind="password" autocomplete="current-password" error=password_error />
                    <p class="form-error" role="alert">{move || form_error(value).get()}</p>
                    <button type="submit" class="primary" disabled=move || sign_in.pending().get()>
                        "Sign in"
                    </button>
                </form>
            </div>
        </main>
    }
}
