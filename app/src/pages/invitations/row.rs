//! A row of the Invitations tab.

use super::{Asked, ShownLink};
use leptos::prelude::*;
use shared::dates::format_date;
use shared::invitations::{DeliveryStatus, PendingInvitation};

/// One pending invitation: what it grants, who sent it, when it expires, how its mail went, and
/// its actions (which the tab carries out and answers).
#[component]
pub(super) fn InvitationRow(
    invitation: PendingInvitation,
    act: Callback<(i64, String, Asked)>,
    copied: RwSignal<Option<ShownLink>>,
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
    let shown_link = {
        let email = email.clone();
        move || {
            copied
                .get()
                .filter(|(row, ..)| *row == id)
                .map(|(_, url, said)| {
                    let label = format!("Invitation link for {email}");
                    view! {
                        <div class="copied-link">
                            <input type="text" readonly=true aria-label=label prop:value=url />
                            <span role="status">{said}</span>
                        </div>
                    }
                })
        }
    };
    let (e1, e2, e3, e4) = (email.clone(), email.clone(), email.clone(), email.clone());
    let can_retry = invitation.delivery.as_ref().is_some_and(|d| d.can_retry);
    let mail = invitation
        .delivery
        .as_ref()
        .map_or_else(|| "—".to_string(), |d| d.summary());
    let failed = invitation
        .delivery
        .as_ref()
        .is_some_and(|d| d.status == DeliveryStatus::Failed);
    let retry_label = format!("Retry mail to {email}");
    view! {
        <tr>
            <td>{email.clone()}{shown_link}</td>
            <td>{invitation.org_role.label()}</td>
            <td>{grants}</td>
            <td>{invitation.invited_by.unwrap_or_else(|| "—".into())}</td>
            <td>{format_date(invitation.sent_at)}</td>
            <td>{expires}</td>
            <td class:delivery-failed=failed>{mail}</td>
            <td class="row-actions">
                <Show when=move || can_retry>
                    <button type="button" aria-label=retry_label.clone() on:click={
                        let email = e4.clone();
                        move |_| act.run((id, email.clone(), Asked::Retry))
                    }>"Retry"</button>
                </Show>
                <button type="button" aria-label=format!("Resend {email}") on:click=move |_| {
                    act.run((id, e1.clone(), Asked::Resend));
                }>"Resend"</button>
                <button type="button" aria-label=format!("Copy link for {email}") on:click=move |_| {
                    act.run((id, e2.clone(), Asked::CopyLink));
                }>"Copy link"</button>
                <button type="button" class="danger-link" aria-label=format!("Revoke {email}") on:click=move |_| {
                    act.run((id, e3.clone(), Asked::Revoke));
                }>"Revoke"</button>
            </td>
        </tr>
    }
}
