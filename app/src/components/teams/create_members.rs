//! The Create Team flow's last step: the people to add, found with the people picker, and the
//! "Create team" form. Without JavaScript the search, each "Add" and each "Remove" are GET forms of
//! the flow's address (the search in `q`, the chosen people in `members`), and "Create team" posts
//! the flow's fields to `create_team_form`.

use super::flow_address::{hidden_fields, FlowState, PATH};
use super::people_picker::{PeoplePicker, PickerAddress};
use crate::api::codec::Loaded;
use crate::api::teams::CreateTeamForm;
use crate::paths;
use leptos::ev::{MouseEvent, SubmitEvent};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use shared::wire::MemberRow;

/// The hidden fields of a GET form of the members step: the flow as `state`, the search kept.
fn step_fields(state: FlowState, query: &str) -> Vec<(&'static str, String)> {
    let mut fields = state.fields(&[]);
    fields.push(("step", "3".to_string()));
    if !query.is_empty() {
        fields.push(("q", query.to_string()));
    }
    fields
}

#[component]
pub fn MembersStep(
    state: Memo<FlowState>,
    member_ids: RwSignal<Vec<i64>>,
    /// People picked on this page, by name.
    picked: RwSignal<Vec<MemberRow>>,
    /// The people the address named when the page opened, by name.
    named: Loaded<Vec<MemberRow>>,
    /// The search the address holds.
    query: String,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(into)] pending: Signal<bool>,
    on_back: Callback<()>,
    on_create: Callback<()>,
) -> impl IntoView {
    let kept_query = query.clone();
    let address = PickerAddress {
        path: crate::me::org_path(PATH),
        query: query.clone(),
        fields: Callback::new(move |adding: Option<i64>| {
            let mut state = state.get_untracked();
            match adding {
                None => {
                    let mut fields = step_fields(state, "");
                    fields.retain(|(name, _)| *name != "q");
                    fields
                }
                Some(account_id) => {
                    state.members.push(account_id);
                    step_fields(state, &kept_query)
                }
            }
        }),
    };
    let pick = Callback::new(move |person: MemberRow| {
        let account_id = person.account_id;
        picked.update(|p| p.push(person));
        member_ids.update(|m| {
            if !m.contains(&account_id) {
                m.push(account_id);
            }
        });
    });
    let chosen = move || {
        let named = named.get().unwrap_or_default();
        member_ids
            .get()
            .into_iter()
            .filter_map(|id| {
                picked
                    .with(|p| p.iter().find(|p| p.account_id == id).cloned())
                    .or_else(|| named.iter().find(|p| p.account_id == id).cloned())
            })
            .collect::<Vec<_>>()
    };
    let remove_form = move |person: MemberRow| {
        let account_id = person.account_id;
        let mut without = state.get_untracked();
        without.members.retain(|id| *id != account_id);
        let on_submit = move |ev: SubmitEvent| {
            ev.prevent_default();
            member_ids.update(|m| m.retain(|id| *id != account_id));
        };
        view! {
            <li>
                <span class="person-name">{person.name.clone()}</span>
                <span class="muted">{person.email.clone()}</span>
                <form class="query-button" method="get" action=crate::me::org_path(PATH) on:submit=on_submit>
                    {hidden_fields(step_fields(without, &query))}
                    <button type="submit" class="danger-link" aria-label=format!("Remove {}", person.name)>
                        "Remove"
                    </button>
                </form>
            </li>
        }
    };
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        on_create.run(());
    };
    let back = move |ev: MouseEvent| {
        ev.prevent_default();
        on_back.run(());
    };
    view! {
        <p class="hint">
            "Choose people of the organization. People who are not in it yet join a team through an invitation: "
            <a href=crate::me::org_path(paths::USERS)>"Invite to Teams"</a>
        </p>
        <PeoplePicker
            exclude=Signal::derive(move || member_ids.get())
            on_pick=pick
            address=address
        />
        <h3>"Chosen"</h3>
        <ul class="chosen" aria-label="Chosen people">
            <Transition>{move || chosen().into_iter().map(&remove_form).collect_view()}</Transition>
        </ul>
        <form method="post" action=CreateTeamForm::url() on:submit=on_submit>
            <crate::components::field::OrgField />
            {move || hidden_fields(state.get().fields(&[]))}
            <p class="form-error" role="alert">{move || error.get()}</p>
            <div class="dialog-actions">
                <button type="submit" formmethod="get" formaction=crate::me::org_path(PATH) name="step" value="2" on:click=back>
                    "Back"
                </button>
                <button type="submit" class="primary" disabled=move || pending.get()>
                    "Create team"
                </button>
            </div>
        </form>
    }
}
