//! Between the wire and the engine: a request read off a socket becomes the engine's
//! [`HttpRequest`] (the base path removed), the tenant answers it, and a change is saved.
//! What the server refuses on its own gets a body in the same RFC 7644 error shape.

use super::persist;
use super::wire::{self, Body};
use crate::engine::schema::ERROR_URN;
use crate::engine::{Env, HttpRequest, HttpResponse, MAX_BODY_BYTES};
use crate::state::Snapshot;
use serde::Serialize;
use std::path::PathBuf;

/// The base path served when the tenant has no base URL yet.
pub(crate) const DEFAULT_PREFIX: &str = "/scim/v2";

/// Longest oversized body that is stood in for byte for byte when asking the engine.
const STAND_IN_LIMIT: u64 = 1024 * 1024;

/// The served tenant, where its time and randomness come from, and where it is saved.
pub(crate) struct Door {
    /// The whole snapshot: the tenant is served, the rest is kept for saving.
    pub snapshot: Snapshot,
    /// Time and randomness for the engine.
    pub env: Box<dyn Env + Send>,
    /// The state file written after every change, if any.
    pub save_to: Option<PathBuf>,
}

impl Door {
    /// Lets the tenant answer `req`; saves the snapshot when the answer changed it.
    /// Returns the response and, when saving failed, why.
    pub fn answer(&mut self, req: &HttpRequest) -> (HttpResponse, Option<String>) {
        let response = self.snapshot.tenant.handle(req, &mut *self.env);
        let mut trouble = None;
        if changes_tenant(req, &response) {
            trouble = self.save().err();
        }
        (response, trouble)
    }

    /// Writes the snapshot to the state file, if there is one.
    pub fn save(&self) -> Result<(), String> {
        let Some(path) = &self.save_to else {
            return Ok(());
        };
        persist::save_state(path, &self.snapshot)
            .map_err(|e| format!("could not save the state to {}: {e}", path.display()))
    }
}

/// Whether an answer may have changed the tenant: a write that succeeded.
fn changes_tenant(req: &HttpRequest, response: &HttpResponse) -> bool {
    let reads = matches!(req.method.as_str(), "GET" | "HEAD");
    !reads && (200..300).contains(&response.status)
}

/// The base path of a base URL: `https://acme.leadiq.example/scim/v2` → `/scim/v2`.
pub(crate) fn prefix_of(base_url: Option<&str>) -> String {
    let after_scheme = base_url
        .and_then(|u| u.split_once("://"))
        .map(|(_, rest)| rest);
    let path = after_scheme.and_then(|rest| rest.find('/').and_then(|at| rest.get(at..)));
    let path = path.unwrap_or(DEFAULT_PREFIX).trim_end_matches('/');
    if path.is_empty() {
        DEFAULT_PREFIX.to_string()
    } else {
        path.to_string()
    }
}

/// The engine's request for a wire request, or the server's own 404 when the target is
/// outside the base path. `base_url` is where this server serves it, for the message.
pub(crate) fn to_engine(
    prefix: &str,
    base_url: &str,
    req: &wire::Request,
) -> Result<HttpRequest, HttpResponse> {
    let rest = req
        .target
        .strip_prefix(prefix)
        .filter(|rest| rest.is_empty() || rest.starts_with(['/', '?']))
        .ok_or_else(|| outside(base_url, prefix, &req.target))?;
    let path = if rest.starts_with('/') {
        rest.to_string()
    } else {
        format!("/{rest}")
    };

    let body = match &req.body {
        Body::Text(text) => text.clone(),
        Body::TooLarge(length) => stand_in(*length),
    };
    Ok(HttpRequest {
        method: req.method.clone(),
        path,
        headers: req.headers.clone(),
        body,
    })
}

/// A body of `length` spaces standing in for one the server did not read: the engine
/// refuses any body over its limit by length alone, before looking at anything else.
fn stand_in(length: u64) -> String {
    let shown = length.min(STAND_IN_LIMIT);
    " ".repeat(usize::try_from(shown).unwrap_or(MAX_BODY_BYTES + 1))
}

/// Puts the real length back into the engine's 413 when a shorter stand-in was used.
pub(crate) fn restate_length(req: &wire::Request, response: &mut HttpResponse) {
    let Body::TooLarge(length) = req.body else {
        return;
    };
    let shown = length.min(STAND_IN_LIMIT);
    if shown != length && response.status == 413 {
        response.body = response
            .body
            .replace(&format!(" {shown} "), &format!(" {length} "));
    }
}

fn outside(base_url: &str, prefix: &str, target: &str) -> HttpResponse {
    let shown: String = target.chars().take(200).collect();
    error_response(
        404,
        &format!(
            "{shown} is outside this server's SCIM base path {prefix}: use the base URL \
             {base_url}, for example GET {prefix}/Users."
        ),
    )
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    schemas: [&'a str; 1],
    status: String,
    detail: &'a str,
}

/// An RFC 7644 §3.12 error the server gives itself, shaped like the engine's.
pub(crate) fn error_response(status: u16, detail: &str) -> HttpResponse {
    let body = ErrorBody {
        schemas: [ERROR_URN],
        status: status.to_string(),
        detail,
    };
    HttpResponse {
        status,
        headers: vec![(
            "Content-Type".to_string(),
            "application/scim+json".to_string(),
        )],
        body: serde_json::to_string(&body).unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wire_request(target: &str, body: Body) -> wire::Request {
        wire::Request {
            method: "GET".to_string(),
            target: target.to_string(),
            headers: vec![("Host".to_string(), "127.0.0.1".to_string())],
            body,
            keep_alive: true,
        }
    }

    #[test]
    fn the_prefix_is_the_path_of_the_base_url() {
        let base = Some("https://acme.leadiq.example/scim/v2");
        assert_eq!(prefix_of(base), "/scim/v2");
        assert_eq!(prefix_of(Some("https://h.example/")), "/scim/v2");
        assert_eq!(prefix_of(None), "/scim/v2");
    }

    #[test]
    fn the_engine_sees_the_path_after_the_prefix_with_its_query() {
        let req = wire_request("/scim/v2/Users?count=1", Body::Text(String::new()));
        let engine = to_engine("/scim/v2", "http://x/scim/v2", &req).map(|r| r.path);
        assert_eq!(engine, Ok("/Users?count=1".to_string()));
        let bare = wire_request("/scim/v2?count=1", Body::Text(String::new()));
        let engine = to_engine("/scim/v2", "http://x/scim/v2", &bare).map(|r| r.path);
        assert_eq!(engine, Ok("/?count=1".to_string()));
    }

    #[test]
    fn a_target_outside_the_prefix_gets_a_404_naming_it() {
        for target in ["/Users", "/scim/v2Users", "/scim/V2/Users", "*"] {
            let req = wire_request(target, Body::Text(String::new()));
            let refused = to_engine("/scim/v2", "http://127.0.0.1:8787/scim/v2", &req);
            let response = refused.err().unwrap_or_else(|| error_response(200, ""));
            assert_eq!(response.status, 404, "{target}");
            assert!(response.body.contains("base path /scim/v2"), "{target}");
            assert!(response.body.contains(ERROR_URN));
        }
    }

    #[test]
    fn a_huge_body_is_restated_with_its_real_length() {
        let req = wire_request("/scim/v2/Users", Body::TooLarge(5_000_000));
        let stood_in = to_engine("/scim/v2", "", &req).map(|r| r.body.len());
        assert_eq!(stood_in, Ok(STAND_IN_LIMIT as usize));
        let mut response = error_response(413, "The body is 1048576 bytes; at most 65536.");
        restate_length(&req, &mut response);
        assert!(response
            .body
            .contains("The body is 5000000 bytes; at most 65536."));
    }
}
