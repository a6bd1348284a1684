//! What LeadIQ documents, as data: the only facts the sandbox states about LeadIQ.
//!
//! Every item here comes from the seed document (`shared/seed/`, a LeadIQ user management
//! API guide updated 2026-03-11). Anything the sandbox needs beyond these facts is an
//! assumption and lives next to the code that makes it, marked as such.

/// Where the facts below come from, for the UI to cite.
pub const SOURCE: &str = "LeadIQ User Management API Guide (Stitchflow), updated Mar 11, 2026";

/// Yearly price of the SSO add-on, in US dollars; it is not bundled with Enterprise.
pub const SSO_ADDON_YEARLY_USD: u32 = 4_800;

/// The plan SCIM requires.
pub const REQUIRED_PLAN: &str = "Enterprise";

/// The SCIM version LeadIQ supports.
pub const SCIM_VERSION: &str = "2.0";

/// The only identity provider LeadIQ documents for SCIM.
pub const SUPPORTED_IDP: &str = "Okta";

/// Identity providers with no documented SCIM path into LeadIQ.
pub const UNSUPPORTED_IDPS: [&str; 3] = ["Entra ID", "Google Workspace", "OneLogin"];

/// The only SCIM operations LeadIQ supports.
pub const SUPPORTED_OPERATIONS: [&str; 2] = ["Create user", "Deactivate user"];

/// One documented setup step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SetupStep {
    /// Position in the walk-through, from 1.
    pub number: u8,
    /// Short title for navigation.
    pub title: &'static str,
    /// The step as the seed document words its intent.
    pub summary: &'static str,
    /// URL fragment that addresses the step.
    pub slug: &'static str,
}

/// The six setup steps, in the documented order ("Provision users via Okta SCIM").
pub const SETUP_STEPS: [SetupStep; 6] = [
    SetupStep {
        number: 1,
        title: "Enterprise plan and SSO add-on",
        summary: "Ensure the LeadIQ Enterprise plan is active with the SSO add-on enabled.",
        slug: "plan",
    },
    SetupStep {
        number: 2,
        title: "SSO/SCIM admin settings",
        summary: "In LeadIQ admin settings, navigate to the SSO/SCIM configuration section.",
        slug: "admin-settings",
    },
    SetupStep {
        number: 3,
        title: "SCIM token and base URL",
        summary: "Generate a SCIM bearer token and copy the SCIM base URL provided by LeadIQ.",
        slug: "credentials",
    },
    SetupStep {
        number: 4,
        title: "LeadIQ app in Okta",
        summary: "In Okta, add the LeadIQ application and configure SCIM provisioning using \
                  the bearer token and base URL.",
        slug: "okta-app",
    },
    SetupStep {
        number: 5,
        title: "Attribute mapping",
        summary: "Map Okta user attributes to LeadIQ SCIM attributes.",
        slug: "mapping",
    },
    SetupStep {
        number: 6,
        title: "Assign users and groups",
        summary: "Assign users or groups in Okta to trigger provisioning to LeadIQ.",
        slug: "assign",
    },
];

/// The seed's warnings, each a place where setups go wrong.
pub const WATCH_OUT: [&str; 4] = [
    "The SCIM endpoint URL and token are only accessible inside the LeadIQ admin UI; \
     no public API returns them.",
    "SSO must be active before SCIM setup is available.",
    "SSO is a separate $4,800/year add-on that is not bundled with the Enterprise plan.",
    "Only Okta is documented as a SCIM identity provider: users coming through Entra ID, \
     Google Workspace or OneLogin must be provisioned by hand in the LeadIQ admin UI.",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_numbered_in_order_with_distinct_slugs() {
        for (i, step) in SETUP_STEPS.iter().enumerate() {
            assert_eq!(usize::from(step.number), i + 1);
            assert!(SETUP_STEPS[..i].iter().all(|s| s.slug != step.slug));
        }
    }
}
