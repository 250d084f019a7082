//! Unicode case and normal form, done by whoever already has the tables: in the browser, the
//! browser (`String.prototype.toLowerCase` and `normalize`), so the module carries no tables of
//! its own; elsewhere, the standard library and the `unicode-normalization` crate. The server's
//! checks are the ones that count; the browser's only answer as people type.

/// `input` in lower case, as Unicode's default case mapping has it (`"ÉMILE"` → `"émile"`).
pub fn lowercase(input: &str) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        String::from(js_sys::JsString::from(input).to_lower_case())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        input.to_lowercase()
    }
}

/// `input` in Unicode NFC: `"e"` followed by a combining acute accent becomes `"é"`.
pub fn nfc(input: &str) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        String::from(js_sys::JsString::from(input).normalize("NFC"))
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        use unicode_normalization::UnicodeNormalization;
        input.nfc().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_case_and_one_normal_form() {
        assert_eq!(lowercase("ÉMILE Zola"), "émile zola");
        assert_eq!(nfc("Jose\u{301}"), "Jos\u{e9}");
        assert_eq!(nfc(&lowercase("JOSE\u{301}")), "jos\u{e9}");
    }
}
