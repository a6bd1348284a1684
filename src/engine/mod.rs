//! The SCIM engine: one LeadIQ tenant, its gates and credentials, and an endpoint that
//! answers HTTP-shaped SCIM 2.0 requests the way LeadIQ's would. Plain Rust: no browser.

pub mod env;
pub mod filter;
pub mod http;
