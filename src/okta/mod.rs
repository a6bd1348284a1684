//! The Okta side: people, groups, the LeadIQ app instance and the requests Okta sends.
//!
//! An [`OktaOrg`] holds the directory and the LeadIQ app (connection, To App features,
//! mappings, assignments). Every [`Action`] that may reach LeadIQ is first planned with
//! [`OktaOrg::plan`] (the requests, byte for byte, and the branch LeadIQ's current state
//! takes; [`OktaOrg::plan_with`] plans with draft mappings) and then performed with
//! [`OktaOrg::perform`], which runs the same code against the engine's
//! [`Tenant`](crate::engine::Tenant) and returns the [`Exchange`]s.

pub mod actions;
pub mod answers;
mod assumptions;
pub mod connection;
pub mod idps;
pub(crate) mod ids;
pub mod import;
mod json;
pub mod mapping;
pub mod org;
pub mod people;
pub mod plan;
pub mod requests;
pub mod tasks;

pub use actions::{Action, ActionError};
pub use answers::RemoteUser;
pub use assumptions::OKTA_ASSUMPTIONS;
pub use connection::{Connection, Features, UrlProblem};
pub use idps::{IdentityProvider, IdpAnswer};
pub use import::{ImportMatch, ImportReport, ImportRow};
pub use mapping::{Mapping, MappingIssue, Mappings, ScimTarget, Severity, Source, Transform};
pub use org::{
    AppUser, AssignmentView, CredentialCheck, LeadiqApp, OktaOrg, ProvisioningStatus, TaskError,
};
pub use people::{Group, Person, PersonStatus, Profile, ProfileAttr};
pub use plan::{Exchange, Outcome, Plan, PlannedStep, PlannedTask};
pub use tasks::TaskKind;
