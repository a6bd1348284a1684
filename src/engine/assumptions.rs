//! Every behaviour LeadIQ never documented that the engine had to decide, for the UI to
//! show as "assumed". Each id also appears in a `// Assumed (id):` comment at its code.

/// One undocumented decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Assumption {
    /// Short stable key, also used in the code comment that makes the decision.
    pub id: &'static str,
    /// The decision, in one sentence.
    pub text: &'static str,
}

const fn assume(id: &'static str, text: &'static str) -> Assumption {
    Assumption { id, text }
}

/// The decisions, grouped roughly in the order a trainee meets them.
pub const ASSUMPTIONS: &[Assumption] = &[
    assume(
        "plan-names",
        "LeadIQ's documents name only the Enterprise plan; the lower tiers Free and Pro are \
         placeholders.",
    ),
    assume(
        "addon-needs-enterprise",
        "The SSO add-on can be bought only on top of the Enterprise plan.",
    ),
    assume(
        "base-url",
        "LeadIQ does not publish its SCIM base URL; the sandbox issues the fictional \
         https://<tenant>.leadiq.example/scim/v2.",
    ),
    assume(
        "token-storage",
        "The token is shown once and LeadIQ keeps only its SHA-256 hash; the 8 most recently \
         replaced tokens are recognised, so using one gets a 401 that says it is stale.",
    ),
    assume(
        "regenerate-needs-sso",
        "Generating a new token needs the same gates as the first one: Enterprise, the SSO \
         add-on and SSO switched on.",
    ),
    assume(
        "scim-suspended",
        "When SSO is switched off, the add-on lapses or the plan drops below Enterprise, the \
         SCIM credentials are kept but every SCIM request gets 403 naming the missing gate, \
         until the gate is passed again.",
    ),
    assume(
        "no-endpoint",
        "Until credentials are generated the tenant has no SCIM endpoint, so every request \
         gets 404.",
    ),
    assume(
        "discovery-needs-token",
        "The discovery endpoints need the bearer token like /Users, since LeadIQ's schema is \
         not introspectable outside its admin UI.",
    ),
    assume(
        "attributes",
        "LeadIQ's attribute mappings are unpublished: the sandbox stores the core User \
         attributes Okta's template maps plus the enterprise extension and ignores unknown \
         attributes.",
    ),
    assume(
        "password",
        "LeadIQ signs users in through SSO, so a password sent on create is checked to be a \
         string and then discarded: never stored, never returned.",
    ),
    assume(
        "default-active",
        "A user created without an active attribute is active.",
    ),
    assume(
        "reactivation",
        "PATCH with active true reactivates a deactivated user, because Okta sends it when a \
         person is reassigned; LeadIQ documents only deactivation.",
    ),
    assume(
        "patch-scope",
        "PATCH may change only active: any other target is a profile update and gets 501, \
         even when the value would not change.",
    ),
    assume(
        "booleans",
        "Booleans must be JSON true or false: strings such as Entra ID's \"False\" get 400 \
         invalidValue.",
    ),
    assume(
        "unsupported",
        "PUT, DELETE, /Groups, /Bulk, /Me and .search get 501 not supported by LeadIQ; other \
         methods on a known endpoint get 405 (POST to discovery endpoints included).",
    ),
    assume(
        "case-sensitive-paths",
        "Endpoint names are case-sensitive (/Users, not /users); a wrong case gets 404 with a \
         hint.",
    ),
    assume(
        "limits",
        "Request bodies over 64 KiB get 413 and paths with query over 8 KiB get 414.",
    ),
    assume(
        "page-size",
        "A list returns at most 200 users (filter maxResults), also when count is absent; a \
         larger count is clamped to 200.",
    ),
    assume(
        "sort",
        "sortBy and sortOrder are ignored (sort is unsupported): lists always come in \
         creation order.",
    ),
    assume(
        "etag",
        "meta.version is a weak ETag counting the user's versions; If-Match is compared \
         weakly and a mismatch gets 412; If-None-Match on GET gets 304.",
    ),
    assume(
        "content-type",
        "A body must be sent as application/scim+json or application/json in UTF-8, or \
         without a Content-Type; any other type gets 415.",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_texts_are_one_sentence() {
        for (i, a) in ASSUMPTIONS.iter().enumerate() {
            assert!(ASSUMPTIONS[..i].iter().all(|b| b.id != a.id), "{}", a.id);
            assert!(a.text.ends_with('.'), "{}", a.id);
        }
    }

    #[test]
    fn every_assumption_is_marked_at_its_code() {
        let sources = [
            include_str!("tenant.rs"),
            include_str!("endpoint.rs"),
            include_str!("users.rs"),
            include_str!("user.rs"),
            include_str!("patch.rs"),
            include_str!("list.rs"),
            include_str!("auth.rs"),
        ]
        .concat();
        for a in ASSUMPTIONS {
            let marker = format!("Assumed ({})", a.id);
            assert!(
                sources.contains(&marker),
                "no `{marker}` comment in the engine"
            );
        }
    }
}
