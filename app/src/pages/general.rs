//! The General tab: the organization's name and address, for everyone to read; Owners rename it,
//! move it to another address (the old one keeps leading here) and delete it after typing its
//! name. Everyone can leave it here (the person's menu leads to `#leave`).

use crate::api::codec::load;
use crate::api::organizations::{
    get_org_settings, ChangeOrganizationAddress, DeleteOrganization, LeaveOrganization,
    RenameOrganization,
};
use crate::components::field::{field_error, form_error, Field};
use crate::components::page_title::PageTitle;
use crate::me::{use_me, use_org};
use crate::navigation::reload_to;
use crate::paths;
use leptos::prelude::*;
use shared::dates::format_date;
use shared::wire::OrgSettings;
use shared::{can, Action};

#[component]
pub fn GeneralTab() -> impl IntoView {
    let org_id = use_org().arg();
    let me = use_me();
    let owner = me
        .get_untracked()
        .is_some_and(|m| can(m.role, Action::ManageOrganization).is_ok());
    let rename = ServerAction::<RenameOrganization>::new();
    let settings = load(
        move || rename.version().get(),
        move |_| get_org_settings(org_id),
    );
    let body = move || {
        settings.get().map(|result| match result {
            Err(error) => {
                view! { <p class="form-error" role="alert">{error.to_string()}</p> }.into_any()
            }
            Ok(settings) if owner => view! { <OwnerSettings settings rename /> }.into_any(),
            Ok(settings) => view! { <ReadOnly settings /> }.into_any(),
        })
    };
    view! {
        <PageTitle page="General" />
        <section class="panel" aria-labelledby="general-heading">
            <div class="panel-header">
                <h2 id="general-heading">"General"</h2>
            </div>
            <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>{body}</Transition>
        </section>
        <Leave />
    }
}

/// What everyone sees: name, address, size, age.
#[component]
fn ReadOnly(settings: OrgSettings) -> impl IntoView {
    view! {
        <dl class="facts">
            <dt>"Name"</dt>
            <dd>{settings.name.clone()}</dd>
            <dt>"Address"</dt>
            <dd><code>{format!("/orgs/{}", settings.slug)}</code></dd>
            <dt>"Created"</dt>
            <dd>{format_date(settings.created_at)}</dd>
            <dt>"People, projects, teams"</dt>
            <dd>{format!("{}, {}, {}", settings.members, settings.projects, settings.teams)}</dd>
        </dl>
        <p class="hint">"Only Owners can change these settings. To make someone an Owner, change their role in the Users tab."</p>
    }
}

#[component]
fn OwnerSettings(settings: OrgSettings, rename: ServerAction<RenameOrganization>) -> impl IntoView {
    let org = use_org();
    let move_to = ServerAction::<ChangeOrganizationAddress>::new();
    let delete = ServerAction::<DeleteOrganization>::new();
    // A new address, or a deleted organization: the page is drawn again from the server.
    Effect::new(move |_| {
        if let Some(Ok(slug)) = move_to.value().get() {
            reload_to(&paths::in_org(&slug, paths::GENERAL));
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = delete.value().get() {
            reload_to(paths::HOME);
        }
    });
    // A new name shows in the navigation bar and the title: the page is drawn again.
    let general = org.path(paths::GENERAL);
    Effect::new(move |_| {
        if let Some(Ok(())) = rename.value().get() {
            reload_to(&general);
        }
    });
    let org_arg = org.id.to_string();
    let (org_arg_2, org_arg_3) = (org_arg.clone(), org_arg.clone());
    let name = settings.name.clone();
    let slug = settings.slug.clone();
    let deleting = name.clone();
    view! {
        <ActionForm action=rename attr:class="stacked-form" attr:aria-labelledby="org-name-heading">
            <h3 id="org-name-heading">"Name"</h3>
            <input type="hidden" name="org" value=org_arg.clone() />
            <div class="field">
                <label for="org-name">"Organization name"</label>
                <input id="org-name" name="name" value=name.clone() required maxlength="100"
                    aria-invalid=move || field_error(rename.value(), "name").get().is_some().to_string()
                    aria-describedby="org-name-error" />
                <p class="field-error" id="org-name-error">{move || field_error(rename.value(), "name").get()}</p>
            </div>
            <button type="submit" disabled=move || rename.pending().get()>"Save name"</button>
            <p class="form-error" role="alert">{move || form_error(rename.value()).get()}</p>
        </ActionForm>
        <ActionForm action=move_to attr:class="stacked-form" attr:aria-labelledby="org-slug-heading">
            <h3 id="org-slug-heading">"Address"</h3>
            <input type="hidden" name="org" value=org_arg_2.clone() />
            <div class="field">
                <label for="org-slug">"Address (/orgs/…)"</label>
                <input id="org-slug" name="slug" value=slug.clone() required maxlength="40"
                    pattern="[a-z0-9]([a-z0-9-]*[a-z0-9])?"
                    aria-invalid=move || field_error(move_to.value(), "slug").get().is_some().to_string()
                    aria-describedby="org-slug-hint org-slug-error" />
                <p class="hint" id="org-slug-hint">"Lower-case letters a–z, digits and dashes. Links to the old address keep working until another organization takes it."</p>
                <p class="field-error" id="org-slug-error">{move || field_error(move_to.value(), "slug").get()}</p>
            </div>
            <button type="submit" disabled=move || move_to.pending().get()>"Change address"</button>
            <p class="form-error" role="alert">{move || form_error(move_to.value()).get()}</p>
        </ActionForm>
        <ReadOnlyCounts settings />
        <ActionForm action=delete attr:class="stacked-form danger-zone" attr:aria-labelledby="org-delete-heading">
            <h3 id="org-delete-heading">"Delete organization"</h3>
            <p>
                "Deleting "<strong>{deleting.clone()}</strong>" removes its projects, teams, grants, invitations and people's memberships at once. People's accounts stay: they can still sign in to their other organizations. This cannot be undone."
            </p>
            <input type="hidden" name="org" value=org_arg_3.clone() />
            <Field
                label="Type the organization's name to confirm"
                name="confirm"
                autocomplete="off"
                error=field_error(delete.value(), "confirm")
            />
            <button type="submit" class="danger" disabled=move || delete.pending().get()>"Delete organization"</button>
            <p class="form-error" role="alert">{move || form_error(delete.value()).get()}</p>
        </ActionForm>
    }
}

#[component]
fn ReadOnlyCounts(settings: OrgSettings) -> impl IntoView {
    view! {
        <p class="hint">
            {format!(
                "Created {}. {} people, {} projects, {} teams.",
                format_date(settings.created_at),
                settings.members,
                settings.projects,
                settings.teams,
            )}
        </p>
    }
}

/// Leaving the organization: a form, so that it works before the page has hydrated.
#[component]
fn Leave() -> impl IntoView {
    let org = use_org();
    let leave = ServerAction::<LeaveOrganization>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = leave.value().get() {
            reload_to(paths::HOME);
        }
    });
    view! {
        <section class="panel" id="leave" aria-labelledby="leave-heading">
            <h2 id="leave-heading">"Leave organization"</h2>
            <p>"You lose your access to its projects and teams. To come back, someone must invite you again."</p>
            <ActionForm action=leave attr:class="inline-form">
                <input type="hidden" name="org" value=org.id.to_string() />
                <button type="submit" class="danger" disabled=move || leave.pending().get()>"Leave organization"</button>
                <p class="form-error" role="alert">{move || form_error(leave.value()).get()}</p>
            </ActionForm>
        </section>
    }
}
