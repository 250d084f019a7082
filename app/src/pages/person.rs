//! One person's page (/settings/users/<id>): their organization role, every project they reach and
//! why, their teams (joined and left here too), and removal from the organization.

use crate::api::codec::{load, Loaded};
use crate::api::directory::list_teams;
use crate::api::people::{
    get_person, ChangeRole, ChangeStatus, RemoveGrant, RemovePerson, SetGrant,
};
use crate::api::projects::list_projects;
use crate::api::teams::{AddTeamMember, RemoveTeamMember};
use crate::components::confirm::ConfirmDialog;
use crate::components::field::form_error;
use crate::components::notices::Notices;
use crate::components::page_title::PageTitle;
use crate::components::users::access_table::{AccessTable, GrantForm};
use crate::components::users::person_changes::{announce_person_changes, PersonActions};
use crate::components::users::person_teams::{PersonTeams, TeamsResource};
use crate::components::users::role_form::RoleForm;
use crate::components::users::table::StatusBadge;
use crate::me::use_me;
use crate::me::SessionResource;
use crate::paths;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use shared::dates::{format_date, format_date_time};
use shared::wire::{PersonDetail, PersonStatus};
use shared::words::some_of;
use shared::{can, Action};

#[component]
pub fn PersonPage() -> impl IntoView {
    let org_id = crate::me::use_org().arg();
    let params = use_params_map();
    let account_id = Memo::new(move |_| {
        params.with(|p| {
            p.get("id")
                .and_then(|id| id.parse::<i64>().ok())
                .unwrap_or(0)
        })
    });
    let change = ServerAction::<ChangeRole>::new();
    let set = ServerAction::<SetGrant>::new();
    let unset = ServerAction::<RemoveGrant>::new();
    let remove = ServerAction::<RemovePerson>::new();
    let join = ServerAction::<AddTeamMember>::new();
    let leave = ServerAction::<RemoveTeamMember>::new();
    let status = ServerAction::<ChangeStatus>::new();
    let notices = Notices::get();
    let person = load(
        move || {
            (
                account_id.get(),
                notices.undone(),
                change.version().get(),
                status.version().get(),
                set.version().get(),
                unset.version().get(),
                join.version().get(),
                leave.version().get(),
            )
        },
        move |(id, ..)| get_person(org_id, id),
    );
    let projects = load(|| (), move |_| list_projects(org_id));
    let all_teams: TeamsResource = load(|| (), move |_| list_teams(org_id));
    let me = use_me();
    announce_person_changes(
        &PersonActions {
            change,
            status,
            set,
            unset,
            remove,
            join,
            leave,
        },
        person,
        projects,
        all_teams,
        move || me.with_untracked(|m| m.as_ref().map(|m| m.org_name.clone()).unwrap_or_default()),
        move |id| me.with_untracked(|m| m.as_ref().is_some_and(|m| m.account_id == id)),
    );
    let navigate = use_navigate();
    let users = crate::me::org_path(paths::USERS);
    Effect::new(move |_| {
        if matches!(remove.value().get(), Some(Ok(()))) {
            navigate(&users, Default::default());
        }
    });
    // Someone who changed their own role gets the whole page drawn again for their new role: the
    // session is read again, and every control, tab and menu follows it.
    let session = expect_context::<SessionResource>();
    Effect::new(move |_| {
        if matches!(change.value().get(), Some(Ok(())))
            && me.with_untracked(|m| m.as_ref().map(|m| m.account_id))
                == Some(account_id.get_untracked())
        {
            session.refetch();
        }
    });
    view! {
        <section class="panel" aria-labelledby="person-heading">
            <p><a href=crate::me::org_path(paths::USERS)>"← All users"</a></p>
            <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || person.get().map(|result| match result {
                    Err(error) => view! { <p class="form-error" role="alert">{error.to_string()}</p> }.into_any(),
                    Ok(detail) => view! { <PersonView detail projects all_teams change status set unset remove join leave /> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn PersonView(
    detail: PersonDetail,
    projects: Loaded<Result<Vec<shared::wire::ProjectSummary>, shared::AppError>>,
    all_teams: TeamsResource,
    change: ServerAction<ChangeRole>,
    status: ServerAction<ChangeStatus>,
    set: ServerAction<SetGrant>,
    unset: ServerAction<RemoveGrant>,
    remove: ServerAction<RemovePerson>,
    join: ServerAction<AddTeamMember>,
    leave: ServerAction<RemoveTeamMember>,
) -> impl IntoView {
    let org_id = crate::me::use_org().arg();
    let me = use_me().get_untracked();
    let my_role = me.as_ref().map(|m| m.role);
    let org_name = me.as_ref().map(|m| m.org_name.clone()).unwrap_or_default();
    let target = detail.role;
    let may_change_role =
        my_role.is_some_and(|r| can(r, Action::ChangeOrgRole { target, to: target }).is_ok());
    let may_remove = my_role.is_some_and(|r| can(r, Action::RemoveUser { target }).is_ok());
    let may_change_status =
        my_role.is_some_and(|r| can(r, Action::ChangeStatus { target }).is_ok());
    let active = detail.status == PersonStatus::Active;
    // Grants and teams change only for people the policy lets this person change (an Admin does
    // not change an Owner's access).
    let may_manage = my_role.is_some_and(|r| can(r, Action::ChangePersonAccess { target }).is_ok());
    let is_self = me
        .as_ref()
        .is_some_and(|m| m.account_id == detail.account_id);
    let confirming = RwSignal::new(false);
    let id = detail.account_id;
    let individual = detail
        .access
        .iter()
        .flat_map(|a| &a.grants)
        .filter(|g| g.source == shared::GrantSource::Individual)
        .count();
    let team_count = detail.teams.len();
    let name = detail.name.clone();
    view! {
        <PageTitle page=format!("{} · Users", detail.name) />
        <h2 id="person-heading">{detail.name.clone()}</h2>
        <dl class="facts">
            <dt>"Email"</dt><dd>{detail.email.clone()}</dd>
            <dt>"Status"</dt><dd><StatusBadge status=detail.status /></dd>
            <dt>"Date joined"</dt><dd>{format_date(detail.joined_at)}</dd>
            <dt>"Last active"</dt><dd>{detail.last_active_at.map(format_date_time).unwrap_or_else(|| "Never".into())}</dd>
        </dl>
        <h3>"Organization role"</h3>
        {match my_role.filter(|_| may_change_role) {
            Some(my_role) => view! { <RoleForm account_id=id current=target my_role is_self change /> }.into_any(),
            // A change refused meanwhile (the person's role rose above what this person may
            // change) still says why, after the page came back from a form posted before hydration.
            None => view! {
                <p class="role-text">{target.label()}</p>
                <p class="form-error" role="alert">{move || form_error(change.value()).get()}</p>
            }
            .into_any(),
        }}
        <h3>"Project access"</h3>
        <AccessTable account_id=id access=detail.access.clone() may_manage set remove=unset />
        <p class="form-error" role="alert">{move || form_error(set.value()).get().or_else(|| form_error(unset.value()).get())}</p>
        <Show when=move || may_manage>
            <h4>"Add an individual grant"</h4>
            <Transition>
                {move || projects.get().and_then(Result::ok).map(|list| view! { <GrantForm account_id=id projects=list set /> })}
            </Transition>
        </Show>
        <h3>"Teams"</h3>
        <PersonTeams account_id=id name=name.clone() teams=detail.teams.clone() all_teams may_manage add=join remove=leave />
        <Show when=move || may_change_status && !is_self>
            <h3>"Status"</h3>
            <ActionForm action=status attr:class="inline-form">
                <crate::components::field::OrgField />
                <input type="hidden" name="account_id" value=id.to_string() />
                <input type="hidden" name="active" value=(!active).to_string() />
                <p class="hint">
                    {if active {
                        "A deactivated person cannot sign in to this organization and loses their sessions here. Their role, grants and teams stay, so reactivating them restores their access."
                    } else {
                        "Reactivating restores their role, grants and teams as they were."
                    }}
                </p>
                <button type="submit" class=if active { "danger" } else { "primary" } disabled=move || status.pending().get()>
                    {if active { "Deactivate" } else { "Reactivate" }}
                </button>
                <p class="form-error" role="alert">{move || form_error(status.value()).get()}</p>
            </ActionForm>
        </Show>
        <Show when=move || may_remove>
            <div class="danger-zone">
                <button type="button" class="danger" on:click=move |_| confirming.set(true)>"Remove from organization"</button>
            </div>
        </Show>
        <Show when=move || confirming.get()>
            <ConfirmDialog
                title=format!("Remove {name} from {org_name}?")
                message=format!(
                    "{name} loses their organization role, {}, {} and every session in this organization. Their account stays; they can be invited again.",
                    some_of(individual as i64, "individual grant", "individual grants"),
                    some_of(team_count as i64, "team membership", "team memberships"),
                )
                confirm_label="Remove person"
                pending=remove.pending()
                error=form_error(remove.value())
                on_confirm=Callback::new(move |_| { remove.dispatch(RemovePerson { org: org_id, account_id: id }); })
                on_cancel=Callback::new(move |_| confirming.set(false))
            />
        </Show>
    }
}
