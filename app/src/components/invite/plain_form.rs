//! Invite to Project without JavaScript: the Users tab at `?invite=project` shows this form as a
//! section of the page instead of the modal (the "+ Invite Users" button leads there when no script
//! opens the modal). It is a real form posting its fields to `invite_to_project`; the server sends
//! the browser back here with how many were invited (`invited=N`), or with the error in the address,
//! shown at its field.

use crate::api::codec::Loaded;
use crate::api::invitation_form::InviteToProject;
use crate::me::use_me;
use crate::paths;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;
use shared::policy::grantable_roles;
use shared::wire::ProjectSummary;
use shared::words::people_count;
use shared::{AppError, OrgRole, ProjectRole};

/// The Users tab's address with this form open.
pub const INVITE_ADDRESS: &str = "/settings/users?invite=project";

#[component]
pub fn InviteProjectForm(projects: Loaded<Result<Vec<ProjectSummary>, AppError>>) -> impl IntoView {
    let mine = use_me().get_untracked().map_or(OrgRole::Member, |m| m.role);
    let invite = ServerAction::<InviteToProject>::new();
    let failed = invite.value().get_untracked().and_then(Result::err);
    let at = |field: &str| failed.as_ref().and_then(|e| e.for_field(field));
    let (email_error, projects_error, role_error) =
        (at("email"), at("projects"), at("project_role"));
    let form_error = failed
        .as_ref()
        .and_then(|e| e.for_form().or_else(|| e.for_field("org_role")));
    let invited = use_query_map().with_untracked(|q| {
        q.get("invited")
            .and_then(|n| n.parse::<i64>().ok())
            .map(|n| {
                format!(
                    "Invitation{} sent to {}.",
                    if n == 1 { "" } else { "s" },
                    people_count(n)
                )
            })
    });
    let project_list = move || {
        projects.get().map(|loaded| match loaded {
            Err(error) => {
                view! { <p class="form-error" role="alert">{error.to_string()}</p> }.into_any()
            }
            Ok(list) if list.is_empty() => view! {
                <p class="hint">"No projects yet: create them in the Projects tab."</p>
            }
            .into_any(),
            Ok(list) => list
                .into_iter()
                .map(|project| {
                    view! {
                        <label class="check">
                            <input type="checkbox" name="projects[]" value=project.id.to_string() />
                            {project.name}
                        </label>
                    }
                })
                .collect_view()
                .into_any(),
        })
    };
    view! {
        <section class="panel" aria-labelledby="invite-form-heading">
            <h2 id="invite-form-heading">"Invite to Project"</h2>
            {invited.map(|text| view! { <p class="note" role="status">{text}</p> })}
            <form class="invite-form" method="post" action=InviteToProject::url()>
                <crate::components::field::OrgField />
                <div class="field">
                    <label for="plain-invite-emails">"Emails"</label>
                    <textarea
                        id="plain-invite-emails"
                        name="emails"
                        rows="3"
                        aria-invalid=if email_error.is_some() { "true" } else { "false" }
                        aria-describedby="plain-invite-emails-error"
                    ></textarea>
                    <p class="hint">"One address a line, or several separated by commas."</p>
                    <p class="field-error" id="plain-invite-emails-error" role="alert">{email_error}</p>
                </div>
                <div class="field">
                    <label for="plain-invite-org-role">"Organization role"</label>
                    <select id="plain-invite-org-role" name="org_role">
                        {grantable_roles(mine)
                            .into_iter()
                            .map(|role| view! {
                                <option value=role.as_str() selected=role == OrgRole::Member>{role.label()}</option>
                            })
                            .collect_view()}
                    </select>
                </div>
                <fieldset class="choices" aria-describedby="plain-invite-projects-error">
                    <legend>"Projects"</legend>
                    <Transition fallback=|| view! { <p class="loading">"Loading projects…"</p> }>{project_list}</Transition>
                    <p class="field-error" id="plain-invite-projects-error" role="alert">{projects_error}</p>
                </fieldset>
                <div class="field">
                    <label for="plain-invite-project-role">"Project role"</label>
                    <select
                        id="plain-invite-project-role"
                        name="project_role"
                        aria-describedby="plain-invite-project-role-error"
                    >
                        {ProjectRole::ALL
                            .into_iter()
                            .map(|role| view! {
                                <option value=role.as_str() selected=role == ProjectRole::Consumer>{role.label()}</option>
                            })
                            .collect_view()}
                    </select>
                    <p class="field-error" id="plain-invite-project-role-error" role="alert">{role_error}</p>
                </div>
                <p class="form-error" role="alert">{form_error}</p>
                <div class="dialog-actions">
                    <a href=crate::me::org_path(paths::USERS)>"Close"</a>
                    <button type="submit" class="primary">"Send invitations"</button>
                </div>
            </form>
        </section>
    }
}
