//! How long browsers keep what they are sent, and the pages linking the bundle's hashed names.

use super::{get, send, site, HASH};
use crate::support::TestApp;
use axum::http::{header, StatusCode};
use leptos::prelude::LeptosOptions;

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
