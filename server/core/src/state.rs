//! What every request handler reaches (server functions through Leptos context): the database, the configuration
//! and the counts of recent password attempts.

use crate::config::Config;
use crate::rate_limit::PasswordAttempts;
use crate::store::Db;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<Config>,
    pub password_attempts: Arc<PasswordAttempts>,
}

impl AppState {
    pub fn new(db: Db, config: Config) -> Self {
        AppState {
            db,
            password_attempts: Arc::new(PasswordAttempts::new(&config)),
            config: Arc::new(config),
        }
    }
}
