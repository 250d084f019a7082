//! Notifications: one short message for every completed change, naming what changed ("Ana Analyst
//! is now an Admin."), shown in a corner of the screen and gone after a few seconds. A change with
//! an inverse offers **Undo** while its message shows. Messages are read out politely by screen
//! readers (`role="status"`); failures interrupt (`role="alert"`) and stay until dismissed.
//!
//! The settings layout provides one [`Notices`] for every page under it, so a message outlives the
//! page that raised it (removing a person shows the Users tab with the message). An Undo calls its
//! server function itself, not through the page's action, and then counts [`Notices::undone`] up:
//! pages whose data an Undo can change read that count, and load again.

use leptos::prelude::*;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

/// How long a message stays, and one with Undo (the time to change one's mind).
const SHOWN: Duration = Duration::from_secs(6);
const SHOWN_WITH_UNDO: Duration = Duration::from_secs(10);

/// What Undo does: the inverse change, answering the message to show once it is done.
pub type UndoFn =
    Arc<dyn Fn() -> Pin<Box<dyn Future<Output = Result<String, String>>>> + Send + Sync>;

#[derive(Clone)]
struct Notice {
    id: u64,
    text: String,
    alert: bool,
    undo: Option<UndoFn>,
}

/// The messages on screen, shared by every page of the settings layout.
#[derive(Clone, Copy)]
pub struct Notices {
    list: RwSignal<Vec<Notice>>,
    next: RwSignal<u64>,
    /// Held while the pointer or the focus is on the messages: none goes away meanwhile.
    held: RwSignal<bool>,
    undone: RwSignal<usize>,
}

impl Notices {
    /// Provides the notices for everything under the calling component and returns them.
    pub fn provide() -> Self {
        let notices = Notices {
            list: RwSignal::new(Vec::new()),
            next: RwSignal::new(0),
            held: RwSignal::new(false),
            undone: RwSignal::new(0),
        };
        provide_context(notices);
        notices
    }

    /// The notices of the settings layout. Outside it (and on the server), notices that nobody
    /// shows: pages still work.
    pub fn get() -> Self {
        use_context::<Notices>().unwrap_or_else(|| Notices {
            list: RwSignal::new(Vec::new()),
            next: RwSignal::new(0),
            held: RwSignal::new(false),
            undone: RwSignal::new(0),
        })
    }

    /// How many changes were undone: pages that show what an Undo changes read this and load again.
    pub fn undone(&self) -> usize {
        self.undone.get()
    }

    /// Says that a change is done.
    pub fn done(&self, text: impl Into<String>) {
        self.push(text.into(), false, None);
    }

    /// Says that a change is done and offers to undo it.
    pub fn done_with_undo(&self, text: impl Into<String>, undo: UndoFn) {
        self.push(text.into(), false, Some(undo));
    }

    /// Says that something failed; the message stays until it is dismissed.
    pub fn failed(&self, text: impl Into<String>) {
        self.push(text.into(), true, None);
    }

    fn push(&self, text: String, alert: bool, undo: Option<UndoFn>) {
        let id = self.next.get_untracked();
        self.next.set(id + 1);
        let lasts = undo.is_some();
        self.list.update(|list| {
            // A message replaces an earlier one with the same words (the same change made twice).
            list.retain(|n| n.text != text);
            list.push(Notice {
                id,
                text,
                alert,
                undo,
            });
            // A handful at most: the oldest go first.
            let extra = list.len().saturating_sub(4);
            list.drain(..extra);
        });
        if !alert {
            self.dismiss_later(id, if lasts { SHOWN_WITH_UNDO } else { SHOWN });
        }
    }

    fn dismiss_later(&self, id: u64, after: Duration) {
        let notices = *self;
        set_timeout(
            move || {
                if notices.held.get_untracked() {
                    notices.dismiss_later(id, SHOWN);
                } else {
                    notices.dismiss(id);
                }
            },
            after,
        );
    }

    fn dismiss(&self, id: u64) {
        self.list.update(|list| list.retain(|n| n.id != id));
    }

    fn undo(&self, id: u64) {
        let Some(undo) = self.list.with_untracked(|list| {
            list.iter()
                .find(|n| n.id == id)
                .and_then(|n| n.undo.clone())
        }) else {
            return;
        };
        self.dismiss(id);
        let notices = *self;
        leptos::task::spawn_local(async move {
            match undo().await {
                Ok(text) => {
                    notices.undone.update(|n| *n += 1);
                    notices.done(text);
                }
                Err(error) => notices.failed(format!("Could not undo: {error}")),
            }
        });
    }
}

/// The messages' place on screen: two live regions that are always there (a screen reader only
/// reads out what is added to a region it already knows).
#[component]
pub fn NoticeArea() -> impl IntoView {
    let notices = Notices::get();
    let shown = move |alert: bool| {
        notices.list.with(|list| {
            list.iter()
                .filter(|n| n.alert == alert)
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let item = move |notice: Notice| {
        let id = notice.id;
        let undo = notice.undo.is_some().then(|| {
            view! {
                <button type="button" class="notice-undo" on:click=move |_| notices.undo(id)>"Undo"</button>
            }
        });
        view! {
            <div class="toast" class:toast-error=notice.alert>
                <span class="toast-text">{notice.text}</span>
                {undo}
                <button type="button" class="toast-close" aria-label="Dismiss" on:click=move |_| notices.dismiss(id)>
                    "×"
                </button>
            </div>
        }
    };
    view! {
        <div
            class="toasts"
            on:mouseenter=move |_| notices.held.set(true)
            on:mouseleave=move |_| notices.held.set(false)
            on:focusin=move |_| notices.held.set(true)
            on:focusout=move |_| notices.held.set(false)
        >
            <div role="alert" class="toast-region">
                <For each=move || shown(true) key=|n| n.id children=item />
            </div>
            <div role="status" aria-live="polite" class="toast-region">
                <For each=move || shown(false) key=|n| n.id children=item />
            </div>
        </div>
    }
}

/// An Undo from a server function's future: its error is said in words.
pub fn undo_with<F, Fut>(run: F) -> UndoFn
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<String, shared::AppError>> + 'static,
{
    Arc::new(
        move || -> Pin<Box<dyn Future<Output = Result<String, String>>>> {
            let fut = run();
            Box::pin(async move { fut.await.map_err(|e| e.to_string()) })
        },
    )
}

/// What to say once a change is done, and its Undo if it has one.
pub struct Said {
    pub text: String,
    pub undo: Option<UndoFn>,
}

impl Said {
    pub fn text(text: impl Into<String>) -> Self {
        Said {
            text: text.into(),
            undo: None,
        }
    }

    pub fn with_undo(text: impl Into<String>, undo: UndoFn) -> Self {
        Said {
            text: text.into(),
            undo: Some(undo),
        }
    }

    /// Says this once the change is done, whatever the answer (for [`announce`]).
    pub fn when_done<O>(self) -> Option<WhenDone<O>> {
        Some(Box::new(move |_| Some(self)))
    }
}

/// What a change asked will say when it is done, worked out when it is asked (while the page
/// still shows what it changes, such as the role it replaces); `None` says nothing.
pub type WhenDone<O> = Box<dyn FnOnce(&O) -> Option<Said> + Send + Sync>;

/// Says what each completed call of `action` did: `on_ask` sees the input when the call is made,
/// and what it returns is given the answer once it has come. Failures are not said here: they
/// show at the field that caused them.
pub fn announce<S, O>(action: ServerAction<S>, on_ask: impl Fn(&S) -> Option<WhenDone<O>> + 'static)
where
    S: leptos::server_fn::ServerFn<Output = O, Error = shared::AppError>
        + Clone
        + Send
        + Sync
        + 'static,
    O: Clone + Send + Sync + 'static,
{
    let notices = Notices::get();
    let pending = StoredValue::new(None::<WhenDone<O>>);
    Effect::new(move |_| {
        if let Some(input) = action.input().get() {
            pending.set_value(on_ask(&input));
        }
    });
    Effect::new(move |seen: Option<usize>| {
        let version = action.version().get();
        if seen.is_some_and(|seen| seen != version) {
            let answer = action.value().get_untracked();
            let when_done = pending.try_update_value(Option::take).flatten();
            if let (Some(Ok(output)), Some(when_done)) = (answer, when_done) {
                if let Some(said) = when_done(&output) {
                    match said.undo {
                        Some(undo) => notices.done_with_undo(said.text, undo),
                        None => notices.done(said.text),
                    }
                }
            }
        }
        version
    });
}
