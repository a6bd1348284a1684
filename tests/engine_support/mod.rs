//! Shared helpers of the engine's integration tests: a ready tenant driven like Okta.
#![cfg(not(target_arch = "wasm32"))]
#![allow(dead_code)]

use leadiq_scim_sandbox::engine::{HttpRequest, HttpResponse, SeededEnv, Tenant};
use leadiq_scim_sandbox::state::{self, DecodeError, Snapshot};
use serde_json::{json, Value};

/// The stored text of a fresh sandbox holding `tenant`: how the tenant is kept.
pub fn stored_text(tenant: &Tenant) -> String {
    let mut snapshot = Snapshot::fresh(&mut SeededEnv::new(0));
    snapshot.tenant = tenant.clone();
    state::encode(&snapshot)
}

/// [`stored_text`] parsed, for tests that damage it.
pub fn stored_value(tenant: &Tenant) -> Value {
    serde_json::from_str(&stored_text(tenant)).unwrap_or_default()
}

/// The tenant of a stored snapshot value, or why it was refused.
pub fn load_tenant(value: &Value) -> Result<Tenant, DecodeError> {
    state::decode(&value.to_string()).map(|s| s.tenant)
}

/// The position of the column `name` in the stored tenant's user rows.
pub fn user_column(value: &Value, name: &str) -> usize {
    let columns = value["tenant"]["userColumns"].as_array();
    let position = columns.and_then(|c| c.iter().position(|c| c == name));
    position.unwrap_or_else(|| panic!("no user column {name}"))
}

/// The core User schema URN.
pub const USER_URN: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
/// The PatchOp message URN.
pub const PATCH_URN: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
/// The Error message URN.
pub const ERROR_URN: &str = "urn:ietf:params:scim:api:messages:2.0:Error";

/// A ready tenant, its deterministic environment and its current token.
pub struct Sandbox {
    pub tenant: Tenant,
    pub env: SeededEnv,
    pub token: String,
}

/// One exchange's outcome: status, parsed body (Null when empty) and the raw response.
pub struct Reply {
    pub status: u16,
    pub body: Value,
    pub raw: HttpResponse,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.raw.header(name)
    }

    /// `scimType` of an error body, or "" when there is none.
    pub fn scim_type(&self) -> &str {
        self.body["scimType"].as_str().unwrap_or_default()
    }

    pub fn detail(&self) -> &str {
        self.body["detail"].as_str().unwrap_or_default()
    }
}

impl Default for Sandbox {
    fn default() -> Self {
        Sandbox::new()
    }
}

impl Sandbox {
    pub fn new() -> Self {
        let mut env = SeededEnv::new(42);
        let (tenant, credentials) = Tenant::ready(&mut env);
        Sandbox {
            tenant,
            env,
            token: credentials.token,
        }
    }

    /// A request with Okta's headers and this sandbox's token.
    pub fn request(&self, method: &str, path: &str, body: Option<&Value>) -> HttpRequest {
        let mut req = HttpRequest::new(method, path)
            .with_header("User-Agent", "Okta SCIM Client 1.0.0")
            .with_header("Accept", "application/scim+json")
            .with_header("Authorization", &format!("Bearer {}", self.token));
        if let Some(body) = body {
            req = req
                .with_header("Content-Type", "application/scim+json; charset=utf-8")
                .with_body(&body.to_string());
        }
        req
    }

    pub fn send_request(&mut self, req: &HttpRequest) -> Reply {
        let raw = self.tenant.handle(req, &mut self.env);
        let body = serde_json::from_str(&raw.body).unwrap_or(Value::Null);
        Reply {
            status: raw.status,
            body,
            raw,
        }
    }

    pub fn send(&mut self, method: &str, path: &str, body: Option<&Value>) -> Reply {
        let req = self.request(method, path, body);
        self.send_request(&req)
    }

    pub fn get(&mut self, path: &str) -> Reply {
        self.send("GET", path, None)
    }

    /// Creates a user with Okta's body and returns its id.
    pub fn create(&mut self, user_name: &str) -> String {
        let reply = self.send("POST", "/Users", Some(&okta_user(user_name)));
        assert_eq!(reply.status, 201, "create {user_name}: {}", reply.raw.body);
        reply.body["id"].as_str().unwrap_or_default().to_string()
    }

    pub fn patch(&mut self, id: &str, operations: Value) -> Reply {
        let body = json!({"schemas": [PATCH_URN], "Operations": operations});
        self.send("PATCH", &format!("/Users/{id}"), Some(&body))
    }
}

/// The create body Okta sends, for `user_name`.
pub fn okta_user(user_name: &str) -> Value {
    let given = user_name.split('@').next().unwrap_or_default();
    json!({
        "schemas": [USER_URN],
        "userName": user_name,
        "name": {"givenName": given, "familyName": "Tester"},
        "emails": [{"primary": true, "value": user_name, "type": "work"}],
        "displayName": format!("{given} Tester"),
        "locale": "en-US",
        "externalId": format!("00u{given}"),
        "groups": [],
        "password": "x7Qp2-throwaway",
        "active": true
    })
}

/// A filter query for `userName eq "<name>"`, percent-encoded as Okta sends it.
pub fn user_name_filter(name: &str) -> String {
    let encoded: String = format!("userName eq \"{name}\"")
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect();
    format!("/Users?filter={encoded}&startIndex=1&count=100")
}

/// Asserts an RFC 7644 §3.12 error body with `status` as a string.
pub fn assert_error(reply: &Reply, status: u16, scim_type: &str) {
    assert_eq!(reply.status, status, "{}", reply.raw.body);
    assert_eq!(reply.header("Content-Type"), Some("application/scim+json"));
    assert_eq!(reply.body["schemas"], json!([ERROR_URN]));
    assert_eq!(reply.body["status"], json!(status.to_string()));
    assert_eq!(reply.scim_type(), scim_type, "{}", reply.raw.body);
    assert!(!reply.detail().is_empty());
}
