//! Actions on the selected people: change their organization role, add them to a team, or remove
//! them. One transaction per action; a notification counts what really changed, in the words of the
//! action ("3 people are now Admins.", "1 person added to Data."), and who was left as they were.
//! Its Undo gives the people who changed their roles back, or takes them out of the team again
//! (a removal has none). Why anything was refused shows per person under the bar.

use crate::api::codec::Loaded;
use crate::api::people::{change_role, BulkPeople};
use crate::api::teams::remove_team_member;
use crate::components::confirm::ConfirmDialog;
use crate::components::field::form_error;
use crate::components::notices::{announce, undo_with, Said, UndoFn, WhenDone};
use crate::me::use_me;
use leptos::prelude::*;
use shared::policy::grantable_roles;
use shared::said;
use shared::wire::{BulkChoice, BulkOutcome, TeamSummary};
use shared::{AppError, OrgRole};
use std::collections::{BTreeMap, BTreeSet};

/// The last bulk action asked for, with its team's name, so that its summary can use its words, and
/// the roles the people had before, for its Undo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asked {
    pub choice: BulkChoice,
    pub team: Option<String>,
    pub before: BTreeMap<i64, OrgRole>,
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
        BulkChoice::ChangeRole(role) => said::people_now(changed, role),
        BulkChoice::AddToTeam(_) => said::people_added(changed, &team),
        BulkChoice::Remove => said::people_removed(changed),
    }];
    if unchanged > 0 {
        lines.push(match asked.choice {
            BulkChoice::ChangeRole(role) => said::people_already(unchanged, role),
            BulkChoice::AddToTeam(_) => said::people_in_already(unchanged, &team),
            BulkChoice::Remove => said::people_not_removed(unchanged),
        });
    }
    lines
}

/// The Undo of a bulk action: each person changed gets their role back, or leaves the team again.
/// A removal, or an action that changed no one, has none.
fn undo_of(org: Option<i64>, asked: &Asked, outcomes: &[BulkOutcome]) -> Option<UndoFn> {
    let changed: Vec<i64> = outcomes
        .iter()
        .filter(|o| o.changed)
        .map(|o| o.account_id)
        .collect();
    if changed.is_empty() {
        return None;
    }
    match asked.choice {
        BulkChoice::ChangeRole(_) => {
            let back: Vec<(i64, OrgRole)> = changed
                .iter()
                .filter_map(|id| asked.before.get(id).map(|role| (*id, *role)))
                .collect();
            Some(undo_with(move || {
                let back = back.clone();
                async move {
                    for (id, role) in &back {
                        change_role(org, *id, *role).await?;
                    }
                    Ok(said::roles_back(back.len()))
                }
            }))
        }
        BulkChoice::AddToTeam(team_id) => {
            let team = asked.team.clone().unwrap_or_else(|| "the team".into());
            Some(undo_with(move || {
                let (changed, team) = (changed.clone(), team.clone());
                async move {
                    for id in &changed {
                        remove_team_member(org, team_id, *id).await?;
                    }
                    Ok(said::people_out_again(changed.len(), &team))
                }
            }))
        }
        BulkChoice::Remove => None,
    }
}

/// Says what each bulk action did once it is done, with its Undo.
fn announce_bulk(bulk: ServerAction<BulkPeople>, asked: RwSignal<Option<Asked>>) {
    announce(bulk, move |input: &BulkPeople| {
        let org = input.org;
        let asked = asked.get_untracked().filter(|a| a.choice == input.choice)?;
        let when_done: WhenDone<Vec<BulkOutcome>> = Box::new(move |outcomes| {
            let text = summary(&asked, outcomes).join(" ");
            Some(match undo_of(org, &asked, outcomes) {
                Some(undo) => Said::with_undo(text, undo),
                None => Said::text(text),
            })
        });
        Some(when_done)
    });
}

#[component]
pub fn BulkBar(
    selected: RwSignal<BTreeSet<i64>>,
    bulk: ServerAction<BulkPeople>,
    teams: Loaded<Result<Vec<TeamSummary>, AppError>>,
    /// Set to each action as it is asked for.
    asked: RwSignal<Option<Asked>>,
    /// The roles of the people shown, for the Undo of a role change.
    shown_roles: Signal<BTreeMap<i64, OrgRole>>,
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
        let account_ids: Vec<i64> = selected.get_untracked().into_iter().collect();
        let before = shown_roles.with_untracked(|roles| {
            account_ids
                .iter()
                .filter_map(|id| roles.get(id).map(|role| (*id, *role)))
                .collect()
        });
        asked.set(Some(Asked {
            choice,
            team,
            before,
        }));
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

/// Why the last bulk action failed as a whole, or who it refused and why; and, through a
/// notification, what it did.
#[component]
pub fn BulkSummary(
    bulk: ServerAction<BulkPeople>,
    asked: RwSignal<Option<Asked>>,
) -> impl IntoView {
    announce_bulk(bulk, asked);
    let failure = move || view! { <p class="form-error" role="alert">{move || form_error(bulk.value()).get()}</p> };
    let refusals = move || {
        let refused: Vec<BulkOutcome> = bulk
            .value()
            .get()
            .and_then(Result::ok)?
            .into_iter()
            .filter(|o| o.refused.is_some())
            .collect();
        (!refused.is_empty()).then(|| {
            view! {
                <div class="bulk-summary" role="alert">
                    <p>"Not changed:"</p>
                    <ul>
                        {refused.into_iter().map(|o| view! {
                            <li>{format!("{}: {}", o.name, o.refused.unwrap_or_default())}</li>
                        }).collect_view()}
                    </ul>
                </div>
            }
        })
    };
    view! { {failure} {refusals} }
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
            before: BTreeMap::new(),
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
            before: BTreeMap::new(),
        };
        let eleven: Vec<BulkOutcome> = (0..11).map(|_| outcome(true, None)).collect();
        assert_eq!(
            summary(&removal, &eleven),
            ["11 people removed from the organization."]
        );
        let to_admin = Asked {
            choice: BulkChoice::ChangeRole(OrgRole::Admin),
            team: None,
            before: BTreeMap::new(),
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
            ["0 people are now Admins.", "2 people were Admins already."]
        );
    }
}
