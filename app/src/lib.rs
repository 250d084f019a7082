//! Roster's Leptos application. The same components render on the server (SSR) and hydrate in the
//! browser (WASM).
//!
//! - `pages/`: one file per page or tab; `components/`: reusable pieces; `api/`: the server
//!   functions (thin: authenticate, authorize with `shared`'s policy, call the store).
//! - On the server (`ssr` feature) the server functions call `roster-core` (`server/core`): the
//!   store, sign-in, mail, configuration and limits. No view reaches it.

// Leptos view types nest deeply; the compiler needs more room to lay them out.
#![recursion_limit = "256"]

pub mod api;
pub mod components;
pub mod me;
pub mod navigation;
pub mod pages;
pub mod paths;
#[cfg(feature = "ssr")]
pub mod split_head;
pub mod theme;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::{path, Lazy, SsrMode};
use pages::elsewhere::*;

/// The HTML document around the application, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        // The theme the person chose, from the first byte (none follows the system's).
        <html lang="en" data-theme=theme::current().attribute()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <link rel="icon" type="image/svg+xml" href="/favicon.svg" />
                <AutoReload options=options.clone() />
                <HashedStylesheet id="leptos" options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    #[cfg(feature = "ssr")]
    split_head::name_for_this_page();

    // Pages that load data render in order: the server waits for each part's data and sends the
    // page whole, so it reads (and its forms work) before the WASM has loaded or without
    // JavaScript at all. Out-of-order streaming would send "Loading…" and a script to replace it.
    view! {
        <Title text="Roster" />
        <Router>
            <Routes fallback=pages::not_found::NotFound>
                <Route path=path!("/") view=pages::home::HomeRedirect />
                <Route path=path!("/settings") view=pages::home::HomeRedirect />
                <Route path=path!("/settings/*rest") view=pages::home::HomeRedirect />
                <Route path=path!("/setup") view={Lazy::<SetupRoute>::new()} />
                <Route path=path!("/sign-in") view=pages::sign_in::SignInPage />
                <Route path=path!("/orgs/new") view={Lazy::<NewOrgRoute>::new()} />
                <Route path=path!("/invite/:token") view={Lazy::<AcceptInviteRoute>::new()} ssr=SsrMode::InOrder />
                <Route path=path!("/set-password/:token") view={Lazy::<SetPasswordRoute>::new()} />
                <ParentRoute path=path!("/orgs/:org/settings") view=pages::settings::SettingsLayout ssr=SsrMode::InOrder>
                    <Route path=path!("") view=pages::home::UsersTabRedirect />
                    <Route path=path!("users") view={Lazy::<UsersRoute>::new()} />
                    <Route path=path!("users/:id") view={Lazy::<PersonRoute>::new()} />
                    <Route path=path!("teams") view={Lazy::<TeamsRoute>::new()} />
                    <Route path=path!("projects") view={Lazy::<ProjectsRoute>::new()} />
                    <Route path=path!("invitations") view={Lazy::<InvitationsRoute>::new()} />
                    <Route path=path!("audit-log") view={Lazy::<AuditLogRoute>::new()} />
                    <Route path=path!("provisioning") view={Lazy::<ProvisioningRoute>::new()} />
                    <Route path=path!("general") view={Lazy::<GeneralRoute>::new()} />
                    <Route path=path!("teams/new") view={Lazy::<NewTeamRoute>::new()} />
                    <Route path=path!("teams/:id") view={Lazy::<TeamRoute>::new()} />
                    <Route path=path!("projects/:id") view={Lazy::<ProjectPeopleRoute>::new()} />
                </ParentRoute>
            </Routes>
        </Router>
    }
}

/// The browser entry point.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // (The framework's task executor is set up by the hydration itself.)
    wasm_bindgen_futures::spawn_local(async {
        let Some(body) = document().body() else {
            return;
        };
        // Asynchronous, since a page in a split-off module waits for it before it hydrates.
        leptos::mount::hydrate_from_async(body.clone(), App)
            .await
            .forget();
        // Tests and scripts wait for this marker: clicks made before hydration would be lost.
        let _ = body.set_attribute("data-hydrated", "true");
        // The rest of the app, fetched while the person reads this page, so that the next tab
        // opens at once.
        pages::elsewhere::preload_all().await;
    });
}
