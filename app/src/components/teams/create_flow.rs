//! The Create Team flow: 1. the name (checked as it is typed), 2. the projects with their roles,
//! 3. the members. "Create team" writes all of it in one change and opens the new team's page.
//!
//! The step, the name, the chosen projects with their roles and the chosen people live in the
//! address (`?name=…&projects=12:analyst,15:owner&members=3,7&step=2`, see [`FlowState`]): a
//! reload keeps them, each step is an entry of the browser's history (Back goes to the previous
//! step), and typing or ticking replaces the current entry. While anything is chosen and not yet
//! created, leaving the page asks first. Once created, a notification says so on the team's page.
//!
//! Without JavaScript (or before the page has hydrated) each step is a GET form of that address:
//! Next and Back are its submit buttons, naming the step they lead to, and hidden fields carry
//! what the other steps chose. The last step posts the same fields to `create_team_form`, which
//! opens the new team's page, or comes back with the error in the address: a name refused is shown
//! at the name field, on the first step.

use super::create_members::MembersStep;
use super::flow_address::{hidden_fields, FlowState, PATH};
use super::project_choices::ProjectChoices;
use crate::api::codec::load;
use crate::api::people::get_person;
use crate::api::teams::{check_team_name, CreateTeam, CreateTeamForm};
use crate::components::notices::Notices;
use crate::paths;
use leptos::ev::{MouseEvent, SubmitEvent};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::params::ParamsMap;
use leptos_router::NavigateOptions;
use shared::wire::{MemberRow, NewTeam};
use shared::AppError;

const STEPS: [&str; 3] = ["Name", "Projects", "Members"];

/// The step (0-based) the address asks for.
fn asked_step(query: &ParamsMap) -> usize {
    query
        .get("step")
        .and_then(|s| s.parse::<usize>().ok())
        .map_or(0, |s| s.clamp(1, STEPS.len()) - 1)
}

/// The people the address names, with their names, for the list of those chosen.
async fn named_people(org_id: Option<i64>, ids: Vec<i64>) -> Vec<MemberRow> {
    let mut people = Vec::new();
    for account_id in ids {
        if let Ok(person) = get_person(org_id, account_id).await {
            people.push(MemberRow {
                account_id: person.account_id,
                name: person.name,
                email: person.email,
                role: person.role,
                joined_at: person.joined_at,
                last_active_at: person.last_active_at,
            });
        }
    }
    people
}

#[component]
pub fn CreateTeamFlow() -> impl IntoView {
    let org_id = crate::me::use_org().arg();
    let slug_for_steps = crate::me::use_org().slug;
    let slug_for_team = slug_for_steps.clone();
    let params = use_query_map();
    // What the address holds when the page opens (a reload, a link, a step's GET form): the flow
    // starts from there.
    let (start, asked_at_start, query) = params.with_untracked(|p| {
        (
            FlowState::from_query(p),
            asked_step(p),
            p.get("q").unwrap_or_default(),
        )
    });
    let name = RwSignal::new(start.name.clone());
    let choices = RwSignal::new(start.choices.clone());
    let member_ids = RwSignal::new(start.members.clone());
    let state = Memo::new(move |_| FlowState {
        name: name.get(),
        choices: choices.get(),
        members: member_ids.get(),
    });
    let named = load(
        move || start.members.clone(),
        move |ids| named_people(org_id, ids),
    );
    // People picked on this page, by name.
    let picked = RwSignal::new(Vec::<MemberRow>::new());

    let create = ServerAction::<CreateTeam>::new();
    // A plain post's error comes back in the address; this action reads it from there.
    let plain = ServerAction::<CreateTeamForm>::new();
    let plain_error = plain.value().get_untracked().and_then(Result::err);
    // What the server said about the name: while typing, when the team was created, or when a
    // step past the name was asked for without a usable one.
    let name_error = RwSignal::new(
        plain_error
            .as_ref()
            .and_then(|e| e.for_field("name"))
            .or_else(|| {
                (asked_at_start > 0)
                    .then(|| shared::validate::name("a team name", &start.name).err())
                    .flatten()
            }),
    );
    let checking = RwSignal::new(false);
    // The step follows the address, so the browser's Back and Forward move between steps. A step
    // past the name needs a usable name.
    let step = Memo::new(move |_| {
        if name.with(|n| n.trim().is_empty()) || name_error.with(Option::is_some) {
            0
        } else {
            params.with(asked_step)
        }
    });
    let navigate = use_navigate();
    let open_team = navigate.clone();
    // Writes the flow into the address: a new history entry for a new step, or in place.
    let show = Callback::new(move |(to, new_entry): (usize, bool)| {
        navigate(
            &state.get_untracked().address(&slug_for_steps, to),
            NavigateOptions {
                replace: !new_entry,
                scroll: false,
                ..Default::default()
            },
        );
    });
    Effect::new(move |first: Option<()>| {
        choices.track();
        member_ids.track();
        if first.is_some() {
            show.run((step.get_untracked(), false));
        }
    });
    // Unsaved choices: leaving the page (reload, closing, another address) asks first.
    let created = RwSignal::new(false);
    let unsaved = move || {
        !created.get_untracked()
            && state.with_untracked(|s| {
                !s.name.trim().is_empty() || !s.choices.is_empty() || !s.members.is_empty()
            })
    };
    let guard = window_event_listener(leptos::ev::beforeunload, move |ev| {
        if unsaved() {
            ev.prevent_default();
        }
    });
    on_cleanup(move || guard.remove());

    let check = Action::new(move |typed: &String| {
        let typed = typed.clone();
        async move { (typed.clone(), check_team_name(org_id, typed, None).await) }
    });
    Effect::new(move |_| {
        if let Some((typed, answer)) = check.value().get() {
            if typed == name.get_untracked() {
                checking.set(false);
                name_error.set(answer.unwrap_or_else(|e| Some(e.to_string())));
            }
        }
    });
    let on_name = move |ev: leptos::ev::Event| {
        let typed = event_target_value(&ev);
        name.set(typed.clone());
        show.run((0, false));
        checking.set(true);
        check.dispatch(typed);
    };
    // "Next" asks for a fresh check of the name and moves on once it comes back clean.
    let want_next = RwSignal::new(false);
    Effect::new(move |_| {
        if want_next.get() && !checking.get() {
            want_next.set(false);
            if name_error.get_untracked().is_none() {
                show.run((1, true));
            }
        }
    });
    let next_from_name = move |ev: SubmitEvent| {
        ev.prevent_default();
        checking.set(true);
        want_next.set(true);
        check.dispatch(name.get_untracked());
    };

    let notices = Notices::get();
    Effect::new(move |_| match create.value().get() {
        Some(Ok(team)) => {
            created.set(true);
            notices.done(shared::said::team_created(&team.name));
            open_team(&paths::team(&slug_for_team, team.id), Default::default());
        }
        Some(Err(error)) => {
            if let Some(message) = error.for_field("name") {
                name_error.set(Some(message));
                show.run((0, true));
            }
        }
        None => {}
    });
    let on_create = Callback::new(move |()| {
        create.dispatch(CreateTeam {
            org: org_id,
            team: NewTeam {
                name: name.get_untracked(),
                projects: choices.get_untracked(),
                members: member_ids.get_untracked(),
            },
        });
    });
    // What the last step says about the team as a whole (or its projects and people).
    let form_error = Signal::derive(move || {
        let shown = |e: &AppError| {
            e.for_form()
                .or_else(|| e.for_field("members"))
                .or_else(|| e.for_field("projects"))
        };
        create
            .value()
            .with(|v| v.as_ref().and_then(|r| r.as_ref().err()).and_then(shown))
            .or_else(|| plain_error.as_ref().and_then(shown))
    });

    let name_step = move || {
        view! {
            <form method="get" action=crate::me::org_path(PATH) on:submit=next_from_name>
                {move || hidden_fields(state.get().fields(&["name"]))}
                <div class="field">
                    <label for="team-name">"Team name"</label>
                    <input
                        id="team-name"
                        type="text"
                        name="name"
                        autofocus=true
                        value=name.get_untracked()
                        prop:value=move || name.get()
                        on:input=on_name
                        aria-invalid=move || if name_error.get().is_some() { "true" } else { "false" }
                        aria-describedby="team-name-error"
                    />
                    <p class="field-error" id="team-name-error" role="alert">{move || name_error.get()}</p>
                </div>
                <div class="dialog-actions">
                    <a href=crate::me::org_path(paths::TEAMS)>"Cancel"</a>
                    <button type="submit" name="step" value="2" class="primary" disabled=move || checking.get()>
                        "Next"
                    </button>
                </div>
            </form>
        }
    };
    let go_to = move |to: usize| {
        move |ev: MouseEvent| {
            ev.prevent_default();
            show.run((to, true));
        }
    };
    let projects_step = move || {
        view! {
            <form method="get" action=crate::me::org_path(PATH) on:submit=|ev: SubmitEvent| ev.prevent_default()>
                {move || hidden_fields(state.get().fields(&["projects"]))}
                <p class="hint">"Members of the team get these projects with these roles."</p>
                <ProjectChoices choices />
                <div class="dialog-actions">
                    <button type="submit" name="step" value="1" on:click=go_to(0)>"Back"</button>
                    <button type="submit" name="step" value="3" class="primary" on:click=go_to(2)>"Next"</button>
                </div>
            </form>
        }
    };
    let members_step = move || {
        view! {
            <MembersStep
                state
                member_ids
                picked
                named
                query=query.clone()
                error=form_error
                pending=create.pending()
                on_back=Callback::new(move |()| show.run((1, true)))
                on_create
            />
        }
    };

    view! {
        <div class="create-team" role="group" aria-labelledby="create-team-heading">
            <h2 id="create-team-heading">"Create Team"</h2>
            <ol class="steps">
                {STEPS
                    .into_iter()
                    .enumerate()
                    .map(|(i, label)| {
                        view! {
                            <li aria-current=move || (step.get() == i).then_some("step")>
                                {format!("{}. {label}", i + 1)}
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
            {move || match step.get() {
                0 => name_step().into_any(),
                1 => projects_step().into_any(),
                _ => members_step().into_any(),
            }}
        </div>
    }
}
