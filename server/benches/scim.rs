//! The SCIM service under an identity provider's load, through HTTP against the release server:
//! creating 1,000 people one POST each (16 clients, while one more client reads), and
//! `userName eq` look-ups in an organization of 50,000 (sequential latency, then 16 clients for
//! 10 s). Run:
//! `cargo bench -p server --bench scim` (`ROSTER_BENCH_PEOPLE` to change the organization's size).

mod support;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use support::{percentile, Client, Server};

const CLIENTS: usize = 16;

fn user(i: usize) -> String {
    format!(
        r#"{{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"provisioned{i:05}@bench.test","externalId":"ext-{i}","name":{{"givenName":"Pro","familyName":"Visioned {i}"}},"emails":[{{"value":"provisioned{i:05}@bench.test","type":"work","primary":true}}],"active":true}}"#
    )
}

fn lookup_path(person: usize) -> String {
    let filter = format!("userName eq \"person{person:05}@scale.test\"");
    let encoded: String = filter
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect();
    format!("/scim/v2/Users?filter={encoded}&startIndex=1&count=100")
}

#[tokio::main]
async fn main() {
    let people: usize = std::env::var("ROSTER_BENCH_PEOPLE")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(50_000);
    let server = Server::start(&["seed-scale", "--people", &people.to_string()]);
    let token = server.command(&[
        "create-scim-token",
        "--org",
        "Scale Test",
        "--name",
        "bench",
    ]);
    let auth = format!("Bearer {token}");

    // 1,000 creates, 16 clients, each its own share.
    let creates = 1000;
    let started = Instant::now();
    let cpu_before = server.cpu_time();
    let mut tasks = Vec::new();
    for c in 0..CLIENTS {
        let (addr, auth) = (server.addr.clone(), auth.clone());
        tasks.push(tokio::spawn(async move {
            let mut client = Client::connect(&addr).await;
            let mut samples = Vec::new();
            for i in (c..creates).step_by(CLIENTS) {
                let t = Instant::now();
                let answer = client
                    .send(
                        "POST",
                        "/scim/v2/Users",
                        &[
                            ("Authorization", &auth),
                            ("Content-Type", "application/scim+json"),
                        ],
                        &user(i),
                    )
                    .await;
                samples.push(t.elapsed());
                assert_eq!(
                    answer.status,
                    201,
                    "{}",
                    String::from_utf8_lossy(&answer.body)
                );
            }
            samples
        }));
    }
    // Meanwhile one more client reads (a look-up after another), as a person browsing or another
    // identity provider would while a burst of creates is written.
    let creating = Arc::new(AtomicBool::new(true));
    let reader = tokio::spawn({
        let (addr, auth, creating) = (server.addr.clone(), auth.clone(), creating.clone());
        async move {
            let mut client = Client::connect(&addr).await;
            let headers = [("Authorization", auth.as_str())];
            let mut samples = Vec::new();
            while creating.load(Ordering::Relaxed) {
                let person = 1 + (samples.len() * 97) % (people - 1);
                let t = Instant::now();
                let answer = client.send("GET", &lookup_path(person), &headers, "").await;
                samples.push(t.elapsed());
                assert_eq!(answer.status, 200);
            }
            samples
        }
    });
    let mut samples = Vec::new();
    for task in tasks {
        samples.extend(task.await.unwrap());
    }
    let seconds = started.elapsed().as_secs_f64();
    let cpu = (server.cpu_time() - cpu_before).as_secs_f64();
    creating.store(false, Ordering::Relaxed);
    let mut read_samples = reader.await.unwrap();
    println!(
        "\ncreate {creates} people, one POST each, {CLIENTS} clients, into an organization of {people}: \
         {:.1} s, {:.0} creates/s, p50 {:.2} ms, p99 {:.2} ms, server CPU {:.2} ms per create",
        seconds,
        creates as f64 / seconds,
        percentile(&mut samples, 50.0),
        percentile(&mut samples, 99.0),
        cpu * 1000.0 / creates as f64
    );
    println!(
        "userName eq look-up by one more client during the creates: {} look-ups, p50 {:.2} ms, p99 {:.2} ms",
        read_samples.len(),
        percentile(&mut read_samples, 50.0),
        percentile(&mut read_samples, 99.0)
    );

    // userName eq look-ups: sequential latency first.
    let mut client = Client::connect(&server.addr).await;
    let headers = [("Authorization", auth.as_str())];
    for i in 0..50 {
        client
            .send("GET", &lookup_path(1 + i * 7 % people), &headers, "")
            .await;
    }
    let mut samples = Vec::new();
    for i in 0..1000 {
        let person = 1 + (i * 97) % (people - 1);
        let t = Instant::now();
        let answer = client.send("GET", &lookup_path(person), &headers, "").await;
        samples.push(t.elapsed());
        assert_eq!(answer.status, 200);
        assert!(
            String::from_utf8_lossy(&answer.body).contains("\"totalResults\":1"),
            "person{person:05} not found: {}",
            String::from_utf8_lossy(&answer.body)
        );
    }
    println!(
        "userName eq look-up, sequential (1,000): p50 {:.2} ms, p99 {:.2} ms",
        percentile(&mut samples, 50.0),
        percentile(&mut samples, 99.0)
    );

    // Then 16 clients for 10 s.
    let duration = Duration::from_secs(10);
    let started = Instant::now();
    let cpu_before = server.cpu_time();
    let mut tasks = Vec::new();
    for c in 0..CLIENTS {
        let (addr, auth) = (server.addr.clone(), auth.clone());
        tasks.push(tokio::spawn(async move {
            let mut client = Client::connect(&addr).await;
            let headers = [("Authorization", auth.as_str())];
            let (mut done, mut samples) = (0usize, Vec::new());
            while started.elapsed() < duration {
                let person = 1 + (c * 3331 + done * 97) % (people - 1);
                let t = Instant::now();
                let answer = client.send("GET", &lookup_path(person), &headers, "").await;
                samples.push(t.elapsed());
                assert_eq!(answer.status, 200);
                done += 1;
            }
            (done, samples)
        }));
    }
    let mut peak_rss: f64 = 0.0;
    while started.elapsed() < duration {
        tokio::time::sleep(Duration::from_millis(250)).await;
        peak_rss = peak_rss.max(server.memory_mib().0);
    }
    let (mut total, mut samples) = (0, Vec::new());
    for task in tasks {
        let (done, s) = task.await.unwrap();
        total += done;
        samples.extend(s);
    }
    let seconds = started.elapsed().as_secs_f64();
    let cpu = (server.cpu_time() - cpu_before).as_secs_f64();
    println!(
        "userName eq look-up, {CLIENTS} clients for {seconds:.0} s: {:.0} requests/s, p50 {:.2} ms, p99 {:.2} ms, \
         server CPU {:.2} ms per request, peak RSS {peak_rss:.0} MiB",
        total as f64 / seconds,
        percentile(&mut samples, 50.0),
        percentile(&mut samples, 99.0),
        cpu * 1000.0 / total as f64
    );
}
