//! The pieces of the Teams tab, a team's page and the Create Team flow, one component per file.

pub mod add_project;
pub mod create_flow;
pub mod create_members;
pub mod delete;
pub mod flow_address;
pub mod members;
pub mod people_picker;
pub mod project_choices;
pub mod projects;
pub mod rename;
pub mod role_select;
