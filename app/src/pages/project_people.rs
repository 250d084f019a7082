//! /settings/projects/<id>: who reaches a project and why. Everyone with a grant of their own is
//! listed with their effective role and every source ("Granted by"); everyone else, reaching it
//! only through the all-users default, is one line. Owners and Admins set that default here; a
//! notification says what it changed, and its Undo loads the page again.

use crate::api::access::list_project_people;
use crate::api::codec::load;
use crate::components::all_users_select::AllUsersSelect;
use crate::components::notices::Notices;
use crate::components::page_title::PageTitle;
use crate::me::use_me;
use crate::paths;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use shared::wire::ProjectPeople;
use shared::{can, Action, AppError, PersonAccess};

#[component]
pub fn ProjectPeoplePage() -> impl IntoView {
    let org_id = crate::me::use_org().arg();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok())));
    let version = RwSignal::new(0u32);
    let notices = Notices::get();
    let people = load(
        move || (id.get(), version.get(), notices.undone()),
        move |(id, ..)| async move {
            match id {
                Some(id) => list_project_people(org_id, id).await,
                None => Err(AppError::NotFound("The project".into())),
            }
        },
    );
    let changed = Callback::new(move |()| version.update(|v| *v += 1));
    let me = use_me();
    let may_set = move || {
        me.with_untracked(|m| {
            m.as_ref()
                .is_some_and(|m| can(m.role, Action::ManageAccess).is_ok())
        })
    };
    let page = move || {
        people.get().map(|result| match result {
            Err(error) => {
                view! { <p class="form-error" role="alert">{error.to_string()}</p> }.into_any()
            }
            Ok(people) => view! { <PeopleView people may_set=may_set() changed /> }.into_any(),
        })
    };
    view! {
        <section class="panel">
            <p><a href=crate::me::org_path(paths::PROJECTS)>"← All projects"</a></p>
            <Transition fallback=|| view! { <p class="loading">"Loading people…"</p> }>{page}</Transition>
        </section>
    }
}

#[component]
fn PeopleView(people: ProjectPeople, may_set: bool, changed: Callback<()>) -> impl IntoView {
    let title = format!("People in {}", people.project_name);
    let default = people.all_users_role;
    let setting = if may_set {
        view! {
            <AllUsersSelect
                project_id=people.project_id
                project_name=people.project_name.clone()
                current=default
                members=people.listed_total + people.everyone_else
                only_all_users=people.everyone_else
                changed
            />
        }
        .into_any()
    } else {
        let words = default.map(|r| r.label()).unwrap_or("No access");
        view! { <p>"All users get: "{words}</p> }.into_any()
    };
    let capped = (people.listed_total > people.people.len() as i64).then(|| {
        view! {
            <p class="hint">
                {format!("Showing the strongest {} of {} people with access of their own.", people.people.len(), people.listed_total)}
            </p>
        }
    });
    let everyone_else = default.filter(|_| people.everyone_else > 0).map(|role| {
        view! {
            <p class="everyone-else">
                {format!(
                    "Everyone else in the organization ({} {}): {} (All users)",
                    people.everyone_else,
                    if people.everyone_else == 1 { "person" } else { "people" },
                    role.label(),
                )}
            </p>
        }
    });
    // Set once this view is live in the browser (effects run only there), so that scripts and
    // tests know its controls answer.
    let ready = RwSignal::new(false);
    Effect::new(move |_| ready.set(true));
    view! {
        <PageTitle page=format!("{} · Projects", people.project_name) />
        <div class="panel-header" data-ready=move || ready.get().to_string()>
            <h2>{title.clone()}</h2>
        </div>
        {setting}
        <table class="data" aria-label=title>
            <thead>
                <tr>
                    <th scope="col">"Name"</th>
                    <th scope="col">"Email"</th>
                    <th scope="col">"Role"</th>
                    <th scope="col">"Granted by"</th>
                </tr>
            </thead>
            <tbody>{people.people.into_iter().map(|person| view! { <PersonRow person /> }).collect_view()}</tbody>
        </table>
        {capped}
        {everyone_else}
    }
}

#[component]
fn PersonRow(person: PersonAccess) -> impl IntoView {
    view! {
        <tr>
            <td>{person.name}</td>
            <td>{person.email}</td>
            <td>{person.role.label()}</td>
            <td>
                <ul class="grants">
                    {person
                        .grants
                        .into_iter()
                        .map(|g| view! { <li>{format!("{} — Granted by: {}", g.role.label(), g.source)}</li> })
                        .collect_view()}
                </ul>
            </td>
        </tr>
    }
}
