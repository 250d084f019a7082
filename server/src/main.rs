//! `roster`: serves the app, or runs an operator's command (see `roster --help`).

// Leptos view types nest deeply; the compiler needs more room to lay them out.
#![recursion_limit = "256"]

use leptos::prelude::get_configuration;
use roster_core::config::{Config, LogFormat};
use roster_core::mail;
use roster_core::state::AppState;
use server::cli;
use server::commands::{self, Command};
use tracing_subscriber::EnvFilter;

// Requests allocate many small, short-lived values on two threads; mimalloc serves them from
// per-thread pages instead of the system allocator's shared arenas.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The stack of each of the runtime's threads. A page is rendered on one thread's stack, its
/// whole view tree deep; Tokio's default of 2 MiB overflowed (and ended the process) rendering
/// the Users tab in an unoptimised build.
const THREAD_STACK: usize = 8 * 1024 * 1024;

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_stack_size(THREAD_STACK)
        .build();
    match runtime {
        Ok(runtime) => runtime.block_on(start()),
        Err(error) => {
            eprintln!("roster: cannot start the async runtime: {error}");
            std::process::exit(1);
        }
    }
}

async fn start() {
    // `--help`, `--version` and mistakes on the command line end here (clap prints them).
    let invocation = match cli::from_args() {
        Ok(invocation) => invocation,
        Err(message) => {
            eprintln!("roster: {message}");
            std::process::exit(1);
        }
    };
    let config = match Config::from_lookup(|key| invocation.setting(key)) {
        Ok(config) => config,
        Err(message) => {
            eprintln!("roster: {message}");
            std::process::exit(1);
        }
    };
    let filter = invocation
        .setting("RUST_LOG")
        .filter(|f| !f.trim().is_empty())
        .unwrap_or_else(|| "info,sqlx=warn".into());
    let filter = EnvFilter::try_new(&filter).unwrap_or_else(|_| EnvFilter::new("info"));
    let logs = tracing_subscriber::fmt().with_env_filter(filter);
    match config.log_format {
        // One JSON object a line; a request's line carries its span (request id, method, route).
        LogFormat::Json => logs
            .json()
            .with_current_span(true)
            .with_span_list(false)
            .init(),
        LogFormat::Text => logs.init(),
    }
    if let Err(message) = run(invocation, config).await {
        eprintln!("roster: {message}");
        std::process::exit(1);
    }
}

async fn run(invocation: cli::Invocation, config: Config) -> Result<(), String> {
    let command = invocation.command.clone();
    if command.examines_the_database() {
        // Examined or copied as it is: not migrated first, and not created when missing.
        let db = server::open_existing_database(&config).await?;
        let outcome = commands::run(&db, command).await;
        roster_core::store::close(&db).await;
        print_out(&outcome?)?;
        return Ok(());
    }
    let db = server::open_database(&config).await?;
    if command != Command::Serve {
        let outcome = commands::run(&db, command).await;
        roster_core::store::close(&db).await;
        print_out(&outcome?)?;
        return Ok(());
    }
    serve(db, config, &invocation).await
}

/// Writes a command's outcome to standard output, ending it with a line break unless it has one
/// (an export ends with its own). A closed pipe (`| head`) is an error, not a panic.
fn print_out(text: &str) -> Result<(), String> {
    use std::io::Write;
    let end = if text.ends_with('\n') { "" } else { "\n" };
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.write_all(end.as_bytes()))
        .and_then(|()| out.flush())
        .map_err(|e| format!("cannot write to standard output: {e}"))
}

/// Serves until SIGTERM or Ctrl-C, then stops within `ROSTER_SHUTDOWN_SECONDS`: no new
/// connections, the requests in flight finished, mail being delivered handed over, the database
/// closed.
async fn serve(
    db: roster_core::store::Db,
    config: Config,
    invocation: &cli::Invocation,
) -> Result<(), String> {
    let signals = server::shutdown::Signals::listen()?;
    let leptos = get_configuration(None)
        .map_err(|e| format!("cannot read the Leptos configuration: {e}"))?;
    let mut options = leptos.leptos_options;
    // The listening address and the site folder may come from flags as well as the variables
    // Leptos reads itself.
    if let Some(addr) = invocation.setting("LEPTOS_SITE_ADDR") {
        options.site_addr = addr.trim().parse().map_err(|_| {
            format!("LEPTOS_SITE_ADDR must be an address such as 127.0.0.1:3000, not “{addr}”")
        })?;
    }
    if let Some(root) = invocation
        .setting("LEPTOS_SITE_ROOT")
        .or_else(server::site_beside_executable)
    {
        options.site_root = root.into();
    }
    let options = server::with_hashed_assets(options);
    if !options.hash_files {
        tracing::info!(
            "no {} beside the executable: the bundle's files are served under their plain names",
            options.hash_file
        );
    }
    let addr = options.site_addr;
    let limits = server::connections::Limits::from_config(&config);
    let housekeeping = server::housekeeping::spawn(db.clone(), &config);
    // Mail left queued by an earlier run, and mail waiting for its next attempt.
    let mail_sweeper = mail::spawn_sweeper(&config, &db);
    let metrics = match config.metrics_addr {
        Some(addr) => Some(serve_metrics(addr, &db).await?),
        None => None,
    };
    let state = AppState::new(db.clone(), config);
    let app = server::router_with(state, options, metrics.as_ref().map(|(m, _)| m.clone()));
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    tracing::info!("Roster is listening on http://{addr}");
    let deadline = server::connections::serve(listener, app, limits, signals.requested()).await;
    housekeeping.abort();
    if let Some((_, listener)) = metrics {
        listener.abort();
    }
    // What it was delivering is tracked like every delivery, and waited for below.
    mail_sweeper.abort();
    let in_flight = mail::deliveries_in_flight();
    if in_flight > 0 {
        tracing::info!(deliveries = in_flight, "waiting for mail being delivered");
    }
    if !mail::wait_for_deliveries(deadline).await {
        tracing::warn!(
            deliveries = mail::deliveries_in_flight(),
            "mail still being delivered at the end of ROSTER_SHUTDOWN_SECONDS is left queued"
        );
    }
    mail::release_claims(&db).await;
    if tokio::time::timeout_at(deadline, roster_core::store::close(&db))
        .await
        .is_err()
    {
        tracing::warn!("the database was still in use at the end of ROSTER_SHUTDOWN_SECONDS");
    }
    tracing::info!("Roster stopped");
    Ok(())
}

/// Serves the metrics at `http://addr/metrics` on a listener of their own, until aborted.
async fn serve_metrics(
    addr: std::net::SocketAddr,
    db: &roster_core::store::Db,
) -> Result<(server::observe::Metrics, tokio::task::JoinHandle<()>), String> {
    let metrics = server::observe::Metrics::new();
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| format!("cannot listen on {addr} for metrics (ROSTER_METRICS_ADDR): {e}"))?;
    let router = server::observe::metrics_router(metrics.clone(), db.clone());
    tracing::info!("metrics at http://{addr}/metrics");
    let task = tokio::spawn(async move {
        if let Err(error) = axum::serve(listener, router).await {
            tracing::error!(%error, "the metrics listener stopped");
        }
    });
    Ok((metrics, task))
}
