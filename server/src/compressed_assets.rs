//! The bundle's files with a hash in their names never change under those names, so each is
//! compressed once per encoding and kept in memory: the WASM module is megabytes, and compressing
//! it again for every new visitor would cost the server far more than sending it. (A release
//! build made with `--precompress` brings its own `.br` and `.gz` files, which are sent as they
//! are and never reach this cache.)

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body_util::BodyExt;
use std::collections::HashMap;
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

/// Answers a GET of a hashed bundle file from the kept compressed copy, or keeps the copy the
/// compression layer (inside this one) makes the first time.
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
    if let Some(body) = kept.get(&path, encoding) {
        // The plain answer gives this response's own headers (its nonce, its date); its body is
        // dropped unread.
        request.headers_mut().insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_static("identity"),
        );
        let response = next.run(request).await;
        if response.status() != StatusCode::OK {
            return response;
        }
        let (mut parts, _) = response.into_parts();
        parts
            .headers
            .insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
        parts
            .headers
            .insert(header::CONTENT_LENGTH, body.len().into());
        return Response::from_parts(parts, Body::from(body));
    }
    let response = next.run(request).await;
    let compressed = response.status() == StatusCode::OK
        && response
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
