//! Okta's own checklist for a SCIM server (its SPEC test suite), and the request sequences
//! Okta sends for its actions, run against the engine.
#![cfg(not(target_arch = "wasm32"))]

mod engine_support;

use engine_support::{assert_error, okta_user, stored_text, user_name_filter, Sandbox, USER_URN};
use leadiq_scim_sandbox::engine::HttpRequest;
use serde_json::json;

#[test]
fn test_api_credentials_lists_users_with_numeric_paging_fields() {
    let mut sandbox = Sandbox::new();
    sandbox.create("ada@example.com");
    sandbox.create("grace@example.com");
    let reply = sandbox.get("/Users?startIndex=1&count=1");
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body["totalResults"], json!(2));
    assert_eq!(reply.body["itemsPerPage"], json!(1));
    assert_eq!(reply.body["startIndex"], json!(1));
    let first = &reply.body["Resources"][0];
    assert_eq!(first["userName"], "ada@example.com");
    assert_eq!(first["name"]["familyName"], "Tester");
    assert!(first["id"].is_string() && first["meta"]["version"].is_string());
}

#[test]
fn get_by_id_returns_the_user() {
    let mut sandbox = Sandbox::new();
    let id = sandbox.create("ada@example.com");
    let reply = sandbox.get(&format!("/Users/{id}"));
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body["id"], json!(id));
    assert_eq!(reply.body["userName"], "ada@example.com");
    assert_eq!(reply.header("ETag"), reply.body["meta"]["version"].as_str());
    assert_eq!(
        reply.header("Location"),
        reply.body["meta"]["location"].as_str()
    );
}

#[test]
fn filter_for_an_unknown_user_name_is_200_with_total_zero() {
    let mut sandbox = Sandbox::new();
    sandbox.create("ada@example.com");
    let reply = sandbox.get(&user_name_filter("nobody@example.com"));
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body["totalResults"], json!(0));
    assert_eq!(reply.body["Resources"], json!([]));
}

#[test]
fn get_of_an_unknown_id_is_404_with_an_error_body() {
    let mut sandbox = Sandbox::new();
    let reply = sandbox.get("/Users/010101010101010101010101010101010101");
    assert_error(&reply, 404, "");
}

#[test]
fn create_is_201_with_the_full_user_active_and_a_location() {
    let mut sandbox = Sandbox::new();
    let reply = sandbox.send("POST", "/Users", Some(&okta_user("ada@example.com")));
    assert_eq!(reply.status, 201);
    assert_eq!(reply.body["active"], json!(true));
    assert_eq!(reply.body["schemas"], json!([USER_URN]));
    assert_eq!(reply.body["emails"][0]["value"], "ada@example.com");
    assert_eq!(reply.body["externalId"], "00uada");
    let id = reply.body["id"].as_str().unwrap_or_default();
    let location = format!("https://acme.leadiq.example/scim/v2/Users/{id}");
    assert_eq!(reply.header("Location"), Some(location.as_str()));
    assert_eq!(reply.body["meta"]["location"], json!(location));
    assert_eq!(reply.body["meta"]["resourceType"], "User");
}

#[test]
fn create_never_returns_the_password() {
    let mut sandbox = Sandbox::new();
    let reply = sandbox.send("POST", "/Users", Some(&okta_user("ada@example.com")));
    assert!(!reply.raw.body.contains("password"));
    assert!(!reply.raw.body.contains("x7Qp2"));
    let stored = stored_text(&sandbox.tenant);
    assert!(
        !stored.contains("x7Qp2"),
        "the password must not be stored either"
    );
}

#[test]
fn the_same_create_again_is_409_uniqueness() {
    let mut sandbox = Sandbox::new();
    sandbox.create("ada@example.com");
    let reply = sandbox.send("POST", "/Users", Some(&okta_user("ada@example.com")));
    assert_error(&reply, 409, "uniqueness");
    assert_eq!(sandbox.tenant.users().len(), 1);
}

#[test]
fn a_user_name_differing_only_in_case_is_409_too() {
    let mut sandbox = Sandbox::new();
    sandbox.create("ada@example.com");
    let reply = sandbox.send("POST", "/Users", Some(&okta_user("ADA@Example.COM")));
    assert_error(&reply, 409, "uniqueness");
}

#[test]
fn filter_with_the_user_name_upper_cased_finds_the_user() {
    let mut sandbox = Sandbox::new();
    let id = sandbox.create("ada@example.com");
    let reply = sandbox.get(&user_name_filter("ADA@EXAMPLE.COM"));
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body["totalResults"], json!(1));
    assert_eq!(reply.body["Resources"][0]["id"], json!(id));
}

#[test]
fn a_bad_token_is_401_with_status_401() {
    let mut sandbox = Sandbox::new();
    let req = HttpRequest::new("GET", "/Users?startIndex=1&count=2")
        .with_header("Authorization", "Bearer not-the-token");
    let reply = sandbox.send_request(&req);
    assert_error(&reply, 401, "");
}

#[test]
fn post_to_discovery_endpoints_is_405() {
    let mut sandbox = Sandbox::new();
    for path in ["/ServiceProviderConfig", "/ResourceTypes", "/Schemas"] {
        let reply = sandbox.send("POST", path, Some(&json!({})));
        assert_error(&reply, 405, "");
        assert_eq!(reply.header("Allow"), Some("GET"), "{path}");
    }
}

#[test]
fn a_malformed_filter_is_400_invalid_filter() {
    let mut sandbox = Sandbox::new();
    let reply = sandbox.get("/Users?filter=userName%20eq");
    assert_error(&reply, 400, "invalidFilter");
    assert!(reply.detail().contains("userName eq"), "{}", reply.detail());
}

#[test]
fn assign_user_flow_looks_up_then_creates_then_finds() {
    let mut sandbox = Sandbox::new();
    let lookup = user_name_filter("ada@example.com");
    assert_eq!(sandbox.get(&lookup).body["totalResults"], json!(0));
    let id = sandbox.create("ada@example.com");
    let found = sandbox.get(&lookup);
    assert_eq!(found.body["totalResults"], json!(1));
    assert_eq!(found.body["Resources"][0]["id"], json!(id));
}

#[test]
fn okta_deactivation_patch_sets_active_false() {
    let mut sandbox = Sandbox::new();
    let id = sandbox.create("ada@example.com");
    let reply = sandbox.patch(&id, json!([{"op": "replace", "value": {"active": false}}]));
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body["active"], json!(false));
    assert_eq!(reply.body["meta"]["version"], "W/\"2\"");
    assert!(!sandbox.tenant.users()[0].active());
}

#[test]
fn import_pages_through_all_users_in_a_stable_order() {
    let mut sandbox = Sandbox::new();
    let ids: Vec<String> = (0..250)
        .map(|i| sandbox.create(&format!("user{i}@example.com")))
        .collect();
    let mut seen = Vec::new();
    let mut start = 1;
    loop {
        let reply = sandbox.get(&format!("/Users?startIndex={start}&count=100"));
        let page = reply.body["Resources"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        seen.extend(
            page.iter()
                .filter_map(|u| u["id"].as_str().map(str::to_string)),
        );
        start += 100;
        if start > reply.body["totalResults"].as_i64().unwrap_or_default() {
            break;
        }
    }
    assert_eq!(seen, ids);
}
