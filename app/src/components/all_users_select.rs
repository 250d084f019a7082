//! The select that sets a project's all-users default: "All users get" No access, or a project role.

use crate::api::access::SetAllUsersRole;
use crate::components::field::form_error;
use leptos::prelude::*;
use shared::ProjectRole;

#[component]
pub fn AllUsersSelect(
    project_id: i64,
    current: Option<ProjectRole>,
    changed: Callback<()>,
) -> impl IntoView {
    let set = ServerAction::<SetAllUsersRole>::new();
    Effect::new(move |_| {
        if matches!(set.value().get(), Some(Ok(_))) {
            changed.run(());
        }
    });
    let value = current.map(|r| r.as_str()).unwrap_or("");
    view! {
        <div class="field inline-field">
            <label for="all-users-role">"All users get"</label>
            <select
                id="all-users-role"
                disabled=move || set.pending().get()
                on:change=move |ev| {
                    set.dispatch(SetAllUsersRole { project_id, role: event_target_value(&ev) });
                }
            >
                <option value="" selected=value.is_empty()>"No access"</option>
                {ProjectRole::ALL
                    .into_iter()
                    .map(|role| view! { <option value=role.as_str() selected=value == role.as_str()>{role.label()}</option> })
                    .collect_view()}
            </select>
            <p class="form-error" role="alert">{move || form_error(set.value()).get()}</p>
        </div>
    }
}
