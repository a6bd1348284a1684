//! RFC 7644 §3.12 error responses: every refusal the endpoint gives is one [`ScimError`].

use super::http::HttpResponse;
use super::json::push_string;
use super::schema::ERROR_URN;

/// The SCIM media type, sent on every response that has a body.
pub(crate) const SCIM_JSON: &str = "application/scim+json";

/// The `scimType` keywords of RFC 7644 §3.12 the engine uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ScimType {
    InvalidFilter,
    Uniqueness,
    Mutability,
    InvalidSyntax,
    InvalidPath,
    NoTarget,
    InvalidValue,
}

impl ScimType {
    fn keyword(self) -> &'static str {
        match self {
            ScimType::InvalidFilter => "invalidFilter",
            ScimType::Uniqueness => "uniqueness",
            ScimType::Mutability => "mutability",
            ScimType::InvalidSyntax => "invalidSyntax",
            ScimType::InvalidPath => "invalidPath",
            ScimType::NoTarget => "noTarget",
            ScimType::InvalidValue => "invalidValue",
        }
    }
}

/// A refusal: HTTP status, optional `scimType`, a detail a trainee can act on, and any
/// headers the status calls for (`WWW-Authenticate`, `Allow`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ScimError {
    pub status: u16,
    pub scim_type: Option<ScimType>,
    pub detail: String,
    pub headers: Vec<(String, String)>,
}

impl ScimError {
    /// An error with `status` and `detail` and no `scimType`.
    pub fn new(status: u16, detail: impl Into<String>) -> Self {
        ScimError {
            status,
            scim_type: None,
            detail: detail.into(),
            headers: Vec::new(),
        }
    }

    /// 400 Bad Request with a `scimType`.
    pub fn bad_request(scim_type: ScimType, detail: impl Into<String>) -> Self {
        ScimError {
            scim_type: Some(scim_type),
            ..ScimError::new(400, detail)
        }
    }

    /// Sets the `scimType`.
    pub fn with_type(mut self, scim_type: ScimType) -> Self {
        self.scim_type = Some(scim_type);
        self
    }

    /// 501 Not Implemented: an operation outside LeadIQ's documented scope.
    pub fn not_supported(detail: impl Into<String>) -> Self {
        ScimError::new(501, detail)
    }

    /// Adds a response header.
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    /// The HTTP response carrying this error.
    pub fn into_response(self) -> HttpResponse {
        json_response(self.status, self.body(), self.headers)
    }

    /// The error body, members in the order RFC 7644 §3.12 lists them: schemas, status
    /// (a string), scimType when there is one, detail.
    fn body(&self) -> String {
        let mut out = String::from("{\"schemas\":[");
        push_string(&mut out, ERROR_URN);
        out.push_str("],\"status\":\"");
        out.push_str(&self.status.to_string());
        out.push('"');
        if let Some(scim_type) = self.scim_type {
            out.push_str(",\"scimType\":");
            push_string(&mut out, scim_type.keyword());
        }
        out.push_str(",\"detail\":");
        push_string(&mut out, &self.detail);
        out.push('}');
        out
    }
}

/// A response with the SCIM media type, any extra headers, and `body`, JSON text.
pub(crate) fn json_response(
    status: u16,
    body: String,
    extra: Vec<(String, String)>,
) -> HttpResponse {
    let mut headers = vec![("Content-Type".to_string(), SCIM_JSON.to_string())];
    headers.extend(extra);
    HttpResponse {
        status,
        headers,
        body,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    #[test]
    fn error_body_has_the_error_schema_and_a_string_status() {
        let response = ScimError::bad_request(ScimType::InvalidFilter, "bad").into_response();
        let body: Value = serde_json::from_str(&response.body).unwrap_or_default();
        assert_eq!(response.status, 400);
        assert_eq!(response.header("content-type"), Some(SCIM_JSON));
        assert_eq!(body["schemas"][0], ERROR_URN);
        assert_eq!(body["status"], "400");
        assert_eq!(body["scimType"], "invalidFilter");
        assert_eq!(body["detail"], "bad");
    }

    #[test]
    fn error_body_bytes_keep_the_rfc_member_order_and_escape_the_detail() {
        let response =
            ScimError::bad_request(ScimType::Uniqueness, "`a\"b` is\ttaken").into_response();
        let expected = format!(
            "{{\"schemas\":[\"{ERROR_URN}\"],\"status\":\"400\",\"scimType\":\"uniqueness\",\
             \"detail\":\"`a\\\"b` is\\ttaken\"}}"
        );
        assert_eq!(response.body, expected);
    }

    #[test]
    fn error_without_scim_type_omits_the_member() {
        let response = ScimError::new(404, "gone").into_response();
        assert!(!response.body.contains("scimType"));
    }
}
