//! Reusable pieces of the interface.

pub mod all_users_select;
pub mod audit;
pub mod confirm;
pub mod copy;
pub mod created_once;
pub mod field;
pub mod invite;
pub mod lists;
pub mod menu;
pub mod nav;
pub mod notices;
pub mod page_title;
pub mod tabs;
pub mod teams;
pub mod users;
