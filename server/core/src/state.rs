//! What every request handler reaches (server functions through Leptos context): the database, the configuration
//! and the counts of recent password attempts and failed SCIM tokens.

use crate::config::Config;
use crate::rate_limit::{PasswordAttempts, TokenFailures};
use crate::store::Db;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<Config>,
    pub password_attempts: Arc<PasswordAttempts>,
    pub token_failures: Arc<TokenFailures>,
}

impl AppState {
    pub fn new(db: Db, config: Config) -> Self {
        AppState {
            password_attempts: Arc::new(PasswordAttempts::new(&config, db.clone())),
            db,
            token_failures: Arc::new(TokenFailures::new(&config)),
            config: Arc::new(config),
        }
    }
}
