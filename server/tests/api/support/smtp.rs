//! A minimal SMTP server on a local TCP port, speaking just enough of RFC 5321 to receive mail:
//! the real SMTP client in Roster talks to it over a real socket. It can speak TLS from the first
//! byte or offer STARTTLS (with a certificate of a test authority made here, which Roster is told
//! to trust), refuse recipients with a reply of the test's choosing, and hold new connections
//! after a number of messages until released.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio::sync::{mpsc, watch};
use tokio_rustls::rustls;
use tokio_rustls::TlsAcceptor;

/// One message as received.
#[derive(Debug, Clone)]
pub struct Received {
    pub from: String,
    pub to: Vec<String>,
    pub data: String,
}

/// How the listener secures its connections.
#[derive(Clone)]
pub enum Security {
    Plain,
    /// Offers STARTTLS after EHLO, and takes mail only once the connection is upgraded.
    StartTls(TlsAcceptor),
    /// TLS from the first byte.
    Tls(TlsAcceptor),
}

/// A certificate authority made for one test, and a certificate it signed for 127.0.0.1.
pub struct TestAuthority {
    /// The authority's certificate, to trust (`ROSTER_SMTP_CA_FILE`).
    pub ca_pem: String,
    pub acceptor: TlsAcceptor,
}

impl TestAuthority {
    pub fn new() -> TestAuthority {
        let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
        ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        ca_params
            .distinguished_name
            .push(rcgen::DnType::CommonName, "Roster test authority");
        let ca =
            rcgen::CertifiedIssuer::self_signed(ca_params, rcgen::KeyPair::generate().unwrap())
                .unwrap();
        let key = rcgen::KeyPair::generate().unwrap();
        let leaf = rcgen::CertificateParams::new(vec!["127.0.0.1".to_string(), "localhost".into()])
            .unwrap()
            .signed_by(&key, &ca)
            .unwrap();
        let config = rustls::ServerConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(
            vec![leaf.der().clone()],
            rustls::pki_types::PrivateKeyDer::Pkcs8(key.serialize_der().into()),
        )
        .unwrap();
        TestAuthority {
            ca_pem: ca.pem(),
            acceptor: TlsAcceptor::from(Arc::new(config)),
        }
    }
}

/// What the test asks of the listener while it runs.
struct Control {
    /// The reply to every RCPT TO, when recipients are refused.
    refusal: Mutex<Option<String>>,
    /// Messages taken so far.
    taken: AtomicUsize,
    /// New connections wait before the greeting once this many messages are taken.
    hold_after: Mutex<Option<usize>>,
    released: watch::Sender<bool>,
}

pub struct Listener {
    pub port: u16,
    messages: tokio::sync::Mutex<mpsc::UnboundedReceiver<Received>>,
    control: Arc<Control>,
}

impl Listener {
    /// Listens on a free local port and serves every connection until the test ends.
    pub async fn start() -> Listener {
        Listener::start_with(Security::Plain).await
    }

    pub async fn start_with(security: Security) -> Listener {
        let socket = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = socket.local_addr().unwrap().port();
        let (sender, receiver) = mpsc::unbounded_channel();
        let control = Arc::new(Control {
            refusal: Mutex::new(None),
            taken: AtomicUsize::new(0),
            hold_after: Mutex::new(None),
            released: watch::channel(false).0,
        });
        let shared = control.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = socket.accept().await {
                let (sender, control, security) =
                    (sender.clone(), shared.clone(), security.clone());
                tokio::spawn(async move {
                    let _ = connection(stream, sender, control, security).await;
                });
            }
        });
        Listener {
            port,
            messages: tokio::sync::Mutex::new(receiver),
            control,
        }
    }

    /// Answers every RCPT TO with `reply` (such as `550 5.1.1 No such mailbox`), or, with
    /// `None`, takes recipients again.
    pub fn refuse(&self, reply: Option<&str>) {
        *self.control.refusal.lock().unwrap() = reply.map(str::to_string);
    }

    /// Once `n` messages are taken, new connections wait before the greeting until
    /// [`Listener::release`].
    pub fn hold_after(&self, n: usize) {
        *self.control.hold_after.lock().unwrap() = Some(n);
    }

    pub fn release(&self) {
        self.control.released.send_replace(true);
    }

    /// The next message received, waiting up to ten seconds.
    pub async fn next_message(&self) -> Received {
        self.next_message_within(std::time::Duration::from_secs(10))
            .await
            .expect("a message within 10 s")
    }

    /// The next message received within `limit`, if one is.
    pub async fn next_message_within(&self, limit: std::time::Duration) -> Option<Received> {
        let mut messages = self.messages.lock().await;
        tokio::time::timeout(limit, messages.recv())
            .await
            .ok()
            .map(|m| m.expect("the listener is running"))
    }
}

trait Stream: AsyncRead + AsyncWrite + Unpin + Send {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send> Stream for T {}

async fn connection(
    stream: tokio::net::TcpStream,
    sender: mpsc::UnboundedSender<Received>,
    control: Arc<Control>,
    security: Security,
) -> std::io::Result<()> {
    let hold = *control.hold_after.lock().unwrap();
    if hold.is_some_and(|n| control.taken.load(Ordering::SeqCst) >= n) {
        let mut released = control.released.subscribe();
        let _ = released.wait_for(|r| *r).await;
    }
    match security {
        Security::Plain => session(Box::new(stream), sender, control, None, true).await,
        Security::StartTls(acceptor) => {
            session(Box::new(stream), sender, control, Some(acceptor), true).await
        }
        Security::Tls(acceptor) => {
            let stream = acceptor.accept(stream).await?;
            session(Box::new(stream), sender, control, None, true).await
        }
    }
}

/// One SMTP session over `stream`; with `starttls`, STARTTLS is offered and mail is taken only
/// after it.
fn session(
    stream: Box<dyn Stream>,
    sender: mpsc::UnboundedSender<Received>,
    control: Arc<Control>,
    starttls: Option<TlsAcceptor>,
    greet: bool,
) -> std::pin::Pin<Box<dyn std::future::Future<Output = std::io::Result<()>> + Send>> {
    Box::pin(async move {
        let mut lines = BufReader::new(stream);
        // After STARTTLS the client says EHLO again, without a new banner.
        if greet {
            lines
                .get_mut()
                .write_all(b"220 localhost ESMTP test\r\n")
                .await?;
        }
        let (mut from, mut to) = (String::new(), Vec::new());
        let mut line = String::new();
        loop {
            line.clear();
            if lines.read_line(&mut line).await? == 0 {
                return Ok(());
            }
            let command = line.trim_end().to_string();
            let upper = command.to_ascii_uppercase();
            let reply: Vec<u8> = if upper.starts_with("EHLO") {
                if starttls.is_some() {
                    b"250-localhost\r\n250 STARTTLS\r\n".to_vec()
                } else {
                    b"250 localhost\r\n".to_vec()
                }
            } else if upper.starts_with("HELO") {
                b"250 localhost\r\n".to_vec()
            } else if upper == "STARTTLS" {
                let Some(acceptor) = starttls.clone() else {
                    lines.get_mut().write_all(b"502 Not offered\r\n").await?;
                    continue;
                };
                lines
                    .get_mut()
                    .write_all(b"220 Ready to start TLS\r\n")
                    .await?;
                let stream = acceptor.accept(lines.into_inner()).await?;
                return session(Box::new(stream), sender, control, None, false).await;
            } else if let Some(address) = upper.strip_prefix("MAIL FROM:") {
                if starttls.is_some() {
                    b"530 Must issue a STARTTLS command first\r\n".to_vec()
                } else {
                    from = command[command.len() - address.len()..].trim().to_string();
                    b"250 OK\r\n".to_vec()
                }
            } else if let Some(address) = upper.strip_prefix("RCPT TO:") {
                match control.refusal.lock().unwrap().clone() {
                    Some(refusal) => format!("{refusal}\r\n").into_bytes(),
                    None => {
                        to.push(command[command.len() - address.len()..].trim().to_string());
                        b"250 OK\r\n".to_vec()
                    }
                }
            } else if upper == "DATA" {
                lines
                    .get_mut()
                    .write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                    .await?;
                let mut data = String::new();
                loop {
                    line.clear();
                    if lines.read_line(&mut line).await? == 0 {
                        return Ok(());
                    }
                    if line.trim_end_matches(['\r', '\n']) == "." {
                        break;
                    }
                    data.push_str(&line);
                }
                control.taken.fetch_add(1, Ordering::SeqCst);
                let _ = sender.send(Received {
                    from: std::mem::take(&mut from),
                    to: std::mem::take(&mut to),
                    data,
                });
                b"250 OK queued\r\n".to_vec()
            } else if upper == "QUIT" {
                lines.get_mut().write_all(b"221 Bye\r\n").await?;
                return Ok(());
            } else {
                b"250 OK\r\n".to_vec()
            };
            lines.get_mut().write_all(&reply).await?;
        }
    })
}
