//! RFC 7643 / 7644 behaviour, with cases taken from the RFCs' examples: create, retrieve,
//! paging, partial representations, PATCH, ETags, errors, limits and discovery.
#![cfg(not(target_arch = "wasm32"))]

mod engine_support;

use engine_support::{assert_error, okta_user, Sandbox, PATCH_URN, USER_URN};
use leadiq_scim_sandbox::engine::{MAX_BODY_BYTES, MAX_TARGET_BYTES};
use serde_json::{json, Value};

const ENTERPRISE_URN: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

/// The create example of RFC 7644 §3.3, with the enterprise extension of RFC 7643 §8.3.
fn bjensen() -> Value {
    json!({
        "schemas": [USER_URN, ENTERPRISE_URN],
        "userName": "bjensen",
        "externalId": "bjensen",
        "name": {"formatted": "Ms. Barbara J Jensen III", "familyName": "Jensen",
                 "givenName": "Barbara"},
        ENTERPRISE_URN: {"employeeNumber": "701984", "department": "Tour Operations",
                         "manager": {"value": "26118915-6090-4610-87e4-49d8ca9f808d"}}
    })
}

fn with_users(n: usize) -> Sandbox {
    let mut sandbox = Sandbox::new();
    for i in 0..n {
        sandbox.create(&format!("user{i}@example.com"));
    }
    sandbox
}

#[test]
fn rfc_create_example_keeps_core_and_enterprise_attributes() {
    let mut sandbox = Sandbox::new();
    let reply = sandbox.send("POST", "/Users", Some(&bjensen()));
    assert_eq!(reply.status, 201);
    assert_eq!(reply.body["schemas"], json!([USER_URN, ENTERPRISE_URN]));
    assert_eq!(reply.body["name"]["formatted"], "Ms. Barbara J Jensen III");
    assert_eq!(reply.body[ENTERPRISE_URN]["department"], "Tour Operations");
    assert_eq!(
        reply.body["meta"]["created"],
        reply.body["meta"]["lastModified"]
    );
    assert_eq!(reply.body["meta"]["version"], "W/\"1\"");
    assert_eq!(reply.header("ETag"), Some("W/\"1\""));
}

#[test]
fn ids_are_server_assigned_uuids_and_a_client_id_is_ignored() {
    let mut sandbox = Sandbox::new();
    let mut body = okta_user("ada@example.com");
    body["id"] = json!("my-own-id");
    let reply = sandbox.send("POST", "/Users", Some(&body));
    let id = reply.body["id"].as_str().unwrap_or_default();
    assert_ne!(id, "my-own-id");
    let groups: Vec<usize> = id.split('-').map(str::len).collect();
    assert_eq!(groups, vec![8, 4, 4, 4, 12]);
}

#[test]
fn unknown_attributes_are_ignored_and_names_match_case_insensitively() {
    let mut sandbox = Sandbox::new();
    let body = json!({"schemas": [USER_URN], "USERNAME": "ada", "favouriteColour": "green",
                      "urn:okta:custom:1.0:User": {"x": 1}});
    let reply = sandbox.send("POST", "/Users", Some(&body));
    assert_eq!(reply.status, 201);
    assert_eq!(reply.body["userName"], "ada");
    assert!(reply.body.get("favouriteColour").is_none());
}

#[test]
fn create_refusals_have_the_rfc_scim_types() {
    let cases: [(&str, &str, &str); 6] = [
        ("{", "invalidSyntax", "not valid JSON"),
        ("[]", "invalidSyntax", "schemas"),
        (r#"{"userName":"a"}"#, "invalidSyntax", "schemas"),
        (
            r#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"]}"#,
            "invalidValue",
            "userName",
        ),
        (
            concat!(
                r#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"#,
                r#""userName":"a","active":"True"}"#
            ),
            "invalidValue",
            "JSON boolean",
        ),
        ("", "invalidSyntax", "empty"),
    ];
    let mut sandbox = Sandbox::new();
    for (body, scim_type, words) in cases {
        let req = sandbox.request("POST", "/Users", None).with_body(body);
        let reply = sandbox.send_request(&req);
        assert_error(&reply, 400, scim_type);
        assert!(reply.detail().contains(words), "{body}: {}", reply.detail());
    }
    assert!(sandbox.tenant.users().is_empty());
}

#[test]
fn paging_follows_rfc_7644_section_3_4_2_4() {
    let mut sandbox = with_users(5);
    // (query, startIndex echoed, itemsPerPage, first userName)
    let cases = [
        ("startIndex=1&count=2", 1, 2, Some("user0@example.com")),
        ("startIndex=4&count=10", 4, 2, Some("user3@example.com")),
        ("startIndex=0&count=1", 1, 1, Some("user0@example.com")),
        ("startIndex=-7&count=1", 1, 1, Some("user0@example.com")),
        ("startIndex=6&count=1", 6, 0, None),
        ("startIndex=99999999999999999999&count=1", i64::MAX, 0, None),
        ("count=-1", 1, 0, None),
        ("count=0", 1, 0, None),
        ("", 1, 5, Some("user0@example.com")),
    ];
    for (query, start, items, first) in cases {
        let reply = sandbox.get(&format!("/Users?{query}"));
        assert_eq!(reply.status, 200, "{query}");
        assert_eq!(reply.body["totalResults"], json!(5), "{query}");
        assert_eq!(reply.body["startIndex"], json!(start), "{query}");
        assert_eq!(reply.body["itemsPerPage"], json!(items), "{query}");
        assert_eq!(
            reply.body["Resources"].as_array().map(Vec::len),
            Some(items),
            "{query}"
        );
        assert_eq!(
            reply.body["Resources"][0]["userName"].as_str(),
            first,
            "{query}"
        );
    }
}

#[test]
fn a_count_above_the_maximum_is_clamped_to_200() {
    let mut sandbox = with_users(205);
    let reply = sandbox.get("/Users?count=1000");
    assert_eq!(reply.body["itemsPerPage"], json!(200));
    assert_eq!(reply.body["totalResults"], json!(205));
    let reply = sandbox.get("/Users");
    assert_eq!(reply.body["itemsPerPage"], json!(200));
}

#[test]
fn non_integer_paging_values_are_400_invalid_value() {
    let mut sandbox = Sandbox::new();
    for query in ["count=ten", "startIndex=1.5", "count="] {
        let reply = sandbox.get(&format!("/Users?{query}"));
        assert_error(&reply, 400, "invalidValue");
    }
}

#[test]
fn sort_parameters_are_ignored_and_order_stays_creation_order() {
    let mut sandbox = with_users(3);
    let reply = sandbox.get("/Users?sortBy=userName&sortOrder=descending");
    assert_eq!(reply.body["Resources"][0]["userName"], "user0@example.com");
}

#[test]
fn attributes_parameter_returns_only_those_plus_id_and_schemas() {
    let mut sandbox = Sandbox::new();
    let id = sandbox.create("ada@example.com");
    let reply = sandbox.get(&format!("/Users/{id}?attributes=userName,name.givenName"));
    let expected = json!({"schemas": [USER_URN], "id": id, "userName": "ada@example.com",
                          "name": {"givenName": "ada"}});
    assert_eq!(reply.body, expected);
    let reply = sandbox.get("/Users?attributes=userName");
    let user = &reply.body["Resources"][0];
    assert_eq!(user.as_object().map(|m| m.len()), Some(3));
}

#[test]
fn excluded_attributes_drop_default_attributes_but_not_id() {
    let mut sandbox = Sandbox::new();
    let id = sandbox.create("ada@example.com");
    let reply = sandbox.get(&format!("/Users/{id}?excludedAttributes=emails,meta,id"));
    assert_eq!(reply.body["id"], json!(id));
    assert!(reply.body.get("emails").is_none() && reply.body.get("meta").is_none());
    assert_eq!(reply.body["userName"], "ada@example.com");
}

#[test]
fn filters_compare_case_as_each_attribute_defines() {
    let mut sandbox = Sandbox::new();
    sandbox.create("ada@example.com");
    let total = |sandbox: &mut Sandbox, filter: &str| {
        let path = format!(
            "/Users?filter={}",
            filter.replace(' ', "%20").replace('"', "%22")
        );
        sandbox.get(&path).body["totalResults"].clone()
    };
    assert_eq!(
        total(&mut sandbox, "USERNAME eq \"Ada@Example.com\""),
        json!(1)
    );
    assert_eq!(total(&mut sandbox, "externalId eq \"00uada\""), json!(1));
    assert_eq!(total(&mut sandbox, "externalId eq \"00UADA\""), json!(0));
    assert_eq!(total(&mut sandbox, "name.givenName eq \"ADA\""), json!(1));
}

#[test]
fn filter_on_id_uses_the_index_and_is_case_sensitive() {
    let mut sandbox = Sandbox::new();
    let id = sandbox.create("ada@example.com");
    let reply = sandbox.get(&format!("/Users?filter=id%20eq%20%22{id}%22"));
    assert_eq!(reply.body["totalResults"], json!(1));
    let upper = id.to_uppercase();
    let reply = sandbox.get(&format!("/Users?filter=id%20eq%20%22{upper}%22"));
    assert_eq!(reply.body["totalResults"], json!(0));
}

fn deactivate() -> Value {
    json!([{"op": "replace", "value": {"active": false}}])
}

#[test]
fn patch_accepts_the_path_form_and_any_case_of_op() {
    let cases = [
        json!([{"op": "replace", "path": "active", "value": false}]),
        json!([{"op": "Replace", "path": "active", "value": false}]),
        json!([{"op": "ADD", "path": "active", "value": false}]),
        json!([{"op": "replace", "path": format!("{USER_URN}:active"), "value": false}]),
        json!([{"op": "Replace", "value": {"Active": false}}]),
        deactivate(),
    ];
    for operations in cases {
        let mut sandbox = Sandbox::new();
        let id = sandbox.create("ada@example.com");
        let reply = sandbox.patch(&id, operations.clone());
        assert_eq!(reply.status, 200, "{operations}: {}", reply.raw.body);
        assert_eq!(reply.body["active"], json!(false), "{operations}");
    }
}

#[test]
fn reactivation_with_active_true_is_accepted() {
    let mut sandbox = Sandbox::new();
    let id = sandbox.create("ada@example.com");
    sandbox.patch(&id, deactivate());
    let reply = sandbox.patch(&id, json!([{"op": "replace", "value": {"active": true}}]));
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body["active"], json!(true));
    assert_eq!(reply.body["meta"]["version"], "W/\"3\"");
}

#[test]
fn a_patch_that_changes_nothing_keeps_the_version() {
    let mut sandbox = Sandbox::new();
    let id = sandbox.create("ada@example.com");
    let reply = sandbox.patch(&id, json!([{"op": "replace", "value": {"active": true}}]));
    assert_eq!(reply.body["meta"]["version"], "W/\"1\"");
    assert_eq!(
        reply.body["meta"]["lastModified"],
        reply.body["meta"]["created"]
    );
}

#[test]
fn patch_refusals_have_the_rfc_status_and_scim_type() {
    let cases = [
        (json!([{"op": "remove"}]), 400, "noTarget"),
        (json!([{"op": "remove", "path": "active"}]), 501, ""),
        (
            json!([{"op": "replace", "path": "name.givenName", "value": "A"}]),
            501,
            "",
        ),
        (
            json!([{"op": "replace", "value": {"displayName": "A"}}]),
            501,
            "",
        ),
        (
            json!([{"op": "replace", "value": {ENTERPRISE_URN: {"department": "x"}}}]),
            501,
            "",
        ),
        (
            json!([{"op": "replace", "path": "id", "value": "x"}]),
            400,
            "mutability",
        ),
        (
            json!([{"op": "replace", "path": "meta.created", "value": "x"}]),
            400,
            "mutability",
        ),
        (
            json!([{"op": "replace", "path": "nosuch", "value": 1}]),
            400,
            "invalidPath",
        ),
        (
            json!([{"op": "replace", "path": "name.nosuch", "value": 1}]),
            400,
            "invalidPath",
        ),
        (
            json!([{"op": "replace", "path": "active", "value": "False"}]),
            400,
            "invalidValue",
        ),
        (
            json!([{"op": "replace", "path": "active"}]),
            400,
            "invalidSyntax",
        ),
        (
            json!([{"op": "copy", "path": "active", "value": false}]),
            400,
            "invalidSyntax",
        ),
        (
            json!([{"op": "replace", "value": false}]),
            400,
            "invalidSyntax",
        ),
        (json!(["replace"]), 400, "invalidSyntax"),
        (json!([]), 400, "invalidSyntax"),
    ];
    for (operations, status, scim_type) in cases {
        let mut sandbox = Sandbox::new();
        let id = sandbox.create("ada@example.com");
        let reply = sandbox.patch(&id, operations.clone());
        assert_error(&reply, status, scim_type);
        if status == 501 {
            assert!(
                reply.detail().contains("not supported by LeadIQ"),
                "{operations}"
            );
        }
    }
}

#[test]
fn patch_is_atomic_a_refused_operation_undoes_the_whole_request() {
    let mut sandbox = Sandbox::new();
    let id = sandbox.create("ada@example.com");
    let operations = json!([
        {"op": "replace", "value": {"active": false}},
        {"op": "replace", "path": "title", "value": "CEO"}
    ]);
    assert_eq!(sandbox.patch(&id, operations).status, 501);
    let user = sandbox.get(&format!("/Users/{id}"));
    assert_eq!(user.body["active"], json!(true));
    assert_eq!(user.body["meta"]["version"], "W/\"1\"");
}

#[test]
fn patch_needs_the_patch_op_schema() {
    let mut sandbox = Sandbox::new();
    let id = sandbox.create("ada@example.com");
    let body = json!({"Operations": deactivate()});
    let reply = sandbox.send("PATCH", &format!("/Users/{id}"), Some(&body));
    assert_error(&reply, 400, "invalidSyntax");
    assert!(reply.detail().contains(PATCH_URN));
}

#[test]
fn patch_of_an_unknown_id_is_404() {
    let mut sandbox = Sandbox::new();
    assert_error(&sandbox.patch("nobody", deactivate()), 404, "");
}

#[test]
fn if_match_with_a_stale_version_is_412_and_changes_nothing() {
    let mut sandbox = Sandbox::new();
    let id = sandbox.create("ada@example.com");
    let body = json!({"schemas": [PATCH_URN], "Operations": deactivate()});
    let path = format!("/Users/{id}");
    let stale = sandbox
        .request("PATCH", &path, Some(&body))
        .with_header("If-Match", "W/\"7\"");
    assert_error(&sandbox.send_request(&stale), 412, "");
    assert!(sandbox.tenant.users()[0].active());
    let current = sandbox
        .request("PATCH", &path, Some(&body))
        .with_header("If-Match", "W/\"1\"");
    assert_eq!(sandbox.send_request(&current).status, 200);
}

#[test]
fn if_none_match_with_the_current_version_is_304() {
    let mut sandbox = Sandbox::new();
    let id = sandbox.create("ada@example.com");
    let path = format!("/Users/{id}");
    let req = sandbox
        .request("GET", &path, None)
        .with_header("If-None-Match", "W/\"1\"");
    let reply = sandbox.send_request(&req);
    assert_eq!(reply.status, 304);
    assert!(reply.raw.body.is_empty());
    let req = sandbox
        .request("GET", &path, None)
        .with_header("If-None-Match", "W/\"0\"");
    assert_eq!(sandbox.send_request(&req).status, 200);
}

#[test]
fn operations_outside_leadiqs_scope_get_the_documented_status() {
    let mut sandbox = Sandbox::new();
    let id = sandbox.create("ada@example.com");
    let user = format!("/Users/{id}");
    let cases = [
        ("PUT", user.as_str(), 501),
        ("DELETE", user.as_str(), 501),
        ("GET", "/Groups", 501),
        ("POST", "/Groups", 501),
        ("GET", "/Groups/abc", 501),
        ("POST", "/Bulk", 501),
        ("GET", "/Me", 501),
        ("POST", "/Users/.search", 501),
        ("POST", "/.search", 501),
        ("DELETE", "/Users", 405),
        ("PATCH", "/Users", 405),
        ("POST", user.as_str(), 405),
        ("HEAD", user.as_str(), 405),
        ("get", "/Users", 405),
        ("PUT", "/Schemas", 405),
        ("GET", "/users", 404),
        ("GET", "/Users/a/b", 404),
        ("GET", "/", 404),
        ("GET", "/v1/Users", 404),
    ];
    for (method, path, status) in cases {
        let reply = sandbox.send(method, path, Some(&okta_user("x@example.com")));
        assert_error(&reply, status, "");
        if status == 501 {
            assert!(
                reply.detail().contains("not supported by LeadIQ"),
                "{method} {path}"
            );
        }
    }
    assert_eq!(sandbox.tenant.users().len(), 1);
}

#[test]
fn a_wrongly_cased_endpoint_gets_a_hint() {
    let mut sandbox = Sandbox::new();
    let reply = sandbox.get("/users");
    assert!(
        reply.detail().contains("did you mean /Users?"),
        "{}",
        reply.detail()
    );
}

#[test]
fn a_body_over_the_limit_is_413() {
    let mut sandbox = Sandbox::new();
    let mut body = okta_user("ada@example.com");
    body["title"] = json!("x".repeat(MAX_BODY_BYTES));
    let reply = sandbox.send("POST", "/Users", Some(&body));
    assert_error(&reply, 413, "");
    assert!(sandbox.tenant.users().is_empty());
}

#[test]
fn a_path_over_the_limit_is_414() {
    let mut sandbox = Sandbox::new();
    let reply = sandbox.get(&format!("/Users?filter={}", "a".repeat(MAX_TARGET_BYTES)));
    assert_error(&reply, 414, "");
}

#[test]
fn a_body_that_is_not_json_is_415() {
    let mut sandbox = Sandbox::new();
    let mut req = sandbox.request("POST", "/Users", None);
    req = req
        .with_header("Content-Type", "application/x-www-form-urlencoded")
        .with_body("userName=ada");
    assert_error(&sandbox.send_request(&req), 415, "");
}

#[test]
fn service_provider_config_describes_what_the_endpoint_does() {
    let mut sandbox = Sandbox::new();
    let spc = sandbox.get("/ServiceProviderConfig").body;
    assert_eq!(spc["patch"]["supported"], json!(true));
    assert_eq!(spc["bulk"]["supported"], json!(false));
    assert_eq!(spc["filter"], json!({"supported": true, "maxResults": 200}));
    assert_eq!(spc["sort"]["supported"], json!(false));
    assert_eq!(spc["etag"]["supported"], json!(true));
    assert_eq!(spc["changePassword"]["supported"], json!(false));
    assert_eq!(spc["authenticationSchemes"][0]["type"], "oauthbearertoken");
}

#[test]
fn resource_types_list_user_with_the_enterprise_extension() {
    let mut sandbox = Sandbox::new();
    let list = sandbox.get("/ResourceTypes").body;
    assert_eq!(list["totalResults"], json!(1));
    assert_eq!(list["Resources"][0]["endpoint"], "/Users");
    let user = sandbox.get("/ResourceTypes/User").body;
    assert_eq!(user["schemaExtensions"][0]["schema"], ENTERPRISE_URN);
    assert_eq!(sandbox.get("/ResourceTypes/Group").status, 404);
}

#[test]
fn schemas_describe_the_stored_attributes() {
    let mut sandbox = Sandbox::new();
    let list = sandbox.get("/Schemas").body;
    assert_eq!(list["totalResults"], json!(2));
    let user = sandbox.get(&format!("/Schemas/{USER_URN}")).body;
    let attrs = user["attributes"].as_array().cloned().unwrap_or_default();
    let attr = |name: &str| attrs.iter().find(|a| a["name"] == name).cloned();
    let user_name = attr("userName").unwrap_or_default();
    assert_eq!(user_name["caseExact"], json!(false));
    assert_eq!(user_name["uniqueness"], "server");
    assert_eq!(user_name["required"], json!(true));
    let password = attr("password").unwrap_or_default();
    assert_eq!(password["returned"], "never");
    assert_eq!(password["mutability"], "writeOnly");
    assert_eq!(
        attr("emails").unwrap_or_default()["multiValued"],
        json!(true)
    );
    assert_eq!(sandbox.get("/Schemas/urn:nope").status, 404);
}

#[test]
fn discovery_with_a_filter_is_403() {
    let mut sandbox = Sandbox::new();
    for path in ["/Schemas", "/ResourceTypes", "/ServiceProviderConfig"] {
        let reply = sandbox.get(&format!("{path}?filter=id%20eq%20%22User%22"));
        assert_error(&reply, 403, "");
    }
}

/// Three users: ada (active, work email), grace (deactivated), bjensen (enterprise).
fn filter_tenant() -> Sandbox {
    let mut sandbox = Sandbox::new();
    sandbox.create("ada@example.com");
    let grace = sandbox.create("grace@example.com");
    sandbox.patch(&grace, deactivate());
    let mut body = bjensen();
    body["title"] = json!("Tour Guide");
    body["emails"] = json!([{"value": "bjensen@example.org", "type": "home"}]);
    sandbox.send("POST", "/Users", Some(&body));
    sandbox
}

fn encode(filter: &str) -> String {
    filter
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[test]
fn filters_from_rfc_7644_select_the_right_users() {
    let mut sandbox = filter_tenant();
    let created = sandbox.tenant.users()[1].created_millis();
    let after_grace = leadiq_scim_sandbox::engine::env::format_rfc3339(created + 500);
    let (ada, grace, bj) = ("ada@example.com", "grace@example.com", "bjensen");
    let department = format!("{ENTERPRISE_URN}:department eq \"tour operations\"");
    let modified = format!("meta.lastModified gt \"{after_grace}\"");
    let cases = [
        ("userName eq \"bjensen\"", vec![bj]),
        ("userName sw \"A\"", vec![ada]),
        ("userName co \"EXAMPLE\"", vec![ada, grace]),
        ("title pr", vec![bj]),
        ("active eq false", vec![grace]),
        ("not (active eq false)", vec![ada, bj]),
        (
            "userName eq \"ADA@example.com\" and active eq true",
            vec![ada],
        ),
        (
            "userName eq \"grace@example.com\" and active eq true",
            vec![],
        ),
        (
            "emails[type eq \"work\" and value co \"@example.com\"]",
            vec![ada, grace],
        ),
        ("emails.type eq \"home\" or ims[type eq \"xmpp\"]", vec![bj]),
        (&department, vec![bj]),
        (&modified, vec![grace, bj]),
        ("meta.resourceType eq \"user\"", vec![]),
        (
            "id pr and schemas eq \"urn:ietf:params:scim:schemas:core:2.0:User\"",
            vec![ada, grace, bj],
        ),
    ];
    for (filter, expected) in cases {
        let reply = sandbox.get(&format!("/Users?filter={}", encode(filter)));
        assert_eq!(reply.status, 200, "{filter}: {}", reply.raw.body);
        let names: Vec<&str> = reply.body["Resources"]
            .as_array()
            .map(|users| {
                users
                    .iter()
                    .filter_map(|u| u["userName"].as_str())
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(names, expected, "{filter}");
        assert_eq!(
            reply.body["totalResults"],
            json!(expected.len()),
            "{filter}"
        );
    }
}

#[test]
fn a_bad_filter_gets_invalid_filter_pointing_at_the_problem() {
    let mut sandbox = Sandbox::new();
    let cases = [
        "userName eq \"unterminated",
        "userName equals \"x\"",
        "(userName eq \"x\"",
        "emails[type eq \"work\"",
        "",
        &format!("{}title pr{}", "(".repeat(500), ")".repeat(500)),
    ];
    for filter in cases {
        let reply = sandbox.get(&format!("/Users?filter={}", encode(filter)));
        assert_error(&reply, 400, "invalidFilter");
        assert!(
            reply.detail().contains("is not valid"),
            "{filter}: {}",
            reply.detail()
        );
    }
}
