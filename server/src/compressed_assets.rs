//! The bundle's files with a hash in their names never change under those names, so each is
//! compressed once per encoding and kept in memory: the WASM module is megabytes, and compressing
//! it again for every new visitor would cost the server far more than sending it.
//!
//! Brotli comes from the build when it brings one (a release build made with `--precompress`
//! has its `.br` files, compressed at the highest quality) and otherwise from the compression
//! layer inside this one. Gzip is always made here, from the plain file, at the highest level:
//! the build's `.gz` files are larger than what `gzip -1` makes, and gzip is what every browser
//! gets over plain HTTP (browsers ask for brotli over HTTPS and from `localhost` only).

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, response::Parts, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body_util::BodyExt;
use std::collections::HashMap;
use std::io::Write;
use std::sync::{Arc, Mutex};

/// The compressed bodies, by path and encoding. Only files that exist under a hashed name get in,
/// so it holds at most two copies of each file of the bundle.
#[derive(Clone, Default)]
pub struct CompressedAssets(Arc<Mutex<HashMap<(String, &'static str), Bytes>>>);

impl CompressedAssets {
    fn get(&self, path: &str, encoding: &'static str) -> Option<Bytes> {
        let kept = self.0.lock().unwrap_or_else(|e| e.into_inner());
        kept.get(&(path.to_string(), encoding)).cloned()
    }

    fn keep(&self, path: String, encoding: &'static str, body: Bytes) {
        let mut kept = self.0.lock().unwrap_or_else(|e| e.into_inner());
        kept.insert((path, encoding), body);
    }
}

/// Answers a GET of a hashed bundle file from the kept compressed copy; the first time, keeps the
/// copy that the compression layer (inside this one) or the build made for brotli, or makes the
/// gzip copy from the plain file.
pub async fn compress_once(
    State(kept): State<CompressedAssets>,
    mut request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_string();
    let encoding = accepted_encoding(request.headers());
    let eligible = request.method() == Method::GET
        && !request.headers().contains_key(header::RANGE)
        && crate::headers::is_immutable(&path);
    let Some(encoding) = encoding.filter(|_| eligible) else {
        return next.run(request).await;
    };
    let kept_body = kept.get(&path, encoding);
    if kept_body.is_some() || encoding == GZIP {
        // The plain answer gives this response its own headers (its nonce, its date).
        request.headers_mut().insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_static("identity"),
        );
    }
    let response = next.run(request).await;
    if response.status() != StatusCode::OK {
        return response;
    }
    if let Some(body) = kept_body {
        // The plain body is dropped unread.
        let (parts, _) = response.into_parts();
        return encoded(parts, encoding, body);
    }
    if encoding == GZIP {
        if response.headers().contains_key(header::CONTENT_ENCODING) {
            return response;
        }
        let (parts, body) = response.into_parts();
        let Ok(plain) = body.collect().await.map(|collected| collected.to_bytes()) else {
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        };
        let Ok(Ok(body)) = tokio::task::spawn_blocking(move || gzip_best(&plain)).await else {
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        };
        kept.keep(path, encoding, body.clone());
        return encoded(parts, encoding, body);
    }
    let compressed = response
        .headers()
        .get(header::CONTENT_ENCODING)
        .is_some_and(|value| value == encoding);
    if !compressed {
        return response;
    }
    let (parts, body) = response.into_parts();
    let Ok(body) = body.collect().await.map(|collected| collected.to_bytes()) else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    kept.keep(path, encoding, body.clone());
    Response::from_parts(parts, Body::from(body))
}

const GZIP: &str = "gzip";

/// The plain answer's headers around `body`, compressed with `encoding`.
fn encoded(mut parts: Parts, encoding: &'static str, body: Bytes) -> Response {
    parts
        .headers
        .insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
    parts
        .headers
        .insert(header::CONTENT_LENGTH, body.len().into());
    Response::from_parts(parts, Body::from(body))
}

/// `plain` in gzip at the highest level.
fn gzip_best(plain: &[u8]) -> std::io::Result<Bytes> {
    let mut encoder = flate2::write::GzEncoder::new(
        Vec::with_capacity(plain.len() / 3),
        flate2::Compression::best(),
    );
    encoder.write_all(plain)?;
    Ok(encoder.finish()?.into())
}

/// `br` if the request accepts it, else `gzip` if it accepts that (a `q=0` refuses).
fn accepted_encoding(headers: &HeaderMap) -> Option<&'static str> {
    let accepted: Vec<String> = headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .filter_map(|item| {
            let mut parts = item.split(';').map(str::trim);
            let name = parts.next()?.to_ascii_lowercase();
            let refused = parts.any(|param| {
                param
                    .strip_prefix("q=")
                    .and_then(|q| q.parse::<f32>().ok())
                    .is_some_and(|q| q <= 0.0)
            });
            (!refused).then_some(name)
        })
        .collect();
    ["br", "gzip"]
        .into_iter()
        .find(|encoding| accepted.iter().any(|name| name == encoding))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accepting(value: &str) -> Option<&'static str> {
        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT_ENCODING, value.parse().unwrap());
        accepted_encoding(&headers)
    }

    #[test]
    fn prefers_brotli_then_gzip_and_respects_a_refusal() {
        assert_eq!(accepting("gzip, deflate, br, zstd"), Some("br"));
        assert_eq!(accepting("gzip, deflate"), Some("gzip"));
        assert_eq!(accepting("br;q=0, gzip;q=0.5"), Some("gzip"));
        assert_eq!(accepting("GZIP"), Some("gzip"));
        assert_eq!(accepting("identity"), None);
        assert_eq!(accepting("gzip;q=0"), None);
        assert_eq!(accepted_encoding(&HeaderMap::new()), None);
    }
}
