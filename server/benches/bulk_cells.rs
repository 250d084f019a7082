//! The cost of the largest bulk invitation files a client can send, and what it does to everyone
//! else: `cargo bench -p server --bench bulk_cells`.
//!
//! 1. In process: checking one row whose projects cell names n different projects, for n up to
//!    the cap of 1,000 names a cell (every name read, normalised and compared), and beyond it (the
//!    row is refused after counting). Reported per name: flat when the work is linear.
//! 2. Against the server (release, or debug with `--profile dev`; the demo organization):
//!    `/api/session` answered by one client, first alone, then while other clients send the
//!    heaviest previews the body limit allows (a 3.9 MB file of rows naming 1,000 different
//!    projects and 1,000 different teams each, and a 3.9 MB file of one cell naming 500,000
//!    projects). Reported: p50, p99 and the slowest
//!    `/api/session`, and how long each preview took. Fails if any `/api/session` waits longer
//!    than a second, or if a preview is not answered.

mod support;

use shared::invitations::{check_row, RawRow, MAX_NAMES_PER_CELL};
use shared::OrgRole;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use support::{percentile, Client, Server};

/// The body limit of the bulk invitation functions, less room for the JSON around the file.
const FILE_BYTES: usize = 3_900_000;
/// Clients sending previews at the same time (more than the server's worker threads).
const HEAVY_CLIENTS: usize = 4;
const SESSION_SAMPLES: usize = 200;
const SESSION_TARGET: Duration = Duration::from_secs(1);

#[tokio::main]
async fn main() {
    per_name();
    under_load().await;
}

/// A `;`-separated cell of `n` different project names.
fn cell(n: usize) -> String {
    (0..n)
        .map(|i| format!("Project {i}"))
        .collect::<Vec<_>>()
        .join(";")
}

fn per_name() {
    println!("\nchecking one row whose projects cell names n different projects (cap {MAX_NAMES_PER_CELL}):");
    for n in [125, 250, 500, 1000, 10_000, 100_000, 500_000] {
        let row = RawRow {
            email: "ada@example.com".into(),
            org_role: "member".into(),
            projects: cell(n),
            project_role: "analyst".into(),
            teams: String::new(),
        };
        let runs = (2_000_000 / n).clamp(5, 2000);
        let started = Instant::now();
        let mut refused = false;
        for _ in 0..runs {
            refused = check_row(std::hint::black_box(&row), OrgRole::Owner).is_err();
        }
        let each = started.elapsed() / runs as u32;
        println!(
            "  n = {n:>7}: {:>9.1} µs a row, {:>6.1} ns a name ({})",
            each.as_secs_f64() * 1e6,
            each.as_secs_f64() * 1e9 / n as f64,
            if refused {
                "refused: too many names"
            } else {
                "checked"
            }
        );
    }
}

/// The heaviest files within the body limit, as JSON bodies for the preview.
fn heavy_files() -> Vec<(&'static str, String)> {
    let row = |i: usize| {
        format!(
            "p{i}@example.com,member,\"{}\",analyst,\"{}\"\n",
            cell(MAX_NAMES_PER_CELL),
            (0..MAX_NAMES_PER_CELL)
                .map(|t| format!("Team {t}"))
                .collect::<Vec<_>>()
                .join(";")
        )
    };
    let mut many_rows = String::from("email,org_role,projects,project_role,teams\n");
    let mut i = 0;
    loop {
        let next = row(i);
        if many_rows.len() + next.len() > FILE_BYTES {
            break;
        }
        many_rows.push_str(&next);
        i += 1;
    }
    let mut one_cell = String::from("email,projects,project_role\nada@example.com,\"");
    let mut n = 0;
    while one_cell.len() < FILE_BYTES - 20 {
        one_cell.push_str(&format!("p{n};"));
        n += 1;
    }
    one_cell.push_str("\",analyst\n");
    let body = |csv: String| serde_json::json!({ "csv": csv }).to_string();
    vec![
        (
            "rows of 1,000 projects and 1,000 teams",
            body(many_rows.clone()),
        ),
        ("one cell of 500,000 projects", body(one_cell)),
    ]
}

async fn session_latencies(client: &mut Client, n: usize) -> Vec<Duration> {
    let mut samples = Vec::with_capacity(n);
    for _ in 0..n {
        let started = Instant::now();
        let answer = client
            .post("/api/session", "application/x-www-form-urlencoded", "")
            .await;
        samples.push(started.elapsed());
        assert_eq!(answer.status, 200);
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    samples
}

fn report(label: &str, samples: &mut [Duration]) -> f64 {
    let worst = samples.iter().max().copied().unwrap_or_default();
    println!(
        "  {label:<44} p50 {:7.2} ms   p99 {:7.2} ms   slowest {:7.2} ms",
        percentile(samples, 50.0),
        percentile(samples, 99.0),
        worst.as_secs_f64() * 1000.0
    );
    worst.as_secs_f64()
}

async fn under_load() {
    let server = Server::start(&["seed-demo"]);
    let mut watcher = Client::connect(&server.addr).await;
    watcher.sign_in("owner@acme.test").await;
    println!(
        "\n/api/session for one signed-in client, with {HEAVY_CLIENTS} clients sending previews:"
    );
    let mut alone = session_latencies(&mut watcher, SESSION_SAMPLES).await;
    report("alone", &mut alone);

    let mut slowest = 0.0f64;
    for (label, body) in heavy_files() {
        let body = Arc::new(body);
        let stop = Arc::new(AtomicBool::new(false));
        let mut senders = Vec::new();
        for _ in 0..HEAVY_CLIENTS {
            let (addr, body, stop) = (server.addr.clone(), body.clone(), stop.clone());
            senders.push(tokio::spawn(async move {
                let mut client = Client::connect(&addr).await;
                client.sign_in("admin@acme.test").await;
                let mut took = Vec::new();
                while !stop.load(Ordering::Relaxed) {
                    let started = Instant::now();
                    let answer = client
                        .post(
                            "/api/preview_bulk_invite",
                            "application/json",
                            body.as_str(),
                        )
                        .await;
                    assert_eq!(
                        answer.status,
                        200,
                        "{}",
                        String::from_utf8_lossy(&answer.body[..answer.body.len().min(300)])
                    );
                    took.push(started.elapsed());
                }
                took
            }));
        }
        // Let every sender have a preview under way.
        tokio::time::sleep(Duration::from_millis(300)).await;
        let mut loaded = session_latencies(&mut watcher, SESSION_SAMPLES).await;
        stop.store(true, Ordering::Relaxed);
        let mut previews = Vec::new();
        for sender in senders {
            previews.extend(sender.await.unwrap());
        }
        println!(
            "  previews of {label} ({:.1} MB): {} answered, p50 {:.0} ms, slowest {:.0} ms",
            body.len() as f64 / 1e6,
            previews.len(),
            percentile(&mut previews, 50.0),
            previews.iter().max().unwrap().as_secs_f64() * 1000.0
        );
        slowest = slowest.max(report("meanwhile", &mut loaded));
    }
    let (rss, peak) = server.memory_mib();
    println!("  server memory: {rss:.0} MiB now, {peak:.0} MiB at the peak");
    if slowest > SESSION_TARGET.as_secs_f64() {
        eprintln!(
            "an /api/session waited {:.0} ms behind the previews (target ≤ {} ms)",
            slowest * 1000.0,
            SESSION_TARGET.as_millis()
        );
        std::process::exit(1);
    }
}
