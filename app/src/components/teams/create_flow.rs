//! The Create Team flow: 1. the name (checked as it is typed), 2. the projects with their roles,
//! 3. the members. "Create team" writes all of it in one change and opens the new team's page.

use super::people_picker::PeoplePicker;
use super::project_choices::ProjectChoices;
use crate::api::teams::{check_team_name, CreateTeam};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use shared::wire::{MemberRow, NewTeam, ProjectChoice};

const STEPS: [&str; 3] = ["Name", "Projects", "Members"];

#[component]
pub fn CreateTeamFlow() -> impl IntoView {
    let step = RwSignal::new(0usize);
    let name = RwSignal::new(String::new());
    let choices = RwSignal::new(Vec::<ProjectChoice>::new());
    let members = RwSignal::new(Vec::<MemberRow>::new());
    // What the server said about the name: while typing, and when the team was created.
    let name_error = RwSignal::new(None::<String>);
    let checking = RwSignal::new(false);

    let check = Action::new(move |typed: &String| {
        let typed = typed.clone();
        async move { (typed.clone(), check_team_name(typed, None).await) }
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
        checking.set(true);
        check.dispatch(typed);
    };
    // "Next" asks for a fresh check of the name and moves on once it comes back clean.
    let want_next = RwSignal::new(false);
    Effect::new(move |_| {
        if want_next.get() && !checking.get() {
            want_next.set(false);
            if name_error.get_untracked().is_none() {
                step.set(1);
            }
        }
    });
    let next_from_name = move |_| {
        checking.set(true);
        want_next.set(true);
        check.dispatch(name.get_untracked());
    };

    let create = ServerAction::<CreateTeam>::new();
    let navigate = use_navigate();
    Effect::new(move |_| match create.value().get() {
        Some(Ok(team)) => navigate(&format!("/settings/teams/{}", team.id), Default::default()),
        Some(Err(error)) => {
            if let Some(message) = error.for_field("name") {
                name_error.set(Some(message));
                step.set(0);
            }
        }
        None => {}
    });
    let submit = move |_| {
        create.dispatch(CreateTeam {
            team: NewTeam {
                name: name.get_untracked(),
                projects: choices.get_untracked(),
                members: members.with_untracked(|m| m.iter().map(|m| m.account_id).collect()),
            },
        });
    };
    let form_error = move || {
        create.value().with(|v| {
            v.as_ref()
                .and_then(|r| r.as_ref().err())
                .and_then(|e| e.for_form())
        })
    };

    let name_step = move || {
        view! {
            <div class="field">
                <label for="team-name">"Team name"</label>
                <input
                    id="team-name"
                    type="text"
                    autofocus=true
                    prop:value=move || name.get()
                    on:input=on_name
                    aria-invalid=move || if name_error.get().is_some() { "true" } else { "false" }
                    aria-describedby="team-name-error"
                />
                <p class="field-error" id="team-name-error" role="alert">{move || name_error.get()}</p>
            </div>
            <div class="dialog-actions">
                <a href="/settings/teams">"Cancel"</a>
                <button type="button" class="primary" disabled=move || checking.get() on:click=next_from_name>
                    "Next"
                </button>
            </div>
        }
    };
    let projects_step = move || {
        view! {
            <p class="hint">"Members of the team get these projects with these roles."</p>
            <ProjectChoices choices />
            <div class="dialog-actions">
                <button type="button" on:click=move |_| step.set(0)>"Back"</button>
                <button type="button" class="primary" on:click=move |_| step.set(2)>"Next"</button>
            </div>
        }
    };
    let remove_member =
        move |account_id: i64| members.update(|m| m.retain(|m| m.account_id != account_id));
    let members_step = move || {
        view! {
            <p class="hint">
                "Choose people of the organization. People who are not in it yet join a team through an invitation: "
                <a href="/settings/users">"Invite to Teams"</a>
            </p>
            <PeoplePicker
                exclude=Signal::derive(move || members.with(|m| m.iter().map(|m| m.account_id).collect()))
                on_pick=Callback::new(move |person: MemberRow| members.update(|m| m.push(person)))
            />
            <h3>"Chosen"</h3>
            <ul class="chosen" aria-label="Chosen people">
                <For each=move || members.get() key=|m| m.account_id let:person>
                    <li>
                        <span class="person-name">{person.name.clone()}</span>
                        <span class="muted">{person.email.clone()}</span>
                        <button
                            type="button"
                            class="danger-link"
                            aria-label=format!("Remove {}", person.name)
                            on:click=move |_| remove_member(person.account_id)
                        >
                            "Remove"
                        </button>
                    </li>
                </For>
            </ul>
            <p class="form-error" role="alert">{form_error}</p>
            <div class="dialog-actions">
                <button type="button" on:click=move |_| step.set(1)>"Back"</button>
                <button type="button" class="primary" disabled=move || create.pending().get() on:click=submit>
                    "Create team"
                </button>
            </div>
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
