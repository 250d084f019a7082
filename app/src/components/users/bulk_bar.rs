//! Actions on the selected people: change their organization role, add them to a team, or remove
//! them. One transaction per action; the summary counts what really changed, in the words of the
//! action ("11 people removed", "1 person added to Data"), who was left as they were, and, per
//! person, why anything was refused.

use crate::api::people::BulkPeople;
use crate::components::confirm::ConfirmDialog;
use crate::components::field::form_error;
use crate::me::use_me;
use leptos::prelude::*;
use shared::policy::grantable_roles;
use shared::wire::{BulkChoice, BulkOutcome, TeamSummary};
use shared::{AppError, OrgRole};
use std::collections::BTreeSet;

/// The last bulk action asked for, with its team's name, so that its summary can use its words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asked {
    pub choice: BulkChoice,
    pub team: Option<String>,
}

fn people(n: usize) -> String {
    format!("{n} {}", if n == 1 { "person" } else { "people" })
}

/// What a bulk action did, in its own words: what changed, then who was left as they were.
pub fn summary(asked: &Asked, outcomes: &[BulkOutcome]) -> Vec<String> {
    let changed = outcomes.iter().filter(|o| o.changed).count();
    let unchanged = outcomes
        .iter()
        .filter(|o| !o.changed && o.refused.is_none())
        .count();
    let team = asked.team.clone().unwrap_or_else(|| "the team".into());
    let mut lines = vec![match asked.choice {
        BulkChoice::ChangeRole(role) => {
            format!("Role changed to {} for {}.", role.label(), people(changed))
        }
        BulkChoice::AddToTeam(_) => format!("{} added to {team}.", people(changed)),
        BulkChoice::Remove => format!("{} removed from the organization.", people(changed)),
    }];
    if unchanged > 0 {
        let were = if unchanged == 1 { "was" } else { "were" };
        lines.push(match asked.choice {
            BulkChoice::ChangeRole(role) => {
                format!("{} {were} {} already.", people(unchanged), role.label())
            }
            BulkChoice::AddToTeam(_) => format!("{} {were} in {team} already.", people(unchanged)),
            BulkChoice::Remove => format!("{} {were} not removed.", people(unchanged)),
        });
    }
    lines
}

#[component]
pub fn BulkBar(
    selected: RwSignal<BTreeSet<i64>>,
    bulk: ServerAction<BulkPeople>,
    teams: Resource<Result<Vec<TeamSummary>, AppError>>,
    /// Set to each action as it is asked for.
    asked: RwSignal<Option<Asked>>,
) -> impl IntoView {
    let org_id = crate::me::use_org().arg();
    let me = use_me();
    let roles = move || {
        me.with(|m| {
            m.as_ref()
                .map(|m| grantable_roles(m.role))
                .unwrap_or_default()
        })
    };
    let role = RwSignal::new(OrgRole::Member);
    let team = RwSignal::new(None::<i64>);
    let confirming = RwSignal::new(false);
    let run = move |choice: BulkChoice| {
        let team = match choice {
            BulkChoice::AddToTeam(id) => teams
                .get_untracked()
                .and_then(Result::ok)
                .and_then(|all| all.into_iter().find(|t| t.id == id))
                .map(|t| t.name),
            _ => None,
        };
        asked.set(Some(Asked { choice, team }));
        let account_ids: Vec<i64> = selected.get_untracked().into_iter().collect();
        bulk.dispatch(BulkPeople {
            org: org_id,
            account_ids,
            choice,
        });
    };
    Effect::new(move |_| {
        if matches!(bulk.value().get(), Some(Ok(_))) {
            confirming.set(false);
            selected.set(BTreeSet::new());
        }
    });
    let count = move || selected.with(BTreeSet::len);
    view! {
        <div class="bulk-bar" role="region" aria-label="Bulk actions">
            <strong>{move || format!("{} selected", count())}</strong>
            <label for="bulk-role">"New role"</label>
            <select id="bulk-role" on:change=move |ev| {
                if let Ok(r) = event_target_value(&ev).parse() {
                    role.set(r);
                }
            }>
                {move || roles().into_iter().map(|r| view! {
                    <option value=r.as_str() selected=move || role.get() == r>{r.label()}</option>
                }).collect_view()}
            </select>
            <button type="button" disabled=move || bulk.pending().get() on:click=move |_| run(BulkChoice::ChangeRole(role.get_untracked()))>
                "Change role"
            </button>
            <label for="bulk-team">"Team to add to"</label>
            <select id="bulk-team" on:change=move |ev| team.set(event_target_value(&ev).parse().ok())>
                <option value="">"Choose a team"</option>
                <Transition>
                    {move || teams.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|t| view! {
                        <option value=t.id.to_string()>{t.name}</option>
                    }).collect_view()}
                </Transition>
            </select>
            <button type="button" disabled=move || bulk.pending().get() || team.get().is_none() on:click=move |_| {
                if let Some(t) = team.get_untracked() {
                    run(BulkChoice::AddToTeam(t));
                }
            }>"Add to team"</button>
            <button type="button" class="danger-link" on:click=move |_| confirming.set(true)>"Remove from organization"</button>
        </div>
        <Show when=move || confirming.get()>
            <ConfirmDialog
                title=format!("Remove {} people from the organization?", count())
                message="They lose their organization role, their individual grants, their team memberships and every session. Their accounts stay; they can be invited again."
                confirm_label="Remove people"
                pending=bulk.pending()
                error=form_error(bulk.value())
                on_confirm=Callback::new(move |_| run(BulkChoice::Remove))
                on_cancel=Callback::new(move |_| confirming.set(false))
            />
        </Show>
    }
}

/// What the last bulk action did, or why it failed as a whole.
#[component]
pub fn BulkSummary(
    bulk: ServerAction<BulkPeople>,
    asked: RwSignal<Option<Asked>>,
) -> impl IntoView {
    let failure = move || view! { <p class="form-error" role="alert">{move || form_error(bulk.value()).get()}</p> };
    let outcomes = move || {
        let asked = asked.get()?;
        bulk.value().get().and_then(Result::ok).map(|outcomes| {
            let lines = summary(&asked, &outcomes);
            let refused: Vec<BulkOutcome> = outcomes
                .into_iter()
                .filter(|o| o.refused.is_some())
                .collect();
            view! {
                <div class="bulk-summary" role="status">
                    {lines.into_iter().map(|line| view! { <p>{line}</p> }).collect_view()}
                    <ul>
                        {refused.into_iter().map(|o| view! {
                            <li>{format!("{}: {}", o.name, o.refused.unwrap_or_default())}</li>
                        }).collect_view()}
                    </ul>
                </div>
            }
        })
    };
    view! { {failure} {outcomes} }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(changed: bool, refused: Option<&str>) -> BulkOutcome {
        BulkOutcome {
            account_id: 1,
            name: "Ada".into(),
            changed,
            refused: refused.map(str::to_string),
        }
    }

    #[test]
    fn the_summary_counts_real_changes_in_the_words_of_the_action() {
        let to_team = Asked {
            choice: BulkChoice::AddToTeam(3),
            team: Some("Data Team".into()),
        };
        assert_eq!(
            summary(&to_team, &[outcome(true, None), outcome(false, None)]),
            [
                "1 person added to Data Team.",
                "1 person was in Data Team already."
            ]
        );
        let removal = Asked {
            choice: BulkChoice::Remove,
            team: None,
        };
        let eleven: Vec<BulkOutcome> = (0..11).map(|_| outcome(true, None)).collect();
        assert_eq!(
            summary(&removal, &eleven),
            ["11 people removed from the organization."]
        );
        let to_admin = Asked {
            choice: BulkChoice::ChangeRole(OrgRole::Admin),
            team: None,
        };
        assert_eq!(
            summary(
                &to_admin,
                &[
                    outcome(false, None),
                    outcome(false, None),
                    outcome(false, Some("No."))
                ]
            ),
            [
                "Role changed to Admin for 0 people.",
                "2 people were Admin already."
            ]
        );
    }
}
