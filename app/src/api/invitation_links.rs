//! The Invitations tab: the pending invitations, and resend, revoke, copy link and, for a message
//! the mail relay refused, retry for each. Owners and Admins only; managing an invitation needs the right to invite with its role, so an Admin
//! cannot resend or revoke an invitation to become Owner.

use leptos::prelude::*;
use shared::invitations::{Delivery, InvitationPage};
use shared::AppError;

#[cfg(feature = "ssr")]
use super::context;
#[cfg(feature = "ssr")]
use shared::InvitationId;
#[cfg(feature = "ssr")]
use {
    super::respond,
    roster_core::actor::{Actor, Permit},
    roster_core::mail,
    roster_core::state::AppState,
    roster_core::store::{invitation_links, invitations, outbox},
    shared::{Action, OrgRole},
};

/// A page of the organization's pending invitations, newest first (`page` is 1-based; none is
/// the first; past the end, the last).
#[server(prefix = "/api", endpoint = "list_invitations", output = crate::api::codec::Answer)]
pub async fn list_invitations(
    org: Option<i64>,
    page: Option<u32>,
) -> Result<InvitationPage, AppError> {
    respond(
        async {
            let (state, actor) = context::allowed(
                org,
                Action::Invite {
                    role: OrgRole::Member,
                },
            )
            .await?;
            invitations::pending(&state.db, actor.org_id, page.unwrap_or(1)).await
        }
        .await,
    )
}

/// The permit to manage pending invitation `id`.
#[cfg(feature = "ssr")]
async fn permit_for(state: &AppState, actor: &Actor, id: i64) -> Result<Permit, AppError> {
    actor.permit(Action::Invite {
        role: OrgRole::Member,
    })?;
    let role = invitation_links::role_of(&state.db, actor.org_id, InvitationId(id)).await?;
    actor.permit(Action::Invite { role })
}

/// Sends invitation `id` again with a new link and a renewed expiry, and answers that link.
#[server(prefix = "/api", endpoint = "resend_invitation", output = crate::api::codec::Answer)]
pub async fn resend_invitation(org: Option<i64>, id: i64) -> Result<String, AppError> {
    respond(
        async {
            let (state, actor) = context::signed_in(org).await?;
            let permit = permit_for(&state, &actor, id).await?;
            let config = &state.config;
            let ttl = config.invitation_ttl.as_secs() as i64;
            let (message, link) =
                invitation_links::resend(&state.db, &permit, InvitationId(id), ttl, |token| {
                    config.invitation_link(token)
                })
                .await?;
            mail::dispatch(config, &state.db, vec![message]);
            Ok(link)
        }
        .await,
    )
}

/// Revokes invitation `id`.
#[server(prefix = "/api", endpoint = "revoke_invitation", output = crate::api::codec::Answer)]
pub async fn revoke_invitation(org: Option<i64>, id: i64) -> Result<(), AppError> {
    respond(
        async {
            let (state, actor) = context::signed_in(org).await?;
            let permit = permit_for(&state, &actor, id).await?;
            invitation_links::revoke(&state.db, &permit, InvitationId(id)).await
        }
        .await,
    )
}

/// A new link for invitation `id`, to copy; the previous link stops working.
#[server(prefix = "/api", endpoint = "invitation_link", output = crate::api::codec::Answer)]
pub async fn invitation_link(org: Option<i64>, id: i64) -> Result<String, AppError> {
    respond(
        async {
            let (state, actor) = context::signed_in(org).await?;
            let permit = permit_for(&state, &actor, id).await?;
            let token = invitation_links::new_link(&state.db, &permit, InvitationId(id)).await?;
            Ok(state.config.invitation_link(&token))
        }
        .await,
    )
}

/// Sends the failed message of invitation `id` again now, as it was (same link, same expiry), and
/// answers how it went this time.
#[server(prefix = "/api", endpoint = "retry_invitation_mail", output = crate::api::codec::Answer)]
pub async fn retry_invitation_mail(org: Option<i64>, id: i64) -> Result<Delivery, AppError> {
    respond(
        async {
            let (state, actor) = context::signed_in(org).await?;
            let permit = permit_for(&state, &actor, id).await?;
            let message = outbox::retry(&state.db, &permit, InvitationId(id)).await?;
            mail::deliver_now(&state.config, &state.db, message).await;
            outbox::latest_delivery(&state.db, actor.org_id, InvitationId(id))
                .await?
                .ok_or(AppError::Internal)
        }
        .await,
    )
}
