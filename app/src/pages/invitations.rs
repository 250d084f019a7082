//! The Invitations tab: pending invitations with what each grants, who sent it and when it
//! expires, and Resend, Revoke and Copy link for each. Owners and Admins only: the server refuses
//! everyone else, and the tab tells them so.
//!
//! Only a hash of each link's token is stored, so "Copy link" issues a new link (the previous one
//! stops working) and shows it, as "Resend" does by mail with a renewed expiry.

use super::use_me;
use crate::api::invitation_links::{
    list_invitations, InvitationLink, ResendInvitation, RevokeInvitation,
};
use crate::components::field::form_error;
use crate::components::invite::use_invite_dialog;
use leptos::prelude::*;
use shared::dates::format_date;
use shared::invitations::PendingInvitation;
use shared::{can, Action, OrgRole};

#[component]
pub fn InvitationsTab() -> impl IntoView {
    let resend = ServerAction::<ResendInvitation>::new();
    let revoke = ServerAction::<RevokeInvitation>::new();
    let link = ServerAction::<InvitationLink>::new();
    let dialog = use_invite_dialog();
    let dialog_open = move || dialog.map(|d| d.open.get()).unwrap_or(false);
    let invitations = Resource::new(
        move || {
            (
                resend.version().get(),
                revoke.version().get(),
                dialog_open(),
            )
        },
        |_| list_invitations(),
    );
    // Which row asked for what, to put the answer next to it.
    let acted_on = RwSignal::new(None::<(i64, String)>);
    let copied = RwSignal::new(None::<(i64, String)>);
    Effect::new(move |_| {
        if let Some(Ok(url)) = link.value().get() {
            if let Some((id, _)) = acted_on.get_untracked() {
                copy_to_clipboard(&url);
                copied.set(Some((id, url)));
            }
        }
    });
    let status = move || {
        let (_, email) = acted_on.get()?;
        if matches!(resend.value().get(), Some(Ok(()))) {
            return Some(format!(
                "Invitation sent again to {email}, with a new link."
            ));
        }
        if matches!(revoke.value().get(), Some(Ok(()))) {
            return Some(format!("Invitation for {email} revoked."));
        }
        None
    };
    let error = move || {
        form_error(resend.value())
            .get()
            .or_else(|| form_error(revoke.value()).get())
            .or_else(|| form_error(link.value()).get())
    };
    let me = use_me();
    let may_act = move || {
        me.with(|m| {
            m.as_ref().is_some_and(|m| {
                can(
                    m.role,
                    Action::Invite {
                        role: OrgRole::Member,
                    },
                )
                .is_ok()
            })
        })
    };
    let rows = move || {
        invitations.get().map(|result| match result {
            Err(error) => view! { <p class="form-error" role="alert">{error.to_string()}</p> }.into_any(),
            Ok(list) if list.is_empty() => view! {
                <div class="empty">
                    <p><strong>"No pending invitations."</strong></p>
                    <p>"Invitations that wait for an answer show here until they are accepted, revoked or expire."</p>
                </div>
            }
            .into_any(),
            Ok(list) => view! {
                <table class="data" aria-label="Pending invitations">
                    <thead>
                        <tr>
                            <th scope="col">"Email"</th>
                            <th scope="col">"Organization role"</th>
                            <th scope="col">"Grants"</th>
                            <th scope="col">"Invited by"</th>
                            <th scope="col">"Sent"</th>
                            <th scope="col">"Expires"</th>
                            <th scope="col"><span class="sr-only">"Actions"</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        // Keyed by invitation, so a refreshed list keeps each row's own elements.
                        <For each=move || list.clone() key=|i| (i.id, i.expires_at) let:invitation>
                            <InvitationRow invitation resend revoke link acted_on copied />
                        </For>
                    </tbody>
                </table>
            }
            .into_any(),
        })
    };
    view! {
        <section class="panel" aria-labelledby="invitations-heading">
            <div class="panel-header">
                <h2 id="invitations-heading">"Invitations"</h2>
            </div>
            <Show when=may_act fallback=|| view! { <p>"Only Owners and Admins can see and manage invitations."</p> }>
                <p class="form-success" role="status">{status}</p>
                <p class="form-error" role="alert">{error}</p>
                <Transition fallback=|| view! { <p class="loading">"Loading invitations…"</p> }>{rows}</Transition>
            </Show>
        </section>
    }
}

#[component]
fn InvitationRow(
    invitation: PendingInvitation,
    resend: ServerAction<ResendInvitation>,
    revoke: ServerAction<RevokeInvitation>,
    link: ServerAction<InvitationLink>,
    acted_on: RwSignal<Option<(i64, String)>>,
    copied: RwSignal<Option<(i64, String)>>,
) -> impl IntoView {
    let id = invitation.id;
    let email = invitation.email.clone();
    let grants: Vec<String> = invitation
        .projects
        .iter()
        .map(|g| format!("{} ({})", g.project, g.role.label()))
        .chain(invitation.teams.iter().map(|t| format!("Team {t}")))
        .collect();
    let grants = if grants.is_empty() {
        "—".to_string()
    } else {
        grants.join(", ")
    };
    let expires = if invitation.expired {
        format!("Expired {}", format_date(invitation.expires_at))
    } else {
        format_date(invitation.expires_at)
    };
    let act = move |email: String| {
        copied.set(None);
        acted_on.set(Some((id, email)));
    };
    let shown_link = {
        let email = email.clone();
        move || {
            copied.get().filter(|(row, _)| *row == id).map(|(_, url)| {
                let label = format!("Invitation link for {email}");
                view! {
                    <div class="copied-link">
                        <input type="text" readonly=true aria-label=label prop:value=url />
                        <span role="status">"Link copied. The previous link no longer works."</span>
                    </div>
                }
            })
        }
    };
    let (e1, e2, e3) = (email.clone(), email.clone(), email.clone());
    view! {
        <tr>
            <td>{email.clone()}{shown_link}</td>
            <td>{invitation.org_role.label()}</td>
            <td>{grants}</td>
            <td>{invitation.invited_by.unwrap_or_else(|| "—".into())}</td>
            <td>{format_date(invitation.sent_at)}</td>
            <td>{expires}</td>
            <td class="row-actions">
                <button type="button" aria-label=format!("Resend {email}") on:click=move |_| {
                    act(e1.clone());
                    resend.dispatch(ResendInvitation { id });
                }>"Resend"</button>
                <button type="button" aria-label=format!("Copy link for {email}") on:click=move |_| {
                    act(e2.clone());
                    link.dispatch(InvitationLink { id });
                }>"Copy link"</button>
                <button type="button" class="danger-link" aria-label=format!("Revoke {email}") on:click=move |_| {
                    act(e3.clone());
                    revoke.dispatch(RevokeInvitation { id });
                }>"Revoke"</button>
            </td>
        </tr>
    }
}

/// Puts `text` on the clipboard, where the browser allows it.
fn copy_to_clipboard(text: &str) {
    #[cfg(feature = "hydrate")]
    {
        let _ = window().navigator().clipboard().write_text(text);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = text;
}
