//! On the server: the files of a split-off module named in the page's `<head>`, so that a page
//! whose view is in one (the Users tab, every page but sign-in) has the browser fetch them with
//! the first module rather than after it: the router waits for them before it hydrates the page.
//! (The framework's own links for them are not written in this version of it: it looks for the
//! build's manifest where the page's context does not reach.) They are named from the request's
//! path as the page starts to render: a route's view is reached after the `<head>` has been sent.
//!
//! The files come from the build's manifest (`pkg/__wasm_split_manifest.<hash>.json`, its hash
//! in the hash file beside the executable), read once per process. A split function is named by
//! what the build calls it without its unique suffix (`users_view`, `elsewhere_view`).

use leptos::prelude::*;
use leptos_meta::Link;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The bundle's split-off modules: where they are served, each split function's files (without
/// `.wasm`, shared pieces included), and the loader script.
struct Manifest {
    pkg: String,
    files: BTreeMap<String, Vec<String>>,
    loader: String,
}

/// Names, in the `<head>` of the page being rendered, the files of the module its view is in.
pub fn name_for_this_page() {
    let path =
        use_context::<axum::http::request::Parts>().map(|parts| parts.uri.path().to_string());
    if let Some(split) = path.as_deref().and_then(needed_by) {
        name_in_head(split);
    }
}

/// The split function whose module the page at `path` needs before it can hydrate, as `App`'s
/// routes place its view: the Users tab's for the Users tab, the other pages' for every page but
/// sign-in, the Users tab and the addresses that only send the browser on.
pub fn needed_by(path: &str) -> Option<&'static str> {
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    match segments.as_slice() {
        ["orgs", _, "settings", "users"] => Some("users_view"),
        ["orgs", _, "settings", _, ..]
        | ["setup"]
        | ["orgs", "new"]
        | ["invite", _]
        | ["set-password", _] => Some("elsewhere_view"),
        _ => None,
    }
}

/// Names `split`'s files in the `<head>` of the page being rendered; nothing when the build made
/// no such module (a build without `--split`, or the tests' routers without a bundle).
fn name_in_head(split: &str) {
    let Some(manifest) = manifest() else {
        return;
    };
    let prefix = format!("{split}_");
    let files = manifest
        .files
        .iter()
        .filter(|(name, _)| name.starts_with(&prefix))
        .flat_map(|(_, files)| files);
    for file in files {
        // Rendered for its effect: a `Link` registers itself with the page's `<head>`.
        let _ = view! {
            <Link
                rel="preload"
                href=format!("{}/{file}.wasm", manifest.pkg)
                as_="fetch"
                type_="application/wasm"
                crossorigin="anonymous"
            />
        }
        .to_html();
    }
    let _ = view! {
        <Link rel="modulepreload" href=format!("{}/{}", manifest.pkg, manifest.loader) crossorigin="anonymous" />
    }
    .to_html();
}

fn manifest() -> Option<&'static Manifest> {
    static MANIFEST: OnceLock<Option<Manifest>> = OnceLock::new();
    MANIFEST
        .get_or_init(|| use_context::<LeptosOptions>().and_then(|options| read(&options)))
        .as_ref()
}

fn read(options: &LeptosOptions) -> Option<Manifest> {
    let (mut manifest, mut loader) = (
        "__wasm_split_manifest.json".to_string(),
        "__wasm_split.js".to_string(),
    );
    if options.hash_files {
        let exe = std::env::current_exe().ok()?;
        let hashes = std::fs::read_to_string(exe.parent()?.join(&*options.hash_file)).ok()?;
        for (kind, hash) in hashes.lines().filter_map(|line| line.split_once(':')) {
            match kind.trim() {
                "manifest" => manifest = format!("__wasm_split_manifest.{}.json", hash.trim()),
                "split" => loader = format!("__wasm_split.{}.js", hash.trim()),
                _ => {}
            }
        }
    }
    let folder = std::path::Path::new(&*options.site_root).join(&*options.site_pkg_dir);
    let text = std::fs::read_to_string(folder.join(manifest)).ok()?;
    Some(Manifest {
        pkg: format!("/{}", options.site_pkg_dir),
        files: serde_json::from_str(&text).ok()?,
        loader,
    })
}

#[cfg(test)]
mod tests {
    use super::needed_by;

    #[test]
    fn each_page_names_the_module_its_view_is_in() {
        assert_eq!(needed_by("/orgs/acme/settings/users"), Some("users_view"));
        for path in [
            "/orgs/acme/settings/users/7",
            "/orgs/acme/settings/teams",
            "/orgs/acme/settings/teams/new",
            "/orgs/acme/settings/projects/3",
            "/orgs/acme/settings/general",
            "/setup",
            "/orgs/new",
            "/invite/abc",
            "/set-password/abc",
        ] {
            assert_eq!(needed_by(path), Some("elsewhere_view"), "{path}");
        }
        for path in [
            "/",
            "/sign-in",
            "/settings",
            "/settings/users",
            "/orgs/acme/settings",
        ] {
            assert_eq!(needed_by(path), None, "{path}");
        }
    }
}
