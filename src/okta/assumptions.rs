//! What the Okta model decides where the sources are silent or disagree. Each id also
//! appears in a `// Assumed (id):` comment at the code that makes the decision.

use crate::engine::Assumption;

const fn assume(id: &'static str, text: &'static str) -> Assumption {
    Assumption { id, text }
}

/// What the Okta model decides where the sources are silent or disagree, for the UI to
/// show as "assumed" next to the engine's own list.
pub const OKTA_ASSUMPTIONS: &[Assumption] = &[
    assume(
        "auth-header-verbatim",
        "Okta's HTTP Header authentication sends the Authorization field exactly as typed and \
         adds no \"Bearer \" prefix of its own (integrations disagree); an empty field sends \
         no Authorization header.",
    ),
    assume(
        "header-order",
        "Okta does not document its header order; the sandbox sends User-Agent, Accept, \
         Accept-Charset, Content-Type (only with a body), then Authorization.",
    ),
    assume(
        "filter-encoding",
        "In the lookup filter, every byte except RFC 3986 unreserved characters is \
         percent-encoded (space %20, quote %22, @ %40), and quotes or backslashes in the \
         userName are escaped inside the SCIM string.",
    ),
    assume(
        "test-credentials-request",
        "Test API Credentials sends only GET /Users?startIndex=1&count=2; the GET /Groups \
         shown in Okta's SCIM 1.1 material is not sent.",
    ),
    assume(
        "base-url-form",
        "Okta accepts only https:// base URLs without spaces, query or fragment, and drops \
         one trailing slash before joining paths.",
    ),
    assume(
        "template-defaults",
        "Okta's SCIM template mappings (login to userName, names, emails, phones, core and \
         enterprise attributes) come from third-party pages.",
    ),
    assume(
        "multi-value-types",
        "The secondary email is sent as type \"other\", phones as \"work\" and \"mobile\", and \
         the manager as enterprise manager.value (managerId) and manager.displayName.",
    ),
    assume(
        "features-default-off",
        "Create Users, Update User Attributes and Deactivate Users start off, as in a newly \
         added Okta app, and with Create Users off an assignment sends no request at all.",
    ),
    assume(
        "inactive-match",
        "When the lookup finds a deactivated LeadIQ user, Okta links it and, with Deactivate \
         Users on, reactivates it with PATCH active:true.",
    ),
    assume(
        "reactivate-body",
        "Reactivation sends the same pathless PatchOp as deactivation, with active:true.",
    ),
    assume(
        "reactivate-remembered-id",
        "When a person whose LeadIQ account Okta deactivated is assigned again, Okta reuses \
         the LeadIQ id it remembers and sends only the PATCH, with no new lookup.",
    ),
    assume(
        "reactivation-restores-groups",
        "Reactivating a person in Okta restores assignments through groups (memberships \
         survive deactivation) but not individual assignments, which deactivation removed.",
    ),
    assume(
        "suspended-pending",
        "A suspended person who comes into an assigned group is provisioned only once \
         unsuspended; suspending and unsuspending send nothing.",
    ),
    assume(
        "put-body",
        "A profile push sends GET /Users/{id}, then PUT /Users/{id} with the whole mapped \
         object, LeadIQ's id, externalId, empty groups and active:true, without a password.",
    ),
    assume(
        "okta-messages",
        "Only the \"Automatic provisioning of user … to app … failed\" pattern is Okta's; the \
         other messages (credential test banner, deactivation, profile push, import) follow \
         it but are the sandbox's wording.",
    ),
    assume(
        "import-matching",
        "Import matches a LeadIQ user to a person by an existing link, then by username \
         (case-insensitive), then by primary email; the sandbox reports matches and does \
         not confirm them.",
    ),
    assume(
        "throwaway-password",
        "The throwaway password in a create is 16 letters and digits, new for every \
         provisioning run.",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique() {
        for (i, a) in OKTA_ASSUMPTIONS.iter().enumerate() {
            assert!(
                OKTA_ASSUMPTIONS[..i].iter().all(|b| b.id != a.id),
                "{}",
                a.id
            );
        }
    }

    #[test]
    fn every_assumption_is_marked_at_its_code() {
        let sources = [
            include_str!("actions.rs"),
            include_str!("connection.rs"),
            include_str!("ids.rs"),
            include_str!("import.rs"),
            include_str!("mapping.rs"),
            include_str!("plan.rs"),
            include_str!("requests.rs"),
            include_str!("tasks.rs"),
        ];
        for a in OKTA_ASSUMPTIONS {
            let marker = format!("Assumed ({})", a.id);
            assert!(
                sources.iter().any(|s| s.contains(&marker)),
                "{} is unmarked",
                a.id
            );
        }
    }
}
