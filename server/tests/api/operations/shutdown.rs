//! SIGTERM to the real `roster` binary while a 1,000-row bulk invitation is in flight (its header
//! and half its body sent): new connections are refused at once; the rest of the body is then
//! sent, and the request is answered 200 and written whole; its 1,000 invitation messages are
//! handed over (none left queued); and the process exits 0 within `ROSTER_SHUTDOWN_SECONDS`.
//! A request that never finishes is cut off at that deadline, and the process exits 0 then.
//! A request that reaches a kept-alive, idle connection just as the signal comes is answered,
//! not lost with the connection.

use crate::live_server::{thousand_rows, Database, Server};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const GRACE_SECONDS: u64 = 20;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_finishes_the_request_in_flight_and_exits_zero_within_the_deadline() {
    let db = Database::demo();
    let log_dir = tempfile::tempdir().unwrap();
    let log = log_dir.path().join("server.log");
    let mut server = Server::start_with(
        &db,
        &[("ROSTER_SHUTDOWN_SECONDS", &GRACE_SECONDS.to_string())],
        Some(&log),
    );
    let cookie = server.signed_in().await.cookie.unwrap();
    let body = thousand_rows("term-");
    let (first_half, second_half) = body.split_at(body.len() / 2);
    let mut stream = TcpStream::connect(&server.addr).await.unwrap();
    let head = format!(
        "POST /api/bulk_invite HTTP/1.1\r\nHost: {}\r\nAccept: application/json\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nCookie: {cookie}\r\n\r\n",
        server.addr,
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(first_half.as_bytes()).await.unwrap();
    // The server has the request's header and half its body: the request is in flight.
    tokio::time::sleep(Duration::from_millis(300)).await;
    server.terminate();
    let terminated = Instant::now();

    // The listening socket closes at once, while the request is still in flight.
    let mut refused = false;
    while terminated.elapsed() < Duration::from_secs(5) {
        match TcpStream::connect(&server.addr).await {
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionRefused => {
                refused = true;
                break;
            }
            _ => tokio::time::sleep(Duration::from_millis(10)).await,
        }
    }
    println!(
        "new connections refused {:?} after SIGTERM",
        terminated.elapsed()
    );
    assert!(
        refused,
        "new connections are still accepted 5 s after SIGTERM"
    );

    // The rest of the body arrives after the signal; the 1,000 rows are then checked and
    // written, and answered before the connection closes.
    stream.write_all(second_half.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    tokio::time::timeout(
        Duration::from_secs(GRACE_SECONDS),
        stream.read_to_end(&mut answer),
    )
    .await
    .expect("the request in flight was not answered")
    .unwrap();
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 200 "), "{answer}");
    println!("answered {:?} after SIGTERM", terminated.elapsed());

    let exited = server
        .wait_for_exit(Duration::from_secs(GRACE_SECONDS + 5))
        .await
        .expect("the server did not exit");
    let took = terminated.elapsed();
    println!("exited {exited} {took:?} after SIGTERM");
    assert!(exited.success(), "exit status {exited}");
    assert!(
        took < Duration::from_secs(GRACE_SECONDS),
        "took {took:?}, longer than ROSTER_SHUTDOWN_SECONDS"
    );
    assert!(
        std::net::TcpStream::connect(&server.addr).is_err(),
        "still accepting after exit"
    );

    assert_eq!(
        db.count("SELECT COUNT(*) FROM invitations WHERE email LIKE 'term-%'")
            .await,
        1000,
        "the bulk invitation is written whole"
    );
    assert_eq!(
        db.count("SELECT COUNT(*) FROM outbox WHERE recipient LIKE 'term-%' AND status = 'queued'")
            .await,
        0,
        "every message of the request was handed over before the exit"
    );
    let logged = std::fs::read_to_string(&log).unwrap();
    assert!(logged.contains("SIGTERM"), "{logged}");
    assert!(logged.contains("Roster stopped"), "{logged}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_that_never_finishes_does_not_hold_the_exit_past_the_deadline() {
    let db = Database::demo();
    let mut server = Server::start_with(&db, &[("ROSTER_SHUTDOWN_SECONDS", "1")], None);
    let cookie = server.signed_in().await.cookie.unwrap();
    // A body that never arrives (its own timeout is a minute away).
    let mut stream = TcpStream::connect(&server.addr).await.unwrap();
    let head = format!(
        "POST /api/bulk_invite HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\n\
         Content-Length: 1000\r\nCookie: {cookie}\r\n\r\n{{\"csv\":",
        server.addr
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    server.terminate();
    let terminated = Instant::now();
    let exited = server
        .wait_for_exit(Duration::from_secs(10))
        .await
        .expect("the server did not exit");
    let took = terminated.elapsed();
    println!("exited {exited} {took:?} after SIGTERM, one request unfinished");
    assert!(exited.success(), "exit status {exited}");
    assert!(
        took >= Duration::from_secs(1) && took < Duration::from_secs(4),
        "took {took:?} with ROSTER_SHUTDOWN_SECONDS=1"
    );
    let mut rest = Vec::new();
    let _ = stream.read_to_end(&mut rest).await;
    assert!(rest.is_empty(), "the unfinished request got an answer");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_on_a_kept_alive_connection_just_after_sigterm_is_answered() {
    let db = Database::demo();
    let mut server = Server::start_with(&db, &[("ROSTER_SHUTDOWN_SECONDS", "20")], None);
    // One answer already on this connection: it is kept alive and idle when the signal comes.
    let mut client = server.signed_in().await;
    server.terminate();
    let terminated = Instant::now();
    // Closing the idle connection at the signal would lose a request already on its way.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let answer = client.send("GET", "/healthz", &[], "").await;
    assert_eq!(
        answer.status,
        200,
        "{}",
        String::from_utf8_lossy(&answer.body)
    );
    println!("answered {:?} after SIGTERM", terminated.elapsed());
    let exited = server
        .wait_for_exit(Duration::from_secs(10))
        .await
        .expect("the server did not exit");
    println!("exited {exited} {:?} after SIGTERM", terminated.elapsed());
    assert!(exited.success(), "exit status {exited}");
}
