//! The "Organization role" select: only the roles the policy lets the signed-in person hand out.

use leptos::prelude::*;
use shared::policy::grantable_roles;
use shared::OrgRole;

#[component]
pub fn OrgRoleSelect(
    /// The signed-in person's role, whose ceiling bounds the options.
    mine: OrgRole,
    value: RwSignal<OrgRole>,
    prefix: &'static str,
) -> impl IntoView {
    let id = format!("{prefix}-org-role");
    view! {
        <div class="field">
            <label for=id.clone()>"Organization role"</label>
            <select id=id on:change=move |ev| {
                if let Ok(role) = event_target_value(&ev).parse() {
                    value.set(role);
                }
            }>
                {grantable_roles(mine)
                    .into_iter()
                    .map(|role| view! {
                        <option value=role.as_str() selected=move || value.get() == role>{role.label()}</option>
                    })
                    .collect_view()}
            </select>
        </div>
    }
}
