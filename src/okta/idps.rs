//! Identity providers other than Okta: the answer is that LeadIQ documents no SCIM path
//! for them, and what an admin does by hand instead.

use crate::seed;

/// An identity provider a trainee may pick.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdentityProvider {
    /// Okta, the only IdP LeadIQ documents for SCIM.
    Okta,
    /// Microsoft Entra ID.
    EntraId,
    /// Google Workspace.
    GoogleWorkspace,
    /// OneLogin.
    OneLogin,
}

impl IdentityProvider {
    /// Every choice, Okta first.
    pub const ALL: [IdentityProvider; 4] = [
        Self::Okta,
        Self::EntraId,
        Self::GoogleWorkspace,
        Self::OneLogin,
    ];

    /// The provider's name as the seed document spells it.
    pub fn name(self) -> &'static str {
        match self {
            Self::Okta => seed::SUPPORTED_IDP,
            Self::EntraId => seed::UNSUPPORTED_IDPS[0],
            Self::GoogleWorkspace => seed::UNSUPPORTED_IDPS[1],
            Self::OneLogin => seed::UNSUPPORTED_IDPS[2],
        }
    }

    /// What the sandbox answers when the trainee picks this provider.
    pub fn answer(self) -> IdpAnswer {
        if self == Self::Okta {
            return IdpAnswer {
                idp: self,
                scim_supported: true,
                answer: "Okta is the only identity provider LeadIQ documents for SCIM 2.0: \
                         add the LeadIQ app in Okta, enter LeadIQ's base URL and token, map \
                         attributes and assign people or groups."
                    .to_string(),
                manual_steps: Vec::new(),
            };
        }
        let name = self.name();
        IdpAnswer {
            idp: self,
            scim_supported: false,
            answer: format!(
                "LeadIQ documents no SCIM path for {name}: only Okta is documented, and \
                 LeadIQ has no public user API to script instead. People who come through \
                 {name} must be provisioned by hand in LeadIQ's admin UI.{}",
                habit(self)
            ),
            manual_steps: manual_steps(name),
        }
    }
}

/// A trainee's IdP choice and the sandbox's answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdpAnswer {
    /// The provider picked.
    pub idp: IdentityProvider,
    /// Whether LeadIQ documents SCIM provisioning from it.
    pub scim_supported: bool,
    /// The answer, in a few sentences.
    pub answer: String,
    /// The manual fallback, step by step; empty for Okta.
    pub manual_steps: Vec<String>,
}

fn habit(idp: IdentityProvider) -> &'static str {
    match idp {
        IdentityProvider::EntraId => {
            " (Even if a generic SCIM app were pointed at LeadIQ, Entra ID sends PATCH ops \
             such as \"Replace\" with booleans as strings, which nobody has checked LeadIQ \
             accepts.)"
        }
        _ => "",
    }
}

/// What an admin does without SCIM. LeadIQ does not document the screens of its admin UI,
/// so the steps say what has to happen, not where to click.
fn manual_steps(idp: &str) -> Vec<String> {
    vec![
        format!(
            "Decide which {idp} group stands for \"has LeadIQ\" and keep it as the list of \
             who should have a seat."
        ),
        "When someone joins that group, add them by hand in LeadIQ's admin UI with the \
         work email they sign in with."
            .to_string(),
        format!(
            "When someone leaves the group or the company, deactivate or remove them by hand \
             in LeadIQ's admin UI the same day: {idp} will not tell LeadIQ."
        ),
        format!(
            "On a schedule, compare LeadIQ's user list with the {idp} group and fix the \
             differences; there is no API to automate this check."
        ),
        "If automation matters, put Okta in front (LeadIQ's Enterprise plan with the SSO \
         add-on, then SCIM from Okta), the only documented route."
            .to_string(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn okta_is_the_only_supported_provider() {
        let supported: Vec<_> = IdentityProvider::ALL
            .into_iter()
            .filter(|idp| idp.answer().scim_supported)
            .collect();
        assert_eq!(supported, [IdentityProvider::Okta]);
        assert!(IdentityProvider::Okta.answer().manual_steps.is_empty());
    }

    #[test]
    fn other_providers_get_no_scim_path_and_a_manual_fallback() {
        for idp in [
            IdentityProvider::EntraId,
            IdentityProvider::GoogleWorkspace,
            IdentityProvider::OneLogin,
        ] {
            let answer = idp.answer();
            assert!(answer
                .answer
                .starts_with(&format!("LeadIQ documents no SCIM path for {}", idp.name())));
            assert!(answer.answer.contains("by hand in LeadIQ's admin UI"));
            assert!(answer
                .manual_steps
                .iter()
                .any(|s| s.contains("deactivate or remove")));
        }
    }

    #[test]
    fn names_come_from_the_seed_facts() {
        assert_eq!(IdentityProvider::EntraId.name(), "Entra ID");
        assert_eq!(IdentityProvider::GoogleWorkspace.name(), "Google Workspace");
        assert_eq!(IdentityProvider::OneLogin.name(), "OneLogin");
    }
}
