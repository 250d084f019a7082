//! Password hashing with argon2id (m = 19 MiB, t = 2, p = 1, the OWASP minimum). Hashing runs on
//! the blocking pool, at most a few at a time, so a burst of sign-ins cannot exhaust memory.
//!
//! New passwords are also checked against the most common passwords ([`check_new`]). The list is
//! `common-passwords.txt` beside this file: Django's (from Django 5.2.19,
//! `django/contrib/auth/common-passwords.txt.gz`, 19,640 passwords compiled by Royce Williams;
//! BSD-3-Clause, see `common-passwords.LICENSE`). It is built into the server only, so the
//! browser's bundle does not carry it.

use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::{Algorithm, Argon2, Params, Version};
use shared::AppError;
use std::collections::HashSet;
use std::sync::OnceLock;
use tokio::sync::Semaphore;

const MAX_CONCURRENT_HASHES: usize = 4;

fn hasher() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

fn permits() -> &'static Semaphore {
    static PERMITS: OnceLock<Semaphore> = OnceLock::new();
    PERMITS.get_or_init(|| Semaphore::new(MAX_CONCURRENT_HASHES))
}

async fn bounded<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, AppError> {
    let _permit = permits().acquire().await.map_err(|_| AppError::Internal)?;
    tokio::task::spawn_blocking(work).await.map_err(|error| {
        tracing::error!(%error, "password hashing task failed");
        AppError::Internal
    })
}

/// Hashes a new password into a PHC string.
pub async fn hash(password: &str) -> Result<String, AppError> {
    let password = password.to_owned();
    bounded(move || {
        let salt = SaltString::generate(&mut OsRng);
        hasher()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
    })
    .await?
    .map_err(|error| {
        tracing::error!(%error, "password hashing failed");
        AppError::Internal
    })
}

/// Checks `password` against `stored`. When there is no stored hash (unknown email) a dummy hash is
/// checked instead, so the answer takes the same time either way.
pub async fn verify(password: &str, stored: Option<&str>) -> Result<bool, AppError> {
    let known = stored.is_some();
    let stored = match stored {
        Some(s) => s.to_owned(),
        None => dummy_hash().await?,
    };
    let password = password.to_owned();
    let matches = bounded(move || {
        PasswordHash::new(&stored)
            .map(|parsed| {
                hasher()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await?;
    Ok(matches && known)
}

/// The most common passwords, lower case, one a line.
const COMMON_PASSWORDS: &str = include_str!("common-passwords.txt");

fn common_passwords() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| COMMON_PASSWORDS.lines().map(str::trim).collect())
}

/// Checks a new password for sign-up, an accepted invitation or an operator's command: the
/// shared length rules ([`shared::validate::new_password`]), then that it is not one of the
/// most common passwords (compared ignoring case and the spaces around it, as the list is
/// written). The message says why, for the password field.
pub fn check_new(password: &str) -> Result<(), String> {
    shared::validate::new_password(password)?;
    if common_passwords().contains(password.trim().to_lowercase().as_str()) {
        return Err(
            "This password is one of the most commonly used, so it is among the first that attackers try. Choose another; a few unrelated words make a good one."
                .into(),
        );
    }
    Ok(())
}

async fn dummy_hash() -> Result<String, AppError> {
    static DUMMY: OnceLock<String> = OnceLock::new();
    if let Some(h) = DUMMY.get() {
        return Ok(h.clone());
    }
    let h = hash("a password nobody has").await?;
    Ok(DUMMY.get_or_init(|| h).clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_most_common_passwords_are_refused_with_the_reason() {
        assert!(common_passwords().len() >= 19_000);
        for common in [
            "password",
            "12345678",
            "aaaaaaaa",
            "PassWord1",
            " qwertyuiop ",
        ] {
            let error = check_new(common).unwrap_err();
            assert!(error.contains("most commonly used"), "{common}: {error}");
        }
        // The first 3,000 of the list that the length rule lets through are all refused.
        let long_enough: Vec<&str> = COMMON_PASSWORDS
            .lines()
            .take(3000)
            .filter(|p| p.chars().count() >= shared::validate::PASSWORD_MIN)
            .collect();
        assert!(long_enough.len() > 500);
        for common in long_enough {
            assert!(check_new(common).is_err(), "{common}");
        }
        assert!(check_new("        ").unwrap_err().contains("only spaces"));
        assert!(check_new("short").is_err());
        assert!(check_new("correct-horse-battery").is_ok());
        assert!(check_new("roster-demo").is_ok());
    }

    #[tokio::test]
    async fn a_hash_verifies_only_its_password() {
        let h = hash("correct horse battery").await.unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify("correct horse battery", Some(&h)).await.unwrap());
        assert!(!verify("wrong horse battery", Some(&h)).await.unwrap());
        assert!(!verify("a password nobody has", None).await.unwrap());
    }
}
