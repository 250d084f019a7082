//! The page of an invitation link, /invite/<token>: who invites whom to which organization, then
//! one form to join — a name and a password; an existing account's password joins with that
//! account — that reads the same whether or not the email has an account. Someone signed in is
//! told whose invitation it is and as whom they are signed in: the invited person joins in one
//! click, anyone else is offered to sign out first. A link that cannot be used (used, replaced,
//! revoked, expired) gets a page that says which.

use crate::api::acceptance::{get_invitation, AcceptInvitation};
use crate::api::codec::load;
use crate::api::session::SignOut;
use crate::components::field::{field_error, form_error, Field};
use crate::paths;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_location, use_params_map};
use shared::invitations::wire::SignedInAs;
use shared::invitations::InvitationLanding;

#[component]
pub fn AcceptInvitePage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.with(|p| p.get("token").unwrap_or_default());
    let landing = load(token, get_invitation);
    let accept = ServerAction::<AcceptInvitation>::new();
    let value = accept.value();
    Effect::new(move |_| {
        if matches!(value.get(), Some(Ok(()))) {
            crate::navigation::reload_to(paths::HOME);
        }
    });
    // Signing out first draws this page again, for nobody signed in.
    let sign_out = ServerAction::<SignOut>::new();
    let location = use_location();
    Effect::new(move |_| {
        if matches!(sign_out.value().get(), Some(Ok(()))) {
            crate::navigation::reload_to(&location.pathname.get_untracked());
        }
    });
    view! {
        <Title text="Invitation · Roster" />
        <main class="centered">
            <div class="card">
                <Suspense fallback=|| view! { <p class="loading">"Loading the invitation…"</p> }>
                    {move || Suspend::new(async move {
                        match landing.await {
                            Ok(InvitationLanding::Open { org_name, invited_by, email, org_role, signed_in, .. }) => {
                                let join = format!("Join {org_name}");
                                let who = invited_by.unwrap_or_else(|| "Someone".into());
                                let lead = format!("{who} invited {email} to join {org_name} on Roster as {}.", org_role.label());
                                let form = match signed_in {
                                    Some(me) if me.is_invitee => view! {
                                        <p>{format!("You are signed in as {} ({}), the person invited.", me.name, me.email)}</p>
                                        <ActionForm action=accept>
                                            <input type="hidden" name="token" value=token() />
                                            <input type="hidden" name="password" value="" />
                                            <p class="form-error" role="alert">{move || form_error(value).get()}</p>
                                            <button type="submit" class="primary" disabled=move || accept.pending().get()>{join}</button>
                                        </ActionForm>
                                    }
                                    .into_any(),
                                    Some(me) => view! { <SomeoneElse me email=email.clone() sign_out /> }.into_any(),
                                    None => view! {
                                        <ActionForm action=accept>
                                            <input type="hidden" name="token" value=token() />
                                            <Field label="Your name" name="name" autocomplete="name" error=field_error(value, "name") autofocus=true />
                                            <Field label="Password" name="password" kind="password" autocomplete="new-password" error=field_error(value, "password") />
                                            <p class="hint">"New to Roster? Choose a password of at least 8 characters. Already have a Roster account with this email? Enter its password to join with it."</p>
                                            <p class="form-error" role="alert">{move || form_error(value).get()}</p>
                                            <button type="submit" class="primary" disabled=move || accept.pending().get()>{join}</button>
                                        </ActionForm>
                                    }
                                    .into_any(),
                                };
                                view! {
                                    <h1>{format!("Join {org_name}")}</h1>
                                    <p class="lead">{lead}</p>
                                    <dl class="invited-email">
                                        <dt>"Invitation for"</dt>
                                        <dd>{email}</dd>
                                    </dl>
                                    {form}
                                }
                                .into_any()
                            }
                            Ok(InvitationLanding::Closed { reason, signed_in }) => {
                                let next = match signed_in {
                                    Some(me) => view! {
                                        <p>{format!("You are signed in as {} ({}).", me.name, me.email)}</p>
                                        <a href=paths::HOME rel="external">"Go to Roster"</a>
                                    }
                                    .into_any(),
                                    None => view! { <a href=paths::SIGN_IN>"Go to sign in"</a> }.into_any(),
                                };
                                view! {
                                    <h1>"This invitation link is no longer valid"</h1>
                                    <p role="alert">{reason}</p>
                                    {next}
                                }
                                .into_any()
                            }
                            Err(error) => view! {
                                <h1>"This invitation could not be opened"</h1>
                                <p role="alert">{error.to_string()}</p>
                            }
                            .into_any(),
                        }
                    })}
                </Suspense>
            </div>
        </main>
    }
}

/// The link was opened by someone signed in as another person: say so, and offer to sign out.
#[component]
fn SomeoneElse(me: SignedInAs, email: String, sign_out: ServerAction<SignOut>) -> impl IntoView {
    view! {
        <div class="notice" role="status">
            <p>
                {format!(
                    "This invitation is for {email}, but you are signed in as {} ({}).",
                    me.name, me.email
                )}
            </p>
            <p>"To accept it, sign out first. Accepting never replaces who is signed in here without asking."</p>
        </div>
        // A form, so that it works before the page has hydrated too: the server then sends the
        // browser back here, signed out.
        <ActionForm action=sign_out>
            <button type="submit" class="primary" disabled=move || sign_out.pending().get()>
                "Sign out and continue"
            </button>
        </ActionForm>
        <a href=paths::HOME rel="external">"Stay signed in and go to Roster"</a>
    }
}
