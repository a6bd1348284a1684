//! The requests Okta's SCIM client sends: its headers in a fixed order, its query encoding,
//! and its PATCH bodies.
//!
//! Header order, as the sandbox sends it: `User-Agent`, `Accept`, `Accept-Charset`, then
//! `Content-Type` on requests with a body, then `Authorization` when the admin typed a
//! value (an empty field sends no header).

use crate::engine::http::HttpRequest;

use super::json::{quote, Obj};

/// Okta's SCIM client `User-Agent`.
pub const USER_AGENT: &str = "Okta SCIM Client 1.0.0";

/// The SCIM media type Okta accepts.
pub const ACCEPT: &str = "application/scim+json";

/// Okta's `Accept-Charset`.
pub const ACCEPT_CHARSET: &str = "utf-8";

/// Okta's `Content-Type` on requests with a body.
pub const CONTENT_TYPE: &str = "application/scim+json; charset=utf-8";

/// SCIM PatchOp message URN.
pub const PATCH_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

/// Page size of Okta's lookups and imports.
pub const PAGE_SIZE: u64 = 100;

/// A request with Okta's headers; `body` empty means no body and no `Content-Type`.
// Assumed (header-order): the order below; Okta does not document one.
pub(crate) fn okta_request(
    method: &str,
    path: &str,
    body: String,
    authorization: &str,
) -> HttpRequest {
    let mut request = HttpRequest::new(method, path)
        .with_header("User-Agent", USER_AGENT)
        .with_header("Accept", ACCEPT)
        .with_header("Accept-Charset", ACCEPT_CHARSET);
    if !body.is_empty() {
        request = request.with_header("Content-Type", CONTENT_TYPE);
    }
    // Assumed (auth-header-verbatim): the typed value, no prefix added; empty sends none.
    if !authorization.is_empty() {
        request = request.with_header("Authorization", authorization);
    }
    request.body = body;
    request
}

/// `/Users?startIndex=1&count=2`, the "Test API Credentials" probe.
// Assumed (test-credentials-request): no GET /Groups follows.
pub(crate) fn test_credentials_path() -> String {
    "/Users?startIndex=1&count=2".to_string()
}

/// `/Users?filter=userName%20eq%20%22<name>%22&startIndex=1&count=100`, the lookup that
/// precedes every create. The filter value is a SCIM string literal (quotes and
/// backslashes escaped) and the whole filter is percent-encoded by [`encode_query_value`].
pub(crate) fn lookup_path(user_name: &str) -> String {
    let filter = format!("userName eq {}", filter_literal(user_name));
    format!(
        "/Users?filter={}&startIndex=1&count={PAGE_SIZE}",
        encode_query_value(&filter)
    )
}

/// `/Users?startIndex=<start>&count=100`, one page of an import.
pub(crate) fn import_page_path(start: u64) -> String {
    format!("/Users?startIndex={start}&count={PAGE_SIZE}")
}

/// `/Users/<id>` with the id percent-encoded like a path segment.
pub(crate) fn user_path(id: &str) -> String {
    format!("/Users/{}", encode_query_value(id))
}

/// The pathless PatchOp Okta sends to activate or deactivate:
/// `{"schemas":[PatchOp],"Operations":[{"op":"replace","value":{"active":…}}]}`.
// Assumed (reactivate-body): reactivation uses this body with active:true.
pub(crate) fn set_active_body(active: bool) -> String {
    let value = Obj::new().bool("active", active).finish();
    let op = Obj::new()
        .str("op", "replace")
        .raw("value", &value)
        .finish();
    Obj::new()
        .raw("schemas", &format!("[{}]", quote(PATCH_SCHEMA)))
        .raw("Operations", &format!("[{op}]"))
        .finish()
}

/// A SCIM filter string literal: the value in double quotes with `"` and `\` escaped.
fn filter_literal(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// Percent-encodes every byte except RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _
/// ~`): a space becomes `%20`, `"` `%22`, `@` `%40`, `+` `%2B`, and non-ASCII text its
/// UTF-8 bytes, upper-case hex.
// Assumed (filter-encoding): everything but unreserved characters is encoded.
pub(crate) fn encode_query_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len() * 3);
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_encodes_the_filter_like_okta() {
        assert_eq!(
            lookup_path("ada@example.com"),
            "/Users?filter=userName%20eq%20%22ada%40example.com%22&startIndex=1&count=100"
        );
    }

    #[test]
    fn lookup_escapes_quotes_and_encodes_plus_and_unicode() {
        assert_eq!(
            lookup_path("a\"b+ü@x.io"),
            "/Users?filter=userName%20eq%20%22a%5C%22b%2B%C3%BC%40x.io%22&startIndex=1&count=100"
        );
    }

    #[test]
    fn deactivate_body_is_pathless() {
        assert_eq!(
            set_active_body(false),
            concat!(
                r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"#,
                r#""Operations":[{"op":"replace","value":{"active":false}}]}"#
            )
        );
    }

    #[test]
    fn headers_come_in_okta_order_and_content_type_only_with_a_body() {
        let get = okta_request("GET", "/Users", String::new(), "Bearer t");
        let names: Vec<_> = get.headers.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            ["User-Agent", "Accept", "Accept-Charset", "Authorization"]
        );

        let post = okta_request("POST", "/Users", "{}".into(), "Bearer t");
        assert_eq!(post.header("Content-Type"), Some(CONTENT_TYPE));
        assert_eq!(post.headers[3].0, "Content-Type");
    }

    #[test]
    fn an_empty_authorization_field_sends_no_header() {
        let get = okta_request("GET", "/Users", String::new(), "");
        assert_eq!(get.header("Authorization"), None);
    }

    #[test]
    fn authorization_is_sent_exactly_as_typed() {
        let get = okta_request("GET", "/Users", String::new(), "Bearer Bearer  tok ");
        assert_eq!(get.header("Authorization"), Some("Bearer Bearer  tok "));
    }
}
