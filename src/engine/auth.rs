//! Bearer-token authentication (RFC 6750 §2.1), with a 401 detail that says exactly what
//! was wrong: no header, no `Bearer ` prefix, a doubled prefix, a replaced token, or a
//! token this tenant never issued.

use super::error::ScimError;
use super::http::HttpRequest;
use super::tenant::{StoredCredentials, TokenCheck};

const REALM: &str = "Bearer realm=\"LeadIQ SCIM\"";

/// Accepts the request only if it carries the tenant's current token.
pub(crate) fn authenticate(req: &HttpRequest, creds: &StoredCredentials) -> Result<(), ScimError> {
    let Some(value) = req.header("Authorization") else {
        return Err(unauthorized(
            "The request has no Authorization header: send `Authorization: Bearer <token>` \
             with the token generated in LeadIQ's SCIM settings.",
            None,
        ));
    };
    let value = value.trim();
    let Some(token) = strip_bearer(value) else {
        return Err(missing_prefix(value, creds));
    };
    if strip_bearer(token).is_some() {
        return Err(malformed(
            "The Authorization header reads `Bearer Bearer …`: the prefix is doubled. \
             Okta adds `Bearer ` itself, so paste the token alone into Okta's API token field.",
        ));
    }
    if token.is_empty() {
        return Err(malformed(
            "The Authorization header has the `Bearer` scheme but no token after it.",
        ));
    }
    match creds.check(token) {
        TokenCheck::Current => Ok(()),
        TokenCheck::Stale => Err(invalid_token(
            "This token was replaced when new SCIM credentials were generated, so it no \
             longer works: paste the newest token into Okta.",
        )),
        TokenCheck::Unknown => Err(invalid_token(
            "This token is not one LeadIQ issued for this tenant: check that the whole \
             token was copied, or generate new credentials.",
        )),
    }
}

/// The text after a case-insensitive `Bearer` scheme and its whitespace, if it has one.
fn strip_bearer(value: &str) -> Option<&str> {
    let scheme = value.get(..6)?;
    let rest = value.get(6..)?;
    let separated = rest.is_empty() || rest.starts_with(char::is_whitespace);
    (scheme.eq_ignore_ascii_case("bearer") && separated).then(|| rest.trim_start())
}

fn missing_prefix(value: &str, creds: &StoredCredentials) -> ScimError {
    let detail = if creds.check(value) == TokenCheck::Current {
        "The Authorization header holds the right token but without the `Bearer ` prefix: \
         send `Authorization: Bearer <token>`."
    } else {
        "The Authorization header does not start with `Bearer `: LeadIQ's SCIM endpoint \
         accepts only `Authorization: Bearer <token>`."
    };
    malformed(detail)
}

fn malformed(detail: &str) -> ScimError {
    unauthorized(detail, Some("invalid_request"))
}

fn invalid_token(detail: &str) -> ScimError {
    unauthorized(detail, Some("invalid_token"))
}

fn unauthorized(detail: &str, error: Option<&str>) -> ScimError {
    let challenge = match error {
        Some(code) => format!("{REALM}, error=\"{code}\""),
        None => REALM.to_string(),
    };
    ScimError::new(401, detail).with_header("WWW-Authenticate", &challenge)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bearer_scheme_is_case_insensitive_and_needs_a_separator() {
        assert_eq!(strip_bearer("Bearer abc"), Some("abc"));
        assert_eq!(strip_bearer("bearer   abc"), Some("abc"));
        assert_eq!(strip_bearer("Bearer"), Some(""));
        assert_eq!(strip_bearer("Bearerabc"), None);
        assert_eq!(strip_bearer("Basic abc"), None);
        assert_eq!(strip_bearer("Béarer"), None);
    }
}
