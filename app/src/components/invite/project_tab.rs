//! The Invite to Project tab: emails, an organization role, projects and one project role.

use super::choices::choice_list;
use super::emails::{EmailList, EmailRows};
use super::org_role::OrgRoleSelect;
use super::outcome::Outcome;
use crate::api::invitations::InviteUsers;
use crate::api::projects::list_projects;
use crate::components::field::field_error;
use leptos::prelude::*;
use shared::invitations::InviteRequest;
use shared::{OrgRole, ProjectRole};

#[component]
pub fn ProjectTab(mine: OrgRole) -> impl IntoView {
    let emails = EmailRows::new();
    let org_role = RwSignal::new(OrgRole::Member);
    let chosen = RwSignal::new(Vec::<i64>::new());
    let project_role = RwSignal::new(ProjectRole::Consumer);
    let projects = Resource::new(|| (), |_| list_projects());
    let invite = ServerAction::<InviteUsers>::new();
    let report = Signal::derive(move || invite.value().get().and_then(Result::ok));
    Effect::new(move |_| {
        // The emails go; the choices stay ticked for the next people to invite the same way.
        if matches!(invite.value().get(), Some(Ok(r)) if r.sent) {
            emails.reset();
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        invite.dispatch(InviteUsers {
            request: InviteRequest {
                emails: emails.take_for_sending(),
                org_role: org_role.get_untracked(),
                project_ids: chosen.get_untracked(),
                project_role: Some(project_role.get_untracked()),
                team_ids: Vec::new(),
            },
        });
    };
    let project_list = move || {
        projects.get().map(|loaded| {
            let loaded = loaded.map(|list| list.into_iter().map(|x| (x.id, x.name)).collect());
            choice_list(
                loaded,
                chosen,
                "No projects yet: create them in the Projects tab.",
            )
        })
    };
    view! {
        <form class="invite-form" on:submit=submit novalidate=true>
            <EmailList rows=emails prefix="project" report />
            <p class="field-error" role="alert">{move || field_error(invite.value(), "email").get()}</p>
            <OrgRoleSelect mine value=org_role prefix="project" />
            <fieldset class="choices">
                <legend>"Projects"</legend>
                <Transition fallback=|| view! { <p class="loading">"Loading projects…"</p> }>{project_list}</Transition>
                <p class="field-error" role="alert">{move || field_error(invite.value(), "projects").get()}</p>
            </fieldset>
            <div class="field">
                <label for="project-project-role">"Project role"</label>
                <select id="project-project-role" on:change=move |ev| {
                    if let Ok(role) = event_target_value(&ev).parse() {
                        project_role.set(role);
                    }
                }>
                    {ProjectRole::ALL
                        .into_iter()
                        .map(|role| view! {
                            <option value=role.as_str() selected=move || project_role.get() == role>{role.label()}</option>
                        })
                        .collect_view()}
                </select>
            </div>
            <Outcome result=invite.value() />
            <button type="submit" class="primary" disabled=move || invite.pending().get()>"Send invitations"</button>
        </form>
    }
}
