//! Determinism (same script and seed, same bytes) and the stored form of a tenant in the
//! snapshot format: compact, indexes rebuilt on load, corrupt data refused.
#![cfg(not(target_arch = "wasm32"))]

mod engine_support;

use engine_support::{
    load_tenant, okta_user, stored_text, stored_value, user_column, user_name_filter, Sandbox,
    PATCH_URN,
};
use leadiq_scim_sandbox::engine::{HttpRequest, HttpResponse, SeededEnv, Tenant};
use serde_json::json;

/// A script with every kind of exchange: creates, lookups, PATCH, pages and errors.
fn script(token: &str) -> Vec<HttpRequest> {
    let auth = format!("Bearer {token}");
    let post = |login: &str| {
        HttpRequest::new("POST", "/Users")
            .with_header("Authorization", &auth)
            .with_header("Content-Type", "application/scim+json")
            .with_body(&okta_user(login).to_string())
    };
    let get = |path: &str| HttpRequest::new("GET", path).with_header("Authorization", &auth);
    let deactivate = json!({"schemas": [PATCH_URN],
                            "Operations": [{"op": "replace", "value": {"active": false}}]});
    vec![
        get(&user_name_filter("ada@example.com")),
        post("ada@example.com"),
        post("grace@example.com"),
        post("ADA@example.com"),
        get(&user_name_filter("Grace@Example.com")),
        get("/Users?startIndex=1&count=1"),
        HttpRequest::new("PATCH", "/Users/00000000")
            .with_header("Authorization", &auth)
            .with_body(&deactivate.to_string()),
        get("/Users?filter=nonsense"),
        get("/ServiceProviderConfig"),
        get("/Schemas"),
        HttpRequest::new("GET", "/Users"),
    ]
}

fn run(seed: u64) -> (Vec<HttpResponse>, String) {
    let mut env = SeededEnv::new(seed);
    let (mut tenant, credentials) = Tenant::ready(&mut env);
    let mut responses: Vec<HttpResponse> = script(&credentials.token)
        .iter()
        .map(|req| tenant.handle(req, &mut env))
        .collect();
    let id = tenant.users()[0].id().to_string();
    let patch = json!({"schemas": [PATCH_URN],
                       "Operations": [{"op": "replace", "value": {"active": false}}]});
    let req = HttpRequest::new("PATCH", &format!("/Users/{id}"))
        .with_header("Authorization", &format!("Bearer {}", credentials.token))
        .with_body(&patch.to_string());
    responses.push(tenant.handle(&req, &mut env));
    (responses, stored_text(&tenant))
}

#[test]
fn the_same_script_with_the_same_seed_gives_identical_bytes() {
    let (first, first_state) = run(5);
    let (second, second_state) = run(5);
    assert_eq!(first, second);
    assert_eq!(first_state, second_state);
    assert_eq!(first.len(), 12);
}

#[test]
fn another_seed_gives_other_ids_and_tokens() {
    let (first, _) = run(5);
    let (other, _) = run(6);
    assert_ne!(first[1].body, other[1].body);
    assert_eq!(first[1].status, other[1].status);
}

fn populated() -> Sandbox {
    let mut sandbox = Sandbox::new();
    sandbox.create("ada@example.com");
    let id = sandbox.create("grace@example.com");
    sandbox.patch(&id, json!([{"op": "replace", "value": {"active": false}}]));
    let mut bjensen = okta_user("bjensen@example.com");
    bjensen["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"] =
        json!({"department": "Tour Operations"});
    sandbox.send("POST", "/Users", Some(&bjensen));
    sandbox
}

#[test]
fn a_tenant_round_trips_through_the_snapshot_format_with_working_indexes() {
    let mut sandbox = populated();
    let restored = load_tenant(&stored_value(&sandbox.tenant)).expect("stored tenant loads");
    assert_eq!(restored, sandbox.tenant);
    assert_eq!(restored.check_invariants(), Ok(()));
    let grace_id = restored.users()[1].id().to_string();
    sandbox.tenant = restored;
    let found = sandbox.get(&user_name_filter("GRACE@example.com"));
    assert_eq!(found.body["Resources"][0]["id"], json!(grace_id));
    assert_eq!(found.body["Resources"][0]["active"], json!(false));
    let by_external = sandbox.get("/Users?filter=externalId%20eq%20%2200ubjensen%22");
    assert_eq!(by_external.body["totalResults"], json!(1));
    assert_eq!(sandbox.get(&format!("/Users/{grace_id}")).status, 200);
    let again = sandbox.send("POST", "/Users", Some(&okta_user("ada@example.com")));
    assert_eq!(again.status, 409);
}

#[test]
fn the_stored_form_is_compact() {
    let sandbox = populated();
    let stored = stored_text(&sandbox.tenant);
    let value = stored_value(&sandbox.tenant);
    // Okta's create body for ada, as stored: a row of profile values, ids and three
    // numbers, no meta and no keys.
    let ada = value["tenant"]["users"][0].to_string();
    assert!(
        ada.len() < 150,
        "{} bytes for one Okta user: {ada}",
        ada.len()
    );
    assert!(!stored.contains("\"meta\"") && !stored.contains("leadiq.example/scim/v2/Users"));
}

#[test]
fn stored_data_with_a_duplicate_user_name_is_refused() {
    let mut value = stored_value(&populated().tenant);
    let (id, user_name) = (user_column(&value, "id"), user_column(&value, "userName"));
    let users = value["tenant"]["users"]
        .as_array_mut()
        .expect("users are a list");
    let mut copy = users[0].clone();
    copy[id] = json!("another-id");
    copy[user_name] = json!("ADA@example.com");
    users.push(copy);
    let error = load_tenant(&value).err().map(|e| e.to_string());
    assert!(error.unwrap_or_default().contains("share the userName"));
}

#[test]
fn stored_data_with_an_invalid_user_is_refused() {
    let mut value = stored_value(&populated().tenant);
    let user_name = user_column(&value, "userName");
    value["tenant"]["users"][0][user_name] = json!("  ");
    let error = load_tenant(&value).err().map(|e| e.to_string());
    assert!(error.unwrap_or_default().contains("userName is required"));
}
