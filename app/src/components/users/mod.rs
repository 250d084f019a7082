//! The Users tab's pieces and one person's page.

pub mod access_table;
pub mod bulk_bar;
pub mod filters;
pub mod pager;
pub mod person_changes;
pub mod person_teams;
pub mod query_button;
pub mod role_form;
pub mod table;

/// Moves the Users tab to another query (a new search, filter, order or page).
pub type GoTo = crate::navigation::GoTo<shared::wire::PeopleQuery>;
