//! The Okta side: people, groups, the LeadIQ app instance and the requests Okta sends.

pub mod answers;
pub mod connection;
pub(crate) mod ids;
mod json;
pub mod mapping;
pub mod people;
pub mod requests;
pub mod tasks;
