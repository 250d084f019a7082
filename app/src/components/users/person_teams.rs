//! The Teams section of one person's page: the teams they are in, each linking to its page, and
//! for Owners and Admins a way to add them to another team or take them out of one.

use crate::api::codec::Loaded;
use crate::api::teams::{AddTeamMember, RemoveTeamMember};
use crate::components::field::form_error;
use crate::paths;
use leptos::prelude::*;
use shared::wire::{TeamRef, TeamSummary};
use shared::AppError;

/// Every team of the organization, loaded once by the page (resources made inside a resource's
/// view would not line up when the page hydrates).
pub type TeamsResource = Loaded<Result<Vec<TeamSummary>, AppError>>;

#[component]
pub fn PersonTeams(
    account_id: i64,
    name: String,
    teams: Vec<TeamRef>,
    all_teams: TeamsResource,
    may_manage: bool,
    add: ServerAction<AddTeamMember>,
    remove: ServerAction<RemoveTeamMember>,
) -> impl IntoView {
    let org_id = crate::me::use_org().arg();
    let current: Vec<i64> = teams.iter().map(|t| t.id).collect();
    let list = if teams.is_empty() {
        view! { <p>"Not in any team."</p> }.into_any()
    } else {
        view! {
            <ul class="team-list">
                {teams
                    .into_iter()
                    .map(|t| {
                        let team_id = t.id;
                        let label = format!("Remove {name} from {}", t.name);
                        view! {
                            <li>
                                <a href=paths::team(&crate::me::use_org().slug, team_id)>{t.name}</a>
                                <Show when=move || may_manage>
                                    <button type="button" class="danger-link" aria-label=label.clone()
                                        disabled=move || remove.pending().get()
                                        on:click=move |_| {
                                            remove.dispatch(RemoveTeamMember { org: org_id, team_id, account_id });
                                        }
                                    >"Remove"</button>
                                </Show>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        {list}
        <p class="form-error" role="alert">{move || form_error(add.value()).get().or_else(|| form_error(remove.value()).get())}</p>
        <Show when=move || may_manage>
            <AddToTeam account_id current=current.clone() all=all_teams add />
        </Show>
    }
}

/// A select of the teams the person is not in yet, and a button that adds them.
#[component]
fn AddToTeam(
    account_id: i64,
    current: Vec<i64>,
    all: TeamsResource,
    add: ServerAction<AddTeamMember>,
) -> impl IntoView {
    let org_id = crate::me::use_org().arg();
    let chosen = RwSignal::new(None::<i64>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some(team_id) = chosen.get_untracked() {
            add.dispatch(AddTeamMember {
                org: org_id,
                team_id,
                account_id,
            });
        }
    };
    view! {
        <Transition>
            {move || {
                let current = current.clone();
                all.get().and_then(Result::ok).map(|teams| {
                    let others: Vec<_> = teams.into_iter().filter(|t| !current.contains(&t.id)).collect();
                    if others.is_empty() {
                        return view! { <p class="hint">"In every team already."</p> }.into_any();
                    }
                    view! {
                        <form class="inline-form" on:submit=submit>
                            <label for="add-to-team">"Add to team"</label>
                            <select id="add-to-team" on:change=move |ev| chosen.set(event_target_value(&ev).parse().ok())>
                                <option value="" selected=move || chosen.get().is_none()>"Choose a team"</option>
                                {others
                                    .into_iter()
                                    .map(|t| {
                                        let id = t.id;
                                        view! { <option value=id.to_string() selected=move || chosen.get() == Some(id)>{t.name}</option> }
                                    })
                                    .collect_view()}
                            </select>
                            <button type="submit" disabled=move || chosen.get().is_none() || add.pending().get()>"Add"</button>
                        </form>
                    }
                    .into_any()
                })
            }}
        </Transition>
    }
}
