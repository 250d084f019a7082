//! The Bulk Invite tab: a CSV file (or pasted text), a downloadable template, a preview of every
//! row with its error, and "Send invitations" once every row is valid, which writes all rows at
//! once or none.

use super::outcome::Outcome;
use crate::api::invitations::{BulkInvite, PreviewBulkInvite};
use crate::components::field::{field_error, form_error};
use leptos::prelude::*;
use shared::invitations::{InviteReport, CSV_TEMPLATE, MAX_ROWS};

/// The template as a `data:` address, so it downloads without a round trip.
fn template_href() -> String {
    let encoded: String = CSV_TEMPLATE
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'@' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect();
    format!("data:text/csv;charset=utf-8,{encoded}")
}

#[component]
pub fn BulkTab() -> impl IntoView {
    let org_id = crate::me::use_org().arg();
    let text = RwSignal::new(String::new());
    let preview = ServerAction::<PreviewBulkInvite>::new();
    let send = ServerAction::<BulkInvite>::new();
    // The text the shown preview was made from: sending needs an up-to-date, error-free preview.
    let previewed = RwSignal::new(None::<String>);
    let shown = RwSignal::new(None::<InviteReport>);
    Effect::new(move |_| {
        if let Some(result) = preview.value().get() {
            shown.set(result.ok());
        }
    });
    Effect::new(move |_| match send.value().get() {
        Some(Ok(report)) if report.sent => {
            shown.set(None);
            previewed.set(None);
            text.set(String::new());
        }
        Some(Ok(report)) => shown.set(Some(report)),
        _ => {}
    });
    let ready = move || {
        previewed.get().as_deref() == Some(text.get().as_str())
            && shown.with(|r| {
                r.as_ref()
                    .is_some_and(|r| r.errors() == 0 && !r.rows.is_empty())
            })
    };
    let on_preview = move |_| {
        send.value().set(None);
        previewed.set(Some(text.get_untracked()));
        preview.dispatch(PreviewBulkInvite {
            org: org_id,
            csv: text.get_untracked(),
        });
    };
    let on_send = move |_| {
        send.dispatch(BulkInvite {
            org: org_id,
            csv: text.get_untracked(),
        });
    };
    let csv_error = move || {
        field_error(preview.value(), "csv")
            .get()
            .or_else(|| form_error(preview.value()).get())
            .or_else(|| field_error(send.value(), "csv").get())
    };
    view! {
        <div class="bulk">
            <p class="hint">
                {format!("One row per person, up to {MAX_ROWS} rows. Columns: email, org_role, projects, project_role, teams; separate several projects or teams with “;”.")}
            </p>
            <a href=template_href() download="roster-invitations.csv">"Download CSV template"</a>
            <div class="field">
                <label for="bulk-file">"CSV file"</label>
                <input id="bulk-file" type="file" accept=".csv,text/csv" on:change=move |ev| read_file(ev, text) />
            </div>
            <div class="field">
                <label for="bulk-text">"CSV text"</label>
                <textarea id="bulk-text" rows="6" aria-describedby="bulk-error"
                    prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))
                ></textarea>
                <p class="field-error" id="bulk-error" role="alert">{csv_error}</p>
            </div>
            <div class="dialog-actions">
                <button type="button" on:click=on_preview disabled=move || preview.pending().get() || text.with(|t| t.trim().is_empty())>"Preview"</button>
                <button type="button" class="primary" on:click=on_send disabled=move || !ready() || send.pending().get()>"Send invitations"</button>
            </div>
            <Outcome result=send.value() />
            {move || shown.get().map(|report| view! { <PreviewTable report /> })}
        </div>
    }
}

#[component]
fn PreviewTable(report: InviteReport) -> impl IntoView {
    let errors = report.errors();
    let summary = if errors == 0 {
        match report.rows.len() {
            1 => "The row is ready to send.".to_string(),
            n => format!("All {n} rows are ready to send."),
        }
    } else {
        format!(
            "{errors} of {} rows have errors. Fix them in the file and preview again.",
            report.rows.len()
        )
    };
    view! {
        <p class="count" role="status">{summary}</p>
        // Four columns that wrap, in the dialog's own scroll: every status reads in full
        // without scrolling sideways.
        <table class="data bulk-preview" aria-label="Preview">
            <colgroup>
                <col class="bulk-preview-row" />
                <col class="bulk-preview-email" />
                <col class="bulk-preview-access" />
                <col class="bulk-preview-status" />
            </colgroup>
            <thead>
                <tr>
                    <th scope="col">"Row"</th>
                    <th scope="col">"Email"</th>
                    <th scope="col">"Invited as"</th>
                    <th scope="col">"Status"</th>
                </tr>
            </thead>
            <tbody>
                {report
                    .rows
                    .into_iter()
                    .map(|row| {
                        let failed = row.error.is_some();
                        let role = if row.org_role.trim().is_empty() {
                            "Member".to_string()
                        } else {
                            row.org_role.clone()
                        };
                        let projects = (!row.projects.trim().is_empty()).then(|| {
                            let role = if row.project_role.trim().is_empty() {
                                String::new()
                            } else {
                                format!(" ({})", row.project_role.trim())
                            };
                            view! { <span class="bulk-preview-grants">{format!("Projects: {}{role}", row.projects)}</span> }
                        });
                        let teams = (!row.teams.trim().is_empty()).then(|| {
                            view! { <span class="bulk-preview-grants">{format!("Teams: {}", row.teams)}</span> }
                        });
                        view! {
                            <tr class:row-error=failed>
                                <td>{row.row}</td>
                                <td>{row.email}</td>
                                <td><span>{role}</span>{projects}{teams}</td>
                                <td>{row.error.unwrap_or_else(|| "Ready".into())}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

/// Reads the chosen file into `text` (in the browser; the server only ever sees the text).
fn read_file(ev: leptos::ev::Event, text: RwSignal<String>) {
    #[cfg(feature = "hydrate")]
    {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        if let Some(file) = input.files().and_then(|files| files.get(0)) {
            let promise = file.text();
            leptos::task::spawn_local(async move {
                if let Ok(value) = wasm_bindgen_futures::JsFuture::from(promise).await {
                    if let Some(content) = value.as_string() {
                        text.set(content);
                    }
                }
            });
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (ev, text);
}
