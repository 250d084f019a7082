//! The background task `serve` starts: every `ROSTER_PURGE_MINUTES` (and once at start) it
//! deletes the rows nothing will read again (`store::maintenance::purge`). A round that fails
//! is logged and tried again at the next one.

use roster_core::config::Config;
use roster_core::store::{maintenance, Db};
use tokio::task::JoinHandle;
use tokio::time::MissedTickBehavior;

/// Starts the housekeeping task; abort the handle to stop it (a round cut short leaves its
/// last statement undone, nothing half-deleted).
pub fn spawn(db: Db, config: &Config) -> JoinHandle<()> {
    let lifetimes = config.session_lifetimes();
    let invitation_ttl = config.invitation_ttl;
    let mut every = tokio::time::interval(config.purge_interval);
    every.set_missed_tick_behavior(MissedTickBehavior::Delay);
    tokio::spawn(async move {
        loop {
            every.tick().await;
            match maintenance::purge(&db, lifetimes, invitation_ttl).await {
                Ok(purged) if purged.any() => tracing::info!(
                    sessions = purged.sessions,
                    password_links = purged.password_links,
                    replaced_invitation_links = purged.replaced_links,
                    deleted_organizations = purged.deleted_orgs,
                    "housekeeping: expired rows deleted"
                ),
                Ok(_) => tracing::debug!("housekeeping: nothing expired"),
                Err(error) => tracing::error!(?error, "housekeeping failed; trying again later"),
            }
        }
    })
}
