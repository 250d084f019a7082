//! The Create Team flow: 1. the name (checked as it is typed), 2. the projects with their roles,
//! 3. the members. "Create team" writes all of it in one change and opens the new team's page.
//!
//! The step, the name and the chosen projects with their roles live in the address
//! (`?name=…&projects=12:analyst,15:owner&step=2`): a reload keeps them, each step is an entry of
//! the browser's history (Back goes to the previous step), and typing or ticking replaces the
//! current entry. While anything is chosen and not yet created, leaving the page asks first.

use super::people_picker::PeoplePicker;
use super::project_choices::ProjectChoices;
use crate::api::teams::{check_team_name, CreateTeam};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use shared::wire::{percent_encode, MemberRow, NewTeam, ProjectChoice};
use shared::ProjectRole;

const STEPS: [&str; 3] = ["Name", "Projects", "Members"];
const PATH: &str = "/settings/teams/new";

/// The chosen projects as the address writes them: `12:analyst,15:owner`.
pub fn choices_param(choices: &[ProjectChoice]) -> String {
    choices
        .iter()
        .map(|c| format!("{}:{}", c.project_id, c.role.as_str()))
        .collect::<Vec<_>>()
        .join(",")
}

/// The chosen projects read from the address; anything unreadable is left out.
pub fn parse_choices(param: &str) -> Vec<ProjectChoice> {
    let mut choices: Vec<ProjectChoice> = Vec::new();
    for part in param.split(',') {
        let Some((id, role)) = part.split_once(':') else {
            continue;
        };
        let (Ok(project_id), Ok(role)) =
            (id.trim().parse::<i64>(), role.trim().parse::<ProjectRole>())
        else {
            continue;
        };
        if !choices.iter().any(|c| c.project_id == project_id) {
            choices.push(ProjectChoice { project_id, role });
        }
    }
    choices
}

/// The flow's address for `step` (0-based) with `name` and `choices`.
pub fn flow_address(step: usize, name: &str, choices: &[ProjectChoice]) -> String {
    let mut params = Vec::new();
    if !name.is_empty() {
        params.push(format!("name={}", percent_encode(name)));
    }
    if !choices.is_empty() {
        params.push(format!(
            "projects={}",
            percent_encode(&choices_param(choices))
        ));
    }
    if step > 0 {
        params.push(format!("step={}", step + 1));
    }
    if params.is_empty() {
        PATH.to_string()
    } else {
        format!("{PATH}?{}", params.join("&"))
    }
}

#[component]
pub fn CreateTeamFlow() -> impl IntoView {
    let params = use_query_map();
    // What the address holds when the page opens (a reload, a link): the flow starts from there.
    let (start_name, start_choices) = params.with_untracked(|p| {
        (
            p.get("name").unwrap_or_default(),
            p.get("projects")
                .map(|c| parse_choices(&c))
                .unwrap_or_default(),
        )
    });
    let name = RwSignal::new(start_name);
    let choices = RwSignal::new(start_choices);
    let members = RwSignal::new(Vec::<MemberRow>::new());
    // The step follows the address, so the browser's Back and Forward move between steps. A step
    // past the name needs a name.
    let step = Memo::new(move |_| {
        let asked = params.with(|p| {
            p.get("step")
                .and_then(|s| s.parse::<usize>().ok())
                .map_or(0, |s| s.clamp(1, STEPS.len()) - 1)
        });
        if name.with(|n| n.trim().is_empty()) {
            0
        } else {
            asked
        }
    });
    let navigate = use_navigate();
    let open_team = navigate.clone();
    // Writes the flow into the address: a new history entry for a new step, or in place.
    let show = Callback::new(move |(to, new_entry): (usize, bool)| {
        let address = flow_address(to, &name.get_untracked(), &choices.get_untracked());
        navigate(
            &address,
            NavigateOptions {
                replace: !new_entry,
                scroll: false,
                ..Default::default()
            },
        );
    });
    Effect::new(move |first: Option<()>| {
        choices.track();
        if first.is_some() {
            show.run((step.get_untracked(), false));
        }
    });
    // What the server said about the name: while typing, and when the team was created.
    let name_error = RwSignal::new(None::<String>);
    let checking = RwSignal::new(false);
    // Unsaved choices: leaving the page (reload, closing, another address) asks first.
    let created = RwSignal::new(false);
    let unsaved = move || {
        !created.get_untracked()
            && (name.with_untracked(|n| !n.trim().is_empty())
                || choices.with_untracked(|c| !c.is_empty())
                || members.with_untracked(|m| !m.is_empty()))
    };
    let guard = window_event_listener(leptos::ev::beforeunload, move |ev| {
        if unsaved() {
            ev.prevent_default();
        }
    });
    on_cleanup(move || guard.remove());

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
    let next_from_name = move |_| {
        checking.set(true);
        want_next.set(true);
        check.dispatch(name.get_untracked());
    };

    let create = ServerAction::<CreateTeam>::new();
    Effect::new(move |_| match create.value().get() {
        Some(Ok(team)) => {
            created.set(true);
            open_team(&format!("/settings/teams/{}", team.id), Default::default());
        }
        Some(Err(error)) => {
            if let Some(message) = error.for_field("name") {
                name_error.set(Some(message));
                show.run((0, true));
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
                <button type="button" on:click=move |_| show.run((0, true))>"Back"</button>
                <button type="button" class="primary" on:click=move |_| show.run((2, true))>"Next"</button>
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
                <button type="button" on:click=move |_| show.run((1, true))>"Back"</button>
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_address_carries_the_name_the_projects_and_the_step() {
        let choices = vec![
            ProjectChoice {
                project_id: 12,
                role: ProjectRole::Analyst,
            },
            ProjectChoice {
                project_id: 15,
                role: ProjectRole::Owner,
            },
        ];
        assert_eq!(flow_address(0, "", &[]), "/settings/teams/new");
        assert_eq!(
            flow_address(1, "Data & Co", &choices),
            "/settings/teams/new?name=Data%20%26%20Co&projects=12%3Aanalyst%2C15%3Aowner&step=2"
        );
        assert_eq!(parse_choices(&choices_param(&choices)), choices);
    }

    #[test]
    fn unreadable_choices_are_left_out() {
        assert_eq!(
            parse_choices("12:analyst,x:owner,13:king,14,12:owner,, 16 : consumer "),
            vec![
                ProjectChoice {
                    project_id: 12,
                    role: ProjectRole::Analyst
                },
                ProjectChoice {
                    project_id: 16,
                    role: ProjectRole::Consumer
                },
            ]
        );
        assert!(parse_choices("").is_empty());
    }
}
