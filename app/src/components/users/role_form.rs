//! Changing one person's organization role — the only place in Roster where it changes. The choices
//! are the roles the signed-in person may grant; the server checks the same policy again. Lowering
//! your own role is asked about first: you cannot raise it again yourself.

use crate::api::people::ChangeRole;
use crate::components::confirm::ConfirmDialog;
use crate::components::field::form_error;
use leptos::prelude::*;
use shared::policy::grantable_roles;
use shared::OrgRole;

/// The confirmation for lowering your own role from `from` to `to`: title and message.
pub fn lowering_yourself(from: OrgRole, to: OrgRole) -> (String, String) {
    (
        format!("Make yourself {}?", to.label()),
        format!(
            "You are {}. As {} you lose what only {}s can do, and you cannot change your role back yourself: someone above {} would have to.",
            from.label(),
            to.label(),
            from.label(),
            to.label()
        ),
    )
}

#[component]
pub fn RoleForm(
    account_id: i64,
    current: OrgRole,
    my_role: OrgRole,
    /// The person is the one signed in.
    is_self: bool,
    change: ServerAction<ChangeRole>,
) -> impl IntoView {
    let choice = RwSignal::new(current);
    let confirming = RwSignal::new(false);
    let save = move || {
        change.dispatch(ChangeRole {
            account_id,
            role: choice.get_untracked(),
        });
    };
    let dialog = move || {
        confirming.get().then(|| {
            let (title, message) = lowering_yourself(current, choice.get_untracked());
            view! {
                <ConfirmDialog
                    title
                    message
                    confirm_label="Lower my role"
                    pending=change.pending()
                    error=form_error(change.value())
                    on_confirm=Callback::new(move |_| save())
                    on_cancel=Callback::new(move |_| {
                        change.value().set(None);
                        confirming.set(false);
                    })
                />
            }
        })
    };
    view! {
        <form class="inline-form" on:submit=move |ev| {
            ev.prevent_default();
            if is_self && choice.get_untracked() < current {
                confirming.set(true);
            } else {
                save();
            }
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
        {dialog}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowering_yourself_says_what_you_lose() {
        let (title, message) = lowering_yourself(OrgRole::Owner, OrgRole::Member);
        assert_eq!(title, "Make yourself Member?");
        assert!(message.starts_with("You are Owner."), "{message}");
    }
}
