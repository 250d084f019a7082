//! The organization itself: its General tab (name and address for everyone to read; renaming,
//! moving and deleting for its Owners), leaving it, and creating a new one.

use leptos::prelude::*;
use shared::wire::OrgSettings;
use shared::AppError;

#[cfg(feature = "ssr")]
use super::context;
#[cfg(feature = "ssr")]
use {
    super::{field, plain_form_goes_to, respond},
    crate::paths,
    roster_core::auth,
    roster_core::store::{org_settings, orgs, sessions},
    shared::{validate, Action},
};

/// The General tab of organization `org`.
#[server(prefix = "/api", endpoint = "get_org_settings", output = crate::api::codec::Answer)]
pub async fn get_org_settings(org: Option<i64>) -> Result<OrgSettings, AppError> {
    respond(
        async {
            let (state, actor) = context::allowed(org, Action::ViewDirectory).await?;
            org_settings::settings(&state.db, actor.org_id).await
        }
        .await,
    )
}

/// Renames organization `org` (Owners).
#[server(prefix = "/api", endpoint = "rename_organization", output = crate::api::codec::Answer)]
pub async fn rename_organization(org: Option<i64>, name: String) -> Result<(), AppError> {
    respond(
        async {
            let (state, permit) = context::permitted(org, Action::ManageOrganization).await?;
            let name = validate::name("the organization's name", &name).map_err(field("name"))?;
            org_settings::rename(&state.db, &permit, &name).await?;
            plain_form_goes_to(&paths::in_org(&permit.actor().org_slug, paths::GENERAL));
            Ok(())
        }
        .await,
    )
}

/// Moves organization `org` to the address `slug` (Owners); returns the new address's slug. The
/// old address keeps leading to it.
#[server(prefix = "/api", endpoint = "change_organization_address", output = crate::api::codec::Answer)]
pub async fn change_organization_address(
    org: Option<i64>,
    slug: String,
) -> Result<String, AppError> {
    respond(
        async {
            let (state, permit) = context::permitted(org, Action::ManageOrganization).await?;
            let slug = validate::slug(&slug).map_err(field("slug"))?;
            org_settings::change_slug(&state.db, &permit, &slug).await?;
            plain_form_goes_to(&paths::in_org(&slug, paths::GENERAL));
            Ok(slug)
        }
        .await,
    )
}

/// Deletes organization `org` with everything in it (Owners), once `confirm` is its name.
#[server(prefix = "/api", endpoint = "delete_organization", output = crate::api::codec::Answer)]
pub async fn delete_organization(org: Option<i64>, confirm: String) -> Result<(), AppError> {
    respond(
        async {
            let (state, permit) = context::permitted(org, Action::DeleteOrganization).await?;
            org_settings::delete(&state.db, &permit, &confirm).await?;
            plain_form_goes_to(paths::HOME);
            Ok(())
        }
        .await,
    )
}

/// The signed-in person leaves organization `org`. Refused for its last active Owner.
#[server(prefix = "/api", endpoint = "leave_organization", output = crate::api::codec::Answer)]
pub async fn leave_organization(org: Option<i64>) -> Result<(), AppError> {
    respond(
        async {
            let (state, actor) = context::allowed(org, Action::LeaveOrganization).await?;
            org_settings::leave_organization(&state.db, &actor).await?;
            plain_form_goes_to(paths::HOME);
            Ok(())
        }
        .await,
    )
}

/// Creates an organization named `name` (at `slug`, or at an address made from the name) whose
/// Owner is the signed-in person, when the operator lets everyone create organizations; returns
/// its slug.
#[server(prefix = "/api", endpoint = "create_organization", output = crate::api::codec::Answer)]
pub async fn create_organization(name: String, slug: Option<String>) -> Result<String, AppError> {
    respond(
        async {
            let state = context::state()?;
            let token =
                auth::session_token(&context::request_headers()).ok_or(AppError::Unauthorized)?;
            let owner = sessions::lookup(&state.db, &token, state.config.session_lifetimes())
                .await?
                .ok_or(AppError::Unauthorized)?;
            if !state.config.anyone_creates_orgs {
                return Err(AppError::Forbidden(
                    "On this server, organizations are created by its operator. Ask them for one."
                        .into(),
                ));
            }
            let name = validate::name("the organization's name", &name).map_err(field("name"))?;
            let slug = match slug.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                Some(slug) => Some(validate::slug(slug).map_err(field("slug"))?),
                None => None,
            };
            let org_id = orgs::create_for(
                &state.db,
                owner.account_id,
                &owner.name,
                &owner.email,
                &name,
                slug.as_deref(),
            )
            .await?;
            let created = sessions::member_in(&state.db, &token, &owner, org_id)
                .await?
                .ok_or(AppError::Internal)?;
            plain_form_goes_to(&paths::in_org(&created.org_slug, paths::USERS));
            Ok(created.org_slug)
        }
        .await,
    )
}
