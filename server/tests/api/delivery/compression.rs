//! Answers compressed with brotli or gzip when the browser accepts it and the answer is worth it,
//! and the bundle's hashed files compressed once.

use super::{get, has_vary_accept_encoding, send, server_function, site, HASH};
use crate::support::TestApp;
use axum::http::{header, StatusCode};

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

#[tokio::test]
async fn a_hashed_file_is_sent_in_the_builds_brotli_and_in_gzip_made_from_the_file_at_the_best_level(
) {
    use std::io::Write;
    let site = site();
    let pkg = site.path().join("pkg");
    let hashed = format!("/pkg/roster.{HASH}.wasm");
    let original = std::fs::read(pkg.join(format!("roster.{HASH}.wasm"))).unwrap();
    // The build's own compressed copies, as `--precompress` leaves them: brotli at the highest
    // quality, and a gzip that is valid but barely compressed.
    let mut brotli = Vec::new();
    brotli::BrotliCompress(
        &mut original.as_slice(),
        &mut brotli,
        &brotli::enc::BrotliEncoderParams {
            quality: 11,
            ..Default::default()
        },
    )
    .unwrap();
    std::fs::write(pkg.join(format!("roster.{HASH}.wasm.br")), &brotli).unwrap();
    let mut weak = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::none());
    weak.write_all(&original).unwrap();
    let weak = weak.finish().unwrap();
    std::fs::write(pkg.join(format!("roster.{HASH}.wasm.gz")), &weak).unwrap();
    let mut best = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    best.write_all(&original).unwrap();
    let best = best.finish().unwrap();
    let app = TestApp::with_site_root(site.path()).await;

    let br = send(&app, get(&hashed, Some("br"), None), "").await;
    assert_eq!(br.header(header::CONTENT_ENCODING), Some("br"));
    assert_eq!(br.body, brotli, "the build's brotli file is sent as it is");

    for attempt in ["first", "kept"] {
        let gzip = send(&app, get(&hashed, Some("gzip, deflate"), None), "").await;
        assert_eq!(gzip.status, StatusCode::OK, "{attempt}");
        assert_eq!(
            gzip.header(header::CONTENT_ENCODING),
            Some("gzip"),
            "{attempt}"
        );
        assert_eq!(
            gzip.header(header::CONTENT_LENGTH),
            Some(best.len().to_string().as_str()),
            "{attempt}"
        );
        assert!(has_vary_accept_encoding(&gzip), "{attempt}");
        assert_eq!(
            gzip.header(header::CACHE_CONTROL),
            Some("public, max-age=31536000, immutable"),
            "{attempt}"
        );
        assert_eq!(gzip.decoded(), original, "{attempt}");
        assert_eq!(gzip.body.len(), best.len(), "{attempt}");
        assert!(gzip.body.len() < weak.len() / 2, "{attempt}");
    }
}
