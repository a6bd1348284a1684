//! The LeadIQ SCIM sandbox: a SCIM engine that behaves like LeadIQ's endpoint, a model of
//! the Okta side, and (in the browser only) the guided setup UI over both.
//!
//! Layers, lowest first: [`engine`] and [`okta`] are plain Rust and never touch the browser;
//! `storage` is the only module that talks to localStorage; `ui` holds the Leptos components.

pub mod engine;
pub mod okta;
pub mod present;
pub mod seed;
#[cfg(not(target_arch = "wasm32"))]
pub mod server;
pub mod state;

#[cfg(target_arch = "wasm32")]
pub mod storage;
#[cfg(target_arch = "wasm32")]
pub mod ui;
