//! `/orgs/new`: **+ New organization**. The signed-in person names it (and may choose its
//! address); they become its Owner and land on its Users tab. Whether anyone may is the
//! operator's setting; the server refuses otherwise.

use crate::api::organizations::CreateOrganization;
use crate::api::session::SignOut;
use crate::components::field::{field_error, form_error, Field};
use crate::paths;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NewOrgPage() -> impl IntoView {
    let create = ServerAction::<CreateOrganization>::new();
    let sign_out = ServerAction::<SignOut>::new();
    Effect::new(move |_| {
        if sign_out.value().get().is_some() {
            crate::navigation::reload_to(paths::SIGN_IN);
        }
    });
    let value = create.value();
    Effect::new(move |_| {
        if let Some(Ok(slug)) = value.get() {
            crate::navigation::reload_to(&paths::in_org(&slug, paths::USERS));
        }
    });
    view! {
        <Title text="New organization · Roster" />
        <main class="centered">
            <div class="card">
                <h1>"New organization"</h1>
                <p class="lead">"You become its Owner. You can invite everyone else afterwards."</p>
                <ActionForm action=create>
                    <Field label="Organization name" name="name" autocomplete="organization" error=field_error(value, "name") autofocus=true />
                    <Field label="Address (optional)" name="slug" autocomplete="off" error=field_error(value, "slug") />
                    <p class="hint">"Lower-case letters a–z, digits and dashes: /orgs/your-address. Left empty, it is made from the name."</p>
                    <p class="form-error" role="alert">{move || form_error(value).get()}</p>
                    <button type="submit" class="primary" disabled=move || create.pending().get()>
                        "Create organization"
                    </button>
                </ActionForm>
                <p class="hint">"Invited to an organization? Open the link in your invitation instead."</p>
                <p><a href=paths::HOME rel="external">"Cancel"</a></p>
                <ActionForm action=sign_out attr:class="inline-form">
                    <button type="submit" class="link-button">"Sign out"</button>
                </ActionForm>
            </div>
        </main>
    }
}
