//! The organization settings layout (`/orgs/<slug>/settings/...`): navigation bar, heading, tabs,
//! the selected tab's panel, and the Invite Users modal (provided here once for every entry point
//! that opens it). It loads the person as they are in the organization of the address, and
//! provides that organization ([`CurrentOrg`]) and that session to every tab and page under it;
//! an organization the person is not an active member of is "not found", like one that does not
//! exist.

use crate::api::codec::load;
use crate::components::created_once::CreatedOnce;
use crate::components::invite::InviteDialog;
use crate::components::nav::NavBar;
use crate::components::notices::{NoticeArea, Notices};
use crate::components::tabs::{selected_tab, SettingsTabs};
use crate::me::{CurrentOrg, SessionResource};
use crate::pages::elsewhere::{once_loaded, Elsewhere};
use crate::pages::not_found::NotFound;
use crate::paths;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Outlet;
use leptos_router::hooks::{use_location, use_params_map};
use shared::wire::SessionState;
use shared::AppError;

#[component]
pub fn SettingsLayout() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.with(|p| p.get("org")).unwrap_or_default();
    let session: SessionResource = load(slug, |slug| crate::api::session::get_session(Some(slug)));
    provide_context(session);
    let location = use_location();
    InviteDialog::provide();
    Notices::provide();
    view! {
        // Each tab and page sets its own title over this one, once the session has loaded.
        <Title text="Organization settings · Roster" />
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match session.await {
                    Ok(SessionState::SignedIn(me)) => {
                        provide_context(CurrentOrg {
                            id: me.org_id,
                            slug: me.org_slug.clone(),
                        });
                        let role = me.role;
                        let labelled_by = move || {
                            selected_tab(role, &location.pathname.get()).unwrap_or("tab-users")
                        };
                        view! {
                            // The browser follows this link itself (not the router), so the focus
                            // moves to the panel and the next Tab continues from there.
                            <a class="skip-link" href="#settings-panel" target="_self">"Skip to content"</a>
                            <NavBar me=me.clone() />
                            <main class="settings">
                                <h1>"Organization settings"</h1>
                                <SettingsTabs role />
                                <div class="tab-panel" role="tabpanel" id="settings-panel" tabindex="-1" aria-labelledby=labelled_by>
                                    // The page is created once, when it is rendered, not on every
                                    // walk this `Suspense` makes while it waits for the session.
                                    {CreatedOnce(view! { <Outlet /> })}
                                </div>
                            </main>
                            // Its code is in the module of the other pages: made when that module is there.
                            {once_loaded(Elsewhere::InviteModal(me.role))}
                            <NoticeArea />
                        }
                            .into_any()
                    }
                    Ok(_) => view! {
                        <main class="centered">
                            <p>"You are signed out."</p>
                            <a href=paths::SIGN_IN>"Sign in"</a>
                        </main>
                    }
                        .into_any(),
                    Err(AppError::NotFound(_)) => view! { <NotFound /> }.into_any(),
                    Err(error) => view! {
                        <main class="centered">
                            <p role="alert">{error.to_string()}</p>
                        </main>
                    }
                        .into_any(),
                }
            })}
        </Suspense>
    }
}
