//! A minimal SMTP server on a local TCP port, speaking just enough of RFC 5321 to receive mail:
//! the real SMTP client in Roster talks to it over a real socket.

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio::sync::mpsc;

/// One message as received.
#[derive(Debug, Clone)]
pub struct Received {
    pub from: String,
    pub to: Vec<String>,
    pub data: String,
}

pub struct Listener {
    pub port: u16,
    messages: tokio::sync::Mutex<mpsc::UnboundedReceiver<Received>>,
}

impl Listener {
    /// Listens on a free local port and serves every connection until the test ends.
    pub async fn start() -> Listener {
        let socket = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = socket.local_addr().unwrap().port();
        let (sender, receiver) = mpsc::unbounded_channel();
        tokio::spawn(async move {
            while let Ok((stream, _)) = socket.accept().await {
                let sender = sender.clone();
                tokio::spawn(async move {
                    let _ = session(stream, sender).await;
                });
            }
        });
        Listener {
            port,
            messages: tokio::sync::Mutex::new(receiver),
        }
    }

    /// The next message received, waiting up to ten seconds.
    pub async fn next_message(&self) -> Received {
        let mut messages = self.messages.lock().await;
        tokio::time::timeout(std::time::Duration::from_secs(10), messages.recv())
            .await
            .expect("a message within 10 s")
            .expect("the listener is running")
    }
}

async fn session(
    stream: tokio::net::TcpStream,
    sender: mpsc::UnboundedSender<Received>,
) -> std::io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read);
    write.write_all(b"220 localhost ESMTP test\r\n").await?;
    let (mut from, mut to) = (String::new(), Vec::new());
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let command = line.trim_end().to_string();
        let upper = command.to_ascii_uppercase();
        let reply: &[u8] = if upper.starts_with("EHLO") || upper.starts_with("HELO") {
            b"250 localhost\r\n"
        } else if let Some(address) = upper.strip_prefix("MAIL FROM:") {
            from = command[command.len() - address.len()..].trim().to_string();
            b"250 OK\r\n"
        } else if let Some(address) = upper.strip_prefix("RCPT TO:") {
            to.push(command[command.len() - address.len()..].trim().to_string());
            b"250 OK\r\n"
        } else if upper == "DATA" {
            write
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
            let _ = sender.send(Received {
                from: std::mem::take(&mut from),
                to: std::mem::take(&mut to),
                data,
            });
            b"250 OK queued\r\n"
        } else if upper == "QUIT" {
            write.write_all(b"221 Bye\r\n").await?;
            return Ok(());
        } else {
            b"250 OK\r\n"
        };
        write.write_all(reply).await?;
    }
}
