//! The Invite to Teams tab: emails, an organization role and one or more teams, whose projects the
//! new people reach once they accept. At least one team is needed, as Invite to Project needs a
//! project.

use super::choices::choice_list;
use super::emails::{EmailList, EmailRows};
use super::org_role::OrgRoleSelect;
use super::outcome::{error_at, Outcome};
use crate::api::codec::load;
use crate::api::directory::list_teams;
use crate::api::invitations::InviteUsers;
use leptos::prelude::*;
use shared::invitations::{form_errors, InviteRequest};
use shared::{AppError, OrgRole};

/// What the tab holds while the dialog is open, so that switching to another tab and back keeps
/// what was typed and ticked.
#[derive(Debug, Clone, Copy)]
pub struct TeamsForm {
    emails: EmailRows,
    org_role: RwSignal<OrgRole>,
    chosen: RwSignal<Vec<i64>>,
}

impl TeamsForm {
    pub fn new() -> TeamsForm {
        TeamsForm {
            emails: EmailRows::new(),
            org_role: RwSignal::new(OrgRole::Member),
            chosen: RwSignal::new(Vec::new()),
        }
    }
}

impl Default for TeamsForm {
    fn default() -> Self {
        TeamsForm::new()
    }
}

#[component]
pub fn TeamsTab(mine: OrgRole, form: TeamsForm) -> impl IntoView {
    let org_id = crate::me::use_org().arg();
    let TeamsForm {
        emails,
        org_role,
        chosen,
    } = form;
    let teams = load(|| (), move |_| list_teams(org_id));
    let invite = ServerAction::<InviteUsers>::new();
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
            project_ids: Vec::new(),
            project_role: None,
            team_ids: chosen.get_untracked(),
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
    let team_list = move || {
        teams.get().map(|loaded| {
            let loaded = loaded.map(|list| list.into_iter().map(|x| (x.id, x.name)).collect());
            choice_list(
                loaded,
                chosen,
                "No teams yet: create them in the Teams tab.",
            )
        })
    };
    let error = move |field| error_at(problems, invite.value(), field);
    view! {
        <form class="invite-form" on:submit=submit novalidate=true>
            <EmailList rows=emails prefix="teams" />
            <p class="field-error" role="alert">{error("email")}</p>
            <OrgRoleSelect mine value=org_role prefix="teams" />
            <fieldset class="choices">
                <legend>"Teams"</legend>
                <Transition fallback=|| view! { <p class="loading">"Loading teams…"</p> }>{team_list}</Transition>
                <p class="field-error" role="alert">{error("teams")}</p>
            </fieldset>
            <Outcome result=invite.value() fields_shown=true />
            <button type="submit" class="primary" disabled=move || invite.pending().get()>"Send invitations"</button>
        </form>
    }
}
