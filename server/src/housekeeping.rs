//! The background task `serve` starts: every `ROSTER_PURGE_MINUTES` (and once at start) it
//! deletes the rows nothing will read again (`store::maintenance::purge`). A round that fails
//! is logged and tried again at the next one. When several processes share the database, one
//! of them does the rounds: the one holding the housekeeping lease, which it renews at each
//! round; another takes it over once it has not been renewed for a whole interval.

use roster_core::config::Config;
use roster_core::store::{self, maintenance, Db};
use tokio::task::JoinHandle;
use tokio::time::MissedTickBehavior;

/// The name of the housekeeping round's lease.
const LEASE: &str = "housekeeping";

/// Starts the housekeeping task; abort the handle to stop it (a round cut short leaves its
/// last statement undone, nothing half-deleted).
pub fn spawn(db: Db, config: &Config) -> JoinHandle<()> {
    let lifetimes = config.session_lifetimes();
    let invitation_ttl = config.invitation_ttl;
    let failure_window = config.failure_window;
    let lease = i64::try_from(config.purge_interval.as_secs()).unwrap_or(i64::MAX);
    let mut every = tokio::time::interval(config.purge_interval);
    every.set_missed_tick_behavior(MissedTickBehavior::Delay);
    tokio::spawn(async move {
        loop {
            every.tick().await;
            match maintenance::take_lease(&db, LEASE, store::this_process(), lease).await {
                Ok(true) => {}
                Ok(false) => {
                    tracing::debug!("housekeeping: another process holds the round");
                    continue;
                }
                Err(error) => {
                    tracing::error!(?error, "housekeeping: could not take the round's lease");
                    continue;
                }
            }
            match maintenance::purge(&db, lifetimes, invitation_ttl, failure_window).await {
                Ok(purged) if purged.any() => tracing::info!(
                    sessions = purged.sessions,
                    password_links = purged.password_links,
                    replaced_invitation_links = purged.replaced_links,
                    deleted_organizations = purged.deleted_orgs,
                    password_failures = purged.password_failures,
                    "housekeeping: expired rows deleted"
                ),
                Ok(_) => tracing::debug!("housekeeping: nothing expired"),
                Err(error) => tracing::error!(?error, "housekeeping failed; trying again later"),
            }
        }
    })
}
