//! Input validation shared by the forms (to answer as people type) and the server (to refuse what
//! the forms did not catch). Each check returns the cleaned value or a message for the field.

/// The longest email address SMTP allows.
pub const EMAIL_MAX: usize = 254;
/// Passwords: at least this long, no composition rules.
pub const PASSWORD_MIN: usize = 8;
/// Passwords: at most this long (in characters), so hashing cost stays bounded.
pub const PASSWORD_MAX: usize = 128;
/// Names of organizations, people, projects and teams.
pub const NAME_MAX: usize = 100;

/// Checks an email address and returns it trimmed and lower-cased.
pub fn email(input: &str) -> Result<String, String> {
    let email = input.trim().to_lowercase();
    if email.is_empty() {
        return Err("Enter an email address.".into());
    }
    if email.len() > EMAIL_MAX {
        return Err(format!(
            "An email address has at most {EMAIL_MAX} characters."
        ));
    }
    let invalid = || Err(format!("“{}” is not a valid email address.", input.trim()));
    let Some((local, domain)) = email.split_once('@') else {
        return invalid();
    };
    if !valid_local_part(local) || !valid_domain(domain) {
        return invalid();
    }
    Ok(email)
}

fn valid_local_part(local: &str) -> bool {
    const SPECIALS: &str = "!#$%&'*+-/=?^_`{|}~.";
    !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || SPECIALS.contains(c))
}

fn valid_domain(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    let label_ok = |l: &&str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    };
    labels.len() >= 2
        && labels.iter().all(label_ok)
        && labels
            .last()
            .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()))
}

/// Checks a display name (of a person, an organization, a project or a team): trimmed, not empty,
/// at most [`NAME_MAX`] characters, no control characters. `what` names the thing in the message.
pub fn name(what: &str, input: &str) -> Result<String, String> {
    let name = input.trim();
    if name.is_empty() {
        return Err(format!("Enter {what}."));
    }
    if name.chars().count() > NAME_MAX {
        return Err(format!("A name has at most {NAME_MAX} characters."));
    }
    if name.chars().any(char::is_control) {
        return Err("A name cannot contain control characters.".into());
    }
    Ok(name.to_string())
}

/// Checks a new password: length only, as NIST SP 800-63B recommends.
pub fn new_password(input: &str) -> Result<(), String> {
    let n = input.chars().count();
    if n < PASSWORD_MIN {
        return Err(format!("Use at least {PASSWORD_MIN} characters."));
    }
    if n > PASSWORD_MAX {
        return Err(format!("Use at most {PASSWORD_MAX} characters."));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_ordinary_addresses_and_normalises_them() {
        assert_eq!(
            email("  Ada.Lovelace+roster@Example.COM "),
            Ok("ada.lovelace+roster@example.com".into())
        );
        assert!(email("o'brien@sub.example.co.uk").is_ok());
    }

    #[test]
    fn refuses_malformed_addresses() {
        for bad in [
            "",
            "plain",
            "@example.com",
            "a@",
            "a@b",
            "a@@b.com",
            "a b@example.com",
            ".a@example.com",
            "a.@example.com",
            "a..b@example.com",
            "a@-example.com",
            "a@example-.com",
            "a@example.c0m",
            "a@example..com",
            "a@exa_mple.com",
        ] {
            assert!(email(bad).is_err(), "{bad:?} should be refused");
        }
        assert!(email(&format!("{}@example.com", "a".repeat(65))).is_err());
        assert!(email(&format!("a@{}.com", "b".repeat(250))).is_err());
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(name("a project name", "  Web app "), Ok("Web app".into()));
        assert_eq!(
            name("a project name", "   "),
            Err("Enter a project name.".into())
        );
        assert!(name("a name", &"x".repeat(NAME_MAX + 1)).is_err());
        assert!(name("a name", "tab\there").is_err());
    }

    #[test]
    fn passwords_have_only_length_rules() {
        assert!(new_password("short").is_err());
        assert!(new_password("all lowercase is fine").is_ok());
        assert!(new_password(&"p".repeat(PASSWORD_MAX + 1)).is_err());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4096))]

        /// Arbitrary bytes, decoded as a request body is: a clean address or a message, no panic.
        #[test]
        fn arbitrary_bytes_never_panic_and_what_passes_is_clean(
            bytes in prop::collection::vec(any::<u8>(), 0..512)
        ) {
            let text = String::from_utf8_lossy(&bytes);
            match email(&text) {
                Ok(clean) => {
                    prop_assert_eq!(clean.trim(), clean.as_str());
                    prop_assert_eq!(clean.matches('@').count(), 1);
                    prop_assert_eq!(email(&clean), Ok(clean.clone()));
                }
                Err(message) => prop_assert!(!message.is_empty()),
            }
            let _ = name("a name", &text);
            let _ = new_password(&text);
        }
    }

    proptest! {
        #[test]
        fn email_validation_never_panics(s in any::<String>()) {
            let _ = email(&s);
        }

        #[test]
        fn valid_emails_are_stable_under_revalidation(s in "[a-z0-9._+-]{1,20}@[a-z0-9-]{1,10}\\.[a-z]{2,5}") {
            if let Ok(clean) = email(&s) {
                prop_assert_eq!(email(&clean), Ok(clean.clone()));
            }
        }
    }
}
