//! The Invitations tab: pending invitations with what each grants, who sent it and when it
//! expires, and Resend, Revoke and Copy link for each, 50 a page (the page in the address).
//! Owners and Admins only: the server refuses everyone else, and the tab tells them so. The
//! message above the table always answers the last action asked, never an earlier one.
//!
//! Only a hash of each link's token is stored, so "Copy link" issues a new link (the previous one
//! stops working) and shows it, as "Resend" does by mail with a renewed expiry. Making a new link
//! and revoking ask first; what each action did is said in a notification.
//!
//! Each row says how its latest message went (queued, sent, not mailed, or failed with the mail
//! relay's reason); a failed one has **Retry**, which sends the same message again now.

use crate::api::codec::load;
use crate::api::invitation_links::{
    list_invitations, InvitationLink, ResendInvitation, RetryInvitationMail, RevokeInvitation,
};
use crate::components::confirm::ConfirmDialog;
use crate::components::copy::copy_to_clipboard;
use crate::components::invite::use_invite_dialog;
use crate::components::notices::Notices;
use crate::components::page_title::PageTitle;
use crate::me::use_me;
use crate::paths;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use shared::invitations::{DeliveryStatus, InvitationPage};
use shared::{can, Action, OrgRole};

mod row;

use row::InvitationRow;

/// A row's link shown in full: the row, the link, and what was done with it.
type ShownLink = (i64, String, &'static str);
const LINK_COPIED: &str = "Link copied. The previous link no longer works.";
const LINK_MAILED: &str = "New link mailed. The previous link no longer works.";

/// What was last asked of a row, so the message under the heading comes from that action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Asked {
    Resend,
    Revoke,
    CopyLink,
    Retry,
}

/// The row an action was asked of, which action, and that action's version when it was asked:
/// its answer is the first one after that.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ActedOn {
    id: i64,
    email: String,
    asked: Asked,
    version: usize,
}

#[component]
pub fn InvitationsTab() -> impl IntoView {
    let org_id = crate::me::use_org().arg();
    let resend = ServerAction::<ResendInvitation>::new();
    let revoke = ServerAction::<RevokeInvitation>::new();
    let link = ServerAction::<InvitationLink>::new();
    let retry = ServerAction::<RetryInvitationMail>::new();
    let dialog = use_invite_dialog();
    let dialog_open = move || dialog.map(|d| d.open.get()).unwrap_or(false);
    let params = use_query_map();
    let page = Memo::new(move |_| {
        params.with(|p| {
            p.get("page")
                .and_then(|n| n.parse::<u32>().ok())
                .filter(|n| *n >= 1)
                .unwrap_or(1)
        })
    });
    let invitations = load(
        move || {
            (
                page.get(),
                resend.version().get(),
                revoke.version().get(),
                retry.version().get(),
                dialog_open(),
            )
        },
        move |(page, ..)| list_invitations(org_id, Some(page)),
    );
    let acted_on = RwSignal::new(None::<ActedOn>);
    let copied = RwSignal::new(None::<ShownLink>);
    Effect::new(move |_| {
        if let Some(Ok(url)) = link.value().get() {
            if let Some(acted) = acted_on.get_untracked() {
                if acted.asked == Asked::CopyLink {
                    copy_to_clipboard(&url);
                    copied.set(Some((acted.id, url, LINK_COPIED)));
                }
            }
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(url)) = resend.value().get() {
            if let Some(acted) = acted_on.get_untracked() {
                if acted.asked == Asked::Resend {
                    copied.set(Some((acted.id, url, LINK_MAILED)));
                }
            }
        }
    });
    // The answer to the action asked last, once it has come (an action's version counts its
    // answers, good or bad).
    let answered = move || {
        let acted = acted_on.get()?;
        let (version, answer) = match acted.asked {
            Asked::Resend => (
                resend.version().get(),
                resend.value().get().map(|answer| answer.map(|_| ())),
            ),
            Asked::Revoke => (revoke.version().get(), revoke.value().get()),
            Asked::CopyLink => (
                link.version().get(),
                link.value().get().map(|answer| answer.map(|_| ())),
            ),
            Asked::Retry => (
                retry.version().get(),
                retry.value().get().map(|answer| answer.map(|_| ())),
            ),
        };
        if version <= acted.version {
            return None;
        }
        Some((acted, answer?))
    };
    let status = Memo::new(move |_| match answered()? {
        (acted, Ok(())) => match acted.asked {
            Asked::Resend => Some(format!(
                "Invitation sent again to {}, with a new link.",
                acted.email
            )),
            Asked::Revoke => Some(format!("Invitation for {} revoked.", acted.email)),
            // The link shows in its row.
            Asked::CopyLink => None,
            Asked::Retry => retry.value().get().and_then(Result::ok).map(|delivery| {
                if delivery.status == DeliveryStatus::Sent {
                    format!("Invitation mailed to {}.", acted.email)
                } else {
                    format!("Mail to {}: {}.", acted.email, delivery.summary())
                }
            }),
        },
        (_, Err(_)) => None,
    });
    let notices = Notices::get();
    Effect::new(move |_| {
        if let Some(text) = status.get() {
            notices.done(text);
        }
    });
    let error = move || answered().and_then(|(_, answer)| answer.err().map(|e| e.to_string()));
    let me = use_me();
    let may_act = move || {
        me.with(|m| {
            m.as_ref().is_some_and(|m| {
                can(
                    m.role,
                    Action::Invite {
                        role: OrgRole::Member,
                    },
                )
                .is_ok()
            })
        })
    };
    let act = Callback::new(move |(id, email, asked): (i64, String, Asked)| {
        copied.set(None);
        let version = match asked {
            Asked::Resend => resend.version().get_untracked(),
            Asked::Revoke => revoke.version().get_untracked(),
            Asked::CopyLink => link.version().get_untracked(),
            Asked::Retry => retry.version().get_untracked(),
        };
        acted_on.set(Some(ActedOn {
            id,
            email,
            asked,
            version,
        }));
        match asked {
            Asked::Resend => {
                resend.dispatch(ResendInvitation { org: org_id, id });
            }
            Asked::Revoke => {
                revoke.dispatch(RevokeInvitation { org: org_id, id });
            }
            Asked::CopyLink => {
                link.dispatch(InvitationLink { org: org_id, id });
            }
            Asked::Retry => {
                retry.dispatch(RetryInvitationMail { org: org_id, id });
            }
        }
    });
    // Revoking and making a new link undo something already sent: they ask first.
    let asking = RwSignal::new(None::<(i64, String, Asked)>);
    let ask = Callback::new(
        move |(id, email, asked): (i64, String, Asked)| match asked {
            Asked::Revoke | Asked::CopyLink => asking.set(Some((id, email, asked))),
            Asked::Resend | Asked::Retry => act.run((id, email, asked)),
        },
    );
    let confirm = move || {
        asking.get().map(|(id, email, asked)| {
            let (title, message, label) = if asked == Asked::Revoke {
                (
                    format!("Revoke the invitation for {email}?"),
                    format!("The link sent to {email} stops working. You can invite them again later."),
                    "Revoke invitation",
                )
            } else {
                (
                    format!("Make a new link for {email}?"),
                    format!("Roster keeps only a fingerprint of each link, so it cannot show the one it sent. A new link replaces it: the link already sent to {email} stops working."),
                    "Make new link",
                )
            };
            let e = email.clone();
            view! {
                <ConfirmDialog
                    title
                    message
                    confirm_label=label
                    pending=Signal::derive(|| false)
                    error=Signal::derive(|| None::<String>)
                    on_confirm=Callback::new(move |_| {
                        asking.set(None);
                        act.run((id, e.clone(), asked));
                    })
                    on_cancel=Callback::new(move |_| asking.set(None))
                />
            }
        })
    };
    let rows = move || {
        invitations.get().map(|result| match result {
            Err(error) => view! { <p class="form-error" role="alert">{error.to_string()}</p> }.into_any(),
            Ok(page) if page.invitations.is_empty() => view! {
                <div class="empty">
                    <p><strong>"No pending invitations."</strong></p>
                    <p>"Invitations that wait for an answer show here until they are accepted, revoked or expire."</p>
                </div>
            }
            .into_any(),
            Ok(page) => {
                let list = page.invitations.clone();
                let total = count(page.total);
                view! {
                    <p class="count">{total}</p>
                    <table class="data" aria-label="Pending invitations">
                        <thead>
                            <tr>
                                <th scope="col">"Email"</th>
                                <th scope="col">"Organization role"</th>
                                <th scope="col">"Grants"</th>
                                <th scope="col">"Invited by"</th>
                                <th scope="col">"Sent"</th>
                                <th scope="col">"Expires"</th>
                                <th scope="col">"Mail"</th>
                                <th scope="col"><span class="sr-only">"Actions"</span></th>
                            </tr>
                        </thead>
                        <tbody>
                            // Keyed by invitation, so a refreshed list keeps each row's own elements.
                            <For each=move || list.clone() key=|i| (i.id, i.expires_at, i.delivery.clone()) let:invitation>
                                <InvitationRow invitation act=ask copied />
                            </For>
                        </tbody>
                    </table>
                    <InvitationsPager page />
                }
                .into_any()
            }
        })
    };
    view! {
        <PageTitle page="Invitations" />
        <section class="panel" aria-labelledby="invitations-heading">
            <div class="panel-header">
                <h2 id="invitations-heading">"Invitations"</h2>
            </div>
            <Show when=may_act fallback=|| view! { <p>"Only Owners and Admins can see and manage invitations."</p> }>
                <p class="form-error" role="alert">{error}</p>
                <Transition fallback=|| view! { <p class="loading">"Loading invitations…"</p> }>{rows}</Transition>
            </Show>
            {confirm}
        </section>
    }
}

/// "1 pending invitation", "1,234 pending invitations".
fn count(total: i64) -> String {
    let n = shared::invitations::thousands(total.max(0) as usize);
    if total == 1 {
        format!("{n} pending invitation")
    } else {
        format!("{n} pending invitations")
    }
}

/// Previous and next page under the table; the page lives in the address.
#[component]
fn InvitationsPager(page: InvitationPage) -> impl IntoView {
    let pages = page.pages();
    let number = page.page;
    if pages <= 1 {
        return ().into_any();
    }
    let navigate = use_navigate();
    let invitations = crate::me::org_path(paths::INVITATIONS);
    let to = move |n: u32| {
        let options = NavigateOptions {
            scroll: false,
            ..Default::default()
        };
        navigate(&format!("{invitations}?page={n}"), options);
    };
    let back = to.clone();
    view! {
        <nav class="pager" aria-label="Pages">
            <button type="button" disabled={number <= 1} on:click=move |_| back(number - 1)>"Previous page"</button>
            <span>{format!("Page {number} of {pages}")}</span>
            <button type="button" disabled={number >= pages} on:click=move |_| to(number + 1)>"Next page"</button>
        </nav>
    }
    .into_any()
}
