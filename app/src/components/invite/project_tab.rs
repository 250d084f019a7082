//! The Invite to Project tab: emails, an organization role, projects and one project role.

use super::choices::choice_list;
use super::emails::{EmailList, EmailRows};
use super::org_role::OrgRoleSelect;
use super::outcome::{error_at, Outcome};
use crate::api::codec::load;
use crate::api::invitations::InviteUsers;
use crate::api::projects::list_projects;
use leptos::prelude::*;
use shared::invitations::{form_errors, InviteRequest};
use shared::{AppError, OrgRole, ProjectRole};

/// What the tab holds while the dialog is open, so that switching to another tab and back keeps
/// what was typed and ticked.
#[derive(Debug, Clone, Copy)]
pub struct ProjectForm {
    emails: EmailRows,
    org_role: RwSignal<OrgRole>,
    chosen: RwSignal<Vec<i64>>,
    project_role: RwSignal<ProjectRole>,
}

impl ProjectForm {
    pub fn new() -> ProjectForm {
        ProjectForm {
            emails: EmailRows::new(),
            org_role: RwSignal::new(OrgRole::Member),
            chosen: RwSignal::new(Vec::new()),
            project_role: RwSignal::new(ProjectRole::Consumer),
        }
    }
}

impl Default for ProjectForm {
    fn default() -> Self {
        ProjectForm::new()
    }
}

#[component]
pub fn ProjectTab(mine: OrgRole, form: ProjectForm) -> impl IntoView {
    let org_id = crate::me::use_org().arg();
    let ProjectForm {
        emails,
        org_role,
        chosen,
        project_role,
    } = form;
    let projects = load(|| (), move |_| list_projects(org_id));
    let invite = ServerAction::<InviteUsers>::new();
    // What the browser found wrong before sending: every problem at once.
    let problems = RwSignal::new(Vec::<AppError>::new());
    Effect::new(move |_| {
        if let Some(Ok(report)) = invite.value().get() {
            emails.show_report(&report);
            // The emails go; the choices stay ticked for the next people to invite the same way.
            if report.sent {
                emails.reset();
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = InviteRequest {
            emails: emails.take_for_sending(),
            org_role: org_role.get_untracked(),
            project_ids: chosen.get_untracked(),
            project_role: Some(project_role.get_untracked()),
            team_ids: Vec::new(),
        };
        let rows_fine = emails.check(&request.emails);
        let found = form_errors(&request);
        let fine = rows_fine && found.is_empty();
        problems.set(found);
        if fine {
            invite.dispatch(InviteUsers {
                org: org_id,
                request,
            });
        } else {
            invite.value().set(None);
        }
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
    let error = move |field| error_at(problems, invite.value(), field);
    view! {
        <form class="invite-form" on:submit=submit novalidate=true>
            <EmailList rows=emails prefix="project" />
            <p class="field-error" role="alert">{error("email")}</p>
            <OrgRoleSelect mine value=org_role prefix="project" />
            <fieldset class="choices">
                <legend>"Projects"</legend>
                <Transition fallback=|| view! { <p class="loading">"Loading projects…"</p> }>{project_list}</Transition>
                <p class="field-error" role="alert">{error("projects")}</p>
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
                <p class="field-error" role="alert">{error("project_role")}</p>
            </div>
            <Outcome result=invite.value() fields_shown=true />
            <button type="submit" class="primary" disabled=move || invite.pending().get()>"Send invitations"</button>
        </form>
    }
}
