//! The Provisioning tab (Owners only): where the identity provider connects, the organization's
//! SCIM tokens, the role provisioned people get, and unlinking a team from the identity provider.

use leptos::prelude::*;
use shared::wire::{NewScimToken, ProvisioningSettings};
use shared::{AppError, OrgRole};

#[cfg(feature = "ssr")]
use {
    super::{context, plain_form_goes_to, respond},
    roster_core::store::{provisioning, teams},
    shared::{Action, TeamId},
};

#[server(prefix = "/api", endpoint = "get_provisioning", output = crate::api::codec::Answer)]
pub async fn get_provisioning(org: Option<i64>) -> Result<ProvisioningSettings, AppError> {
    respond(
        async {
            let (state, permit) = context::permitted(org, Action::ManageProvisioning).await?;
            let tokens = provisioning::tokens(&state.db, &permit).await?;
            let mut conn = state.db.acquire().await?;
            let provisioned_role =
                provisioning::provisioned_role(&mut conn, permit.org_id()).await?;
            Ok(ProvisioningSettings {
                base_url: format!("{}/scim/v2", state.config.public_url.trim_end_matches('/')),
                tokens,
                provisioned_role,
            })
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "create_scim_token", output = crate::api::codec::Answer)]
pub async fn create_scim_token(org: Option<i64>, name: String) -> Result<NewScimToken, AppError> {
    respond(
        async {
            let (state, permit) = context::permitted(org, Action::ManageProvisioning).await?;
            provisioning::create_token(&state.db, &permit, &name).await
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "revoke_scim_token", output = crate::api::codec::Answer)]
pub async fn revoke_scim_token(org: Option<i64>, id: i64) -> Result<(), AppError> {
    respond(
        async {
            let (state, permit) = context::permitted(org, Action::ManageProvisioning).await?;
            provisioning::revoke_token(&state.db, &permit, id).await?;
            plain_form_goes_to(&crate::paths::in_org(
                &permit.actor().org_slug,
                crate::paths::PROVISIONING,
            ));
            Ok(())
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "set_provisioned_role", output = crate::api::codec::Answer)]
pub async fn set_provisioned_role(org: Option<i64>, role: OrgRole) -> Result<(), AppError> {
    respond(
        async {
            let (state, permit) = context::permitted(org, Action::ManageProvisioning).await?;
            provisioning::set_provisioned_role(&state.db, &permit, role).await?;
            plain_form_goes_to(&crate::paths::in_org(
                &permit.actor().org_slug,
                crate::paths::PROVISIONING,
            ));
            Ok(())
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "unlink_team", output = crate::api::codec::Answer)]
pub async fn unlink_team(org: Option<i64>, team_id: i64) -> Result<(), AppError> {
    respond(
        async {
            let (state, permit) = context::permitted(org, Action::ManageProvisioning).await?;
            teams::unlink(&state.db, &permit, TeamId(team_id)).await?;
            plain_form_goes_to(&crate::paths::team(&permit.actor().org_slug, team_id));
            Ok(())
        }
        .await,
    )
}
