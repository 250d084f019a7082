//! The email rows of the Invite to Project and Invite to Teams tabs: one textbox per person, a
//! button that adds another, and each row's error from the server next to it.

use leptos::prelude::*;
use shared::invitations::InviteReport;

/// One email row: a stable key and what was typed.
#[derive(Debug, Clone, Copy)]
pub struct EmailRow {
    pub key: usize,
    pub value: RwSignal<String>,
}

/// The rows of one form, and which rows the last request sent (blank rows are not sent, so the
/// server's row numbers map back to rows through this list).
#[derive(Debug, Clone, Copy)]
pub struct EmailRows {
    pub rows: RwSignal<Vec<EmailRow>>,
    sent: RwSignal<Vec<usize>>,
    next: StoredValue<usize>,
}

impl EmailRows {
    pub fn new() -> EmailRows {
        let rows = EmailRows {
            rows: RwSignal::new(Vec::new()),
            sent: RwSignal::new(Vec::new()),
            next: StoredValue::new(0),
        };
        rows.add();
        rows
    }

    pub fn add(&self) {
        let key = self.next.get_value();
        self.next.set_value(key + 1);
        self.rows.update(|rows| {
            rows.push(EmailRow {
                key,
                value: RwSignal::new(String::new()),
            })
        });
    }

    /// The non-blank emails, remembering which rows they came from.
    pub fn take_for_sending(&self) -> Vec<String> {
        let rows = self.rows.get_untracked();
        let filled: Vec<EmailRow> = rows
            .into_iter()
            .filter(|r| !r.value.get_untracked().trim().is_empty())
            .collect();
        self.sent.set(filled.iter().map(|r| r.key).collect());
        filled.iter().map(|r| r.value.get_untracked()).collect()
    }

    /// Back to one empty row.
    pub fn reset(&self) {
        self.rows.set(Vec::new());
        self.sent.set(Vec::new());
        self.add();
    }

    /// The server's error for the row with `key`, from `report`.
    fn error_for(&self, key: usize, report: &InviteReport) -> Option<String> {
        let index = self.sent.get().iter().position(|k| *k == key)?;
        report.rows.get(index).and_then(|r| r.error.clone())
    }
}

impl Default for EmailRows {
    fn default() -> Self {
        EmailRows::new()
    }
}

#[component]
pub fn EmailList(
    rows: EmailRows,
    /// Distinguishes the inputs' ids between the tabs.
    prefix: &'static str,
    #[prop(into)] report: Signal<Option<InviteReport>>,
) -> impl IntoView {
    let several = move || rows.rows.with(|r| r.len() > 1);
    view! {
        <div class="email-rows">
            <For each=move || rows.rows.get().into_iter().enumerate() key=|(_, row)| row.key let:item>
                {
                    let (index, row) = item;
                    let id = format!("{prefix}-email-{}", row.key);
                    let error_id = format!("{id}-error");
                    let label = move || if several() { format!("Email {}", index + 1) } else { "Email".to_string() };
                    let error = move || report.with(|r| r.as_ref().and_then(|r| rows.error_for(row.key, r)));
                    view! {
                        <div class="field">
                            <label for=id.clone()>{label}</label>
                            <input
                                id=id
                                type="email"
                                autocomplete="off"
                                prop:value=move || row.value.get()
                                on:input=move |ev| row.value.set(event_target_value(&ev))
                                aria-invalid=move || if error().is_some() { "true" } else { "false" }
                                aria-describedby=error_id.clone()
                            />
                            <p class="field-error" id=error_id role="alert">{error}</p>
                        </div>
                    }
                }
            </For>
            <button type="button" class="link-button" on:click=move |_| rows.add()>"Add another user"</button>
        </div>
    }
}
