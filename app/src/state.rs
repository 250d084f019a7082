//! What every server function reaches through Leptos context: the database, the configuration
//! and the counts of recent password attempts.

use crate::config::Config;
use crate::rate_limit::PasswordAttempts;
use crate::store::Db;
use shared::AppError;
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

    /// The state provided by the server's router.
    pub fn from_context() -> Result<AppState, AppError> {
        leptos::prelude::use_context::<AppState>().ok_or_else(|| {
            tracing::error!("AppState is missing from the Leptos context");
            AppError::Internal
        })
    }
}
