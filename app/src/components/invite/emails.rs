//! The email rows of the Invite to Project and Invite to Teams tabs: one textbox per person, a
//! button that adds another and one that removes a row, pasting a list ("a@x.com, b@x.com" or one
//! per line) as one row per address, and each row's error next to it — from the browser's own check
//! before sending, or from the server's report.

use crate::navigation::focus_element;
use leptos::prelude::*;
use shared::invitations::{email_errors, split_pasted, InviteReport};

/// One email row: a stable key and what was typed.
#[derive(Debug, Clone, Copy)]
pub struct EmailRow {
    pub key: usize,
    pub value: RwSignal<String>,
}

/// The rows of one form, each row's error, and which rows the last check or request covered
/// (blank rows are not sent, so row numbers in a report map back to rows through this list).
#[derive(Debug, Clone, Copy)]
pub struct EmailRows {
    pub rows: RwSignal<Vec<EmailRow>>,
    errors: RwSignal<Vec<(usize, String)>>,
    sent: RwSignal<Vec<usize>>,
    next: StoredValue<usize>,
}

impl EmailRows {
    pub fn new() -> EmailRows {
        let rows = EmailRows {
            rows: RwSignal::new(Vec::new()),
            errors: RwSignal::new(Vec::new()),
            sent: RwSignal::new(Vec::new()),
            next: StoredValue::new(0),
        };
        rows.add();
        rows
    }

    /// Adds an empty row at the end and returns its key.
    pub fn add(&self) -> usize {
        self.insert_after(None, String::new())
    }

    /// Inserts a row holding `value` after the row with key `after` (at the end for `None`).
    fn insert_after(&self, after: Option<usize>, value: String) -> usize {
        let key = self.next.get_value();
        self.next.set_value(key + 1);
        let row = EmailRow {
            key,
            value: RwSignal::new(value),
        };
        self.rows.update(|rows| {
            let at = after
                .and_then(|after| rows.iter().position(|r| r.key == after))
                .map_or(rows.len(), |i| i + 1);
            rows.insert(at, row);
        });
        key
    }

    /// Removes the row with `key` (the last row stays) and returns the key of the row that takes
    /// its place, or of the row before it.
    pub fn remove(&self, key: usize) -> Option<usize> {
        let mut next = None;
        self.rows.update(|rows| {
            if rows.len() < 2 {
                return;
            }
            if let Some(i) = rows.iter().position(|r| r.key == key) {
                rows.remove(i);
                next = rows.get(i.min(rows.len() - 1)).map(|r| r.key);
            }
        });
        self.errors.update(|e| e.retain(|(k, _)| *k != key));
        next
    }

    /// Puts each address of pasted `text` in a row of its own, starting with the row with `key`
    /// when it is empty. Returns false (and changes nothing) when the text holds one address or
    /// none: then it is pasted as typed text.
    pub fn paste(&self, key: usize, text: &str) -> bool {
        let addresses = split_pasted(text);
        if addresses.len() < 2 {
            return false;
        }
        let current = self
            .rows
            .with_untracked(|rows| rows.iter().find(|r| r.key == key).copied());
        let Some(current) = current else {
            return false;
        };
        let mut addresses = addresses.into_iter();
        let mut last = key;
        if current.value.get_untracked().trim().is_empty() {
            if let Some(first) = addresses.next() {
                current.value.set(first);
            }
        }
        for address in addresses {
            last = self.insert_after(Some(last), address);
        }
        true
    }

    /// The non-blank emails, remembering which rows they came from.
    pub fn take_for_sending(&self) -> Vec<String> {
        let filled: Vec<EmailRow> = self
            .rows
            .get_untracked()
            .into_iter()
            .filter(|r| !r.value.get_untracked().trim().is_empty())
            .collect();
        self.sent.set(filled.iter().map(|r| r.key).collect());
        filled.iter().map(|r| r.value.get_untracked()).collect()
    }

    /// Checks the rows last taken for sending as the server will (a valid address, no row twice)
    /// and shows each row's error. True when every row is fine.
    pub fn check(&self, emails: &[String]) -> bool {
        let errors: Vec<(usize, String)> = self
            .sent
            .get_untracked()
            .into_iter()
            .zip(email_errors(emails))
            .filter_map(|(key, error)| error.map(|e| (key, e)))
            .collect();
        let fine = errors.is_empty();
        self.errors.set(errors);
        fine
    }

    /// Shows the row errors of the server's `report` on the rows they came from.
    pub fn show_report(&self, report: &InviteReport) {
        let sent = self.sent.get_untracked();
        self.errors.set(
            sent.into_iter()
                .zip(&report.rows)
                .filter_map(|(key, row)| row.error.clone().map(|e| (key, e)))
                .collect(),
        );
    }

    /// Back to one empty row.
    pub fn reset(&self) {
        self.rows.set(Vec::new());
        self.sent.set(Vec::new());
        self.errors.set(Vec::new());
        self.add();
    }

    fn error_for(&self, key: usize) -> Option<String> {
        self.errors
            .with(|e| e.iter().find(|(k, _)| *k == key).map(|(_, e)| e.clone()))
    }
}

impl Default for EmailRows {
    fn default() -> Self {
        EmailRows::new()
    }
}

/// The text of a paste, when the browser gives it.
fn pasted_text(ev: &leptos::ev::ClipboardEvent) -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        use web_sys::js_sys::{Function, Reflect};
        let data = Reflect::get(ev.as_ref(), &"clipboardData".into()).ok()?;
        if data.is_null() || data.is_undefined() {
            return None;
        }
        let get = Reflect::get(&data, &"getData".into())
            .ok()?
            .dyn_into::<Function>()
            .ok()?;
        get.call1(&data, &"text/plain".into()).ok()?.as_string()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = ev;
        None
    }
}

#[component]
pub fn EmailList(
    rows: EmailRows,
    /// Distinguishes the inputs' ids between the tabs.
    prefix: &'static str,
) -> impl IntoView {
    let several = move || rows.rows.with(|r| r.len() > 1);
    let input_id = move |key: usize| format!("{prefix}-email-{key}");
    view! {
        <div class="email-rows">
            <For each=move || rows.rows.get() key=|row| row.key let:row>
                {
                    let key = row.key;
                    let id = input_id(key);
                    let error_id = format!("{id}-error");
                    let number = move || rows.rows.with(|r| r.iter().position(|x| x.key == key).unwrap_or(0) + 1);
                    let label = move || if several() { format!("Email {}", number()) } else { "Email".to_string() };
                    let error = move || rows.error_for(key);
                    let on_paste = move |ev: leptos::ev::ClipboardEvent| {
                        if let Some(text) = pasted_text(&ev) {
                            if rows.paste(key, &text) {
                                ev.prevent_default();
                            }
                        }
                    };
                    let remove = move |_| {
                        if let Some(next) = rows.remove(key) {
                            request_animation_frame(move || focus_element(&input_id(next)));
                        }
                    };
                    view! {
                        <div class="field email-row">
                            <label for=id.clone()>{label}</label>
                            <div class="email-input">
                                <input
                                    id=id
                                    type="email"
                                    autocomplete="off"
                                    prop:value=move || row.value.get()
                                    on:input=move |ev| row.value.set(event_target_value(&ev))
                                    on:paste=on_paste
                                    aria-invalid=move || if error().is_some() { "true" } else { "false" }
                                    aria-describedby=error_id.clone()
                                />
                                <Show when=several>
                                    <button
                                        type="button"
                                        class="link-button"
                                        aria-label=move || format!("Remove email {}", number())
                                        on:click=remove
                                    >
                                        "Remove"
                                    </button>
                                </Show>
                            </div>
                            <p class="field-error" id=error_id role="alert">{error}</p>
                        </div>
                    }
                }
            </For>
            <button type="button" class="link-button" on:click=move |_| {
                let key = rows.add();
                request_animation_frame(move || focus_element(&input_id(key)));
            }>"Add another user"</button>
        </div>
    }
}
