//! A dry run of a tenant answers every request as the tenant itself would, sees its own
//! writes, leaves the tenant untouched, and holds only the users it created or changed.
#![cfg(not(target_arch = "wasm32"))]

mod engine_support;

use engine_support::{okta_user, user_name_filter, Sandbox, PATCH_URN};
use leadiq_scim_sandbox::engine::{HttpRequest, HttpResponse, SeededEnv, User};
use serde_json::json;

/// Okta's requests around one assignment and one deactivation, with the errors a second
/// create and a stale ETag get, against a tenant that already has `existing`.
fn script(sandbox: &Sandbox, existing: &str) -> Vec<HttpRequest> {
    let deactivate = json!({"schemas": [PATCH_URN],
                            "Operations": [{"op": "replace", "value": {"active": false}}]});
    let post = |login: &str| sandbox.request("POST", "/Users", Some(&okta_user(login)));
    let patch = |id: &str| sandbox.request("PATCH", &format!("/Users/{id}"), Some(&deactivate));
    vec![
        sandbox.request("GET", &user_name_filter("ada@example.com"), None),
        post("ada@example.com"),
        sandbox.request("GET", &user_name_filter("ADA@example.com"), None),
        post("Ada@Example.com"),
        patch(existing),
        sandbox.request("GET", &format!("/Users/{existing}"), None),
        patch(existing).with_header("If-Match", "W/\"1\""),
        sandbox.request("GET", "/Users?filter=externalId%20eq%20%2200uada%22", None),
        sandbox.request("GET", "/Users?filter=active%20eq%20false", None),
        sandbox.request("GET", "/Users?startIndex=2&count=5", None),
        post("grace@example.com"),
        sandbox.request("GET", "/Users?count=0", None),
    ]
}

/// A tenant with a few users, their ids, and the one the script deactivates.
fn tenant_with_users() -> (Sandbox, String) {
    let mut sandbox = Sandbox::new();
    let ids: Vec<String> = ["alan@example.com", "grace.h@example.com", "kat@example.com"]
        .iter()
        .map(|login| sandbox.create(login))
        .collect();
    let existing = ids[1].clone();
    (sandbox, existing)
}

fn users_of(sandbox: &Sandbox) -> Vec<User> {
    sandbox.tenant.users().to_vec()
}

#[test]
fn a_dry_run_answers_byte_for_byte_as_the_tenant_would() {
    let (sandbox, existing) = tenant_with_users();
    let requests = script(&sandbox, &existing);

    let mut real = sandbox.tenant.clone();
    let mut real_env = sandbox.env.clone();
    let performed: Vec<HttpResponse> = requests
        .iter()
        .map(|r| real.handle(r, &mut real_env))
        .collect();
    let mut dry_env = sandbox.env.clone();
    let mut dry = sandbox.tenant.dry_run();
    let previewed: Vec<HttpResponse> = requests
        .iter()
        .map(|r| dry.handle(r, &mut dry_env))
        .collect();

    let statuses: Vec<u16> = performed.iter().map(|r| r.status).collect();
    assert_eq!(
        statuses,
        [200, 201, 200, 409, 200, 200, 412, 200, 200, 200, 201, 200]
    );
    assert_eq!(previewed, performed);
}

#[test]
fn a_dry_run_leaves_the_tenant_as_it_was() {
    let (sandbox, existing) = tenant_with_users();
    let before = users_of(&sandbox);

    let mut env = sandbox.env.clone();
    let mut dry = sandbox.tenant.dry_run();
    for request in script(&sandbox, &existing) {
        dry.handle(&request, &mut env);
    }

    assert_eq!(users_of(&sandbox), before);
    assert_eq!(sandbox.tenant.check_invariants(), Ok(()));
}

#[test]
fn a_dry_run_sees_its_own_create_in_later_lookups() {
    let sandbox = Sandbox::new();
    let mut env = SeededEnv::new(5);
    let mut dry = sandbox.tenant.dry_run();

    let created = dry.handle(
        &sandbox.request("POST", "/Users", Some(&okta_user("ada@example.com"))),
        &mut env,
    );
    let found = dry.handle(
        &sandbox.request("GET", &user_name_filter("ada@example.com"), None),
        &mut env,
    );

    assert_eq!(created.status, 201);
    let body: serde_json::Value = serde_json::from_str(&found.body).unwrap_or_default();
    assert_eq!(body["totalResults"], json!(1));
    assert!(sandbox.tenant.users().is_empty());
}

#[test]
fn a_dry_run_holds_only_the_users_it_created_or_changed() {
    let mut sandbox = Sandbox::new();
    let ids: Vec<String> = (0..1_000)
        .map(|n| sandbox.create(&format!("user{n}@example.com")))
        .collect();
    let deactivate = json!({"schemas": [PATCH_URN],
                            "Operations": [{"op": "replace", "value": {"active": false}}]});
    let mut env = sandbox.env.clone();
    let mut dry = sandbox.tenant.dry_run();
    assert_eq!(dry.touched(), 0);

    dry.handle(
        &sandbox.request("GET", "/Users?startIndex=1&count=100", None),
        &mut env,
    );
    dry.handle(
        &sandbox.request("POST", "/Users", Some(&okta_user("new@example.com"))),
        &mut env,
    );
    for _ in 0..2 {
        let path = format!("/Users/{}", ids[500]);
        dry.handle(
            &sandbox.request("PATCH", &path, Some(&deactivate)),
            &mut env,
        );
    }

    assert_eq!(dry.touched(), 2, "one created, one changed (twice)");
}

#[test]
fn a_dry_run_answers_gates_and_tokens_like_the_tenant() {
    let (mut sandbox, _) = tenant_with_users();
    let mut env = sandbox.env.clone();
    let stale = HttpRequest::new("GET", "/Users").with_header("Authorization", "Bearer stale");
    let expected = sandbox.tenant.clone().handle(&stale, &mut env.clone());

    assert_eq!(sandbox.tenant.dry_run().handle(&stale, &mut env), expected);
    assert_eq!(expected.status, 401);

    sandbox.tenant.disable_sso();
    let list = sandbox.request("GET", "/Users", None);
    let answer = sandbox.tenant.dry_run().handle(&list, &mut env);
    assert_eq!(answer.status, 403);
}
