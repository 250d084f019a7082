//! A team's members, 50 a page (searched by name or email and sorted by the server; the query in
//! the page's address): who they are, removing one, and adding people of the organization through
//! a searchable picker. Read-only for people who may not manage access. Each addition and removal
//! is said in a notification whose Undo makes the inverse change.

use super::people_picker::PeoplePicker;
use crate::api::codec::Loaded;
use crate::api::teams::{add_team_member, remove_team_member, AddTeamMember, RemoveTeamMember};
use crate::components::field::form_error;
use crate::components::lists::pager::ListPager;
use crate::components::lists::search::ListSearch;
use crate::components::lists::sort_header::SortHeader;
use crate::components::lists::ListAddress;
use crate::components::notices::{announce, undo_with, Said};
use crate::me::use_me;
use leptos::prelude::*;
use shared::lists::{MemberPage, MemberQuery, MemberSort};
use shared::said;
use shared::wire::MemberRow;
use shared::words::count_of;
use shared::{can, Action, AppError, OrgRole};

/// One answer of the members' list, with the query it answers.
pub type MembersAnswer = (MemberQuery, Result<MemberPage, AppError>);

/// Says each addition and removal, with an Undo that makes the inverse change. `picked` holds the
/// names of the people added through the picker (the members' list does not show them yet).
fn announce_member_changes(
    add: ServerAction<AddTeamMember>,
    remove: ServerAction<RemoveTeamMember>,
    team: String,
    members: Loaded<MembersAnswer>,
    picked: StoredValue<Vec<MemberRow>>,
) {
    let team = StoredValue::new(team);
    announce(add, move |asked: &AddTeamMember| {
        let (org, team_id, id) = (asked.org, asked.team_id, asked.account_id);
        let name = picked.with_value(|p| {
            p.iter()
                .find(|m| m.account_id == id)
                .map(|m| m.name.clone())
        })?;
        let team = team.get_value();
        let text = said::joined(&name, &team);
        let undo = undo_with(move || {
            let (name, team) = (name.clone(), team.clone());
            async move {
                remove_team_member(org, team_id, id).await?;
                Ok(said::out_again(&name, &team))
            }
        });
        Said::with_undo(text, undo).when_done()
    });
    announce(remove, move |asked: &RemoveTeamMember| {
        let (org, team_id, id) = (asked.org, asked.team_id, asked.account_id);
        let name = members
            .get_untracked()
            .and_then(|(_, page)| page.ok())?
            .rows
            .into_iter()
            .find(|m| m.account_id == id)?
            .name;
        let team = team.get_value();
        let text = said::left(&name, &team);
        let undo = undo_with(move || {
            let (name, team) = (name.clone(), team.clone());
            async move {
                add_team_member(org, team_id, id).await?;
                Ok(said::in_again(&name, &team))
            }
        });
        Said::with_undo(text, undo).when_done()
    });
}

#[component]
pub fn TeamMembers(
    team_id: i64,
    team_name: String,
    members: Loaded<MembersAnswer>,
    address: ListAddress<MemberSort>,
    editable: bool,
    changed: Callback<()>,
) -> impl IntoView {
    let org_id = crate::me::use_org().arg();
    let add = ServerAction::<AddTeamMember>::new();
    let remove = ServerAction::<RemoveTeamMember>::new();
    let picked = StoredValue::new(Vec::<MemberRow>::new());
    announce_member_changes(add, remove, team_name, members, picked);
    Effect::new(move |_| {
        if matches!(add.value().get(), Some(Ok(()))) || matches!(remove.value().get(), Some(Ok(())))
        {
            changed.run(());
        }
    });
    let error = move || {
        form_error(add.value())
            .get()
            .or_else(|| form_error(remove.value()).get())
    };
    // Only people below the signed-in person (Owners: Owners too) can be taken out of the team.
    let my_role = use_me().get_untracked().map(|m| m.role);
    let may_change = move |target: OrgRole| {
        my_role.is_some_and(|r| can(r, Action::ChangePersonAccess { target }).is_ok())
    };
    let table = {
        let address = address.clone();
        move || {
            let address = address.clone();
            members.get().map(move |(asked, result)| match result {
                Err(error) => {
                    view! { <p class="form-error" role="alert">{error.to_string()}</p> }.into_any()
                }
                Ok(page) if page.total == 0 && asked.search.trim().is_empty() => {
                    view! { <p class="hint">"No one is in this team yet."</p> }.into_any()
                }
                Ok(page) if page.total == 0 => {
                    view! { <p class="hint">"No member matches this search."</p> }.into_any()
                }
                Ok(page) => {
                    let (number, pages) = (page.page, page.pages());
                    let rows = page
                        .rows
                        .into_iter()
                        .map(|member| {
                            let account_id = member.account_id;
                            let remove_button = (editable && may_change(member.role)).then(|| {
                                view! {
                                    <button
                                        type="button"
                                        class="danger-link"
                                        aria-label=format!("Remove {}", member.name)
                                        disabled=move || remove.pending().get()
                                        on:click=move |_| {
                                            remove.dispatch(RemoveTeamMember { org: org_id, team_id, account_id });
                                        }
                                    >
                                        "Remove"
                                    </button>
                                }
                            });
                            view! {
                                <tr>
                                    <td>{member.name.clone()}</td>
                                    <td>{member.email.clone()}</td>
                                    <td class="row-actions">{remove_button}</td>
                                </tr>
                            }
                        })
                        .collect_view();
                    view! {
                        <p class="count" role="status">{count_of(page.total, "member", "members")}</p>
                        <table class="data" aria-label="Members">
                            <thead>
                                <tr>
                                    <SortHeader address=address.clone() label="Name" sort=MemberSort::Name />
                                    <SortHeader address=address.clone() label="Email" sort=MemberSort::Email />
                                    <th scope="col"><span class="sr-only">"Actions"</span></th>
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                        <ListPager address page=number pages label="Member pages" />
                    }
                    .into_any()
                }
            })
        }
    };
    // The server leaves the team's members out of the picker's results, and searches again after
    // each addition and removal; the members on the page shown are left out at once.
    let members_changed = Signal::derive(move || add.version().get() + remove.version().get());
    let shown_ids = Signal::derive(move || {
        members
            .get()
            .and_then(|(_, result)| result.ok())
            .map(|page| page.rows.iter().map(|m| m.account_id).collect())
            .unwrap_or_default()
    });
    let picker = editable.then(|| {
        view! {
            <h4>"Add people"</h4>
            <PeoplePicker
                exclude=shown_ids
                outside_team=team_id
                members_changed
                disabled=add.pending()
                on_pick=Callback::new(move |person: MemberRow| {
                    let account_id = person.account_id;
                    picked.update_value(|p| p.push(person));
                    add.dispatch(AddTeamMember { org: org_id, team_id, account_id });
                })
            />
        }
    });
    view! {
        <ListSearch address id="search-members" label="Search members" placeholder="Name or email" />
        <Transition fallback=|| view! { <p class="loading">"Loading members…"</p> }>{table}</Transition>
        <p class="form-error" role="alert">{error}</p>
        {picker}
    }
}
