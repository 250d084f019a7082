//! The invitation message itself: its subject and text, and the form the outbox keeps (without
//! the link's token). Pure: the store composes messages inside the transaction that writes the
//! invitation, and [`crate::mail`] delivers them after it commits.

use shared::dates::format_date;

/// A message ready to go, with the full link. Only its redacted body is stored.
#[derive(Debug, Clone)]
pub struct Outgoing {
    pub outbox_id: i64,
    pub to: String,
    pub subject: String,
    pub body: String,
}

/// The subject and body of an invitation to `org_name` from `inviter`.
pub fn compose(org_name: &str, inviter: &str, link: &str, expires_at: i64) -> (String, String) {
    let subject = format!("{inviter} invited you to join {org_name} on Roster");
    let body = format!(
        "Hello,\r\n\r\n{inviter} invited you to join {org_name} on Roster.\r\n\r\n\
         Open this link to accept the invitation:\r\n{link}\r\n\r\n\
         The link works once and expires on {}.\r\n",
        format_date(expires_at)
    );
    (subject, body)
}

/// The subject and body of the message that lets a person the identity provider provisioned with a
/// new account choose their password.
pub fn compose_password(org_name: &str, link: &str, expires_at: i64) -> (String, String) {
    let subject = format!("Your Roster account for {org_name}");
    let body = format!(
        "Hello,\r\n\r\n{org_name} added you to Roster through its identity provider.\r\n\r\n\
         Open this link to choose your password:\r\n{link}\r\n\r\n\
         The link works once and expires on {}.\r\n",
        format_date(expires_at)
    );
    (subject, body)
}

/// `body` with the link's token replaced, as the outbox stores it.
pub fn redact(body: &str, token: &str) -> String {
    body.replace(token, "[token not stored]")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stored_body_keeps_no_token() {
        let (subject, body) = compose("Acme", "Olivia", "http://x/invite/secret123", 0);
        assert_eq!(subject, "Olivia invited you to join Acme on Roster");
        assert!(body.contains("http://x/invite/secret123"));
        assert!(body.contains("1970-01-01"));
        let stored = redact(&body, "secret123");
        assert!(!stored.contains("secret123"));
        assert!(stored.contains("http://x/invite/[token not stored]"));
    }
}
