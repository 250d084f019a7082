//! Changing one person's organization role — the only place in Roster where it changes. The choices
//! are the roles the signed-in person may grant; the server checks the same policy again. Lowering
//! your own role is asked about first: you cannot raise it again yourself.
//!
//! The form posts to the role-change server function, so it works before the page has hydrated and
//! without JavaScript: the server sends the browser back to this page, with the new role or with
//! the error in the address, shown at the field. Such a page cannot ask first, so when the role is
//! your own the form says beside the button what lowering it means, and the post is the decision.

use crate::api::people::ChangeRole;
use crate::components::confirm::ConfirmDialog;
use crate::components::field::form_error;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
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
    let org_id = crate::me::use_org().arg();
    let choice = RwSignal::new(current);
    let confirming = RwSignal::new(false);
    let save = move || {
        change.dispatch(ChangeRole {
            org: org_id,
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
    // Shown at the field: the error of the last change, from this page's action or, after a post
    // made before hydration, from the address the server sent the browser back to.
    let error = Signal::derive(move || {
        change.value().with(|v| {
            v.as_ref()
                .and_then(|r| r.as_ref().err())
                .and_then(|e| e.for_form().or_else(|| e.for_field("role")))
        })
    });
    // Before hydration the button cannot follow the choice, so it stays enabled until then.
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if is_self && choice.get_untracked() < current {
            confirming.set(true);
        } else {
            save();
        }
    };
    let consequence = is_self.then(|| {
        view! {
            <p class="hint before-hydration">
                "This is your own role: once you lower it, you cannot raise it again yourself."
            </p>
        }
    });
    view! {
        <form class="inline-form" action=ChangeRole::url() method="post" on:submit=on_submit>
            <crate::components::field::OrgField />
            <input type="hidden" name="account_id" value=account_id.to_string() />
            <div class="field">
                <label for="org-role">"Organization role"</label>
                <select
                    id="org-role"
                    name="role"
                    aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                    aria-describedby="org-role-error"
                    on:change=move |ev| {
                        if let Ok(r) = event_target_value(&ev).parse() {
                            choice.set(r);
                        }
                    }
                >
                    {grantable_roles(my_role).into_iter().map(|r| view! {
                        <option value=r.as_str() selected=r == current>{r.label()}</option>
                    }).collect_view()}
                </select>
                <p class="field-error" id="org-role-error" role="alert">{move || error.get()}</p>
            </div>
            {consequence}
            <button
                type="submit"
                class="primary"
                disabled=move || hydrated.get() && (change.pending().get() || choice.get() == current)
            >
                "Save role"
            </button>
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
