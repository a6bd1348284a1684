//! The SCIM engine: one LeadIQ tenant, its gates and credentials, and an endpoint that
//! answers HTTP-shaped SCIM 2.0 requests the way LeadIQ's would. Plain Rust: no browser.
//!
//! ```
//! use leadiq_scim_sandbox::engine::{HttpRequest, SeededEnv, Tenant};
//!
//! let mut env = SeededEnv::new(1);
//! let (mut tenant, credentials) = Tenant::ready(&mut env);
//! let req = HttpRequest::new("GET", "/Users?startIndex=1&count=2")
//!     .with_header("Authorization", &format!("Bearer {}", credentials.token));
//! let response = tenant.handle(&req, &mut env);
//! assert_eq!(response.status, 200);
//! assert_eq!(response.header("Content-Type"), Some("application/scim+json"));
//! ```
//!
//! Module map: `tenant` (gates, credentials), `store` (users and their indexes), `user`
//! (validation and representation), `endpoint` (routing, limits), `auth` (bearer
//! tokens), `list`, `patch`, `users`, `projection`, `discovery`, `query`, `error`, `json`
//! (JSON text), and `schema`, the attribute table they all read. Undocumented choices are in
//! [`ASSUMPTIONS`].

mod assumptions;
mod auth;
mod discovery;
mod endpoint;
pub mod env;
mod error;
pub mod filter;
pub mod http;
pub mod json;
mod list;
mod patch;
mod projection;
mod query;
pub mod schema;
pub mod sha256;
mod store;
mod tenant;
pub mod text;
mod user;
mod users;

pub use assumptions::{Assumption, ASSUMPTIONS};
pub use endpoint::{MAX_BODY_BYTES, MAX_TARGET_BYTES};
pub use env::{Env, SeededEnv};
pub use http::{HttpRequest, HttpResponse};
pub use list::MAX_RESULTS;
pub use tenant::{
    addon_price, missing_reason, Credentials, DryRun, GateError, GateStep, Plan, Prerequisite,
    ScimStatus, SsoStatus, Tenant,
};
pub use user::User;

pub(crate) use store::UserStore;
pub(crate) use tenant::StoredCredentials;
