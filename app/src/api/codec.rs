//! How data crosses from the server to the browser: server-function answers and the data a page
//! hydrates from are postcard, a compact binary form of the same serde types. Decoding it takes
//! far less code in the browser's module than JSON does (no field names to match, no text to
//! parse), and fewer bytes on the wire.
//!
//! A server-function answer is postcard only when the request asks for it (`Accept:
//! application/x-postcard`, as the browser's module does); any other caller — scripts, the tests,
//! `curl` — gets the same answer as JSON, labelled `application/json`.

use bytes::Bytes;
use leptos::prelude::Resource;
use leptos::server::codee::{Decoder, Encoder};
use serde::de::DeserializeOwned;
use serde::Serialize;
use server_fn::codec::Post;
use server_fn::{ContentType, Decodes, Encodes, Format, FormatType};

/// The answers' encoding, for `#[server(output = Answer)]`.
pub type Answer = Post<AnswerEncoding>;

pub struct AnswerEncoding;

impl ContentType for AnswerEncoding {
    const CONTENT_TYPE: &'static str = "application/x-postcard";
}

impl FormatType for AnswerEncoding {
    const FORMAT_TYPE: Format = Format::Binary;
}

impl<T: Serialize> Encodes<T> for AnswerEncoding {
    type Error = String;

    fn encode(value: &T) -> Result<Bytes, Self::Error> {
        #[cfg(feature = "ssr")]
        if !super::context::accepts(AnswerEncoding::CONTENT_TYPE) {
            let json = serde_json::to_vec(value).map_err(|e| e.to_string())?;
            if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
                response.insert_header(
                    axum::http::header::CONTENT_TYPE,
                    axum::http::HeaderValue::from_static("application/json"),
                );
            }
            return Ok(Bytes::from(json));
        }
        postcard::to_allocvec(value)
            .map(Bytes::from)
            .map_err(|e| e.to_string())
    }
}

impl<T: DeserializeOwned> Decodes<T> for AnswerEncoding {
    type Error = String;

    fn decode(bytes: Bytes) -> Result<T, Self::Error> {
        postcard::from_bytes(&bytes).map_err(|e| e.to_string())
    }
}

/// The codec of the data a page hydrates from: postcard, in base64 within the page.
pub struct PageData;

impl<T: Serialize> Encoder<T> for PageData {
    type Error = String;
    type Encoded = String;

    fn encode(value: &T) -> Result<String, String> {
        use base64::Engine;
        let bytes = postcard::to_allocvec(value).map_err(|e| e.to_string())?;
        Ok(base64::engine::general_purpose::STANDARD_NO_PAD.encode(bytes))
    }
}

impl<T: DeserializeOwned> Decoder<T> for PageData {
    type Error = String;
    type Encoded = str;

    fn decode(text: &str) -> Result<T, String> {
        use base64::Engine;
        let bytes = base64::engine::general_purpose::STANDARD_NO_PAD
            .decode(text)
            .map_err(|e| e.to_string())?;
        postcard::from_bytes(&bytes).map_err(|e| e.to_string())
    }
}

/// A resource whose value the page's HTML carries to the browser as [`PageData`].
pub type Loaded<T> = Resource<T, PageData>;

/// Creates a [`Loaded`] resource: `fetcher` runs for each value of `source` (on the server for
/// the page's HTML; in the browser after that).
#[track_caller]
pub fn load<T, S, Fut>(
    source: impl Fn() -> S + Send + Sync + 'static,
    fetcher: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> Loaded<T>
where
    T: Serialize + DeserializeOwned + Send + Sync + 'static,
    S: PartialEq + Clone + Send + Sync + 'static,
    Fut: std::future::Future<Output = T> + Send + 'static,
{
    Resource::new_with_options(source, fetcher, false)
}
