//! The page of an invitation link, /invite/<token>: who invites whom to which organization, then
//! a form to join (name and password for a new person, the password for an existing account).
//! A link that cannot be used gets a page that says why.

use crate::api::acceptance::{get_invitation, AcceptInvitation};
use crate::components::field::{field_error, form_error, Field};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use shared::invitations::InvitationLanding;

#[component]
pub fn AcceptInvitePage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.with(|p| p.get("token").unwrap_or_default());
    let landing = Resource::new(token, get_invitation);
    let accept = ServerAction::<AcceptInvitation>::new();
    let value = accept.value();
    Effect::new(move |_| {
        if matches!(value.get(), Some(Ok(()))) {
            crate::reload_to("/settings/users");
        }
    });
    view! {
        <Title text="Invitation · Roster" />
        <main class="centered">
            <div class="card">
                <Suspense fallback=|| view! { <p class="loading">"Loading the invitation…"</p> }>
                    {move || Suspend::new(async move {
                        match landing.await {
                            Ok(InvitationLanding::Open { org_name, invited_by, email, org_role, has_account, .. }) => {
                                let join = format!("Join {org_name}");
                                let who = invited_by.unwrap_or_else(|| "Someone".into());
                                view! {
                                    <h1>{join.clone()}</h1>
                                    <p class="lead">{format!("{who} invited you to join {org_name} on Roster as {}.", org_role.label())}</p>
                                    <dl class="invited-email">
                                        <dt>"Email"</dt>
                                        <dd>{email}</dd>
                                    </dl>
                                    <ActionForm action=accept>
                                        <input type="hidden" name="token" value=token() />
                                        {if has_account {
                                            view! {
                                                <p>"You already have a Roster account with this email. Enter its password to join."</p>
                                                <Field label="Password" name="password" kind="password" autocomplete="current-password" error=field_error(value, "password") autofocus=true />
                                            }.into_any()
                                        } else {
                                            view! {
                                                <Field label="Your name" name="name" autocomplete="name" error=field_error(value, "name") autofocus=true />
                                                <Field label="Password" name="password" kind="password" autocomplete="new-password" error=field_error(value, "password") />
                                                <p class="hint">"At least 8 characters."</p>
                                            }.into_any()
                                        }}
                                        <p class="form-error" role="alert">{move || form_error(value).get().or_else(|| field_error(value, "email").get())}</p>
                                        <button type="submit" class="primary" disabled=move || accept.pending().get()>{join}</button>
                                    </ActionForm>
                                }
                                .into_any()
                            }
                            Ok(InvitationLanding::Closed { reason }) => view! {
                                <h1>"This invitation link is no longer valid"</h1>
                                <p>{reason}</p>
                                <a href="/sign-in">"Go to sign in"</a>
                            }
                            .into_any(),
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
