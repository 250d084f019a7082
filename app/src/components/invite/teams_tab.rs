//! The Invite to Teams tab: emails, an organization role and one or more teams, whose projects the
//! new people reach once they accept.

use super::choices::choice_list;
use super::emails::{EmailList, EmailRows};
use super::org_role::OrgRoleSelect;
use super::outcome::Outcome;
use crate::api::directory::list_teams;
use crate::api::invitations::InviteUsers;
use crate::components::field::field_error;
use leptos::prelude::*;
use shared::invitations::InviteRequest;
use shared::OrgRole;

#[component]
pub fn TeamsTab(mine: OrgRole) -> impl IntoView {
    let emails = EmailRows::new();
    let org_role = RwSignal::new(OrgRole::Member);
    let chosen = RwSignal::new(Vec::<i64>::new());
    let teams = Resource::new(|| (), |_| list_teams());
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
                project_ids: Vec::new(),
                project_role: None,
                team_ids: chosen.get_untracked(),
            },
        });
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
    view! {
        <form class="invite-form" on:submit=submit novalidate=true>
            <EmailList rows=emails prefix="teams" report />
            <p class="field-error" role="alert">{move || field_error(invite.value(), "email").get()}</p>
            <OrgRoleSelect mine value=org_role prefix="teams" />
            <fieldset class="choices">
                <legend>"Teams"</legend>
                <Transition fallback=|| view! { <p class="loading">"Loading teams…"</p> }>{team_list}</Transition>
            </fieldset>
            <Outcome result=invite.value() />
            <button type="submit" class="primary" disabled=move || invite.pending().get()>"Send invitations"</button>
        </form>
    }
}
