//! The SMTP relay of `ROSTER_SMTP_URL`: its address read, the connection secured (plain,
//! STARTTLS or TLS from the first byte, with the roots built in and `ROSTER_SMTP_CA_FILE`), and one
//! message handed over, with the relay's reason when it refuses.

use crate::config::Config;
use crate::invitation_mail::Outgoing;
use lettre::message::header::ContentType;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;

/// How long one conversation with the relay may take.
const SMTP_TIMEOUT: Duration = Duration::from_secs(30);

/// How the connection to the relay is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    /// `smtp://host`: plain SMTP, for a relay on the same host or network.
    Plain,
    /// `smtp://host?tls=starttls`: plain SMTP upgraded by STARTTLS, which the relay must offer.
    StartTls,
    /// `smtps://host`: TLS from the first byte (implicit TLS, port 465 by default).
    Tls,
}

/// Where `ROSTER_SMTP_URL` points: `smtp://[user:password@]host[:port][?tls=starttls]` (port 25,
/// or 587 with STARTTLS, by default) or `smtps://[user:password@]host[:port]` (port 465).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmtpTarget {
    pub host: String,
    pub port: u16,
    pub credentials: Option<(String, String)>,
    pub security: Security,
}

impl SmtpTarget {
    pub fn parse(url: &str) -> Result<SmtpTarget, String> {
        let (implicit_tls, rest) = if let Some(rest) = url.strip_prefix("smtps://") {
            (true, rest)
        } else if let Some(rest) = url.strip_prefix("smtp://") {
            (false, rest)
        } else {
            return Err("it must start with smtp:// or smtps://".into());
        };
        let (rest, query) = match rest.split_once('?') {
            Some((rest, query)) => (rest, Some(query)),
            None => (rest, None),
        };
        let security = match (implicit_tls, query) {
            (true, None) => Security::Tls,
            (false, None) | (false, Some("tls=none")) => Security::Plain,
            (false, Some("tls=starttls")) => Security::StartTls,
            (_, Some(other)) => {
                return Err(format!(
                    "“?{other}” is not understood (smtp://…?tls=starttls, or smtps:// for TLS)"
                ))
            }
        };
        let rest = rest.trim_end_matches('/');
        let (credentials, address) = match rest.rsplit_once('@') {
            Some((auth, address)) => {
                let (user, password) = auth.split_once(':').unwrap_or((auth, ""));
                (Some((user.to_string(), password.to_string())), address)
            }
            None => (None, rest),
        };
        let default_port = match security {
            Security::Plain => 25,
            Security::StartTls => 587,
            Security::Tls => 465,
        };
        let (host, port) = match address.rsplit_once(':') {
            Some((host, port)) => (
                host,
                port.parse::<u16>()
                    .map_err(|_| format!("“{port}” is not a port number"))?,
            ),
            None => (address, default_port),
        };
        if host.is_empty() {
            return Err("it names no host".into());
        }
        Ok(SmtpTarget {
            host: host.to_string(),
            port,
            credentials,
            security,
        })
    }
}

/// A failed hand-over to the relay.
pub(super) struct SendFailure {
    pub(super) reason: String,
    /// The relay refused for good (a 5xx reply): trying again would not help.
    pub(super) permanent: bool,
}

/// The configured relay.
pub(super) struct Relay {
    transport: AsyncSmtpTransport<Tokio1Executor>,
}

impl Relay {
    /// The relay of `ROSTER_SMTP_URL`, if set; TLS certificates are checked against the roots
    /// built in and the one of `ROSTER_SMTP_CA_FILE`, if set.
    pub(super) fn from_config(config: &Config) -> Result<Option<Relay>, String> {
        let Some(url) = config.smtp_url.as_deref() else {
            return Ok(None);
        };
        let target = SmtpTarget::parse(url).map_err(|e| format!("ROSTER_SMTP_URL: {e}"))?;
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&target.host)
            .port(target.port)
            .timeout(Some(SMTP_TIMEOUT));
        if target.security != Security::Plain {
            let mut tls = TlsParameters::builder(target.host.clone());
            if let Some(file) = &config.smtp_ca_file {
                let pem = std::fs::read(file)
                    .map_err(|e| format!("ROSTER_SMTP_CA_FILE: cannot read {file}: {e}"))?;
                let certificate = Certificate::from_pem(&pem)
                    .map_err(|e| format!("ROSTER_SMTP_CA_FILE: {file}: {e}"))?;
                tls = tls.add_root_certificate(certificate);
            }
            let tls = tls.build_rustls().map_err(|e| format!("TLS: {e}"))?;
            builder = builder.tls(match target.security {
                Security::StartTls => Tls::Required(tls),
                _ => Tls::Wrapper(tls),
            });
        }
        if let Some((user, password)) = target.credentials {
            builder = builder.credentials(
                lettre::transport::smtp::authentication::Credentials::new(user, password),
            );
        }
        Ok(Some(Relay {
            transport: builder.build(),
        }))
    }

    pub(super) async fn send(&self, from: &str, message: &Outgoing) -> Result<(), SendFailure> {
        let refused = |reason: String| SendFailure {
            reason,
            permanent: true,
        };
        let email = Message::builder()
            .from(
                from.parse()
                    .map_err(|e| refused(format!("ROSTER_MAIL_FROM: {e}")))?,
            )
            .to(message
                .to
                .parse()
                .map_err(|e| refused(format!("recipient: {e}")))?)
            .subject(&message.subject)
            .header(ContentType::TEXT_PLAIN)
            .body(message.body.clone())
            .map_err(|e| refused(e.to_string()))?;
        self.transport
            .send(email)
            .await
            .map(|_| ())
            .map_err(|e| SendFailure {
                permanent: e.is_permanent(),
                reason: reason(&e),
            })
    }
}

/// What the relay said, or why it could not be reached, in one line.
fn reason(error: &lettre::transport::smtp::Error) -> String {
    use std::error::Error;
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text = format!("{text}: {cause_text}");
        }
        source = cause.source();
    }
    text.replace(['\r', '\n'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_smtp_urls() {
        assert_eq!(
            SmtpTarget::parse("smtp://127.0.0.1:2525"),
            Ok(SmtpTarget {
                host: "127.0.0.1".into(),
                port: 2525,
                credentials: None,
                security: Security::Plain,
            })
        );
        let with_user = SmtpTarget::parse("smtp://roster:s3cret@mail.internal").unwrap();
        assert_eq!(with_user.port, 25);
        assert_eq!(
            with_user.credentials,
            Some(("roster".into(), "s3cret".into()))
        );
        let implicit = SmtpTarget::parse("smtps://mail.example.com").unwrap();
        assert_eq!((implicit.port, implicit.security), (465, Security::Tls));
        let upgraded = SmtpTarget::parse("smtp://u:p@mail.example.com?tls=starttls").unwrap();
        assert_eq!(
            (upgraded.port, upgraded.security),
            (587, Security::StartTls)
        );
        assert_eq!(upgraded.host, "mail.example.com");
        let upgraded = SmtpTarget::parse("smtp://mail:2587?tls=starttls").unwrap();
        assert_eq!(upgraded.port, 2587);
        assert!(SmtpTarget::parse("smtp://mail:many").is_err());
        assert!(SmtpTarget::parse("smtp://mail?tls=maybe").is_err());
        assert!(SmtpTarget::parse("smtps://mail?tls=starttls").is_err());
        assert!(SmtpTarget::parse("http://mail").is_err());
    }

    #[test]
    fn every_address_the_shared_rule_accepts_can_be_mailed() {
        for typed in [
            "ana@example.xn--p1ai",
            "José@Example.es",
            "ана@пример.рф",
            "用户@例子.广告",
            "a@bücher.de",
            "o'brien+roster@sub.example.co.uk",
        ] {
            let address = shared::validate::email(typed).unwrap();
            assert!(
                address.parse::<lettre::Address>().is_ok(),
                "{address} is accepted but cannot be mailed"
            );
        }
    }
}
