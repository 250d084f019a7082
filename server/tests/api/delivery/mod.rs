//! How answers travel: compressed with brotli or gzip when the browser accepts it and the answer
//! is worth it, and cached by browsers as long as their names allow (a year for the bundle's
//! hashed files, revalidated for its plain-named ones, an hour for the favicon, never for
//! anything that depends on the session). The requests, the answers as they went out, and a site
//! folder with the bundle's files; `compression` and `caching` hold the tests.

mod caching;
mod compression;

use crate::support::TestApp;
use axum::body::Body;
use axum::http::{header, HeaderMap, Request, StatusCode};
use std::io::Read;

/// A hash as the release build writes it into a bundle file's name (22 base64url characters).
pub(super) const HASH: &str = "Xq3b_-9aZ0Yk1c2d3e4f5g";

pub(super) struct Raw {
    pub(super) status: StatusCode,
    pub(super) headers: HeaderMap,
    pub(super) body: Vec<u8>,
}

impl Raw {
    pub(super) fn header(&self, name: header::HeaderName) -> Option<&str> {
        self.headers.get(name).map(|v| v.to_str().unwrap())
    }

    /// The body with its `Content-Encoding` undone.
    pub(super) fn decoded(&self) -> Vec<u8> {
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
pub(super) async fn send(app: &TestApp, request: axum::http::request::Builder, body: &str) -> Raw {
    let request = request.body(Body::from(body.to_string())).unwrap();
    let (status, headers, body) = app.send_for_bytes(request).await;
    Raw {
        status,
        headers,
        body: body.to_vec(),
    }
}

pub(super) fn get(
    path: &str,
    encoding: Option<&str>,
    cookie: Option<&str>,
) -> axum::http::request::Builder {
    let mut request = Request::get(path);
    if let Some(encoding) = encoding {
        request = request.header(header::ACCEPT_ENCODING, encoding);
    }
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    request
}

pub(super) fn server_function(
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
pub(super) fn site() -> tempfile::TempDir {
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

pub(super) fn has_vary_accept_encoding(raw: &Raw) -> bool {
    raw.headers.get_all(header::VARY).iter().any(|v| {
        v.to_str()
            .unwrap()
            .to_ascii_lowercase()
            .contains("accept-encoding")
    })
}
