//! Bearer-token rules: each way a token can be wrong gets 401 with its own detail.
#![cfg(not(target_arch = "wasm32"))]

mod engine_support;

use engine_support::{assert_error, Sandbox};
use leadiq_scim_sandbox::engine::{HttpRequest, SeededEnv, Tenant};

fn with_authorization(sandbox: &mut Sandbox, value: Option<&str>) -> engine_support::Reply {
    let mut req = HttpRequest::new("GET", "/Users?startIndex=1&count=2");
    if let Some(value) = value {
        req = req.with_header("Authorization", value);
    }
    sandbox.send_request(&req)
}

#[test]
fn each_malformed_or_wrong_token_gets_its_own_detail() {
    let mut sandbox = Sandbox::new();
    let token = sandbox.token.clone();
    let cases: [(&str, Option<String>, &str); 6] = [
        ("missing", None, "no Authorization header"),
        (
            "doubled",
            Some(format!("Bearer Bearer {token}")),
            "the prefix is doubled",
        ),
        (
            "no prefix",
            Some(token.clone()),
            "right token but without the `Bearer ` prefix",
        ),
        (
            "other scheme",
            Some("Basic YWRhOnB3".into()),
            "does not start with `Bearer `",
        ),
        ("empty", Some("Bearer ".into()), "no token after it"),
        (
            "unknown",
            Some("Bearer 0123".into()),
            "not one LeadIQ issued",
        ),
    ];
    for (name, value, words) in cases {
        let reply = with_authorization(&mut sandbox, value.as_deref());
        assert_error(&reply, 401, "");
        assert!(reply.detail().contains(words), "{name}: {}", reply.detail());
        assert!(reply.header("WWW-Authenticate").is_some(), "{name}");
    }
}

#[test]
fn the_current_token_is_accepted_with_any_case_of_the_scheme() {
    let mut sandbox = Sandbox::new();
    let token = sandbox.token.clone();
    for value in [
        format!("Bearer {token}"),
        format!("bearer {token}"),
        format!("BEARER  {token}"),
    ] {
        assert_eq!(
            with_authorization(&mut sandbox, Some(&value)).status,
            200,
            "{value}"
        );
    }
}

#[test]
fn regenerating_makes_the_old_token_stale() {
    let mut sandbox = Sandbox::new();
    let old = sandbox.token.clone();
    let fresh = sandbox.tenant.generate_credentials(&mut sandbox.env);
    let fresh = fresh.expect("gates passed").token;
    assert_ne!(fresh, old);
    let reply = with_authorization(&mut sandbox, Some(&format!("Bearer {old}")));
    assert_error(&reply, 401, "");
    assert!(
        reply.detail().contains("was replaced"),
        "{}",
        reply.detail()
    );
    let reply = with_authorization(&mut sandbox, Some(&format!("Bearer {fresh}")));
    assert_eq!(reply.status, 200);
}

#[test]
fn a_token_from_another_tenant_is_unknown_not_stale() {
    let mut sandbox = Sandbox::new();
    let (_, foreign) = Tenant::ready(&mut SeededEnv::new(7));
    let foreign = foreign.token;
    let reply = with_authorization(&mut sandbox, Some(&format!("Bearer {foreign}")));
    assert!(
        reply.detail().contains("not one LeadIQ issued"),
        "{}",
        reply.detail()
    );
}

#[test]
fn discovery_endpoints_need_the_token_too() {
    let mut sandbox = Sandbox::new();
    for path in ["/ServiceProviderConfig", "/ResourceTypes", "/Schemas"] {
        let reply = sandbox.send_request(&HttpRequest::new("GET", path));
        assert_eq!(reply.status, 401, "{path}");
    }
}
