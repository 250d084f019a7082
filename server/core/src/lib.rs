//! Roster's server side below its pages: everything a server function, the `roster` command and
//! the benchmarks share, and nothing that draws a view. Modules from the bottom up:
//!
//! - `config`: the settings, read once from the environment.
//! - `actor`: the signed-in [`actor::Actor`] and the [`actor::Permit`]s the `shared` policy hands
//!   out.
//! - `invitation_mail`: the text of an invitation message (pure).
//! - `store`: all SQL, one module per entity; changes take a permit and write their audit events
//!   in the same transaction. `migrations/` beside this crate.
//! - `auth`: passwords, and the session cookie that names the signed-in actor.
//! - `mail`: delivering the outbox over SMTP.
//! - `bulk_csv`: reading an uploaded invitation file.
//! - `rate_limit`: failed password attempts per client and per email.
//! - `state`: what a request handler reaches: the database, the configuration, the limits.

pub mod actor;
pub mod auth;
pub mod bulk_csv;
pub mod config;
pub mod invitation_mail;
pub mod mail;
pub mod rate_limit;
pub mod state;
pub mod store;
