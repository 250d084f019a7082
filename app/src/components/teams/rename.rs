//! Renaming a team: "Rename team" opens a form with the name; the server checks it is unique. The
//! new name is said in a notification whose Undo gives the team its old name back.

use crate::api::teams::{rename_team, RenameTeam};
use crate::components::field::{field_error, form_error};
use crate::components::notices::{announce, undo_with, Said};
use leptos::prelude::*;
use shared::said;

#[component]
pub fn RenameTeam(team_id: i64, name: String, changed: Callback<()>) -> impl IntoView {
    let editing = RwSignal::new(false);
    let rename = ServerAction::<RenameTeam>::new();
    let old = name.clone();
    announce(rename, move |asked: &RenameTeam| {
        let (org, id, to) = (asked.org, asked.id, asked.name.trim().to_string());
        let old = old.clone();
        if to == old {
            return None;
        }
        let undo = undo_with(move || {
            let old = old.clone();
            async move {
                rename_team(org, id, old.clone()).await?;
                Ok(said::team_renamed_back(&old))
            }
        });
        Said::with_undo(said::team_renamed(&to), undo).when_done()
    });
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
