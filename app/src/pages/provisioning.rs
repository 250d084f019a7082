//! The Provisioning tab (Owners only): the SCIM base URL to give the identity provider, the
//! organization's SCIM tokens (a new one is shown once), and the role provisioned people get. A
//! notification says each token revoked, and each new role with an Undo that sets the old one.

use crate::api::codec::{load, Loaded};
use crate::api::provisioning::{
    get_provisioning, set_provisioned_role, CreateScimToken, RevokeScimToken, SetProvisionedRole,
};
use crate::components::confirm::ConfirmDialog;
use crate::components::copy::CopyButton;
use crate::components::field::{field_error, form_error, Field};
use crate::components::notices::{announce, undo_with, Notices, Said};
use crate::components::page_title::PageTitle;
use leptos::prelude::*;
use shared::dates::format_date_time;
use shared::said;
use shared::wire::{ProvisioningSettings, ScimTokenRow};
use shared::{AppError, OrgRole};

/// Says each token revoked, and each new role for provisioned people with an Undo.
fn announce_changes(
    revoke: ServerAction<RevokeScimToken>,
    set_role: ServerAction<SetProvisionedRole>,
    settings: Loaded<Result<ProvisioningSettings, AppError>>,
    confirming: RwSignal<Option<ScimTokenRow>>,
) {
    announce(revoke, move |asked: &RevokeScimToken| {
        let token = confirming.get_untracked().filter(|t| t.id == asked.id)?;
        Said::text(said::scim_token_revoked(&token.name)).when_done()
    });
    announce(set_role, move |asked: &SetProvisionedRole| {
        let (org, role) = (asked.org, asked.role);
        let was = settings.get_untracked()?.ok()?.provisioned_role;
        if was == role {
            return Said::text(said::provisioned_role(role)).when_done();
        }
        let undo = undo_with(move || async move {
            set_provisioned_role(org, was).await?;
            Ok(said::provisioned_role_again(was))
        });
        Said::with_undo(said::provisioned_role(role), undo).when_done()
    });
}

#[component]
pub fn ProvisioningTab() -> impl IntoView {
    let org_id = crate::me::use_org().arg();
    let create = ServerAction::<CreateScimToken>::new();
    let revoke = ServerAction::<RevokeScimToken>::new();
    let set_role = ServerAction::<SetProvisionedRole>::new();
    let notices = Notices::get();
    let settings = load(
        move || {
            (
                create.version().get(),
                revoke.version().get(),
                set_role.version().get(),
                notices.undone(),
            )
        },
        move |_| get_provisioning(org_id),
    );
    let confirming = RwSignal::new(None::<ScimTokenRow>);
    announce_changes(revoke, set_role, settings, confirming);
    Effect::new(move |_| {
        if matches!(revoke.value().get(), Some(Ok(()))) {
            confirming.set(None);
        }
    });
    let create_form = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |_| {
        if matches!(create.value().get(), Some(Ok(_))) {
            if let Some(form) = create_form.get() {
                form.reset();
            }
        }
    });
    let new_token = move || {
        create.value().get().and_then(|r| r.ok()).map(|created| {
            let token = created.token.clone();
            view! {
                <div class="notice" role="status" aria-labelledby="new-token-heading">
                    <h3 id="new-token-heading">{format!("New SCIM token “{}”", created.name)}</h3>
                    <p>"Copy this token now and paste it into your identity provider. Roster keeps only a fingerprint of it: it will not be shown again."</p>
                    <div class="copy-field">
                        <input id="new-scim-token" readonly value=token.clone() aria-label="New SCIM token" />
                        <CopyButton text=token label="Copy the new SCIM token" />
                    </div>
                </div>
            }
        })
    };

    let body = move || {
        settings.get().map(|result| match result {
            Err(error) => {
                view! { <p class="form-error" role="alert">{error.to_string()}</p> }.into_any()
            }
            Ok(settings) => view! { <Settings settings confirming set_role /> }.into_any(),
        })
    };

    view! {
        <PageTitle page="Provisioning" />
        <section class="panel" aria-labelledby="provisioning-heading">
            <div class="panel-header">
                <h2 id="provisioning-heading">"Provisioning"</h2>
            </div>
            <p class="hint">
                "Your identity provider (Okta, Microsoft Entra ID, Google, JumpCloud, OneLogin) can create, update, deactivate and group people in Roster through SCIM 2.0."
            </p>
            <Transition fallback=|| view! { <p class="loading">"Loading provisioning…"</p> }>{body}</Transition>
            <h3 id="new-token-form-heading">"New SCIM token"</h3>
            <ActionForm action=create node_ref=create_form attr:class="inline-form" attr:aria-labelledby="new-token-form-heading">
                <crate::components::field::OrgField />
                <Field label="Token name" name="name" error=field_error(create.value(), "name") />
                <button type="submit" class="primary" disabled=move || create.pending().get()>
                    "+ New SCIM token"
                </button>
                <p class="form-error" role="alert">{move || form_error(create.value()).get()}</p>
            </ActionForm>
            {new_token}
            {move || {
                confirming
                    .get()
                    .map(|token| {
                        let id = token.id;
                        view! {
                            <ConfirmDialog
                                title=format!("Revoke SCIM token “{}”?", token.name)
                                message=format!(
                                    "The identity provider that uses “{}” can no longer provision anyone with it. People and teams it provisioned stay as they are. This cannot be undone.",
                                    token.name,
                                )
                                confirm_label="Revoke token"
                                pending=revoke.pending()
                                error=form_error(revoke.value())
                                on_confirm=Callback::new(move |_| {
                                    revoke.dispatch(RevokeScimToken { org: org_id, id });
                                })
                                on_cancel=Callback::new(move |_| {
                                    revoke.value().set(None);
                                    confirming.set(None);
                                })
                            />
                        }
                    })
            }}
        </section>
    }
}

#[component]
fn Settings(
    settings: ProvisioningSettings,
    confirming: RwSignal<Option<ScimTokenRow>>,
    set_role: ServerAction<SetProvisionedRole>,
) -> impl IntoView {
    let base_url = settings.base_url.clone();
    let current = settings.provisioned_role;
    let tokens = if settings.tokens.is_empty() {
        view! { <p class="empty">"No SCIM tokens yet. Create one for your identity provider below."</p> }.into_any()
    } else {
        view! {
            <table class="data" aria-label="SCIM tokens">
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Created by"</th>
                        <th scope="col">"Created"</th>
                        <th scope="col">"Last used"</th>
                        <th scope="col"><span class="sr-only">"Actions"</span></th>
                    </tr>
                </thead>
                <tbody>
                    {settings
                        .tokens
                        .into_iter()
                        .map(|token| {
                            let row = token.clone();
                            view! {
                                <tr>
                                    <td>{token.name.clone()}</td>
                                    <td>{token.created_by.clone()}</td>
                                    <td>{format_date_time(token.created_at)}</td>
                                    <td>{token.last_used_at.map(format_date_time).unwrap_or_else(|| "Never".into())}</td>
                                    <td class="row-actions">
                                        <button
                                            type="button"
                                            class="danger-link"
                                            aria-label=format!("Revoke {}", token.name)
                                            on:click=move |_| confirming.set(Some(row.clone()))
                                        >
                                            "Revoke"
                                        </button>
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        }
        .into_any()
    };
    view! {
        <div class="field">
            <label for="scim-base-url">"SCIM base URL"</label>
            <div class="copy-field">
                <input id="scim-base-url" readonly value=base_url.clone() />
                <CopyButton text=base_url label="Copy the SCIM base URL" />
            </div>
        </div>
        <h3>"SCIM tokens"</h3>
        {tokens}
        <h3 id="provisioned-role-heading">"Provisioned people"</h3>
        <ActionForm action=set_role attr:class="inline-form" attr:aria-labelledby="provisioned-role-heading">
            <crate::components::field::OrgField />
            <div class="field">
                <label for="provisioned-role">"Default role for provisioned people"</label>
                <select id="provisioned-role" name="role">
                    {[OrgRole::Member, OrgRole::BillingAdmin, OrgRole::Admin]
                        .into_iter()
                        .map(|r| view! { <option value=r.as_str() selected=r == current>{r.label()}</option> })
                        .collect_view()}
                </select>
            </div>
            <button type="submit" disabled=move || set_role.pending().get()>"Save"</button>
            <p class="form-error" role="alert">{move || form_error(set_role.value()).get()}</p>
        </ActionForm>
    }
}
