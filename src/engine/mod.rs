//! The SCIM engine: one LeadIQ tenant, its gates and credentials, and an endpoint that
//! answers HTTP-shaped SCIM 2.0 requests the way LeadIQ's would. Plain Rust: no browser.

mod assumptions;
mod auth;
mod discovery;
mod endpoint;
pub mod env;
mod error;
pub mod filter;
pub mod http;
mod list;
mod patch;
mod projection;
mod query;
pub mod schema;
mod store;
mod tenant;
mod user;
mod users;

pub use assumptions::{Assumption, ASSUMPTIONS};
pub use endpoint::{MAX_BODY_BYTES, MAX_TARGET_BYTES};
pub use env::{Env, SeededEnv};
pub use http::{HttpRequest, HttpResponse};
pub use list::MAX_RESULTS;
pub use tenant::{
    addon_price, missing_reason, Credentials, GateError, GateStep, Plan, Prerequisite, ScimStatus,
    SsoStatus, Tenant,
};
pub use user::User;
