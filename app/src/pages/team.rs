//! /settings/teams/<id>: one team's page. Everyone in the organization sees its projects and
//! members (50 a page, searched by name or email and sorted by the server, with the search, order
//! and page in the address); Owners and Admins rename and delete it and change what it grants and
//! to whom. Every change is said in a notification; an Undo of one loads the page again.

use crate::api::codec::{load, Loaded};
use crate::api::projects::list_projects;
use crate::api::provisioning::UnlinkTeam;
use crate::api::teams::{get_team_overview, list_team_members};
use crate::components::field::form_error;
use crate::components::lists::ListAddress;
use crate::components::notices::{announce, Notices, Said};
use crate::components::page_title::PageTitle;
use crate::components::teams::{
    add_project::AddTeamProject,
    delete::DeleteTeam,
    members::{MembersAnswer, TeamMembers},
    projects::TeamProjects,
    rename::RenameTeam,
};
use crate::me::use_me;
use crate::paths;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use shared::lists::MemberSort;
use shared::wire::{ProjectSummary, TeamOverview};
use shared::{can, Action, AppError};

#[component]
pub fn TeamPage() -> impl IntoView {
    let org_id = crate::me::use_org().arg();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok())));
    // A change made here, or one undone from its notification: everything is loaded again.
    let changes = RwSignal::new(0u32);
    let notices = Notices::get();
    let version = Memo::new(move |_| (changes.get(), notices.undone()));
    // One server function per resource: each fetch then runs whole inside the page's owner.
    let team = load(
        move || (id.get(), version.get()),
        move |(id, _)| async move {
            match id {
                Some(id) => get_team_overview(org_id, id).await,
                None => Err(AppError::NotFound("The team".into())),
            }
        },
    );
    let projects = load(move || version.get(), move |_| list_projects(org_id));
    // The members, a page at a time, with the query in this page's address. Created here, once
    // per page, so that the server sends their answer once whatever re-renders the view below.
    let address = ListAddress::<MemberSort>::at(paths::team(
        &crate::me::use_org().slug,
        id.get_untracked().unwrap_or_default(),
    ));
    let query = address.query;
    let members = load(
        move || (id.get(), query.get(), version.get()),
        move |(id, q, _)| async move {
            let answer = match id {
                Some(id) => list_team_members(org_id, id, q.clone()).await,
                None => Err(AppError::NotFound("The team".into())),
            };
            (q, answer)
        },
    );
    let changed = Callback::new(move |_| changes.update(|v| *v += 1));
    let me = use_me();
    let allowed = move |action| {
        me.with_untracked(|m| m.as_ref().is_some_and(|m| can(m.role, action).is_ok()))
    };
    let page = move || {
        let address = address.clone();
        let both = match (team.get(), projects.get()) {
            (Some(team), Some(projects)) => Some(team.and_then(|t| projects.map(|p| (t, p)))),
            _ => None,
        };
        both.map(|result| match result {
            Err(error) => {
                view! { <p class="form-error" role="alert">{error.to_string()}</p> }.into_any()
            }
            Ok((team, projects)) => view! {
                <TeamView
                    team
                    projects
                    members
                    address=address.clone()
                    may_manage_team=allowed(Action::ManageTeams)
                    may_manage_access=allowed(Action::ManageAccess)
                    may_unlink=allowed(Action::ManageProvisioning)
                    changed
                />
            }
            .into_any(),
        })
    };
    view! {
        <section class="panel">
            <p><a href=crate::me::org_path(paths::TEAMS)>"← All teams"</a></p>
            <Transition fallback=|| view! { <p class="loading">"Loading the team…"</p> }>{page}</Transition>
        </section>
    }
}

#[component]
fn TeamView(
    team: TeamOverview,
    /// Every project of the organization.
    projects: Vec<ProjectSummary>,
    /// A page of its members, and where that page's query lives.
    members: Loaded<MembersAnswer>,
    address: ListAddress<MemberSort>,
    may_manage_team: bool,
    may_manage_access: bool,
    may_unlink: bool,
    changed: Callback<()>,
) -> impl IntoView {
    let id = team.id;
    let managed = team.managed;
    let unassigned: Vec<ProjectSummary> = projects
        .into_iter()
        .filter(|p| !team.projects.iter().any(|t| t.project_id == p.id))
        .collect();
    // Set once this view is live in the browser (effects run only there), so that scripts and
    // tests know its controls answer.
    let ready = RwSignal::new(false);
    Effect::new(move |_| ready.set(true));
    view! {
        <PageTitle page=format!("{} · Teams", team.name) />
        <div class="panel-header" data-ready=move || ready.get().to_string()>
            <h2>{team.name.clone()}</h2>
            <div class="row-actions">
                {may_manage_team.then(|| view! { <RenameTeam team_id=id name=team.name.clone() changed /> })}
                {may_manage_team.then(|| view! { <DeleteTeam team=team.clone() /> })}
            </div>
        </div>
        <h3>"Projects"</h3>
        <TeamProjects team_id=id team_name=team.name.clone() projects=team.projects.clone() editable=may_manage_access changed />
        {may_manage_access.then(|| view! { <AddTeamProject team_id=id team_name=team.name.clone() unassigned changed /> })}
        <h3>"Members"</h3>
        {managed.then(|| view! { <ManagedNote team_id=id team_name=team.name.clone() may_unlink changed /> })}
        <TeamMembers team_id=id team_name=team.name.clone() members address editable=may_manage_access && !managed changed />
    }
}

/// Says that the identity provider manages the team's members; Owners may unlink it (no Undo: only
/// the identity provider links a team).
#[component]
fn ManagedNote(
    team_id: i64,
    team_name: String,
    may_unlink: bool,
    changed: Callback<()>,
) -> impl IntoView {
    let unlink = ServerAction::<UnlinkTeam>::new();
    announce(unlink, move |_: &UnlinkTeam| {
        Said::text(shared::said::team_unlinked(&team_name)).when_done()
    });
    Effect::new(move |_| {
        if matches!(unlink.value().get(), Some(Ok(()))) {
            changed.run(());
        }
    });
    view! {
        <div class="notice" role="note">
            <p>"Members are managed by your identity provider. Change them there; this team's project roles are still set here."</p>
            {may_unlink.then(|| view! {
                <ActionForm action=unlink attr:class="inline-form">
                    <crate::components::field::OrgField />
                    <input type="hidden" name="team_id" value=team_id.to_string() />
                    <button type="submit" disabled=move || unlink.pending().get()>"Unlink from identity provider"</button>
                    <p class="form-error" role="alert">{move || form_error(unlink.value()).get()}</p>
                </ActionForm>
            })}
        </div>
    }
}
