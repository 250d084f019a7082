//! What the benchmarks share: a release `roster` server started on a seeded database, a minimal
//! keep-alive HTTP/1.1 client, percentiles, and the server's memory as the kernel reports it.
//!
//! The database is a SQLite file unless `ROSTER_BENCH_POSTGRES` names a Postgres server
//! (`postgres://user@host/db`, a database the benchmark may create others beside): then each run
//! gets a new database there. `ROSTER_BENCH_PROCESSES=2` serves it with two processes (on
//! Postgres), whose CPU and memory are added up. `ROSTER_BENCH_SEEDED` names a Postgres database
//! an earlier run seeded (its address is printed): this run serves it as it is, without seeding,
//! so that one and then two processes are measured on the same data.

#![allow(dead_code)]

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

pub const PASSWORD: &str = "roster-demo";

/// A release server (or several, on one Postgres database) over its own database, stopped when
/// dropped.
pub struct Server {
    children: Vec<Child>,
    /// The first process's address.
    pub addr: String,
    /// Every process's address.
    pub addrs: Vec<String>,
    database: String,
    _dir: tempfile::TempDir,
}

/// A new database for a run: a file in `dir`, or a database of its own on the Postgres server
/// of `ROSTER_BENCH_POSTGRES`.
fn new_database(dir: &tempfile::TempDir) -> String {
    match std::env::var("ROSTER_BENCH_POSTGRES") {
        Ok(server) if !server.trim().is_empty() => std::thread::spawn(move || {
            tokio::runtime::Runtime::new()
                .unwrap()
                .block_on(roster_core::store::scratch::fresh_postgres(&server))
                .expect("a new database on ROSTER_BENCH_POSTGRES")
        })
        .join()
        .unwrap(),
        _ => format!("sqlite://{}/bench.db", dir.path().display()),
    }
}

/// The server binary: this build's, or `ROSTER_BENCH_BINARY` (another build, to compare two).
fn binary() -> String {
    std::env::var("ROSTER_BENCH_BINARY")
        .unwrap_or_else(|_| env!("CARGO_BIN_EXE_roster").to_string())
}

impl Server {
    /// Runs `roster <seed args>` on a new database, then serves it.
    pub fn start(seed: &[&str]) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let binary = binary();
        let database = match std::env::var("ROSTER_BENCH_SEEDED") {
            Ok(seeded) if !seeded.trim().is_empty() => {
                println!("serving {seeded} as an earlier run seeded it");
                seeded
            }
            _ => {
                let database = new_database(&dir);
                let started = Instant::now();
                let status = Command::new(&binary)
                    .args(seed)
                    .env("DATABASE_URL", &database)
                    .status()
                    .unwrap();
                assert!(status.success(), "seeding failed");
                println!(
                    "seeded ({}) in {:.1} s: {database}",
                    seed.join(" "),
                    started.elapsed().as_secs_f64()
                );
                database
            }
        };
        let processes: usize = std::env::var("ROSTER_BENCH_PROCESSES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(1);
        let mut server = Server {
            children: Vec::new(),
            addr: String::new(),
            addrs: Vec::new(),
            database,
            _dir: dir,
        };
        for _ in 0..processes.max(1) {
            server.serve_one(&binary);
        }
        server.addr = server.addrs[0].clone();
        server
    }

    /// Starts one more `roster serve` on the database, on a free port.
    fn serve_one(&mut self, binary: &str) {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let addr = format!("127.0.0.1:{port}");
        let child = Command::new(binary)
            .arg("serve")
            .env("DATABASE_URL", &self.database)
            .env("LEPTOS_SITE_ADDR", &addr)
            .env("LEPTOS_OUTPUT_NAME", "roster")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        // Dropped with the others (killed) should it not start.
        self.children.push(child);
        for _ in 0..200 {
            if std::net::TcpStream::connect(&addr).is_ok() {
                self.addrs.push(addr);
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("the server did not start");
    }

    /// Runs an operator's command (`roster <args>`) on the server's database; returns its output.
    pub fn command(&self, args: &[&str]) -> String {
        let output = Command::new(binary())
            .args(args)
            .env("DATABASE_URL", &self.database)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "roster {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).trim().to_string()
    }

    /// The server's resident memory now and at its peak, in MiB (from /proc; the processes'
    /// added up).
    pub fn memory_mib(&self) -> (f64, f64) {
        self.children
            .iter()
            .map(|child| memory_mib_of(child.id()))
            .fold((0.0, 0.0), |(now, peak), (n, p)| (now + n, peak + p))
    }

    /// The CPU time the server has used so far (user + system; the processes' added up), from
    /// /proc. Unlike wall-clock latency, it does not grow when other programs share the machine.
    pub fn cpu_time(&self) -> Duration {
        self.children
            .iter()
            .map(|child| cpu_time_of(&child.id().to_string()))
            .sum()
    }

    /// The CPU time each process has used so far.
    pub fn cpu_time_each(&self) -> Vec<Duration> {
        self.children
            .iter()
            .map(|child| cpu_time_of(&child.id().to_string()))
            .collect()
    }
}

/// The resident memory of process `pid` now and at its peak, in MiB.
fn memory_mib_of(pid: u32) -> (f64, f64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .map(|kb| kb / 1024.0)
            .unwrap_or(f64::NAN)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// The CPU time every Postgres process on this machine has used so far (zero without one): on
/// Postgres, the database's share of a request's work is spent there, not in the server.
pub fn postgres_cpu_time() -> Duration {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Duration::ZERO;
    };
    entries
        .flatten()
        .filter_map(|entry| {
            let pid = entry.file_name().into_string().ok()?;
            pid.bytes().all(|b| b.is_ascii_digit()).then_some(pid)
        })
        .filter(|pid| {
            std::fs::read_to_string(format!("/proc/{pid}/comm"))
                .is_ok_and(|c| c.trim() == "postgres")
        })
        .map(|pid| cpu_time_of(&pid))
        .sum()
}

/// The CPU time this process (the benchmark and its clients) has used so far.
pub fn own_cpu_time() -> Duration {
    cpu_time_of("self")
}

/// The CPU time (user + system) of the process `pid` ("self" for this one), from /proc.
fn cpu_time_of(pid: &str) -> Duration {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // Fields after the command name, which is in parentheses and may contain spaces.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map(|(_, rest)| rest.split_whitespace().collect())
        .unwrap_or_default();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<u64>().ok())
            .unwrap_or(0)
    };
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name; the kernel
    // counts them in clock ticks of 1/100 s on Linux.
    Duration::from_millis((ticks(11) + ticks(12)) * 10)
}

impl Drop for Server {
    fn drop(&mut self) {
        for child in &mut self.children {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// One keep-alive connection.
pub struct Client {
    stream: TcpStream,
    addr: String,
    pub cookie: Option<String>,
}

pub struct Answer {
    pub status: u16,
    pub set_cookie: Option<String>,
    pub body: Vec<u8>,
}

impl Client {
    pub async fn connect(addr: &str) -> Client {
        Client {
            stream: TcpStream::connect(addr).await.unwrap(),
            addr: addr.to_string(),
            cookie: None,
        }
    }

    pub async fn post(&mut self, path: &str, content_type: &str, body: &str) -> Answer {
        self.send("POST", path, &[("Content-Type", content_type)], body)
            .await
    }

    /// A request with any method and extra headers (the session cookie, if any, goes too).
    pub async fn send(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &str,
    ) -> Answer {
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nAccept: application/json\r\nContent-Length: {}\r\n",
            self.addr,
            body.len()
        );
        if let Some(cookie) = &self.cookie {
            head.push_str(&format!("Cookie: {cookie}\r\n"));
        }
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        let request = format!("{head}\r\n{body}");
        self.stream.write_all(request.as_bytes()).await.unwrap();
        self.read_answer().await
    }

    async fn read_answer(&mut self) -> Answer {
        // Room for a whole answer, so that one read usually takes it all.
        let mut buffer = Vec::with_capacity(64 * 1024);
        let header_end = loop {
            let n = self.stream.read_buf(&mut buffer).await.unwrap();
            assert!(n > 0, "connection closed");
            if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                break at + 4;
            }
        };
        let head = String::from_utf8_lossy(&buffer[..header_end]).to_string();
        let status = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let header = |name: &str| {
            head.lines()
                .find(|l| l.to_ascii_lowercase().starts_with(&format!("{name}:")))
                .map(|l| l[name.len() + 1..].trim().to_string())
        };
        let length: usize = header("content-length")
            .and_then(|v| v.parse().ok())
            .expect("a Content-Length");
        while buffer.len() < header_end + length {
            let n = self.stream.read_buf(&mut buffer).await.unwrap();
            assert!(n > 0, "connection closed");
        }
        let set_cookie = header("set-cookie").and_then(|c| c.split(';').next().map(str::to_string));
        Answer {
            status,
            set_cookie,
            body: buffer[header_end..header_end + length].to_vec(),
        }
    }

    /// Signs in and keeps the session cookie for the next requests.
    pub async fn sign_in(&mut self, email: &str) {
        let answer = self
            .post(
                "/api/sign_in",
                "application/x-www-form-urlencoded",
                &format!("email={}&password={PASSWORD}", email.replace('@', "%40")),
            )
            .await;
        assert_eq!(
            answer.status,
            200,
            "sign in: {}",
            String::from_utf8_lossy(&answer.body)
        );
        self.cookie = answer.set_cookie;
    }
}

/// The `p`-th percentile (0–100) of `samples`, in milliseconds.
pub fn percentile(samples: &mut [Duration], p: f64) -> f64 {
    samples.sort();
    let rank = ((p / 100.0) * (samples.len() - 1) as f64).round() as usize;
    samples[rank].as_secs_f64() * 1000.0
}
