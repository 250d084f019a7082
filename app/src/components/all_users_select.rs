//! The select that sets a project's all-users default: "All users get" No access, or a project role.
//! It reaches everyone in the organization at once, so a choice is confirmed first, with the number
//! of people it reaches, and a notification says what happened afterwards, with an Undo that gives
//! back what all users got before.

use crate::api::access::{set_all_users_role, SetAllUsersRole};
use crate::components::confirm::ConfirmDialog;
use crate::components::field::form_error;
use crate::components::notices::{undo_with, Notices};
use leptos::prelude::*;
use shared::ProjectRole;

/// "The 1 person in the organization" / "All 12 people in the organization".
fn everyone(n: i64) -> String {
    if n == 1 {
        "The 1 person in the organization".to_string()
    } else {
        format!("All {n} people in the organization")
    }
}

/// The confirmation's title and message for moving from `from` to `to` on `project`, in an
/// organization of `members` people of whom `only_all_users` reach it only through all users.
pub fn confirmation(
    project: &str,
    from: Option<ProjectRole>,
    to: Option<ProjectRole>,
    members: i64,
    only_all_users: i64,
) -> (String, String) {
    match to {
        Some(role) => (
            format!("Give everyone {} on “{project}”?", role.label()),
            format!(
                "{} will reach “{project}” as at least {}, and so will everyone who joins later.",
                everyone(members),
                role.label()
            ),
        ),
        None => (
            format!("Stop giving everyone access to “{project}”?"),
            format!(
                "{only_all_users} {} “{project}” only through all users ({}) and will lose access to it. Grants of their own, their teams' and their organization role stay.",
                if only_all_users == 1 { "person reaches" } else { "people reach" },
                from.map(|r| r.label()).unwrap_or("No access")
            ),
        ),
    }
}

/// What the notification says once the change is made (or undone).
pub fn done(project: &str, to: Option<ProjectRole>, members: i64) -> String {
    match to {
        Some(role) => format!(
            "{} now {} {} on “{project}”.",
            everyone(members),
            if members == 1 { "gets" } else { "get" },
            role.label()
        ),
        None => format!("All users no longer get access to “{project}”."),
    }
}

#[component]
pub fn AllUsersSelect(
    project_id: i64,
    project_name: String,
    current: Option<ProjectRole>,
    /// Everyone in the organization.
    members: i64,
    /// The people who reach the project only through the all-users default.
    only_all_users: i64,
    /// Told once the change is made.
    changed: Callback<()>,
) -> impl IntoView {
    let org_id = crate::me::use_org().arg();
    let set = ServerAction::<SetAllUsersRole>::new();
    // What the select shows: the saved value, until a choice is confirmed.
    let shown = RwSignal::new(current.map(|r| r.as_str()).unwrap_or("").to_string());
    let asking = RwSignal::new(None::<Option<ProjectRole>>);
    let name = StoredValue::new(project_name);
    let notices = Notices::get();
    Effect::new(move |_| {
        if let Some(Ok(summary)) = set.value().get() {
            asking.set(None);
            let project = name.get_value();
            let text = done(&project, summary.all_users_role, members);
            let undo = undo_with(move || {
                let project = project.clone();
                async move {
                    let role = current.map(|r| r.as_str().to_string()).unwrap_or_default();
                    set_all_users_role(org_id, project_id, role).await?;
                    Ok(done(&project, current, members))
                }
            });
            notices.done_with_undo(text, undo);
            changed.run(());
        }
    });
    let dialog = move || {
        asking.get().map(|to| {
            let (title, text) =
                name.with_value(|n| confirmation(n, current, to, members, only_all_users));
            let confirm_label = if to.is_some() {
                "Give everyone access"
            } else {
                "Stop giving access"
            };
            view! {
                <ConfirmDialog
                    title
                    message=text
                    confirm_label
                    pending=set.pending()
                    error=form_error(set.value())
                    on_confirm=Callback::new(move |_| {
                        let role = to.map(|r| r.as_str().to_string()).unwrap_or_default();
                        set.dispatch(SetAllUsersRole { org: org_id, project_id, role });
                    })
                    on_cancel=Callback::new(move |_| {
                        set.value().set(None);
                        asking.set(None);
                        shown.set(current.map(|r| r.as_str()).unwrap_or("").to_string());
                    })
                />
            }
        })
    };
    view! {
        <div class="field inline-field">
            <label for="all-users-role">"All users get"</label>
            <select
                id="all-users-role"
                disabled=move || set.pending().get()
                prop:value=move || shown.get()
                on:change=move |ev| {
                    let value = event_target_value(&ev);
                    let to = value.parse::<ProjectRole>().ok();
                    shown.set(value);
                    if to != current {
                        asking.set(Some(to));
                    }
                }
            >
                <option value="" selected=current.is_none()>"No access"</option>
                {ProjectRole::ALL
                    .into_iter()
                    .map(|role| view! { <option value=role.as_str() selected=current == Some(role)>{role.label()}</option> })
                    .collect_view()}
            </select>
        </div>
        {dialog}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_confirmation_counts_whom_it_reaches() {
        let (title, text) = confirmation("Web", None, Some(ProjectRole::Analyst), 12, 9);
        assert_eq!(title, "Give everyone Analyst on “Web”?");
        assert!(
            text.starts_with("All 12 people in the organization"),
            "{text}"
        );
        let (_, text) = confirmation("Web", Some(ProjectRole::Consumer), None, 12, 1);
        assert!(text.starts_with("1 person reaches “Web”"), "{text}");
        assert_eq!(
            done("Web", Some(ProjectRole::Consumer), 1),
            "The 1 person in the organization now gets Consumer on “Web”."
        );
        assert_eq!(
            done("Web", Some(ProjectRole::Admin), 12),
            "All 12 people in the organization now get Admin on “Web”."
        );
    }
}
