//! One engine, two front doors: the same script of requests sent to `Tenant::handle`
//! directly and to the HTTP server started with the same seed gives the same status,
//! the same engine headers in the same order, and the same body bytes.
#![cfg(not(target_arch = "wasm32"))]

mod server_support;

use leadiq_scim_sandbox::engine::{HttpResponse, MAX_BODY_BYTES};
use server_support::{assert_same, direct, first_id, script, serve, wire_bytes, Script};

const SEED: u64 = 2026;

/// The statuses the script is meant to cover, in order: if the engine's answers change,
/// this says which case the script no longer exercises.
const STATUSES: [u16; 24] = [
    200, 201, 201, 409, 200, 200, 200, 304, 200, 200, 401, 401, 400, 400, 501, 501, 413, 400, 414,
    404, 501, 404, 200, 200,
];

fn engine_answers(seed: u64) -> (Vec<HttpResponse>, String) {
    let (mut tenant, mut env, token) = direct(seed);
    let script = script(&token, &first_id(seed));
    let answers = script.iter().map(|r| tenant.handle(r, &mut env)).collect();
    (answers, token)
}

#[test]
fn the_script_over_one_kept_alive_connection_matches_the_engine_byte_for_byte() {
    let (expected, token) = engine_answers(SEED);
    let statuses: Vec<u16> = expected.iter().map(|r| r.status).collect();
    assert_eq!(statuses, STATUSES);
    let served = serve(SEED, |_| {});
    assert_eq!(served.token, token, "the same seed makes the same token");

    let mut client = served.client();
    for (req, engine) in script(&token, &first_id(SEED)).iter().zip(&expected) {
        let raw = client.exchange(req);
        assert_same(&raw, engine, &format!("{} {}", req.method, req.path));
    }
    drop(client);
    let tenant = served.running.stop().tenant;
    assert_eq!(tenant.users().len(), 2);
}

#[test]
fn the_script_with_a_connection_per_request_matches_the_engine_byte_for_byte() {
    let (expected, token) = engine_answers(SEED + 1);
    let served = serve(SEED + 1, |_| {});
    for (req, engine) in script(&token, &first_id(SEED + 1)).iter().zip(&expected) {
        let mut client = served.client();
        client.send_bytes(&wire_bytes(req, &[("Connection", "close")]));
        let raw = client.read_response(false).expect("an answer");
        assert_same(&raw, engine, &format!("{} {}", req.method, req.path));
        assert!(raw.closes());
    }
}

#[test]
fn a_body_too_large_to_read_gets_the_engines_413_with_its_real_length() {
    let (mut tenant, mut env, token) = direct(SEED);
    let length = 5 * 1024 * 1024;
    let huge = Script::new(&token).with_body("POST", "/Users", &"x".repeat(length));
    let engine = tenant.handle(&huge, &mut env);
    assert_eq!(engine.status, 413);

    let served = serve(SEED, |_| {});
    let mut client = served.client();
    let bytes = wire_bytes(&huge, &[]);
    // Only the head and a little of the body: the server must answer without the rest.
    client.send_bytes(bytes.get(..bytes.len() - length + 1000).unwrap_or_default());
    let raw = client
        .read_response(false)
        .expect("a 413 before the body is sent");
    assert_same(&raw, &engine, "a 5 MiB body");
    assert!(raw.closes());
    assert!(length > MAX_BODY_BYTES);
}
