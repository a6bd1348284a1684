//! The provisioning connection of the LeadIQ app in Okta (base URL and authorization header
//! as typed), the To App feature toggles, and where a typed base URL actually leads.

/// What the admin typed on the app's Provisioning → Integration tab.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Connection {
    /// SCIM connector base URL, exactly as typed.
    pub base_url: String,
    /// Value of the `Authorization` header, exactly as typed and sent verbatim: the
    /// sandbox models Okta's "HTTP Header" mode as adding no `Bearer ` prefix of its own
    /// (an assumption, see `OKTA_ASSUMPTIONS`), so a missing or doubled prefix shows up.
    pub authorization: String,
}

impl Connection {
    /// A connection as an admin who followed LeadIQ's steps would type it.
    pub fn bearer(base_url: &str, token: &str) -> Self {
        Self {
            base_url: base_url.to_string(),
            authorization: format!("Bearer {token}"),
        }
    }
}

/// The To App provisioning features of the app. Okta leaves all three off until the
/// admin enables them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
// Assumed (features-default-off): `Default` is all three off.
pub struct Features {
    /// Create Users: assigning provisions an account in LeadIQ.
    pub create_users: bool,
    /// Update User Attributes: profile edits are pushed to LeadIQ (which refuses them).
    pub update_user_attributes: bool,
    /// Deactivate Users: unassigning or deactivating deactivates the LeadIQ account, and
    /// re-assigning reactivates it.
    pub deactivate_users: bool,
}

impl Features {
    /// The two features LeadIQ supports on, profile updates off.
    pub fn leadiq_supported() -> Self {
        Self {
            create_users: true,
            update_user_attributes: false,
            deactivate_users: true,
        }
    }

    /// What each toggle does with LeadIQ, given that LeadIQ supports only create and
    /// deactivate: (feature, on?, consequence), for the To App page.
    pub fn consequences(&self) -> [(&'static str, bool, &'static str); 3] {
        [
            (
                "Create Users",
                self.create_users,
                if self.create_users {
                    "Assigning looks the person up by userName and creates the LeadIQ \
                     account when none matches."
                } else {
                    "Assigning only records the assignment in Okta: no LeadIQ account is \
                     created."
                },
            ),
            (
                "Update User Attributes",
                self.update_user_attributes,
                if self.update_user_attributes {
                    "Every profile edit of a provisioned person sends GET then PUT, and \
                     LeadIQ refuses the PUT: expect a task error per edit."
                } else {
                    "Profile edits stay in Okta; LeadIQ keeps the values it was created \
                     with (it does not support updates anyway)."
                },
            ),
            (
                "Deactivate Users",
                self.deactivate_users,
                if self.deactivate_users {
                    "Unassigning or deactivating a person sends PATCH active:false; \
                     re-assigning sends PATCH active:true."
                } else {
                    "Unassigning or deactivating sends nothing: the LeadIQ account stays \
                     active and keeps using a seat."
                },
            ),
        ]
    }
}

/// Why a typed base URL cannot be used at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UrlProblem {
    /// Nothing typed.
    Empty,
    /// Spaces or other whitespace inside or around the URL.
    Whitespace,
    /// Not an `https://` URL (Okta requires TLS for SCIM connectors).
    NotHttps,
    /// No host after `https://`.
    NoHost,
    /// The host or port contains characters a host name cannot.
    BadHost(String),
    /// A query string or fragment, which a base URL cannot carry.
    QueryOrFragment,
}

impl UrlProblem {
    /// The reason, in one sentence.
    pub fn message(&self) -> String {
        match self {
            Self::Empty => "the SCIM connector base URL is empty".to_string(),
            Self::Whitespace => "the URL contains spaces".to_string(),
            Self::NotHttps => "the URL must start with https://".to_string(),
            Self::NoHost => "the URL has no host name after https://".to_string(),
            Self::BadHost(host) => format!("\"{host}\" is not a valid host name"),
            Self::QueryOrFragment => {
                "a base URL cannot contain a query string (?) or fragment (#)".to_string()
            }
        }
    }
}

/// A base URL split into what routing needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct BaseUrl {
    /// `https://host[:port]` with the host lower-cased.
    pub(crate) origin: String,
    /// The path without a trailing slash; empty for the host root.
    pub(crate) path: String,
}

impl BaseUrl {
    /// Parses a base URL the way Okta's form validates it. One trailing slash is dropped
    /// so that `…/v2/` and `…/v2` send the same requests.
    // Assumed (base-url-form): https only, no spaces, query or fragment; one
    // trailing slash dropped.
    pub(crate) fn parse(text: &str) -> Result<Self, UrlProblem> {
        if text.is_empty() {
            return Err(UrlProblem::Empty);
        }
        if text.contains(char::is_whitespace) {
            return Err(UrlProblem::Whitespace);
        }
        if text.contains(['?', '#']) {
            return Err(UrlProblem::QueryOrFragment);
        }
        let rest = strip_prefix_ignore_case(text, "https://").ok_or(UrlProblem::NotHttps)?;

        let (authority, path) = rest.find('/').map_or((rest, ""), |i| rest.split_at(i));
        check_authority(authority)?;
        Ok(Self {
            origin: format!("https://{}", authority.to_ascii_lowercase()),
            path: path.strip_suffix('/').unwrap_or(path).to_string(),
        })
    }

    /// The URL Okta joins request paths to.
    pub(crate) fn text(&self) -> String {
        format!("{}{}", self.origin, self.path)
    }
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| text.get(prefix.len()..))
        .flatten()
}

fn check_authority(authority: &str) -> Result<(), UrlProblem> {
    if authority.is_empty() {
        return Err(UrlProblem::NoHost);
    }
    let (host, port) = authority.split_once(':').unwrap_or((authority, "80"));
    let host_ok = host
        .split('.')
        .all(|label| !label.is_empty() && label.chars().all(is_host_char));
    let port_ok = !port.is_empty() && port.len() <= 5 && port.chars().all(|c| c.is_ascii_digit());
    if host_ok && port_ok {
        Ok(())
    } else {
        Err(UrlProblem::BadHost(authority.to_string()))
    }
}

fn is_host_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-'
}

/// Where a request to a typed base URL ends up, compared with the tenant's real base URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Route {
    /// The typed URL does not parse: Okta sends nothing.
    Malformed(UrlProblem),
    /// Another host, or the tenant has no SCIM endpoint yet: the connection fails.
    Unreachable {
        /// The typed base, normalised.
        base: String,
        /// The host Okta tried.
        host: String,
    },
    /// LeadIQ's host: the engine answers.
    Engine {
        /// The typed base, normalised, which full URLs start with.
        base: String,
        /// What to put before Okta's path to make it relative to the tenant's base.
        prefix: String,
        /// Whether the typed base is exactly the tenant's base.
        exact: bool,
        /// The tenant's real base URL, for hints.
        expected: String,
    },
}

impl Route {
    /// Resolves `typed` against the tenant's real base URL, if it has one.
    pub(crate) fn resolve(typed: &str, real: Option<&str>) -> Self {
        let typed = match BaseUrl::parse(typed) {
            Ok(url) => url,
            Err(problem) => return Self::Malformed(problem),
        };
        let real = real.and_then(|r| BaseUrl::parse(r).ok());
        match real {
            Some(real) if real.origin == typed.origin => Self::Engine {
                base: typed.text(),
                prefix: relative_prefix(&typed.path, &real.path),
                exact: typed.path == real.path,
                expected: real.text(),
            },
            _ => Self::Unreachable {
                host: host_of(&typed.origin),
                base: typed.text(),
            },
        }
    }

    /// The full URL a request path goes to; empty when the base is malformed.
    pub(crate) fn url(&self, path: &str) -> String {
        match self {
            Self::Malformed(_) => String::new(),
            Self::Unreachable { base, .. } | Self::Engine { base, .. } => format!("{base}{path}"),
        }
    }
}

fn host_of(origin: &str) -> String {
    origin.trim_start_matches("https://").to_string()
}

/// The engine routes paths relative to its base, so a request under another path of the
/// same host is handed over with the host stripped (`/scim/v1/Users`), and the engine
/// answers the 404 LeadIQ's host would. A typed base with no path at all would turn into a
/// valid engine path (`/Users`), so it is handed over as `/../Users`, still outside the API.
fn relative_prefix(typed: &str, real: &str) -> String {
    if typed == real {
        String::new()
    } else if typed.is_empty() {
        "/..".to_string()
    } else {
        typed.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const REAL: &str = "https://acme.scim.leadiq.example/scim/v2";

    #[test]
    fn exact_base_routes_to_the_engine_unchanged() {
        let route = Route::resolve("https://acme.scim.leadiq.example/scim/v2/", Some(REAL));
        let Route::Engine {
            base,
            prefix,
            exact,
            ..
        } = &route
        else {
            panic!("{route:?}");
        };
        assert_eq!((base.as_str(), prefix.as_str(), *exact), (REAL, "", true));
        assert_eq!(route.url("/Users"), format!("{REAL}/Users"));
    }

    #[test]
    fn host_compares_case_insensitively() {
        let route = Route::resolve("HTTPS://ACME.scim.leadiq.example/scim/v2", Some(REAL));
        assert!(matches!(route, Route::Engine { exact: true, .. }));
    }

    #[test]
    fn another_host_is_unreachable() {
        let route = Route::resolve("https://leadiq.example/scim/v2", Some(REAL));
        assert_eq!(
            route,
            Route::Unreachable {
                base: "https://leadiq.example/scim/v2".into(),
                host: "leadiq.example".into()
            }
        );
    }

    #[test]
    fn no_tenant_endpoint_is_unreachable() {
        assert!(matches!(
            Route::resolve(REAL, None),
            Route::Unreachable { .. }
        ));
    }

    #[test]
    fn another_path_on_the_same_host_escapes_the_base() {
        let route = Route::resolve("https://acme.scim.leadiq.example/scim/v1", Some(REAL));
        let Route::Engine { prefix, exact, .. } = route else {
            panic!("not routed to the engine");
        };
        assert_eq!(prefix, "/scim/v1");
        assert!(!exact);
    }

    #[test]
    fn a_bare_host_stays_outside_the_api() {
        let route = Route::resolve("https://acme.scim.leadiq.example", Some(REAL));
        assert!(matches!(route, Route::Engine { prefix, .. } if prefix == "/.."));
    }

    #[test]
    fn malformed_urls_are_named() {
        let cases = [
            ("", UrlProblem::Empty),
            ("https://acme .example/scim", UrlProblem::Whitespace),
            ("acme.example/scim/v2", UrlProblem::NotHttps),
            ("http://acme.example/scim/v2", UrlProblem::NotHttps),
            ("https:///scim/v2", UrlProblem::NoHost),
            (
                "https://acme..example",
                UrlProblem::BadHost("acme..example".into()),
            ),
            (
                "https://acme.example:80a",
                UrlProblem::BadHost("acme.example:80a".into()),
            ),
            ("https://acme.example/scim?x=1", UrlProblem::QueryOrFragment),
        ];
        for (typed, problem) in cases {
            assert_eq!(
                Route::resolve(typed, Some(REAL)),
                Route::Malformed(problem),
                "{typed}"
            );
        }
    }

    #[test]
    fn each_toggle_explains_itself() {
        let off = Features::default().consequences();
        let on = Features::leadiq_supported().consequences();
        assert!(off[0].2.contains("no LeadIQ account"));
        assert!(on[2].2.contains("PATCH active:false"));
        assert!(!on[1].1);
    }
}
