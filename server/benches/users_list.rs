//! The Users tab at scale: 50,000 people with teams and grants, measured through HTTP against the
//! release server. Reports p50/p99 of the list server function (search, filters, sorts, deep
//! pages) and of one person's access view, throughput with 16 concurrent clients, and the server's
//! memory. Run: `cargo bench -p server --bench users_list` (`ROSTER_BENCH_PEOPLE` to change the size).
//! With `ROSTER_BENCH_ORGANIZATIONS=10 ROSTER_BENCH_PEOPLE=5000` it seeds ten organizations of
//! 5,000 people each (the same 50,000 people, split) and measures the same queries in the first,
//! "Scale Test 1", as its Owner. `ROSTER_BENCH_POSTGRES` runs it on Postgres, and
//! `ROSTER_BENCH_PROCESSES=2` there with two server processes, the clients split between them
//! (see `support`).

mod support;

use std::time::{Duration, Instant};
use support::{own_cpu_time, percentile, postgres_cpu_time, Client, Server};

fn query(search: &str, role: &str, team: &str, sort: &str, descending: bool, page: u32) -> String {
    format!(
        r#"{{"query":{{"search":"{search}","role":{role},"team_id":{team},"project_id":null,"sort":"{sort}","descending":{descending},"page":{page}}}}}"#
    )
}

#[tokio::main]
async fn main() {
    let people: usize = std::env::var("ROSTER_BENCH_PEOPLE")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(50_000);
    let organizations: usize = std::env::var("ROSTER_BENCH_ORGANIZATIONS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1);
    let server = Server::start(&[
        "seed-scale",
        "--people",
        &people.to_string(),
        "--organizations",
        &organizations.to_string(),
    ]);
    // The organization measured: the only one, or the first of several, whose people, teams
    // and projects were created first (account ids 1..=people, team ids 1..=200).
    let (domain, measured) = if organizations == 1 {
        ("scale.test".to_string(), format!("{people} people"))
    } else {
        (
            "scale1.test".to_string(),
            format!("{people} people, the first of {organizations} such organizations"),
        )
    };
    let mut client = Client::connect(&server.addr).await;
    client.sign_in(&format!("owner@{domain}")).await;
    let address = format!("person00123@{domain}");

    let queries = [
        (
            "first page, by name",
            query("", "null", "null", "name", false, 1),
        ),
        (
            "search \"person 123\"",
            query("person 123", "null", "null", "name", false, 1),
        ),
        (
            "search a whole address",
            query(&address, "null", "null", "name", false, 1),
        ),
        (
            "filter role Admin",
            query("", "\"admin\"", "null", "name", false, 1),
        ),
        ("filter team", query("", "null", "5", "name", false, 1)),
        (
            "sort last active desc",
            query("", "null", "null", "last_active", true, 1),
        ),
        (
            "sort email, page 500",
            query("", "null", "null", "email", false, 500),
        ),
    ];
    // The list is the measured organization's, and no other's.
    let first = client
        .post("/api/list_people", "application/json", &queries[0].1)
        .await;
    let first: serde_json::Value = serde_json::from_slice(&first.body).unwrap();
    assert_eq!(first["total"], people as i64, "{first}");
    println!("\nlist_people over {measured} (sequential, 300 requests each after warm-up):");
    let mut all = Vec::new();
    for (label, body) in &queries {
        for _ in 0..20 {
            client
                .post("/api/list_people", "application/json", body)
                .await;
        }
        let mut samples = Vec::new();
        let cpu_before = server.cpu_time();
        for _ in 0..300 {
            let started = Instant::now();
            let answer = client
                .post("/api/list_people", "application/json", body)
                .await;
            samples.push(started.elapsed());
            assert_eq!(
                answer.status,
                200,
                "{}",
                String::from_utf8_lossy(&answer.body)
            );
        }
        all.extend_from_slice(&samples);
        let cpu = (server.cpu_time() - cpu_before).as_secs_f64() * 1000.0 / 300.0;
        println!(
            "  {label:<24} p50 {:6.2} ms   p99 {:6.2} ms   server CPU {cpu:5.2} ms/request",
            percentile(&mut samples, 50.0),
            percentile(&mut samples, 99.0)
        );
    }
    println!(
        "  {:<24} p50 {:6.2} ms   p99 {:6.2} ms",
        "all list queries",
        percentile(&mut all, 50.0),
        percentile(&mut all, 99.0)
    );

    let mut samples = Vec::new();
    for i in 0..500 {
        let id = 1 + (i * 97) % people;
        let started = Instant::now();
        let answer = client
            .post(
                "/api/person",
                "application/x-www-form-urlencoded",
                &format!("account_id={id}"),
            )
            .await;
        samples.push(started.elapsed());
        assert_eq!(answer.status, 200);
    }
    println!(
        "\nperson (one person's access)  p50 {:6.2} ms   p99 {:6.2} ms",
        percentile(&mut samples, 50.0),
        percentile(&mut samples, 99.0)
    );

    let bodies: Vec<String> = queries.iter().map(|(_, b)| b.clone()).collect();
    throughput(
        &server,
        &client.cookie,
        "list requests (all the queries above, in turn)",
        bodies,
    )
    .await;
    for label in ["first page, by name", "search a whole address"] {
        let (_, body) = queries.iter().find(|(l, _)| *l == label).unwrap();
        throughput(&server, &client.cookie, label, vec![body.clone()]).await;
    }
}

/// 16 clients sending `bodies` in turn for 10 s: requests per second, latencies, CPU and memory.
async fn throughput(server: &Server, cookie: &Option<String>, label: &str, bodies: Vec<String>) {
    let clients = 16;
    let duration = Duration::from_secs(10);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for c in 0..clients {
        let addr = server.addrs[c % server.addrs.len()].clone();
        let cookie = cookie.clone();
        let bodies = bodies.clone();
        tasks.push(tokio::spawn(async move {
            let mut client = Client::connect(&addr).await;
            client.cookie = cookie;
            let mut done = 0u64;
            let mut samples = Vec::new();
            while started.elapsed() < duration {
                let body = &bodies[(done as usize + c) % bodies.len()];
                let t = Instant::now();
                let answer = client
                    .post("/api/list_people", "application/json", body)
                    .await;
                samples.push(t.elapsed());
                assert_eq!(answer.status, 200);
                done += 1;
            }
            (done, samples)
        }));
    }
    let cpu_before = server.cpu_time();
    let each_before = server.cpu_time_each();
    let postgres_before = postgres_cpu_time();
    let own_cpu_before = own_cpu_time();
    let mut peak_rss: f64 = 0.0;
    while started.elapsed() < duration {
        tokio::time::sleep(Duration::from_millis(250)).await;
        peak_rss = peak_rss.max(server.memory_mib().0);
    }
    let mut total = 0;
    let mut latencies = Vec::new();
    for task in tasks {
        let (done, samples) = task.await.unwrap();
        total += done;
        latencies.extend(samples);
    }
    let seconds = started.elapsed().as_secs_f64();
    let cpu = (server.cpu_time() - cpu_before).as_secs_f64();
    let postgres_cpu = (postgres_cpu_time() - postgres_before).as_secs_f64();
    let each: Vec<String> = server
        .cpu_time_each()
        .iter()
        .zip(&each_before)
        .map(|(after, before)| format!("{:.1} s", (*after - *before).as_secs_f64()))
        .collect();
    let own_cpu = (own_cpu_time() - own_cpu_before).as_secs_f64();
    let (_, high_water) = server.memory_mib();
    println!(
        "\n{label}: {clients} concurrent clients for {:.0} s: {:.0} requests/s, p50 {:.2} ms, p99 {:.2} ms",
        seconds,
        total as f64 / seconds,
        percentile(&mut latencies, 50.0),
        percentile(&mut latencies, 99.0)
    );
    println!(
        "server CPU {:.2} ms per request under load: {:.0} requests/s would fill this machine's {} cores",
        cpu * 1000.0 / total as f64,
        total as f64 / cpu * std::thread::available_parallelism().map_or(1.0, |n| n.get() as f64),
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    println!(
        "server CPU over the run, per process: {} ({} process(es)); Postgres CPU {:.1} s, {:.2} ms per request",
        each.join(", "),
        server.addrs.len(),
        postgres_cpu,
        postgres_cpu * 1000.0 / total as f64
    );
    println!(
        "the {clients} clients themselves (same machine) used {:.2} ms of CPU per request",
        own_cpu * 1000.0 / total as f64
    );
    println!("server memory under load: peak RSS sampled {peak_rss:.0} MiB, high-water mark {high_water:.0} MiB");
}
