//! The pages that a first visit to sign-in or to the Users tab does not need, behind one function
//! that the build cuts out into a module of its own (`cargo leptos build --split`, which every
//! build here passes): the browser fetches it once a page of the first module has hydrated, or
//! with the first module when a page of this one is loaded directly. One split point, so that the
//! code these pages share goes into that one module instead of being cut into pieces. The Invite
//! Users modal is there too: the settings layout creates it once that module is there
//! ([`once_loaded`]), before anyone can have opened it on a page that has just hydrated.

use leptos::prelude::*;
use leptos_router::LazyRoute;

/// A page, or a part of one, loaded with the second module.
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

/// The view of `page`; in the browser, its code is in the second module.
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
    ($($route:ident => $page:ident),* $(,)?) => {
        $(
            #[doc = concat!("The route of [`Elsewhere::", stringify!($page), "`].")]
            pub struct $route;

            impl LazyRoute for $route {
                fn data() -> Self {
                    $route
                }

                async fn view(_: Self) -> AnyView {
                    elsewhere_view(Elsewhere::$page).await
                }

                // Loaded before the page hydrates (and before a move to it is drawn), so that
                // the view is there at once when the router asks for it.
                #[cfg(feature = "hydrate")]
                async fn preload() {
                    preload().await;
                }
            }
        )*
    };
}

routes! {
    SetupRoute => Setup,
    AcceptInviteRoute => AcceptInvite,
    SetPasswordRoute => SetPassword,
    NewOrgRoute => NewOrg,
    PersonRoute => Person,
    TeamsRoute => Teams,
    ProjectsRoute => Projects,
    InvitationsRoute => Invitations,
    AuditLogRoute => AuditLog,
    ProvisioningRoute => Provisioning,
    GeneralRoute => General,
    NewTeamRoute => NewTeam,
    TeamRoute => Team,
    ProjectPeopleRoute => ProjectPeople,
}

/// `part`, created under the calling component once the second module is there. In the browser
/// the module is asked for at once (a page hydrated from the first module asks for it anyway); on
/// the server, and until then, this is nothing, as a closed modal is.
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

/// Fetches and instantiates the second module, if it is not there yet.
#[cfg(feature = "hydrate")]
pub async fn preload() {
    __preload_elsewhere_view().await;
}
