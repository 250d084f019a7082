//! Server functions and routes through the real router, each test on a fresh SQLite file.
//! One test binary (linking the whole app once) with a module per area.

// Leptos view types nest deeply; the compiler needs more room to lay them out.
#![recursion_limit = "256"]

mod audit;
mod invitations;
mod people;
mod projects;
mod session;
mod support;
mod teams;
