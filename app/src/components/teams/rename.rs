//! Renaming a team: "Rename team" opens a form with the name; the server checks it is unique.

use crate::api::teams::RenameTeam;
use crate::components::field::{field_error, form_error};
use leptos::prelude::*;

#[component]
pub fn RenameTeam(team_id: i64, name: String, changed: Callback<()>) -> impl IntoView {
    let editing = RwSignal::new(false);
    let rename = ServerAction::<RenameTeam>::new();
    Effect::new(move |_| {
        if matches!(rename.value().get(), Some(Ok(()))) {
            editing.set(false);
            changed.run(());
        }
    });
    let error = Signal::derive(move || {
        field_error(rename.value(), "name")
            .get()
            .or_else(|| form_error(rename.value()).get())
    });
    move || {
        if editing.get() {
            let name = name.clone();
            view! {
                <ActionForm action=rename attr:class="rename-form">
                    <crate::components::field::OrgField />
                    <input type="hidden" name="id" value=team_id.to_string() />
                    <label for="team-name">"Team name"</label>
                    <input id="team-name" name="name" value=name autofocus=true aria-describedby="team-name-error" />
                    <button type="submit" class="primary" disabled=move || rename.pending().get()>"Save"</button>
                    <button type="button" on:click=move |_| {
                        rename.value().set(None);
                        editing.set(false);
                    }>"Cancel"</button>
                    <p class="field-error" id="team-name-error" role="alert">{move || error.get()}</p>
                </ActionForm>
            }
            .into_any()
        } else {
            view! { <button type="button" on:click=move |_| editing.set(true)>"Rename team"</button> }.into_any()
        }
    }
}
