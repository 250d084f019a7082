//! The real `roster` binary's connections: a half-sent header, a trickled body and an idle
//! keep-alive connection are closed within their configured time; connections past the bound
//! for one address are closed on arrival; one keep-alive connection serves pages, files and
//! server functions in a row (with `TCP_NODELAY`, none waits for a delayed ACK — the test
//! prints the times); and invitations without SMTP are logged without their link.

use crate::live_server::{Database, Server};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Reads until the server closes the connection (or `limit` passes); returns what arrived and
/// whether it closed.
async fn read_until_closed(stream: &mut TcpStream, limit: Duration) -> (Vec<u8>, bool) {
    let mut received = Vec::new();
    let closed = tokio::time::timeout(limit, async {
        let mut buffer = [0u8; 4096];
        loop {
            match stream.read(&mut buffer).await {
                Ok(0) | Err(_) => return,
                Ok(n) => received.extend_from_slice(&buffer[..n]),
            }
        }
    })
    .await
    .is_ok();
    (received, closed)
}

/// A server over the demo organization with short timeouts.
fn server_with(db: &Database, env: &[(&str, &str)]) -> Server {
    Server::start_with(db, env, None)
}

#[tokio::test]
async fn a_half_sent_header_and_an_idle_keep_alive_connection_are_closed_in_time() {
    let db = Database::demo();
    let server = server_with(&db, &[("ROSTER_HEADER_TIMEOUT_SECONDS", "1")]);

    let mut half = TcpStream::connect(&server.addr).await.unwrap();
    half.write_all(b"GET /sign-in HTTP/1.1\r\nHost: roster.test\r\nAccept: text/ht")
        .await
        .unwrap();
    let started = Instant::now();
    let (_, closed) = read_until_closed(&mut half, Duration::from_secs(6)).await;
    assert!(closed, "a half-sent header is still open after 6 s");
    println!("half-sent header closed after {:?}", started.elapsed());

    let mut idle = TcpStream::connect(&server.addr).await.unwrap();
    idle.write_all(b"GET /favicon.svg HTTP/1.1\r\nHost: roster.test\r\n\r\n")
        .await
        .unwrap();
    let mut first = [0u8; 12];
    idle.read_exact(&mut first).await.unwrap();
    assert!(first.starts_with(b"HTTP/1.1 "), "answered first");
    let started = Instant::now();
    let (_, closed) = read_until_closed(&mut idle, Duration::from_secs(6)).await;
    assert!(
        closed,
        "an idle keep-alive connection is still open after 6 s"
    );
    println!("idle keep-alive closed after {:?}", started.elapsed());
}

#[tokio::test]
async fn a_trickled_body_is_answered_408_and_closed_in_time() {
    let db = Database::demo();
    let server = server_with(&db, &[("ROSTER_BODY_TIMEOUT_SECONDS", "1")]);
    let mut stream = TcpStream::connect(&server.addr).await.unwrap();
    stream
        .write_all(
            b"POST /api/sign_in HTTP/1.1\r\nHost: roster.test\r\nAccept: application/json\r\n\
              Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nemail=",
        )
        .await
        .unwrap();
    let started = Instant::now();
    let (answer, closed) = read_until_closed(&mut stream, Duration::from_secs(6)).await;
    let answer = String::from_utf8_lossy(&answer);
    assert!(closed, "a trickled body is still open after 6 s: {answer}");
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(
        answer.contains("The request took too long to arrive."),
        "{answer}"
    );
    println!(
        "trickled body answered and closed after {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn connections_past_the_bound_for_one_address_are_closed_on_arrival() {
    let db = Database::demo();
    let server = server_with(&db, &[("ROSTER_MAX_CONNECTIONS_PER_IP", "3")]);
    let mut held = Vec::new();
    for _ in 0..3 {
        held.push(served_connection(&server.addr).await);
    }
    let mut fourth = TcpStream::connect(&server.addr).await.unwrap();
    let _ = fourth
        .write_all(b"GET /favicon.svg HTTP/1.1\r\nHost: roster.test\r\n\r\n")
        .await;
    let (answer, closed) = read_until_closed(&mut fourth, Duration::from_secs(5)).await;
    assert!(
        closed && answer.is_empty(),
        "the fourth connection was served: {answer:?}"
    );

    drop(held.pop());
    // Once the server has seen the close, a new connection is served again.
    held.push(served_connection(&server.addr).await);
}

/// A connection that has had one answer (retried while the server still counts connections that
/// just closed, such as the probe that waited for it to listen).
async fn served_connection(addr: &str) -> TcpStream {
    for _ in 0..50 {
        let mut stream = TcpStream::connect(addr).await.unwrap();
        let request = b"GET /favicon.svg HTTP/1.1\r\nHost: roster.test\r\n\r\n";
        let mut first = [0u8; 12];
        if stream.write_all(request).await.is_ok()
            && stream.read_exact(&mut first).await.is_ok()
            && first.starts_with(b"HTTP/1.1 ")
        {
            return stream;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("no connection was served");
}

/// One answer read from a keep-alive connection.
struct Answer {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Answer {
    fn header(&self, name: &str) -> Option<String> {
        self.head
            .lines()
            .find(|l| l.to_ascii_lowercase().starts_with(&format!("{name}:")))
            .map(|l| l[name.len() + 1..].trim().to_string())
    }
}

/// Sends `request` and reads one whole answer (by `Content-Length` or chunked).
async fn exchange(stream: &mut TcpStream, buffer: &mut Vec<u8>, request: &str) -> Answer {
    stream.write_all(request.as_bytes()).await.unwrap();
    let head_end = loop {
        if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        let n = stream.read_buf(buffer).await.unwrap();
        assert!(n > 0, "connection closed");
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    buffer.drain(..head_end);
    let mut answer = Answer {
        status: head.split_whitespace().nth(1).unwrap().parse().unwrap(),
        head,
        body: Vec::new(),
    };
    if let Some(length) = answer.header("content-length") {
        let length: usize = length.parse().unwrap();
        while buffer.len() < length {
            assert!(stream.read_buf(buffer).await.unwrap() > 0, "closed");
        }
        answer.body = buffer.drain(..length).collect();
        return answer;
    }
    assert_eq!(
        answer.header("transfer-encoding").as_deref(),
        Some("chunked")
    );
    loop {
        let line_end = loop {
            if let Some(at) = buffer.windows(2).position(|w| w == b"\r\n") {
                break at;
            }
            assert!(stream.read_buf(buffer).await.unwrap() > 0, "closed");
        };
        let size_text = String::from_utf8_lossy(&buffer[..line_end]).into_owned();
        let size = usize::from_str_radix(size_text.split(';').next().unwrap().trim(), 16).unwrap();
        while buffer.len() < line_end + 2 + size + 2 {
            assert!(stream.read_buf(buffer).await.unwrap() > 0, "closed");
        }
        answer
            .body
            .extend_from_slice(&buffer[line_end + 2..line_end + 2 + size]);
        buffer.drain(..line_end + 2 + size + 2);
        if size == 0 {
            return answer;
        }
    }
}

fn median_and_max(times: &mut [Duration]) -> String {
    times.sort();
    format!(
        "median {:.2} ms, max {:.2} ms",
        times[times.len() / 2].as_secs_f64() * 1000.0,
        times[times.len() - 1].as_secs_f64() * 1000.0
    )
}

#[tokio::test]
async fn one_keep_alive_connection_serves_pages_files_and_server_functions_in_a_row() {
    let db = Database::demo();
    let site = tempfile::tempdir().unwrap();
    let css = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../style/main.css")).unwrap();
    std::fs::create_dir(site.path().join("pkg")).unwrap();
    std::fs::write(site.path().join("pkg/roster.css"), &css).unwrap();
    let site_root = site.path().display().to_string();
    let server = server_with(&db, &[("LEPTOS_SITE_ROOT", &site_root)]);
    let host = &server.addr;
    let mut stream = TcpStream::connect(host).await.unwrap();
    let mut buffer = Vec::new();

    let body = "email=owner%40acme.test&password=roster-demo";
    let signed_in = exchange(
        &mut stream,
        &mut buffer,
        &format!(
            "POST /api/sign_in HTTP/1.1\r\nHost: {host}\r\nAccept: application/json\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        ),
    )
    .await;
    assert_eq!(
        signed_in.status,
        200,
        "{}",
        String::from_utf8_lossy(&signed_in.body)
    );
    let cookie = signed_in.header("set-cookie").unwrap();
    let cookie = cookie.split(';').next().unwrap();

    let page = format!("GET /orgs/acme-analytics/settings/users HTTP/1.1\r\nHost: {host}\r\nCookie: {cookie}\r\n\r\n");
    let file = format!("GET /pkg/roster.css HTTP/1.1\r\nHost: {host}\r\n\r\n");
    let function = format!(
        "POST /api/list_projects HTTP/1.1\r\nHost: {host}\r\nAccept: application/json\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 0\r\nCookie: {cookie}\r\n\r\n"
    );
    let (mut pages, mut files, mut functions) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..10 {
        let started = Instant::now();
        let answer = exchange(&mut stream, &mut buffer, &page).await;
        pages.push(started.elapsed());
        assert_eq!(answer.status, 200);
        let html = String::from_utf8_lossy(&answer.body);
        assert!(
            html.contains("</html>") && html.contains("Users"),
            "the Users tab: {html}"
        );

        let started = Instant::now();
        let answer = exchange(&mut stream, &mut buffer, &file).await;
        files.push(started.elapsed());
        assert_eq!(answer.status, 200);
        assert_eq!(answer.body, css, "the file whole");

        let started = Instant::now();
        let answer = exchange(&mut stream, &mut buffer, &function).await;
        functions.push(started.elapsed());
        assert_eq!(answer.status, 200);
        let projects: serde_json::Value = serde_json::from_slice(&answer.body).unwrap();
        assert!(
            !projects.as_array().unwrap().is_empty(),
            "the demo's projects"
        );
    }
    println!(
        "one keep-alive connection, 10 each: page {}; file {}; server function {}",
        median_and_max(&mut pages),
        median_and_max(&mut files),
        median_and_max(&mut functions)
    );
}

#[tokio::test]
async fn without_smtp_the_log_says_for_whom_an_invitation_was_queued_but_never_its_link() {
    let db = Database::demo();
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("server.log");
    let server = Server::start_with(&db, &[], Some(&log));
    let host = &server.addr;
    let mut stream = TcpStream::connect(host).await.unwrap();
    let mut buffer = Vec::new();
    let body = "email=owner%40acme.test&password=roster-demo";
    let signed_in = exchange(
        &mut stream,
        &mut buffer,
        &format!(
            "POST /api/sign_in HTTP/1.1\r\nHost: {host}\r\nAccept: application/json\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        ),
    )
    .await;
    let cookie = signed_in.header("set-cookie").unwrap();
    let cookie = cookie.split(';').next().unwrap().to_string();
    let projects = exchange(
        &mut stream,
        &mut buffer,
        &format!(
            "POST /api/list_projects HTTP/1.1\r\nHost: {host}\r\nAccept: application/json\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 0\r\nCookie: {cookie}\r\n\r\n"
        ),
    )
    .await;
    let projects: serde_json::Value = serde_json::from_slice(&projects.body).unwrap();
    let project = projects[0]["id"].as_i64().expect("the demo's projects");
    for (email, role) in [("logged@x.test", "member"), ("new-owner@x.test", "owner")] {
        let invite = serde_json::json!({ "request": { "emails": [email], "org_role": role,
            "project_ids": [project], "project_role": "consumer", "team_ids": [] } })
        .to_string();
        let answer = exchange(
            &mut stream,
            &mut buffer,
            &format!(
                "POST /api/invite_users HTTP/1.1\r\nHost: {host}\r\nAccept: application/json\r\n\
                 Content-Type: application/json\r\nContent-Length: {}\r\nCookie: {cookie}\r\n\r\n{invite}",
                invite.len()
            ),
        )
        .await;
        assert_eq!(
            answer.status,
            200,
            "{}",
            String::from_utf8_lossy(&answer.body)
        );
    }
    // Delivery runs in the background: wait for both messages to be logged.
    let mut text = String::new();
    for _ in 0..100 {
        text = std::fs::read_to_string(&log).unwrap_or_default();
        if text.contains("logged@x.test") && text.contains("new-owner@x.test") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(
        text.contains("logged@x.test") && text.contains("new-owner@x.test"),
        "the log names whom the messages are for: {text}"
    );
    assert!(!text.contains("/invite/"), "a link in the log: {text}");
    let has_token = text
        .split(|c: char| !c.is_ascii_hexdigit())
        .any(|word| word.len() >= 64);
    assert!(!has_token, "a token in the log: {text}");
}
