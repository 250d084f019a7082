//! Server configuration: one typed struct read from the environment, with defaults that work with
//! no environment at all. Every variable is listed in `.env.example` and the README.

use std::net::IpAddr;
use std::time::Duration;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// `DATABASE_URL`: the SQLite database (created if missing).
    pub database_url: String,
    /// `ROSTER_COOKIE_SECURE`: mark cookies `Secure` (set when served over HTTPS).
    pub cookie_secure: bool,
    /// `ROSTER_SESSION_IDLE_MINUTES`: a session unused this long ends.
    pub session_idle: Duration,
    /// `ROSTER_SESSION_MAX_HOURS`: a session ends this long after sign-in, used or not.
    pub session_max: Duration,
    /// `ROSTER_INVITATION_DAYS`: how long an invitation link stays valid.
    pub invitation_ttl: Duration,
    /// `ROSTER_SMTP_URL` (`smtp://[user:password@]host:port`, `?tls=starttls`, or `smtps://`):
    /// where invitation mail goes. Unset,
    /// messages are written to the outbox table, and the server log says for whom (never the link).
    pub smtp_url: Option<String>,
    /// `ROSTER_SMTP_CA_FILE`: a PEM file of certificate authorities to trust for the relay's TLS
    /// certificate, besides the public ones built in (a company's own authority, say).
    pub smtp_ca_file: Option<String>,
    /// `ROSTER_MAIL_FROM`: the sender of invitation mail.
    pub mail_from: String,
    /// `ROSTER_PUBLIC_URL`: the address people reach Roster at, for the links in invitations.
    /// Defaults to `http://` and `LEPTOS_SITE_ADDR`.
    pub public_url: String,
    /// `ROSTER_FAILED_SIGN_INS_PER_EMAIL`: failed password attempts for one email (sign-in and
    /// accepting an invitation alike) from one client address before that address is refused
    /// for the email for a while; from all addresses together, before every further attempt for
    /// the email is slowed down (never refused).
    pub failures_per_email: u32,
    /// `ROSTER_FAILED_SIGN_INS_PER_IP`: failed password attempts from one client address, any
    /// emails, before further attempts from it are refused for a while.
    pub failures_per_client: u32,
    /// `ROSTER_FAILED_SIGN_IN_WINDOW_MINUTES`: how far back failed attempts count.
    pub failure_window: Duration,
    /// `ROSTER_FAILED_SCIM_TOKENS_PER_IP`: SCIM requests with a missing, wrong or revoked token
    /// from one client address (within the failure window) before every SCIM request from it is
    /// refused for a while.
    pub token_failures_per_client: u32,
    /// `ROSTER_FAILED_SIGN_IN_MAX_DELAY_SECONDS`: the longest an attempt for a slowed email
    /// waits before its password is checked (the delay starts at 1 s and doubles).
    pub failure_max_delay: Duration,
    /// `ROSTER_HEADER_TIMEOUT_SECONDS`: a connection that has not sent a request's whole header
    /// this long after it opened or after its previous answer (an idle keep-alive connection) is
    /// closed.
    pub header_timeout: Duration,
    /// `ROSTER_BODY_TIMEOUT_SECONDS`: a request whose body has not fully arrived this long after
    /// its header is answered 408 and its connection closed.
    pub body_timeout: Duration,
    /// `ROSTER_MAX_CONNECTIONS`: open connections served at once; more are closed on arrival.
    pub max_connections: u32,
    /// `ROSTER_MAX_CONNECTIONS_PER_IP`: open connections from one client address (IPv6 by /64)
    /// served at once; trusted proxies are exempt (they carry many clients).
    pub max_connections_per_client: u32,
    /// `ROSTER_TRUSTED_PROXIES`: comma-separated addresses of reverse proxies whose
    /// `X-Forwarded-For` names the client. Empty: the header is ignored and the peer address is
    /// the client.
    pub trusted_proxies: Vec<IpAddr>,
    /// `ROSTER_SHUTDOWN_SECONDS`: on SIGTERM or Ctrl-C, how long requests in flight and mail
    /// being delivered may take to finish before the process exits anyway.
    pub shutdown_grace: Duration,
    /// `ROSTER_PURGE_MINUTES`: how often expired sessions, spent or expired password links and
    /// old replaced invitation links are deleted.
    pub purge_interval: Duration,
    /// `ROSTER_ANYONE_CREATES_ORGANIZATIONS`: whether every signed-in person may create an
    /// organization (**+ New organization**). `false`: only the `roster create-org` command can.
    pub anyone_creates_orgs: bool,
    /// `ROSTER_LOG_FORMAT`: `text` (for people) or `json` (one object a line, for collectors).
    pub log_format: LogFormat,
    /// `ROSTER_METRICS_ADDR`: where Prometheus metrics are served (`GET /metrics`), on a listener
    /// of their own; unset, there are none.
    pub metrics_addr: Option<std::net::SocketAddr>,
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LogFormat {
    #[default]
    Text,
    Json,
}

/// One setting of `roster serve`: its environment variable, the flag that sets it on the command
/// line instead, and what `roster serve --help` says of it. This table is the one list of
/// settings: the command line is built from it, and [`Config::from_lookup`] reads nothing else
/// (a test holds the two together).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Setting {
    pub env: &'static str,
    pub flag: &'static str,
    /// The value's placeholder in the help text.
    pub value: &'static str,
    pub help: &'static str,
}

const fn setting(
    env: &'static str,
    flag: &'static str,
    value: &'static str,
    help: &'static str,
) -> Setting {
    Setting {
        env,
        flag,
        value,
        help,
    }
}

/// Every setting, in the order `roster serve --help` lists them.
pub const SETTINGS: &[Setting] = &[
    setting("DATABASE_URL", "database-url", "URL", "The SQLite database; it and its folder are created if missing [default: sqlite://data/roster.db]"),
    setting("LEPTOS_SITE_ADDR", "site-addr", "ADDR", "The address to listen on [default: 127.0.0.1:3000]"),
    setting("LEPTOS_SITE_ROOT", "site-root", "DIR", "The folder of the site's files (the bundle and static files) [default: site, or the build's]"),
    setting("ROSTER_PUBLIC_URL", "public-url", "URL", "The address people reach Roster at, for invitation links and the cross-site check [default: http:// and the listening address]"),
    setting("ROSTER_COOKIE_SECURE", "cookie-secure", "BOOL", "Mark cookies Secure and send Strict-Transport-Security (served over HTTPS) [default: false]"),
    setting("ROSTER_SESSION_IDLE_MINUTES", "session-idle-minutes", "N", "A session unused this long ends [default: 480]"),
    setting("ROSTER_SESSION_MAX_HOURS", "session-max-hours", "N", "A session ends this long after sign-in [default: 168]"),
    setting("ROSTER_INVITATION_DAYS", "invitation-days", "N", "How long an invitation link stays valid [default: 7]"),
    setting("ROSTER_SMTP_URL", "smtp-url", "URL", "The mail relay for invitations: smtp://[user:password@]host[:port] (plain), smtp://…?tls=starttls, or smtps://… (TLS); unset, messages are only logged (never their links)"),
    setting("ROSTER_SMTP_CA_FILE", "smtp-ca-file", "FILE", "PEM certificate authorities to trust for the relay's TLS certificate, besides the public ones built in"),
    setting("ROSTER_MAIL_FROM", "mail-from", "ADDRESS", "The sender of invitation mail [default: Roster <roster@localhost>]"),
    setting("ROSTER_FAILED_SIGN_INS_PER_EMAIL", "failed-sign-ins-per-email", "N", "Failed password checks for one email from one address within the window before that address is refused (and, from all addresses, before attempts are slowed) [default: 10]"),
    setting("ROSTER_FAILED_SIGN_INS_PER_IP", "failed-sign-ins-per-ip", "N", "Failed password checks from one address, over all emails, before it is refused [default: 50]"),
    setting("ROSTER_FAILED_SCIM_TOKENS_PER_IP", "failed-scim-tokens-per-ip", "N", "SCIM requests with a bad token from one address within the window before it is refused [default: 50]"),
    setting("ROSTER_FAILED_SIGN_IN_WINDOW_MINUTES", "failed-sign-in-window-minutes", "N", "How long a failed attempt counts [default: 15]"),
    setting("ROSTER_FAILED_SIGN_IN_MAX_DELAY_SECONDS", "failed-sign-in-max-delay-seconds", "N", "The longest a slowed attempt waits [default: 10]"),
    setting("ROSTER_HEADER_TIMEOUT_SECONDS", "header-timeout-seconds", "N", "A connection without a whole request header this long is closed [default: 10]"),
    setting("ROSTER_BODY_TIMEOUT_SECONDS", "body-timeout-seconds", "N", "A request body not whole this long after its header gets 408 [default: 60]"),
    setting("ROSTER_MAX_CONNECTIONS", "max-connections", "N", "Connections served at once; more are closed on arrival [default: 1024]"),
    setting("ROSTER_MAX_CONNECTIONS_PER_IP", "max-connections-per-ip", "N", "Connections from one client address (IPv6 by /64) served at once [default: 128]"),
    setting("ROSTER_TRUSTED_PROXIES", "trusted-proxies", "ADDRS", "Comma-separated addresses of reverse proxies whose X-Forwarded-For is read [default: none]"),
    setting("ROSTER_SHUTDOWN_SECONDS", "shutdown-seconds", "N", "On SIGTERM or Ctrl-C, how long requests in flight and mail being delivered may take [default: 20]"),
    setting("ROSTER_PURGE_MINUTES", "purge-minutes", "N", "How often expired sessions, spent links and organizations deleted 30 days ago are deleted [default: 60]"),
    setting("ROSTER_ANYONE_CREATES_ORGANIZATIONS", "anyone-creates-organizations", "BOOL", "Whether every signed-in person may create an organization; false leaves it to roster create-org [default: true]"),
    setting("RUST_LOG", "log", "FILTER", "What the log says (tracing's filter syntax) [default: info,sqlx=warn]"),
    setting("ROSTER_LOG_FORMAT", "log-format", "text|json", "Log lines as text, or as one JSON object a line [default: text]"),
    setting("ROSTER_METRICS_ADDR", "metrics-addr", "ADDR", "Serve Prometheus metrics at http://ADDR/metrics, a listener of their own (keep it private) [default: no metrics]"),
];

/// The settings the commands other than `serve` read.
pub const DATABASE_SETTINGS: &[&str] = &["DATABASE_URL"];

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/roster.db";
pub const DEFAULT_SITE_ADDR: &str = "127.0.0.1:3000";
pub const DEFAULT_MAIL_FROM: &str = "Roster <roster@localhost>";

impl Default for Config {
    fn default() -> Self {
        Config {
            database_url: DEFAULT_DATABASE_URL.into(),
            cookie_secure: false,
            session_idle: Duration::from_secs(8 * 3600),
            session_max: Duration::from_secs(7 * 24 * 3600),
            invitation_ttl: Duration::from_secs(7 * 24 * 3600),
            smtp_url: None,
            smtp_ca_file: None,
            mail_from: DEFAULT_MAIL_FROM.into(),
            public_url: format!("http://{DEFAULT_SITE_ADDR}"),
            failures_per_email: 10,
            failures_per_client: 50,
            token_failures_per_client: 50,
            failure_window: Duration::from_secs(15 * 60),
            failure_max_delay: Duration::from_secs(10),
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(60),
            max_connections: 1024,
            max_connections_per_client: 128,
            trusted_proxies: Vec::new(),
            shutdown_grace: Duration::from_secs(20),
            purge_interval: Duration::from_secs(60 * 60),
            anyone_creates_orgs: true,
            log_format: LogFormat::Text,
            metrics_addr: None,
        }
    }
}

impl Config {
    /// Reads the configuration from the process environment.
    pub fn from_env() -> Result<Config, String> {
        Config::from_lookup(|key| std::env::var(key).ok())
    }

    /// Reads the configuration from `lookup`; unset or empty variables take their defaults.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Config, String> {
        let get = |key: &str| {
            lookup(key)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let number = |key: &str| -> Result<Option<u64>, String> {
            get(key)
                .map(|v| {
                    v.parse::<u64>()
                        .ok()
                        .filter(|n| *n > 0)
                        .ok_or(format!("{key} must be a positive whole number, not “{v}”"))
                })
                .transpose()
        };
        let yes_or_no = |key: &str| -> Result<Option<bool>, String> {
            match get(key).as_deref() {
                None => Ok(None),
                Some("1" | "true" | "yes") => Ok(Some(true)),
                Some("0" | "false" | "no") => Ok(Some(false)),
                Some(other) => Err(format!("{key} must be true or false, not “{other}”")),
            }
        };
        let defaults = Config::default();
        Ok(Config {
            database_url: get("DATABASE_URL").unwrap_or(defaults.database_url),
            cookie_secure: yes_or_no("ROSTER_COOKIE_SECURE")?.unwrap_or(defaults.cookie_secure),
            anyone_creates_orgs: yes_or_no("ROSTER_ANYONE_CREATES_ORGANIZATIONS")?
                .unwrap_or(defaults.anyone_creates_orgs),
            session_idle: number("ROSTER_SESSION_IDLE_MINUTES")?
                .map(|m| Duration::from_secs(m * 60))
                .unwrap_or(defaults.session_idle),
            session_max: number("ROSTER_SESSION_MAX_HOURS")?
                .map(|h| Duration::from_secs(h * 3600))
                .unwrap_or(defaults.session_max),
            invitation_ttl: number("ROSTER_INVITATION_DAYS")?
                .map(|d| Duration::from_secs(d * 24 * 3600))
                .unwrap_or(defaults.invitation_ttl),
            smtp_url: get("ROSTER_SMTP_URL"),
            smtp_ca_file: get("ROSTER_SMTP_CA_FILE"),
            mail_from: get("ROSTER_MAIL_FROM").unwrap_or(defaults.mail_from),
            public_url: get("ROSTER_PUBLIC_URL")
                .or_else(|| get("LEPTOS_SITE_ADDR").map(|addr| format!("http://{addr}")))
                .unwrap_or(defaults.public_url)
                .trim_end_matches('/')
                .to_string(),
            failures_per_email: number("ROSTER_FAILED_SIGN_INS_PER_EMAIL")?
                .map(|n| n.min(u32::MAX as u64) as u32)
                .unwrap_or(defaults.failures_per_email),
            failures_per_client: number("ROSTER_FAILED_SIGN_INS_PER_IP")?
                .map(|n| n.min(u32::MAX as u64) as u32)
                .unwrap_or(defaults.failures_per_client),
            token_failures_per_client: number("ROSTER_FAILED_SCIM_TOKENS_PER_IP")?
                .map(|n| n.min(u32::MAX as u64) as u32)
                .unwrap_or(defaults.token_failures_per_client),
            failure_window: number("ROSTER_FAILED_SIGN_IN_WINDOW_MINUTES")?
                .map(|m| Duration::from_secs(m * 60))
                .unwrap_or(defaults.failure_window),
            failure_max_delay: number("ROSTER_FAILED_SIGN_IN_MAX_DELAY_SECONDS")?
                .map(Duration::from_secs)
                .unwrap_or(defaults.failure_max_delay),
            header_timeout: number("ROSTER_HEADER_TIMEOUT_SECONDS")?
                .map(Duration::from_secs)
                .unwrap_or(defaults.header_timeout),
            body_timeout: number("ROSTER_BODY_TIMEOUT_SECONDS")?
                .map(Duration::from_secs)
                .unwrap_or(defaults.body_timeout),
            max_connections: number("ROSTER_MAX_CONNECTIONS")?
                .map(|n| n.min(u32::MAX as u64) as u32)
                .unwrap_or(defaults.max_connections),
            max_connections_per_client: number("ROSTER_MAX_CONNECTIONS_PER_IP")?
                .map(|n| n.min(u32::MAX as u64) as u32)
                .unwrap_or(defaults.max_connections_per_client),
            trusted_proxies: get("ROSTER_TRUSTED_PROXIES")
                .map(|list| {
                    list.split(',')
                        .map(str::trim)
                        .filter(|a| !a.is_empty())
                        .map(|a| {
                            a.parse::<IpAddr>().map_err(|_| {
                                format!("ROSTER_TRUSTED_PROXIES must list IP addresses, not “{a}”")
                            })
                        })
                        .collect::<Result<Vec<_>, _>>()
                })
                .transpose()?
                .unwrap_or_default(),
            shutdown_grace: number("ROSTER_SHUTDOWN_SECONDS")?
                .map(Duration::from_secs)
                .unwrap_or(defaults.shutdown_grace),
            purge_interval: number("ROSTER_PURGE_MINUTES")?
                .map(|m| Duration::from_secs(m * 60))
                .unwrap_or(defaults.purge_interval),
            log_format: match get("ROSTER_LOG_FORMAT").as_deref() {
                None | Some("text") => LogFormat::Text,
                Some("json") => LogFormat::Json,
                Some(other) => {
                    return Err(format!(
                        "ROSTER_LOG_FORMAT must be text or json, not “{other}”"
                    ))
                }
            },
            metrics_addr: get("ROSTER_METRICS_ADDR")
                .map(|addr| {
                    addr.parse().map_err(|_| {
                        format!(
                            "ROSTER_METRICS_ADDR must be an address such as 127.0.0.1:9100, \
                             not “{addr}”"
                        )
                    })
                })
                .transpose()?,
        })
    }

    /// Whether Roster is reached over HTTPS (secure cookies or an `https:` public address), so
    /// browsers may be told to insist on it.
    pub fn served_over_https(&self) -> bool {
        self.cookie_secure || self.public_url.starts_with("https://")
    }

    /// The origin (`scheme://host[:port]`) of the public address.
    pub fn public_origin(&self) -> &str {
        let after_scheme = self.public_url.find("://").map_or(0, |i| i + 3);
        match self.public_url[after_scheme..].find('/') {
            Some(slash) => &self.public_url[..after_scheme + slash],
            None => &self.public_url,
        }
    }

    /// The link that accepts the invitation whose token is `token`.
    pub fn invitation_link(&self, token: &str) -> String {
        format!("{}/invite/{token}", self.public_url)
    }

    /// The session lifetimes in the form the session store wants.
    pub fn session_lifetimes(&self) -> Lifetimes {
        Lifetimes {
            idle_seconds: self.session_idle.as_secs() as i64,
            absolute_seconds: self.session_max.as_secs() as i64,
        }
    }
}

/// How long sessions live.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lifetimes {
    pub idle_seconds: i64,
    pub absolute_seconds: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_setting_read_is_in_the_table_once() {
        let read = std::cell::RefCell::new(Vec::new());
        Config::from_lookup(|key| {
            read.borrow_mut().push(key.to_string());
            None
        })
        .unwrap();
        for key in read.into_inner() {
            assert!(
                SETTINGS.iter().any(|s| s.env == key),
                "{key} is read but not in SETTINGS"
            );
        }
        for (i, setting) in SETTINGS.iter().enumerate() {
            assert!(
                SETTINGS[i + 1..]
                    .iter()
                    .all(|s| s.env != setting.env && s.flag != setting.flag),
                "{} twice",
                setting.env
            );
        }
        for key in DATABASE_SETTINGS {
            assert!(SETTINGS.iter().any(|s| s.env == *key));
        }
    }

    #[test]
    fn no_environment_gives_the_defaults() {
        assert_eq!(Config::from_lookup(|_| None), Ok(Config::default()));
    }

    #[test]
    fn variables_override_defaults_and_bad_values_are_named() {
        let env = |key: &str| match key {
            "DATABASE_URL" => Some("sqlite://x.db".to_string()),
            "ROSTER_COOKIE_SECURE" => Some("true".to_string()),
            "ROSTER_SESSION_IDLE_MINUTES" => Some("30".to_string()),
            _ => None,
        };
        let config = Config::from_lookup(env).unwrap();
        assert_eq!(config.database_url, "sqlite://x.db");
        assert!(config.cookie_secure);
        assert_eq!(config.session_idle, Duration::from_secs(1800));
        let bad =
            Config::from_lookup(|k| (k == "ROSTER_INVITATION_DAYS").then(|| "soon".to_string()));
        assert!(bad.unwrap_err().contains("ROSTER_INVITATION_DAYS"));
    }

    #[test]
    fn invitation_links_use_the_public_address() {
        let from_site = Config::from_lookup(|k| {
            (k == "LEPTOS_SITE_ADDR").then(|| "127.0.0.1:3200".to_string())
        })
        .unwrap();
        assert_eq!(
            from_site.invitation_link("abc"),
            "http://127.0.0.1:3200/invite/abc"
        );
        let public = Config::from_lookup(|k| match k {
            "ROSTER_PUBLIC_URL" => Some("https://roster.example.com/".to_string()),
            "ROSTER_SMTP_URL" => Some("smtp://mail:25".to_string()),
            _ => None,
        })
        .unwrap();
        assert_eq!(
            public.invitation_link("abc"),
            "https://roster.example.com/invite/abc"
        );
        assert_eq!(public.smtp_url.as_deref(), Some("smtp://mail:25"));
        assert_eq!(public.public_origin(), "https://roster.example.com");
        assert!(public.served_over_https());
        assert!(!from_site.served_over_https());
        let with_path = Config::from_lookup(|k| {
            (k == "ROSTER_PUBLIC_URL").then(|| "http://intranet:8080/roster".to_string())
        })
        .unwrap();
        assert_eq!(with_path.public_origin(), "http://intranet:8080");
    }

    #[test]
    fn attempt_limits_and_trusted_proxies_are_read() {
        let config = Config::from_lookup(|k| match k {
            "ROSTER_FAILED_SIGN_INS_PER_EMAIL" => Some("5".to_string()),
            "ROSTER_FAILED_SIGN_INS_PER_IP" => Some("20".to_string()),
            "ROSTER_FAILED_SIGN_IN_WINDOW_MINUTES" => Some("30".to_string()),
            "ROSTER_TRUSTED_PROXIES" => Some("10.0.0.1, ::1".to_string()),
            "ROSTER_FAILED_SIGN_IN_MAX_DELAY_SECONDS" => Some("4".to_string()),
            _ => None,
        })
        .unwrap();
        assert_eq!(config.failure_max_delay, Duration::from_secs(4));
        assert_eq!(config.failures_per_email, 5);
        assert_eq!(config.failures_per_client, 20);
        assert_eq!(config.failure_window, Duration::from_secs(1800));
        assert_eq!(
            config.trusted_proxies,
            vec![
                "10.0.0.1".parse::<IpAddr>().unwrap(),
                "::1".parse::<IpAddr>().unwrap()
            ]
        );
        let bad = Config::from_lookup(|k| (k == "ROSTER_TRUSTED_PROXIES").then(|| "proxy".into()));
        assert!(bad.unwrap_err().contains("ROSTER_TRUSTED_PROXIES"));
    }

    #[test]
    fn connection_limits_and_timeouts_are_read() {
        let config = Config::from_lookup(|k| match k {
            "ROSTER_HEADER_TIMEOUT_SECONDS" => Some("3".to_string()),
            "ROSTER_BODY_TIMEOUT_SECONDS" => Some("20".to_string()),
            "ROSTER_MAX_CONNECTIONS" => Some("300".to_string()),
            "ROSTER_MAX_CONNECTIONS_PER_IP" => Some("30".to_string()),
            _ => None,
        })
        .unwrap();
        assert_eq!(config.header_timeout, Duration::from_secs(3));
        assert_eq!(config.body_timeout, Duration::from_secs(20));
        assert_eq!(
            (config.max_connections, config.max_connections_per_client),
            (300, 30)
        );
        let zero =
            Config::from_lookup(|k| (k == "ROSTER_HEADER_TIMEOUT_SECONDS").then(|| "0".into()));
        assert!(zero.unwrap_err().contains("ROSTER_HEADER_TIMEOUT_SECONDS"));
    }

    #[test]
    fn log_format_and_metrics_address_are_read() {
        let config = Config::from_lookup(|k| match k {
            "ROSTER_LOG_FORMAT" => Some("json".to_string()),
            "ROSTER_METRICS_ADDR" => Some("127.0.0.1:9100".to_string()),
            _ => None,
        })
        .unwrap();
        assert_eq!(config.log_format, LogFormat::Json);
        assert_eq!(config.metrics_addr, Some("127.0.0.1:9100".parse().unwrap()));
        let bad = Config::from_lookup(|k| (k == "ROSTER_LOG_FORMAT").then(|| "xml".into()));
        assert!(bad.unwrap_err().contains("ROSTER_LOG_FORMAT"));
        let bad = Config::from_lookup(|k| (k == "ROSTER_METRICS_ADDR").then(|| "public".into()));
        assert!(bad.unwrap_err().contains("ROSTER_METRICS_ADDR"));
    }

    #[test]
    fn shutdown_grace_and_purge_interval_are_read() {
        let config = Config::from_lookup(|k| match k {
            "ROSTER_SHUTDOWN_SECONDS" => Some("5".to_string()),
            "ROSTER_PURGE_MINUTES" => Some("15".to_string()),
            _ => None,
        })
        .unwrap();
        assert_eq!(config.shutdown_grace, Duration::from_secs(5));
        assert_eq!(config.purge_interval, Duration::from_secs(15 * 60));
        let bad = Config::from_lookup(|k| (k == "ROSTER_PURGE_MINUTES").then(|| "hourly".into()));
        assert!(bad.unwrap_err().contains("ROSTER_PURGE_MINUTES"));
    }
}
