//! Property tests of the whole request handler: no input panics it, every error is an RFC
//! error body, the tenant's invariants survive hostile sequences, indexed lookups agree
//! with scans, and paging slices the creation order exactly.
//!
//! Case counts are fixed below (see `CASES_*`) so the figure reported is the figure run.
#![cfg(not(target_arch = "wasm32"))]

mod engine_support;

use engine_support::{okta_user, Sandbox, PATCH_URN, USER_URN};
use leadiq_scim_sandbox::engine::{HttpRequest, HttpResponse};
use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::{json, Value};

/// Single arbitrary requests against a tenant with users.
const CASES_ARBITRARY: u32 = 4096;
/// Sequences of 1 to 11 mutated Okta requests.
const CASES_SEQUENCES: u32 = 1024;
/// Random userName sets and lookups comparing index and scan.
const CASES_INDEX: u32 = 512;
/// Random tenant sizes and paging parameters.
const CASES_PAGING: u32 = 512;
/// Sequences answered by a dry run and by the tenant itself.
const CASES_DRY_RUN: u32 = 512;

const NAMES: &[&str] = &[
    "userName",
    "USERNAME",
    "id",
    "externalId",
    "name",
    "givenName",
    "familyName",
    "emails",
    "value",
    "type",
    "primary",
    "active",
    "Active",
    "displayName",
    "meta",
    "schemas",
    "password",
    "groups",
    "title",
    "manager",
    "department",
    "Operations",
    "op",
    "path",
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
    "urn:ietf:params:scim:schemas:core:2.0:User:userName",
];

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => proptest::sample::select(NAMES).prop_map(str::to_string),
        1 => "\\PC{0,10}",
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| json!(f)),
        "\\PC{0,16}".prop_map(Value::String),
        proptest::sample::select(&["False", "true", "replace", "Remove", "active"][..])
            .prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((name(), inner), 0..6)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect())),
        ]
    })
}

/// Filter-like text: grammar tokens in random order, sometimes well-formed.
fn filter_text() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        name(),
        proptest::sample::select(
            &[
                "eq",
                "ne",
                "co",
                "sw",
                "ew",
                "gt",
                "ge",
                "lt",
                "le",
                "pr",
                "and",
                "or",
                "not",
                "(",
                ")",
                "[",
                "]",
                "\"ada@example.com\"",
                "\"\"",
                "true",
                "null",
                "12",
                ".",
                "emails[type eq \"work\"]",
                "userName eq \"user1@example.com\"",
                "\"",
            ][..]
        )
        .prop_map(str::to_string),
    ];
    prop::collection::vec(token, 0..12).prop_map(|tokens| tokens.join(" "))
}

fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn query() -> impl Strategy<Value = String> {
    let param = prop_oneof![
        filter_text().prop_map(|f| format!("filter={}", encode(&f))),
        "-?[0-9]{0,22}".prop_map(|n| format!("startIndex={n}")),
        "-?[0-9]{0,22}|\\PC{0,4}".prop_map(|n| format!("count={}", encode(&n))),
        "\\PC{0,30}".prop_map(|a| format!("attributes={}", encode(&a))),
        "\\PC{0,30}".prop_map(|a| format!("excludedAttributes={}", encode(&a))),
        "[ -~]{0,20}",
    ];
    prop::collection::vec(param, 0..4).prop_map(|params| params.join("&"))
}

fn path() -> impl Strategy<Value = String> {
    let base = prop_oneof![
        Just("/Users".to_string()),
        Just("/Users/{id}".to_string()),
        "/Users/\\PC{0,40}",
        proptest::sample::select(
            &[
                "/ServiceProviderConfig",
                "/ResourceTypes",
                "/ResourceTypes/User",
                "/Schemas",
                "/Groups",
                "/Bulk",
                "/Me",
                "/.search",
                "/users",
                "/",
                ""
            ][..]
        )
        .prop_map(str::to_string),
        "[ -~]{0,40}",
    ];
    (base, query()).prop_map(|(base, query)| {
        if query.is_empty() {
            base
        } else {
            format!("{base}?{query}")
        }
    })
}

fn method() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::sample::select(&["GET", "POST", "PATCH", "PUT", "DELETE"][..])
            .prop_map(str::to_string),
        1 => "[A-Za-z]{0,8}",
    ]
}

fn body() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        json_value().prop_map(|v| v.to_string()),
        "\\PC{0,200}",
        (json_value(), json_value()).prop_map(|(a, b)| {
            json!({"schemas": [USER_URN, PATCH_URN], "userName": a, "Operations": [b]}).to_string()
        }),
    ]
}

#[derive(Clone, Debug)]
enum Auth {
    Valid,
    Missing,
    Doubled,
    Raw,
    Other(String),
}

fn auth() -> impl Strategy<Value = Auth> {
    prop_oneof![
        6 => Just(Auth::Valid),
        1 => Just(Auth::Missing),
        1 => Just(Auth::Doubled),
        1 => Just(Auth::Raw),
        1 => "\\PC{0,20}".prop_map(Auth::Other),
    ]
}

fn headers() -> impl Strategy<Value = Vec<(String, String)>> {
    let header = prop_oneof![
        proptest::sample::select(
            &[
                "application/scim+json",
                "application/json; charset=utf-8",
                "text/plain",
                ""
            ][..]
        )
        .prop_map(|v| ("Content-Type".to_string(), v.to_string())),
        "W/\"[0-9]\"|\\*|\\PC{0,6}".prop_map(|v| ("If-Match".to_string(), v)),
        "W/\"[0-9]\"|\\PC{0,6}".prop_map(|v| ("If-None-Match".to_string(), v)),
        ("\\PC{0,10}", "\\PC{0,10}"),
    ];
    prop::collection::vec(header, 0..4)
}

fn sandbox_with_users() -> (Sandbox, String) {
    let mut sandbox = Sandbox::new();
    let id = sandbox.create("user1@example.com");
    sandbox.create("user2@example.com");
    (sandbox, id)
}

fn build(
    sandbox: &Sandbox,
    id: &str,
    parts: (String, String, Auth, Vec<(String, String)>, String),
) -> HttpRequest {
    let (method, path, auth, headers, body) = parts;
    let mut req = HttpRequest::new(&method, &path.replace("{id}", id)).with_body(&body);
    let token = &sandbox.token;
    let value = match auth {
        Auth::Valid => Some(format!("Bearer {token}")),
        Auth::Missing => None,
        Auth::Doubled => Some(format!("Bearer Bearer {token}")),
        Auth::Raw => Some(token.clone()),
        Auth::Other(text) => Some(text),
    };
    if let Some(value) = value {
        req = req.with_header("Authorization", &value);
    }
    req.headers.extend(headers);
    req
}

/// Every response is well-formed: errors carry the RFC error body with a string status.
fn check_response(response: &HttpResponse) -> Result<(), TestCaseError> {
    prop_assert!((200..600).contains(&response.status));
    if response.status == 304 {
        prop_assert!(response.body.is_empty());
        return Ok(());
    }
    prop_assert_eq!(
        response.header("Content-Type"),
        Some("application/scim+json")
    );
    let body: Value = serde_json::from_str(&response.body)
        .map_err(|e| TestCaseError::fail(format!("body is not JSON: {e}")))?;
    if response.status >= 400 {
        prop_assert_eq!(
            &body["schemas"][0],
            "urn:ietf:params:scim:api:messages:2.0:Error"
        );
        prop_assert_eq!(&body["status"], &json!(response.status.to_string()));
        prop_assert!(body["detail"].as_str().is_some_and(|d| !d.is_empty()));
    }
    Ok(())
}

fn check_tenant(sandbox: &Sandbox) -> Result<(), TestCaseError> {
    prop_assert_eq!(sandbox.tenant.check_invariants(), Ok(()));
    let mut names: Vec<String> = sandbox
        .tenant
        .users()
        .iter()
        .map(|u| u.user_name().to_lowercase())
        .collect();
    let before = names.len();
    names.sort();
    names.dedup();
    prop_assert_eq!(
        names.len(),
        before,
        "userNames must be unique case-insensitively"
    );
    prop_assert!(!sandbox
        .tenant
        .users()
        .iter()
        .any(|u| u.attributes().get("password").is_some()));
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES_ARBITRARY))]

    #[test]
    fn arbitrary_requests_never_panic_and_always_get_a_well_formed_answer(
        method in method(), path in path(), auth in auth(), headers in headers(), body in body()
    ) {
        let (mut sandbox, id) = sandbox_with_users();
        let req = build(&sandbox, &id, (method, path, auth, headers, body));
        let (mut twin, mut twin_env) = (sandbox.tenant.clone(), sandbox.env.clone());
        let response = sandbox.tenant.handle(&req, &mut sandbox.env);
        check_response(&response)?;
        prop_assert_eq!(&twin.handle(&req, &mut twin_env), &response, "not deterministic");
        check_tenant(&sandbox)?;
    }
}

/// One Okta request, valid before mutation.
fn okta_request() -> impl Strategy<Value = (String, String, Value)> {
    let create = "[a-zA-Z0-9._%+-]{1,12}@[a-z]{1,6}\\.(com|ÉXAMPLE|io)"
        .prop_map(|login| ("POST".to_string(), "/Users".to_string(), okta_user(&login)));
    let patch = any::<bool>().prop_map(|active| {
        let ops = json!([{"op": "replace", "value": {"active": active}}]);
        let body = json!({"schemas": [PATCH_URN], "Operations": ops});
        ("PATCH".to_string(), "/Users/{id}".to_string(), body)
    });
    let lookup = "[a-zA-Z0-9@.]{1,16}".prop_map(|login| {
        let filter = encode(&format!("userName eq \"{login}\""));
        (
            "GET".to_string(),
            format!("/Users?filter={filter}&startIndex=1&count=100"),
            Value::Null,
        )
    });
    let page = (0i64..30, 0i64..30).prop_map(|(start, count)| {
        (
            "GET".to_string(),
            format!("/Users?startIndex={start}&count={count}"),
            Value::Null,
        )
    });
    prop_oneof![create, patch, lookup, page]
}

/// A mutation of a request body: none, replaced members, or text-level damage.
#[derive(Clone, Debug)]
enum Mutation {
    None,
    Members(Vec<(String, Value)>),
    Truncate(usize),
    Insert(usize, char),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        2 => Just(Mutation::None),
        2 => prop::collection::vec((name(), json_value()), 1..4).prop_map(Mutation::Members),
        1 => any::<usize>().prop_map(Mutation::Truncate),
        1 => (any::<usize>(), any::<char>()).prop_map(|(at, c)| Mutation::Insert(at, c)),
    ]
}

fn mutate(body: Value, mutation: &Mutation) -> String {
    match (body, mutation) {
        (Value::Null, _) => String::new(),
        (body, Mutation::None) => body.to_string(),
        (Value::Object(mut map), Mutation::Members(members)) => {
            map.extend(members.iter().cloned());
            Value::Object(map).to_string()
        }
        (body, Mutation::Members(_)) => body.to_string(),
        (body, Mutation::Truncate(at)) => body.to_string().chars().take(at % 400).collect(),
        (body, Mutation::Insert(at, c)) => {
            let mut text: Vec<char> = body.to_string().chars().collect();
            let at = at % (text.len() + 1);
            text.insert(at, *c);
            text.into_iter().collect()
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES_SEQUENCES))]

    #[test]
    fn sequences_of_mutated_okta_requests_keep_the_tenant_consistent(
        steps in prop::collection::vec((okta_request(), mutation(), any::<Index>()), 1..12)
    ) {
        let mut sandbox = Sandbox::new();
        for ((method, path, body), mutation, pick) in steps {
            let ids: Vec<String> =
                sandbox.tenant.users().iter().map(|u| u.id().to_string()).collect();
            let id = if ids.is_empty() { "none".to_string() } else { pick.get(&ids).clone() };
            let text = mutate(body, &mutation);
            let mut req = sandbox.request(&method, &path.replace("{id}", &id), None);
            if !text.is_empty() {
                req = req.with_header("Content-Type", "application/scim+json").with_body(&text);
            }
            let response = sandbox.tenant.handle(&req, &mut sandbox.env);
            check_response(&response)?;
            check_tenant(&sandbox)?;
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES_DRY_RUN))]

    #[test]
    fn a_dry_run_answers_every_sequence_as_the_tenant_does_and_changes_nothing(
        steps in prop::collection::vec((okta_request(), mutation(), any::<Index>()), 1..12)
    ) {
        let (sandbox, _) = sandbox_with_users();
        let before = sandbox.tenant.users().to_vec();
        let mut real = sandbox.tenant.clone();
        let (mut real_env, mut dry_env) = (sandbox.env.clone(), sandbox.env.clone());
        let mut dry = sandbox.tenant.dry_run();
        for ((method, path, body), mutation, pick) in steps {
            let ids: Vec<String> = real.users().iter().map(|u| u.id().to_string()).collect();
            let id = pick.get(&ids).clone();
            let text = mutate(body, &mutation);
            let mut req = sandbox.request(&method, &path.replace("{id}", &id), None);
            if !text.is_empty() {
                req = req.with_header("Content-Type", "application/scim+json").with_body(&text);
            }
            let expected = real.handle(&req, &mut real_env);
            prop_assert_eq!(dry.handle(&req, &mut dry_env), expected);
        }
        prop_assert_eq!(sandbox.tenant.users(), &before[..]);
    }
}

fn total_and_ids(sandbox: &mut Sandbox, filter: &str) -> (Value, Vec<Value>) {
    let reply = sandbox.get(&format!("/Users?filter={}&count=200", encode(filter)));
    let ids = reply.body["Resources"]
        .as_array()
        .map(|users| users.iter().map(|u| u["id"].clone()).collect())
        .unwrap_or_default();
    (reply.body["totalResults"].clone(), ids)
}

fn case_variant(text: &str, flips: &[bool]) -> String {
    text.chars()
        .zip(flips.iter().cycle())
        .map(|(c, &flip)| {
            if flip {
                c.to_uppercase().collect::<String>()
            } else {
                c.to_string()
            }
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES_INDEX))]

    #[test]
    fn indexed_lookups_agree_with_a_full_scan(
        logins in prop::collection::vec("[a-zA-ZßÄäİıΣσς0-9.]{1,6}", 1..12),
        pick in any::<Index>(),
        flips in prop::collection::vec(any::<bool>(), 1..8),
        attribute in proptest::sample::select(&["userName", "externalId", "id"][..]),
    ) {
        let mut sandbox = Sandbox::new();
        for login in &logins {
            let body = okta_user(login);
            sandbox.send("POST", "/Users", Some(&body));
        }
        let users = sandbox.tenant.users();
        let user = pick.get(users);
        let wanted = match attribute {
            "userName" => user.user_name().to_string(),
            "externalId" => user.external_id().unwrap_or_default().to_string(),
            _ => user.id().to_string(),
        };
        let wanted = case_variant(&wanted, &flips).replace('"', "");
        let indexed = format!("{attribute} eq \"{wanted}\"");
        // An `or` of the same test is never answered from an index: it forces a scan.
        let scanned = format!("{indexed} or {indexed}");
        let conjunction = format!("{indexed} and userName pr");
        let by_index = total_and_ids(&mut sandbox, &indexed);
        prop_assert_eq!(&by_index, &total_and_ids(&mut sandbox, &scanned));
        prop_assert_eq!(&by_index, &total_and_ids(&mut sandbox, &conjunction));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES_PAGING))]

    #[test]
    fn a_page_is_the_exact_slice_of_creation_order(
        size in 0usize..40, start in -3i64..50, count in -3i64..50,
    ) {
        let mut sandbox = Sandbox::new();
        let ids: Vec<Value> = (0..size)
            .map(|i| Value::from(sandbox.create(&format!("u{i}@example.com"))))
            .collect();
        let reply = sandbox.get(&format!("/Users?startIndex={start}&count={count}"));
        let from = (start.max(1) as usize - 1).min(size);
        let to = (from + count.max(0) as usize).min(size);
        let got: Vec<Value> = reply.body["Resources"]
            .as_array()
            .map(|users| users.iter().map(|u| u["id"].clone()).collect())
            .unwrap_or_default();
        prop_assert_eq!(&got, &ids[from..to].to_vec());
        prop_assert_eq!(&reply.body["totalResults"], &json!(size));
        prop_assert_eq!(&reply.body["itemsPerPage"], &json!(to - from));
    }
}
