//! The pages that the sign-in page does not need, behind two functions that the build cuts out
//! into modules of their own (`cargo leptos build --split`, which every build here passes):
//!
//! - [`users_view`]: the Users tab, where a person lands after signing in;
//! - [`elsewhere_view`]: every other page, and the Invite Users modal of the settings layout (made
//!   by [`once_loaded`] once that module is there).
//!
//! The first module keeps sign-in and the settings layout. A page hydrated from it fetches the
//! Users tab's module, then the other one; a page loaded directly names the modules it needs in
//! its `<head>` (`split_head.rs`), so they download in parallel with the first. Two split points,
//! not one per page, so that the code the pages share is not cut into many pieces: what both
//! functions use goes into one piece more, fetched with either.

use leptos::prelude::*;
use leptos_router::LazyRoute;

/// A page, or a part of one, in the module of the other pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Elsewhere {
    /// The Invite Users modal of the settings layout, for a person with this role.
    InviteModal(shared::OrgRole),
    Setup,
    AcceptInvite,
    SetPassword,
    NewOrg,
    Person,
    Teams,
    Projects,
    Invitations,
    AuditLog,
    Provisioning,
    General,
    NewTeam,
    Team,
    ProjectPeople,
}

/// The Users tab; in the browser, its code is in a module of its own.
#[lazy]
fn users_view() -> AnyView {
    view! { <super::users::UsersTab /> }.into_any()
}

/// The view of `page`; in the browser, its code is in the module of the other pages.
#[lazy]
fn elsewhere_view(page: Elsewhere) -> AnyView {
    use super::*;
    use crate::components::invite::modal::InviteModal;
    match page {
        Elsewhere::InviteModal(mine) => match crate::components::invite::use_invite_dialog() {
            Some(dialog) => view! { <InviteModal dialog mine /> }.into_any(),
            None => ().into_any(),
        },
        Elsewhere::Setup => view! { <setup::SetupPage /> }.into_any(),
        Elsewhere::AcceptInvite => view! { <accept_invite::AcceptInvitePage /> }.into_any(),
        Elsewhere::SetPassword => view! { <set_password::SetPasswordPage /> }.into_any(),
        Elsewhere::NewOrg => view! { <new_org::NewOrgPage /> }.into_any(),
        Elsewhere::Person => view! { <person::PersonPage /> }.into_any(),
        Elsewhere::Teams => view! { <teams::TeamsTab /> }.into_any(),
        Elsewhere::Projects => view! { <projects::ProjectsTab /> }.into_any(),
        Elsewhere::Invitations => view! { <invitations::InvitationsTab /> }.into_any(),
        Elsewhere::AuditLog => view! { <audit_log::AuditLogTab /> }.into_any(),
        Elsewhere::Provisioning => view! { <provisioning::ProvisioningTab /> }.into_any(),
        Elsewhere::General => view! { <general::GeneralTab /> }.into_any(),
        Elsewhere::NewTeam => view! { <new_team::NewTeamPage /> }.into_any(),
        Elsewhere::Team => view! { <team::TeamPage /> }.into_any(),
        Elsewhere::ProjectPeople => view! { <project_people::ProjectPeoplePage /> }.into_any(),
    }
}

macro_rules! routes {
    ($($route:ident => $view:expr, $preload:ident;)*) => {
        $(
            #[doc = concat!("The route whose view is `", stringify!($view), "`.")]
            pub struct $route;

            impl LazyRoute for $route {
                fn data() -> Self {
                    $route
                }

                async fn view(_: Self) -> AnyView {
                    $view.await
                }

                // Loaded before the page hydrates (and before a move to it is drawn), so that
                // the view is there at once when the router asks for it.
                #[cfg(feature = "hydrate")]
                async fn preload() {
                    $preload().await;
                }
            }
        )*
    };
}

routes! {
    UsersRoute => users_view(), __preload_users_view;
    SetupRoute => elsewhere_view(Elsewhere::Setup), __preload_elsewhere_view;
    AcceptInviteRoute => elsewhere_view(Elsewhere::AcceptInvite), __preload_elsewhere_view;
    SetPasswordRoute => elsewhere_view(Elsewhere::SetPassword), __preload_elsewhere_view;
    NewOrgRoute => elsewhere_view(Elsewhere::NewOrg), __preload_elsewhere_view;
    PersonRoute => elsewhere_view(Elsewhere::Person), __preload_elsewhere_view;
    TeamsRoute => elsewhere_view(Elsewhere::Teams), __preload_elsewhere_view;
    ProjectsRoute => elsewhere_view(Elsewhere::Projects), __preload_elsewhere_view;
    InvitationsRoute => elsewhere_view(Elsewhere::Invitations), __preload_elsewhere_view;
    AuditLogRoute => elsewhere_view(Elsewhere::AuditLog), __preload_elsewhere_view;
    ProvisioningRoute => elsewhere_view(Elsewhere::Provisioning), __preload_elsewhere_view;
    GeneralRoute => elsewhere_view(Elsewhere::General), __preload_elsewhere_view;
    NewTeamRoute => elsewhere_view(Elsewhere::NewTeam), __preload_elsewhere_view;
    TeamRoute => elsewhere_view(Elsewhere::Team), __preload_elsewhere_view;
    ProjectPeopleRoute => elsewhere_view(Elsewhere::ProjectPeople), __preload_elsewhere_view;
}

/// `part`, created under the calling component once the module of the other pages is there. In
/// the browser that module is asked for at once (a page hydrated from the first module asks for
/// it anyway); on the server, and until then, this is nothing, as a closed modal is.
pub fn once_loaded(part: Elsewhere) -> impl IntoView {
    use leptos::reactive::computed::ScopedFuture;
    let owner = Owner::current().unwrap_or_default();
    // Held until it is drawn, in storage that only the browser creates: a view may not leave its
    // thread, and the server drops what it rendered on any thread.
    let made = RwSignal::new(None::<StoredValue<Option<AnyView>, LocalStorage>>);
    // The effect runs once, in the browser; the part's own signals and effects belong to the
    // calling component, not to this effect.
    Effect::new(move || {
        let made_there = async move {
            let view = elsewhere_view(part).await;
            made.set(Some(StoredValue::new_local(Some(view))));
        };
        owner.with(|| leptos::task::spawn_local(ScopedFuture::new_untracked(made_there)));
    });
    move || {
        made.get()
            .and_then(|view| view.try_update_value(Option::take).flatten())
    }
}

/// Fetches and instantiates the Users tab's module, then the other pages' one, if they are not
/// there yet: signing in leads to the Users tab, and from there anywhere.
#[cfg(feature = "hydrate")]
pub async fn preload_all() {
    __preload_users_view().await;
    __preload_elsewhere_view().await;
}
