//! The signals that stop the server: SIGTERM (what a service manager or a container runtime
//! sends) and Ctrl-C (SIGINT). Their handlers are installed before the server listens, so a
//! signal that arrives while it starts stops it gracefully too, instead of killing it.
//!
//! What stopping means is `main`'s order of things: stop accepting and finish the requests in
//! flight (`connections::serve`), then wait for mail being delivered, then close the database,
//! all within `ROSTER_SHUTDOWN_SECONDS`.

#[cfg(unix)]
use tokio::signal::unix::{signal, Signal, SignalKind};

/// The stop signals, listened for from the moment [`Signals::listen`] returns.
pub struct Signals {
    #[cfg(unix)]
    terminate: Signal,
    #[cfg(unix)]
    interrupt: Signal,
}

impl Signals {
    /// Installs the handlers for SIGTERM and Ctrl-C.
    pub fn listen() -> Result<Signals, String> {
        #[cfg(unix)]
        {
            let install = |kind: SignalKind, name: &str| {
                signal(kind).map_err(|e| format!("cannot listen for {name}: {e}"))
            };
            Ok(Signals {
                terminate: install(SignalKind::terminate(), "SIGTERM")?,
                interrupt: install(SignalKind::interrupt(), "Ctrl-C")?,
            })
        }
        #[cfg(not(unix))]
        Ok(Signals {})
    }

    /// Completes when SIGTERM or Ctrl-C arrives, and logs which.
    pub async fn requested(self) {
        #[cfg(unix)]
        let which = {
            let Signals {
                mut terminate,
                mut interrupt,
            } = self;
            tokio::select! {
                _ = terminate.recv() => "SIGTERM",
                _ = interrupt.recv() => "Ctrl-C",
            }
        };
        #[cfg(not(unix))]
        let which = {
            let _ = tokio::signal::ctrl_c().await;
            "Ctrl-C"
        };
        tracing::info!("{which}: no new connections; finishing the requests in flight");
    }
}
