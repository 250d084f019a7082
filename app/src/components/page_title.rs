//! The browser tab's title for a settings page: the page's own name first, then where it sits,
//! then the organization's name and "Roster" ("Ada Lovelace · Users · Acme · Roster").

use crate::me::use_me;
use leptos::prelude::*;
use leptos_meta::Title;

/// Sets the document title to `page`, then the organization's name, then "Roster". `page` may
/// name several levels, most specific first ("Ada Lovelace · Users").
#[component]
pub fn PageTitle(#[prop(into)] page: String) -> impl IntoView {
    // Read once, without following the session: a page is created once its session has loaded,
    // and a refetch of the session (after a change of one's own role) must not re-run the title.
    let org = use_me().with_untracked(|m| m.as_ref().map(|m| m.org_name.clone()));
    let text = match org {
        Some(org) => format!("{page} · {org} · Roster"),
        None => format!("{page} · Roster"),
    };
    view! { <Title text=text /> }
}
