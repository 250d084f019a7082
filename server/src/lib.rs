//! The Roster server: opens the database, applies migrations, and serves the Leptos app and its
//! server functions through one axum router. `main.rs` is the command line around it.

// Leptos view types nest deeply; the compiler needs more room to lay them out.
#![recursion_limit = "256"]

pub mod answers;
pub mod body_limit;
pub mod cli;
pub mod commands;
pub mod compressed_assets;
pub mod connections;
pub mod csrf;
pub mod export;
pub mod gate;
pub mod headers;
pub mod health;
pub mod housekeeping;
pub mod maintenance;
pub mod observe;
pub mod refusal;
pub mod scim;
pub mod shutdown;

use app::{shell, App};
use axum::extract::DefaultBodyLimit;
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, AxumRouteListing, LeptosRoutes};
use roster_core::state::AppState;
use std::sync::OnceLock;
use tower_http::compression::predicate::{NotForContentType, Predicate, SizeAbove};
use tower_http::compression::CompressionLayer;

/// Opens the database named by the configuration (creating its folder if needed) and applies the
/// migrations; fails loudly if either fails, and refuses a database that a newer Roster has
/// migrated (its schema is not one this binary knows).
pub async fn open_database(
    config: &roster_core::config::Config,
) -> Result<roster_core::store::Db, String> {
    if let Some(path) = sqlite_file_path(&config.database_url) {
        if let Some(dir) = std::path::Path::new(&path)
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
        {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create the data folder {}: {e}", dir.display()))?;
        }
    }
    let db = connect(config).await?;
    let state = roster_core::store::schema::state(&db)
        .await
        .map_err(|e| format!("cannot read the database's migrations: {e}"))?;
    if state.is_newer() {
        return Err(newer_database(config, &state.unknown));
    }
    roster_core::store::migrate(&db)
        .await
        .map_err(|e| format!("cannot apply the database migrations: {e}"))?;
    Ok(db)
}

/// Opens the database named by the configuration as it is, for the commands that examine or
/// copy it: neither migrated nor created (a missing file is an error).
pub async fn open_existing_database(
    config: &roster_core::config::Config,
) -> Result<roster_core::store::Db, String> {
    if let Some(path) = sqlite_file_path(&config.database_url) {
        if !std::path::Path::new(&path).is_file() {
            return Err(format!("there is no database at {path} (DATABASE_URL)"));
        }
    }
    connect(config).await
}

async fn connect(config: &roster_core::config::Config) -> Result<roster_core::store::Db, String> {
    roster_core::store::connect(&config.database_url)
        .await
        .map_err(|e| format!("cannot open the database {}: {e}", config.database_url))
}

/// Why the server does not start on a database migrated by a newer Roster.
fn newer_database(config: &roster_core::config::Config, unknown: &[i64]) -> String {
    let versions = unknown
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "the database {} was migrated by a newer Roster (migration {versions}, which this binary \
         does not have): run that version or a later one, or restore a backup made before the \
         upgrade",
        config.database_url
    )
}

/// The file behind a `sqlite:` URL, if it names one.
fn sqlite_file_path(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or_default();
    (!path.is_empty() && !path.contains(":memory:")).then(|| path.to_string())
}

/// Turns on the bundle's hashed file names when the build wrote its hash file (`hash.txt`, from
/// `hash-files = true` in the workspace's Leptos settings) beside the running executable: Leptos
/// then links `/pkg/roster.<hash>.js`, `.wasm` and `.css`, which browsers keep for a year. Without
/// the file (a binary copied without it, or the test binaries) the pages link the plain names,
/// which browsers revalidate on every use.
pub fn with_hashed_assets(mut options: LeptosOptions) -> LeptosOptions {
    let hash_file = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join(&*options.hash_file)));
    options.hash_files = hash_file.is_some_and(|file| file.is_file());
    options
}

/// The `site` folder beside the running executable, as the release archive lays it out, so that
/// an unpacked archive serves its bundle from wherever it is started (`LEPTOS_SITE_ROOT` wins).
pub fn site_beside_executable() -> Option<String> {
    let exe = std::env::current_exe().ok()?;
    let site = exe.parent()?.join("site");
    site.is_dir().then(|| site.display().to_string())
}

/// The app's routes, listed once per process. Listing them renders the app while Leptos holds
/// every resource of the process back, so a page that another router of the same process (the
/// tests build many) rendered at that moment would never finish; listed once, before any router
/// exists, they cannot overlap a render.
fn routes() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// The whole HTTP application: pages, server functions under `/api`, static files. Around them,
/// from the outside in: the kept compressed copies of the bundle's hashed files, compression,
/// security headers (and `Cache-Control`), the cross-site
/// check, the body limit and timeout, the server-function answers' status, the page gate.
pub fn router(state: AppState, options: LeptosOptions) -> Router {
    router_with(state, options, None)
}

/// [`router`], with requests counted in `metrics` (served by [`observe::metrics_router`] on
/// a listener of their own) when given. Outermost of all: the request id and the request log.
pub fn router_with(
    state: AppState,
    options: LeptosOptions,
    metrics: Option<observe::Metrics>,
) -> Router {
    let routes = routes();
    let context_state = state.clone();
    let context_options = options.clone();
    let provide_state = move || {
        provide_context(context_state.clone());
        // Where the bundle is, for the links to its split-off modules.
        provide_context(context_options.clone());
        headers::provide_nonce();
    };
    let export: Router<LeptosOptions> = Router::new()
        .route("/export/people.csv", axum::routing::get(export::people_csv))
        .route("/export/audit.csv", axum::routing::get(export::audit_csv))
        .with_state(state.clone());
    let app = Router::new()
        .leptos_routes_with_context(&options, routes, provide_state.clone(), {
            let options = options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context(
            provide_state,
            shell,
        ))
        .merge(export)
        .merge(health::router(state.clone()))
        .merge(scim::router(state.clone()))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            gate::gate,
        ))
        // The body is already limited (and read) by `limit_body`; extractors need not cut it
        // shorter than the bulk invitation routes allow.
        .layer(DefaultBodyLimit::max(body_limit::BULK_INVITE_LIMIT))
        .layer(axum::middleware::from_fn(answers::server_fn_answers))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            body_limit::limit_body,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            csrf::refuse_cross_site,
        ))
        .layer(axum::middleware::from_fn(headers::not_modified))
        .layer(axum::middleware::from_fn_with_state(
            state,
            headers::security_headers,
        ))
        .layer(compression())
        .layer(axum::middleware::from_fn_with_state(
            compressed_assets::CompressedAssets::default(),
            compressed_assets::compress_once,
        ))
        .with_state(options);
    observe::observed(app, metrics)
}

/// Answers of more than [`COMPRESS_ABOVE`] bytes (or of a length not known in advance, as a
/// streamed page) go out compressed with brotli or gzip, whichever the browser prefers; smaller
/// ones gain too little to be worth it. Images other than SVG are compressed already, and an
/// event stream must reach the browser event by event.
fn compression() -> CompressionLayer<impl Predicate> {
    CompressionLayer::new().br(true).gzip(true).compress_when(
        SizeAbove::new(COMPRESS_ABOVE)
            .and(NotForContentType::GRPC)
            .and(NotForContentType::IMAGES)
            .and(NotForContentType::SSE),
    )
}

/// The size, in bytes, from which an answer is compressed.
pub const COMPRESS_ABOVE: u16 = 1024;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_file_of_a_sqlite_url() {
        assert_eq!(
            sqlite_file_path("sqlite://data/roster.db").as_deref(),
            Some("data/roster.db")
        );
        assert_eq!(
            sqlite_file_path("sqlite:///var/lib/roster.db?mode=rwc").as_deref(),
            Some("/var/lib/roster.db")
        );
        assert_eq!(sqlite_file_path("sqlite::memory:"), None);
        assert_eq!(sqlite_file_path("postgres://x"), None);
    }
}
