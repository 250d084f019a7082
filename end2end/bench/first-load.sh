#!/usr/bin/env bash
# The first-load benchmark: builds the release bundle and server, seeds the 50,000-person
# organization into a temporary database, serves it on a free port and reports, from headless
# chromium, the bytes transferred by type, the time to first paint and the time until the page has
# hydrated, for the sign-in page and the Users tab, on localhost and under Lighthouse's slow-4G
# mobile conditions, cold and repeat visits. Usage: bash end2end/bench/first-load.sh [--people N]
set -euo pipefail
cd "$(dirname "$0")/../.."
people=50000
if [ "${1:-}" = "--people" ]; then people=$2; fi
bash .ci/setup
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
# A fresh site folder: the build's hashing step fails on one that another build (debug or release,
# split) left behind, and stale bundle files would be served beside the new ones.
rm -rf "$CARGO_TARGET_DIR/site"
cargo leptos build --release --precompress --split
work=$(mktemp -d)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export DATABASE_URL="sqlite://$work/roster.db"
bin="$CARGO_TARGET_DIR/release/roster"
"$bin" seed-scale --people "$people"
LEPTOS_SITE_ADDR="127.0.0.1:$port" LEPTOS_SITE_ROOT="$CARGO_TARGET_DIR/site" RUST_LOG=warn "$bin" serve >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/sign-in" >/dev/null && break; sleep 0.2; done
site="$CARGO_TARGET_DIR/site/pkg"
for f in "$site"/*.wasm "$site"/*.js "$site"/*.css; do
  [ -f "$f" ] || continue
  printf '%-40s raw %8d  gzip %8d  brotli %8s\n' "$(basename "$f")" "$(stat -c %s "$f")" "$(gzip -9c "$f" | wc -c)" \
    "$(command -v brotli >/dev/null && brotli -c -q 11 "$f" | wc -c || echo n/a)"
done
cd end2end && BASE_URL="http://127.0.0.1:$port" npx playwright test -c bench.config.ts
