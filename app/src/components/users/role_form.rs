//! Changing one person's organization role — the only place in Roster where it changes. The choices
//! are the roles the signed-in person may grant; the server checks the same policy again.

use crate::api::people::ChangeRole;
use crate::components::field::form_error;
use leptos::prelude::*;
use shared::policy::grantable_roles;
use shared::OrgRole;

#[component]
pub fn RoleForm(
    account_id: i64,
    current: OrgRole,
    my_role: OrgRole,
    change: ServerAction<ChangeRole>,
) -> impl IntoView {
    let choice = RwSignal::new(current);
    view! {
        <form class="inline-form" on:submit=move |ev| {
            ev.prevent_default();
            change.dispatch(ChangeRole { account_id, role: choice.get_untracked() });
        }>
            <div class="field">
                <label for="org-role">"Organization role"</label>
                <select id="org-role" on:change=move |ev| {
                    if let Ok(r) = event_target_value(&ev).parse() {
                        choice.set(r);
                    }
                }>
                    {grantable_roles(my_role).into_iter().map(|r| view! {
                        <option value=r.as_str() selected=r == current>{r.label()}</option>
                    }).collect_view()}
                </select>
            </div>
            <button type="submit" class="primary" disabled=move || change.pending().get() || choice.get() == current>
                "Save role"
            </button>
            <p class="form-error" role="alert">{move || form_error(change.value()).get()}</p>
        </form>
    }
}
