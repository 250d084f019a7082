//! One file per page or settings tab.

pub mod accept_invite;
pub mod audit_log;
pub mod elsewhere;
pub mod general;
pub mod home;
pub mod invitations;
pub mod new_org;
pub mod new_team;
pub mod not_found;
pub mod person;
pub mod project_people;
pub mod projects;
pub mod provisioning;
pub mod set_password;
pub mod settings;
pub mod setup;
pub mod sign_in;
pub mod team;
pub mod teams;
pub mod users;
