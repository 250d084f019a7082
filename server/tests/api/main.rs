//! Server functions and routes through the real router, each test on a fresh SQLite file.
//! One test binary (linking the whole app once) with a module per area.

// Leptos view types nest deeply; the compiler needs more room to lay them out.
#![recursion_limit = "256"]

mod audit;
mod authz;
// The benchmarks' HTTP client, shared with the live-server tests.
#[path = "../../benches/support/mod.rs"]
mod bench_support;
mod delivery;
mod hydration;
mod input_rules;
mod invitations;
mod live;
mod live_server;
mod malformed;
mod operations;
mod organizations;
mod people;
mod plain_forms;
mod projects;
mod robustness;
mod scim;
mod security;
mod session;
mod sign_in_limits;
mod support;
mod teams;
mod transport;
mod two_processes;
mod wire;
