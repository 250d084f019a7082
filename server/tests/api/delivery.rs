//! How answers travel: compressed with brotli or gzip when the browser accepts it and the answer
//! is worth it, and cached by browsers as long as their names allow (a year for the bundle's
//! hashed files, revalidated for its plain-named ones, an hour for the favicon, never for
//! anything that depends on the session).

use crate::support::TestApp;
use axum::body::Body;
use axum::http::{header, HeaderMap, Request, StatusCode};
use http_body_util::BodyExt;
use leptos::prelude::LeptosOptions;
use std::io::Read;
use tower::ServiceExt;

/// A hash as the release build writes it into a bundle file's name (22 base64url characters).
const HASH: &str = "Xq3b_-9aZ0Yk1c2d3e4f5g";

struct Raw {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Raw {
    fn header(&self, name: header::HeaderName) -> Option<&str> {
        self.headers.get(name).map(|v| v.to_str().unwrap())
    }

    /// The body with its `Content-Encoding` undone.
    fn decoded(&self) -> Vec<u8> {
        let mut out = Vec::new();
        match self.header(header::CONTENT_ENCODING) {
            None => out.clone_from(&self.body),
            Some("gzip") => {
                flate2::read::GzDecoder::new(&self.body[..])
                    .read_to_end(&mut out)
                    .unwrap();
            }
            Some("br") => {
                brotli::Decompressor::new(&self.body[..], 4096)
                    .read_to_end(&mut out)
                    .unwrap();
            }
            Some(other) => panic!("unexpected encoding {other}"),
        }
        out
    }
}

/// Sends a request with these headers and returns the answer's bytes as they went out.
async fn send(app: &TestApp, request: axum::http::request::Builder, body: &str) -> Raw {
    let response = app
        .router
        .clone()
        .oneshot(request.body(Body::from(body.to_string())).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    Raw {
        status,
        headers,
        body,
    }
}

fn get(path: &str, encoding: Option<&str>, cookie: Option<&str>) -> axum::http::request::Builder {
    let mut request = Request::get(path);
    if let Some(encoding) = encoding {
        request = request.header(header::ACCEPT_ENCODING, encoding);
    }
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    request
}

fn server_function(
    name: &str,
    encoding: Option<&str>,
    cookie: &str,
) -> axum::http::request::Builder {
    let mut request = Request::post(format!("/api/{name}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json")
        .header(header::COOKIE, cookie);
    if let Some(encoding) = encoding {
        request = request.header(header::ACCEPT_ENCODING, encoding);
    }
    request
}

/// A site folder with the bundle's files under their plain names and under hashed ones: the real
/// stylesheet, and a script and a module of a few hundred kilobytes.
fn site() -> tempfile::TempDir {
    let site = tempfile::tempdir().unwrap();
    let css = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../style/main.css")).unwrap();
    let js: String = (0..4000)
        .map(|i| format!("export function f{i}(a) {{ return a + {i}; }}\n"))
        .collect();
    let wasm: Vec<u8> = (0..300_000u32)
        .map(|i| (i % 251) as u8 ^ (i / 4096) as u8)
        .collect();
    std::fs::create_dir(site.path().join("pkg")).unwrap();
    for stem in ["roster".to_string(), format!("roster.{HASH}")] {
        let pkg = site.path().join("pkg");
        std::fs::write(pkg.join(format!("{stem}.css")), &css).unwrap();
        std::fs::write(pkg.join(format!("{stem}.js")), &js).unwrap();
        std::fs::write(pkg.join(format!("{stem}.wasm")), &wasm).unwrap();
    }
    std::fs::write(site.path().join("favicon.svg"), "<svg/>").unwrap();
    site
}

fn has_vary_accept_encoding(raw: &Raw) -> bool {
    raw.headers.get_all(header::VARY).iter().any(|v| {
        v.to_str()
            .unwrap()
            .to_ascii_lowercase()
            .contains("accept-encoding")
    })
}

#[tokio::test]
async fn bundle_files_pages_and_server_functions_go_out_compressed_when_the_browser_accepts_it() {
    let site = site();
    let app = TestApp::with_site_root(site.path()).await;
    let org = app.org("Acme").await;
    let owner = app.sign_in(&org.owner_email).await;
    for i in 0..40 {
        let name = format!("Project number {i}");
        let reply = app
            .call("create_project", &[("name", &name)], Some(&owner))
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    }

    for file in ["/pkg/roster.wasm", "/pkg/roster.js", "/pkg/roster.css"] {
        let plain = send(&app, get(file, None, None), "").await;
        assert_eq!(plain.status, StatusCode::OK, "{file}");
        assert_eq!(plain.header(header::CONTENT_ENCODING), None, "{file}");
        for encoding in ["br", "gzip"] {
            let packed = send(&app, get(file, Some(encoding), None), "").await;
            assert_eq!(packed.status, StatusCode::OK, "{file} {encoding}");
            assert_eq!(
                packed.header(header::CONTENT_ENCODING),
                Some(encoding),
                "{file}"
            );
            assert!(has_vary_accept_encoding(&packed), "{file} {encoding}");
            assert!(
                packed.body.len() < plain.body.len() / 2,
                "{file} {encoding}: {} of {} bytes",
                packed.body.len(),
                plain.body.len()
            );
            assert_eq!(packed.decoded(), plain.body, "{file} {encoding}");
        }
    }

    let plain = send(&app, server_function("list_projects", None, &owner), "").await;
    assert_eq!(plain.status, StatusCode::OK);
    assert_eq!(plain.header(header::CONTENT_ENCODING), None);
    assert!(plain.body.len() > 1024, "{} bytes", plain.body.len());
    for encoding in ["br", "gzip"] {
        let packed = send(
            &app,
            server_function("list_projects", Some(encoding), &owner),
            "",
        )
        .await;
        assert_eq!(packed.status, StatusCode::OK);
        assert_eq!(packed.header(header::CONTENT_ENCODING), Some(encoding));
        assert!(has_vary_accept_encoding(&packed), "{encoding}");
        assert_eq!(packed.decoded(), plain.body, "list_projects {encoding}");
    }

    // The streamed page: its nonce (a new one per request) is still on its scripts.
    let plain = send(
        &app,
        get("/orgs/acme/settings/users", None, Some(&owner)),
        "",
    )
    .await;
    assert_eq!(plain.status, StatusCode::OK);
    assert_eq!(plain.header(header::CONTENT_ENCODING), None);
    for encoding in ["br", "gzip"] {
        let packed = send(
            &app,
            get("/orgs/acme/settings/users", Some(encoding), Some(&owner)),
            "",
        )
        .await;
        assert_eq!(packed.status, StatusCode::OK, "{encoding}");
        assert_eq!(packed.header(header::CONTENT_ENCODING), Some(encoding));
        assert!(has_vary_accept_encoding(&packed), "{encoding}");
        let html = String::from_utf8(packed.decoded()).unwrap();
        assert!(
            html.contains("</html>") && html.contains("Users"),
            "{encoding}: {html}"
        );
        let policy = packed.header(header::CONTENT_SECURITY_POLICY).unwrap();
        let nonce = policy
            .split("'nonce-")
            .nth(1)
            .and_then(|rest| rest.split('\'').next())
            .unwrap();
        assert!(
            html.contains(&format!("nonce=\"{nonce}\"")),
            "{encoding}: the page's scripts carry the nonce {nonce}"
        );
    }
}

#[tokio::test]
async fn small_answers_and_answers_to_browsers_that_do_not_ask_go_out_as_they_are() {
    let site = site();
    let app = TestApp::with_site_root(site.path()).await;
    let org = app.org("Acme").await;
    let owner = app.sign_in(&org.owner_email).await;

    for encoding in ["br", "gzip", "br, gzip"] {
        let favicon = send(&app, get("/favicon.svg", Some(encoding), None), "").await;
        assert_eq!(favicon.status, StatusCode::OK);
        assert_eq!(favicon.header(header::CONTENT_ENCODING), None, "{encoding}");
        assert_eq!(favicon.body, b"<svg/>");

        let session = send(&app, server_function("session", Some(encoding), &owner), "").await;
        assert_eq!(session.status, StatusCode::OK);
        assert!(session.body.len() < 1024, "{} bytes", session.body.len());
        assert_eq!(session.header(header::CONTENT_ENCODING), None, "{encoding}");
    }
    let wasm = send(&app, get("/pkg/roster.wasm", Some("identity"), None), "").await;
    assert_eq!(wasm.header(header::CONTENT_ENCODING), None);
    assert_eq!(wasm.body.len(), 300_000);
}

#[tokio::test]
async fn hashed_bundle_files_are_kept_a_year_plain_ones_revalidated_and_pages_never_stored() {
    let site = site();
    let app = TestApp::with_site_root(site.path()).await;
    let org = app.org("Acme").await;
    let owner = app.sign_in(&org.owner_email).await;

    for ext in ["wasm", "js", "css"] {
        let file = format!("/pkg/roster.{HASH}.{ext}");
        for encoding in [None, Some("br")] {
            let reply = send(&app, get(&file, encoding, None), "").await;
            assert_eq!(reply.status, StatusCode::OK, "{file}");
            assert_eq!(
                reply.header(header::CACHE_CONTROL),
                Some("public, max-age=31536000, immutable"),
                "{file} {encoding:?}"
            );
        }

        // A plain name may change its content: the browser asks again each time, and an
        // unchanged file costs no bytes.
        let file = format!("/pkg/roster.{ext}");
        let reply = send(&app, get(&file, None, None), "").await;
        assert_eq!(reply.status, StatusCode::OK, "{file}");
        assert_eq!(
            reply.header(header::CACHE_CONTROL),
            Some("no-cache"),
            "{file}"
        );
        let modified = reply.header(header::LAST_MODIFIED).expect("Last-Modified");
        let again = send(
            &app,
            get(&file, None, None).header(header::IF_MODIFIED_SINCE, modified),
            "",
        )
        .await;
        assert_eq!(again.status, StatusCode::NOT_MODIFIED, "{file}");
        assert!(again.body.is_empty());
        assert_eq!(
            again.header(header::CACHE_CONTROL),
            Some("no-cache"),
            "{file}"
        );
    }

    let favicon = send(&app, get("/favicon.svg", None, None), "").await;
    assert_eq!(
        favicon.header(header::CACHE_CONTROL),
        Some("public, max-age=3600")
    );

    // A hashed name that does not exist is the HTML page of a missing file: never cached.
    let missing = send(
        &app,
        get("/pkg/roster.AAAAAAAAAAAAAAAAAAAAAA.js", None, None),
        "",
    )
    .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.header(header::CACHE_CONTROL), Some("no-store"));

    for (page, cookie) in [
        ("/orgs/acme/settings/users", Some(&owner)),
        ("/sign-in", None),
    ] {
        for encoding in [None, Some("gzip")] {
            let reply = send(&app, get(page, encoding, cookie.map(|c| c.as_str())), "").await;
            assert_eq!(reply.status, StatusCode::OK, "{page}");
            assert_eq!(
                reply.header(header::CACHE_CONTROL),
                Some("no-store"),
                "{page} {encoding:?}"
            );
        }
    }
}

/// A hash file written beside the running test binary under a name of this test's own.
struct HashFile(std::path::PathBuf);

impl Drop for HashFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

#[tokio::test]
async fn pages_link_the_hashed_bundle_when_the_build_left_its_hash_file_beside_the_server() {
    let site = site();
    let name = format!("delivery-test-hash-{}.txt", std::process::id());
    let options = |hash_file: &str| {
        LeptosOptions::builder()
            .output_name("roster")
            .site_root(site.path().display().to_string())
            .hash_file(hash_file.into())
            .build()
    };

    // No hash file (a binary copied without it): the plain names.
    let plain = server::with_hashed_assets(options(&name));
    assert!(!plain.hash_files);
    let app = TestApp::with_options(plain).await;
    app.org("Acme").await;
    let page = send(&app, get("/sign-in", None, None), "").await;
    let html = String::from_utf8(page.body).unwrap();
    for linked in ["/pkg/roster.css", "/pkg/roster.js"] {
        assert!(html.contains(linked), "{linked} in {html}");
    }
    assert!(
        html.contains("/pkg/roster.wasm") || html.contains("/pkg/roster_bg.wasm"),
        "{html}"
    );
    assert!(!html.contains(HASH));

    let exe = std::env::current_exe().unwrap();
    let hash_file = HashFile(exe.parent().unwrap().join(&name));
    std::fs::write(
        &hash_file.0,
        format!("js: {HASH}\nwasm: {HASH}\ncss: {HASH}\n"),
    )
    .unwrap();
    let hashed = server::with_hashed_assets(options(&name));
    assert!(hashed.hash_files);
    let app = TestApp::with_options(hashed).await;
    app.org("Acme").await;
    let page = send(&app, get("/sign-in", None, None), "").await;
    let html = String::from_utf8(page.body).unwrap();
    for linked in ["css", "js", "wasm"] {
        let linked = format!("/pkg/roster.{HASH}.{linked}");
        assert!(html.contains(&linked), "{linked} in {html}");
        let file = send(&app, get(&linked, None, None), "").await;
        assert_eq!(file.status, StatusCode::OK, "{linked}");
    }
    assert!(!html.contains("/pkg/roster.css"));
}

#[tokio::test]
async fn a_hashed_bundle_file_is_compressed_once_and_a_plain_named_one_every_time() {
    let site = site();
    let app = TestApp::with_site_root(site.path()).await;
    let pkg = site.path().join("pkg");
    let original = std::fs::read(pkg.join(format!("roster.{HASH}.wasm"))).unwrap();
    let hashed = format!("/pkg/roster.{HASH}.wasm");

    let first = send(&app, get(&hashed, Some("gzip, deflate, br"), None), "").await;
    assert_eq!(first.header(header::CONTENT_ENCODING), Some("br"));
    assert_eq!(first.decoded(), original);

    // Under a hashed name the content cannot change; if the file did, the kept copy still
    // answers, which shows that it was not compressed again.
    let changed: Vec<u8> = original.iter().rev().copied().collect();
    std::fs::write(pkg.join(format!("roster.{HASH}.wasm")), &changed).unwrap();
    std::fs::write(pkg.join("roster.wasm"), &changed).unwrap();
    let again = send(&app, get(&hashed, Some("br"), None), "").await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.header(header::CONTENT_ENCODING), Some("br"));
    assert_eq!(
        again.header(header::CONTENT_LENGTH),
        Some(first.body.len().to_string().as_str())
    );
    assert!(has_vary_accept_encoding(&again));
    assert_eq!(
        again.header(header::CACHE_CONTROL),
        Some("public, max-age=31536000, immutable")
    );
    assert!(again.header(header::CONTENT_SECURITY_POLICY).is_some());
    assert_eq!(again.body, first.body);

    let plain = send(&app, get("/pkg/roster.wasm", Some("br"), None), "").await;
    assert_eq!(plain.header(header::CONTENT_ENCODING), Some("br"));
    assert_eq!(plain.decoded(), changed);
    let uncompressed = send(&app, get(&hashed, None, None), "").await;
    assert_eq!(uncompressed.body, changed);
}
