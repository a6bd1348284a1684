//! HTTP-shaped request and response values exchanged with the SCIM engine.
//!
//! Both are plain serde data so the UI can show them verbatim, the Okta model can build
//! them, and tests can table-drive them. Header names compare case-insensitively.

use serde::{Deserialize, Serialize};

/// One HTTP request as a SCIM client would send it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HttpRequest {
    /// Method in upper case as sent (`GET`, `POST`, `PATCH`, ...).
    pub method: String,
    /// Path relative to the SCIM base URL, with its query string, e.g. `/Users?count=2`.
    pub path: String,
    /// Headers in the order they are sent.
    pub headers: Vec<(String, String)>,
    /// Body text; empty when there is none.
    pub body: String,
}

/// One HTTP response as the SCIM endpoint answers it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HttpResponse {
    /// Status code, e.g. 200.
    pub status: u16,
    /// Headers in the order they are sent.
    pub headers: Vec<(String, String)>,
    /// Body text; empty when there is none.
    pub body: String,
}

impl HttpRequest {
    /// A request with no headers and no body.
    pub fn new(method: &str, path: &str) -> Self {
        Self {
            method: method.to_string(),
            path: path.to_string(),
            headers: Vec::new(),
            body: String::new(),
        }
    }

    /// Adds a header, keeping the order of calls.
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    /// Sets the body text.
    pub fn with_body(mut self, body: &str) -> Self {
        self.body = body.to_string();
        self
    }

    /// The first value of a header, matched case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

impl HttpResponse {
    /// The first value of a header, matched case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

fn find_header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}
