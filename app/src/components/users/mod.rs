//! The Users tab's pieces and one person's page.

pub mod access_table;
pub mod bulk_bar;
pub mod filters;
pub mod pager;
pub mod person_teams;
pub mod query_button;
pub mod role_form;
pub mod table;
