//! What a tab says after "Send invitations": how many were sent, or why nothing was.

use leptos::prelude::*;
use shared::invitations::InviteReport;
use shared::words::people_count;
use shared::AppError;

/// The announcement for the latest result of a send.
pub fn announcement(result: Option<&Result<InviteReport, AppError>>) -> Option<(bool, String)> {
    match result? {
        Ok(report) if report.sent => {
            let n = report.rows.len() as i64;
            Some((
                true,
                format!(
                    "Invitation{} sent to {}.",
                    if n == 1 { "" } else { "s" },
                    people_count(n)
                ),
            ))
        }
        Ok(report) => {
            let n = report.errors();
            Some((
                false,
                format!(
                    "Nothing was sent: {n} row{} need{} attention.",
                    if n == 1 { "" } else { "s" },
                    if n == 1 { "s" } else { "" }
                ),
            ))
        }
        Err(error) => Some((false, error.to_string())),
    }
}

/// The message to show at `field`: what the browser found before sending (`problems`), or else
/// what the server answered (`result`).
pub fn error_at(
    problems: RwSignal<Vec<AppError>>,
    result: impl With<Value = Option<Result<InviteReport, AppError>>> + Copy + 'static,
    field: &'static str,
) -> impl Fn() -> Option<String> + Copy {
    move || {
        problems
            .with(|p| p.iter().find_map(|e| e.for_field(field)))
            .or_else(|| {
                result.with(|r| {
                    r.as_ref()
                        .and_then(|r| r.as_ref().err())
                        .and_then(|e| e.for_field(field))
                })
            })
    }
}

/// Shows the announcement of `result`: a status when it went well, an alert when it did not.
/// With `fields_shown`, an error about one field is left to that field, so it shows once.
#[component]
pub fn Outcome(
    #[prop(into)] result: Signal<Option<Result<InviteReport, AppError>>>,
    #[prop(optional)] fields_shown: bool,
) -> impl IntoView {
    // A send that wrote invitations is counted (not the result already there when this renders).
    let dialog = super::use_invite_dialog();
    Effect::new(move |seen: Option<()>| {
        let sent = result.with(|r| matches!(r, Some(Ok(report)) if report.sent));
        if let (Some(_), true, Some(dialog)) = (seen, sent, dialog) {
            dialog.sent.update(|n| *n += 1);
        }
    });
    let links = move || {
        result.with(|r| match r {
            Some(Ok(report)) if report.sent => report
                .rows
                .iter()
                .filter_map(|row| Some((row.email.clone(), row.link.clone()?)))
                .collect::<Vec<_>>(),
            _ => Vec::new(),
        })
    };
    view! {
        {move || {
            result
                .with(|r| match r {
                    Some(Err(error)) if fields_shown && error.for_form().is_none() => None,
                    r => announcement(r.as_ref()),
                })
                .map(|(ok, message)| {
                    if ok {
                        view! { <p class="form-success" role="status">{message}</p> }.into_any()
                    } else {
                        view! { <p class="form-error" role="alert">{message}</p> }.into_any()
                    }
                })
        }}
        {move || {
            let links = links();
            (!links.is_empty()).then(|| view! { <SentLinks links /> })
        }}
    }
}

/// The links of the invitations just written, in full, for the person who invited to pass on
/// themselves. Roster keeps only each link's hash, so this is the one time they are shown; a
/// long list starts folded.
#[component]
fn SentLinks(links: Vec<(String, String)>) -> impl IntoView {
    let open = links.len() <= 10;
    view! {
        <details class="sent-links" open=open>
            <summary>"Invitation links (shown once; each was also mailed)"</summary>
            <ul>
                {links
                    .into_iter()
                    .map(|(email, link)| {
                        let label = format!("Invitation link for {email}");
                        view! {
                            <li>
                                <span>{email}</span>
                                <input type="text" readonly=true aria-label=label prop:value=link />
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </details>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::invitations::RowReport;

    fn report(errors: &[bool], sent: bool) -> InviteReport {
        InviteReport {
            rows: errors
                .iter()
                .enumerate()
                .map(|(i, e)| RowReport {
                    row: i + 1,
                    email: String::new(),
                    org_role: String::new(),
                    projects: String::new(),
                    project_role: String::new(),
                    teams: String::new(),
                    error: e.then(|| "bad".to_string()),
                    link: None,
                })
                .collect(),
            sent,
        }
    }

    #[test]
    fn counts_read_naturally() {
        assert_eq!(
            announcement(Some(&Ok(report(&[false], true)))),
            Some((true, "Invitation sent to 1 person.".into()))
        );
        assert_eq!(
            announcement(Some(&Ok(report(&[false, false], true)))),
            Some((true, "Invitations sent to 2 people.".into()))
        );
        assert_eq!(
            announcement(Some(&Ok(report(&[true, false, true], false)))),
            Some((false, "Nothing was sent: 2 rows need attention.".into()))
        );
        assert_eq!(announcement(None), None);
    }
}
