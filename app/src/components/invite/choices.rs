//! The checkboxes of the Invite to Project and Invite to Teams tabs: one per project or team, and
//! the ids ticked among them.

use leptos::prelude::*;
use shared::AppError;

/// One checkbox per `(id, name)` of `loaded`, ticked when its id is in `chosen`; `empty` says what
/// to do when there is nothing to choose.
pub fn choice_list(
    loaded: Result<Vec<(i64, String)>, AppError>,
    chosen: RwSignal<Vec<i64>>,
    empty: &'static str,
) -> AnyView {
    match loaded {
        Err(error) => {
            view! { <p class="form-error" role="alert">{error.to_string()}</p> }.into_any()
        }
        Ok(list) if list.is_empty() => view! { <p class="hint">{empty}</p> }.into_any(),
        Ok(list) => list
            .into_iter()
            .map(|(id, name)| {
                view! {
                    <label class="check">
                        <input type="checkbox"
                            prop:checked=move || chosen.with(|c| c.contains(&id))
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                chosen.update(|c| {
                                    c.retain(|x| *x != id);
                                    if on { c.push(id); }
                                });
                            }
                        />
                        {name}
                    </label>
                }
            })
            .collect_view()
            .into_any(),
    }
}
