//! Invitations as both sides see them: the rules one invitation row must follow before any I/O
//! (`rows`), and the types that carry invitations across the wire (`wire`).
//!
//! Nothing here reads the database: whether a project or team exists, or whether an email already
//! belongs to the organization, is decided by the server's store.

pub mod form;
pub mod rows;
pub mod wire;

pub use form::{email_errors, form_errors, split_pasted};
pub use rows::{
    check_row, mark_duplicates, thousands, CheckedRow, RawRow, CSV_HEADER, CSV_TEMPLATE,
    MAX_NAMES_PER_CELL, MAX_ROWS,
};
pub use wire::{
    Delivery, DeliveryStatus, InvitationLanding, InvitationPage, InviteReport, InviteRequest,
    PendingInvitation, ProjectGrantView, RowReport, INVITATIONS_PAGE_SIZE,
};
