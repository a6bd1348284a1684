//! Snapshot format 2 from the outside: snapshots built by real action sequences survive
//! encode and decode unchanged and answer the next request byte for byte as before; every
//! kind of bad text gets its own refusal, and none panics; and a 10,000-person org, all
//! provisioned, fits well inside the browser's storage quota.
//!
//! Case counts are fixed below so the figure reported is the figure run. Timings are in
//! an ignored test: `cargo test --release --test state_codec -- --ignored --nocapture`.
#![cfg(not(target_arch = "wasm32"))]

use std::sync::OnceLock;
use std::time::Instant;

use leadiq_scim_sandbox::engine::{HttpRequest, Plan, SeededEnv, Tenant};
use leadiq_scim_sandbox::okta::{
    Action, Connection, Features, IdentityProvider, Mapping, Mappings, OktaOrg, Profile,
    ScimTarget, Source, Transform,
};
use leadiq_scim_sandbox::state::{self, DecodeError, Snapshot};
use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::{json, Value};

/// Random sequences of Okta actions and tenant changes, each round-tripped.
const CASES_SEQUENCES: u32 = 192;
/// Random damage to one value of a stored snapshot.
const CASES_MUTATIONS: u32 = 2048;
/// Random cuts of a stored snapshot.
const CASES_TRUNCATIONS: u32 = 512;

/// The size budget the 10,000-person snapshot must stay under (the quota is 5,242,880).
const SIZE_BUDGET: usize = 4_000_000;

/// A sandbox walked through steps 1 to 4, its environment and its token.
fn connected() -> (Snapshot, SeededEnv, String) {
    let mut env = SeededEnv::new(5);
    let mut s = Snapshot::fresh(&mut env);
    s.set_plan(Plan::Enterprise);
    s.set_sso_addon(true).expect("Enterprise allows the add-on");
    s.idp = Some(IdentityProvider::Okta);
    s.set_sso(true).expect("the add-on allows SSO");
    let credentials = s.generate_credentials(&mut env).expect("gates are open");
    s.okta.set_connection(Connection::bearer(
        &credentials.base_url,
        &credentials.token,
    ));
    s.okta.set_features(Features::leadiq_supported());
    s.perform(&Action::TestCredentials, &mut env)
        .expect("test runs");
    (s, env, credentials.token)
}

/// Text that exercises escaping: quotes, backslashes, control characters, non-ASCII.
const ODD_TEXT: &str = "Ren\u{e9}e \"Q\" O'Hara\\\t\u{1}\u{8}\u{c}\u{2028}\u{1f600}";

/// A sandbox with some history: people with fuller profiles, a group assigned, one
/// person deactivated in LeadIQ, a failed task, an import.
fn rich() -> (Snapshot, SeededEnv, String) {
    let (mut s, mut env, token) = connected();
    let mut odd = Profile::new("renee@example.com", ODD_TEXT, "Smith");
    odd.middle_name = "M".into();
    odd.title = ODD_TEXT.into();
    odd.department = "R&D".into();
    odd.manager_id = "00u-manager".into();
    odd.mobile_phone = "+1 555 0100".into();
    let renee = s.okta.add_person(odd, &mut env).expect("valid profile");
    let sales = s.okta.groups()[0].id.clone();
    let people: Vec<String> = s.okta.people().iter().map(|p| p.id.clone()).collect();
    s.current_step = "assign".into();
    let _ = s.perform(&Action::AssignGroup(sales), &mut env);
    let _ = s.perform(&Action::AssignPerson(renee), &mut env);
    let _ = s.perform(&Action::Deactivate(people[0].clone()), &mut env);
    let _ = s.perform(&Action::Suspend(people[1].clone()), &mut env);
    let mut wrong = s.okta.app().connection.clone();
    wrong.authorization = "Bearer stale".into();
    s.okta.set_connection(wrong);
    let _ = s.perform(&Action::AssignPerson(people[3].clone()), &mut env);
    s.okta
        .set_connection(Connection::bearer(&base_url(&s), &token));
    let _ = s.perform(&Action::Import, &mut env);
    (s, env, token)
}

fn base_url(s: &Snapshot) -> String {
    s.tenant.base_url().unwrap_or_default().to_string()
}

/// Compares everything a snapshot stores; the org's import view is never stored.
fn assert_same_stored(decoded: &Snapshot, original: &Snapshot) {
    assert_eq!(decoded.version, original.version);
    assert_eq!(decoded.current_step, original.current_step);
    assert_eq!(decoded.idp, original.idp);
    assert_eq!(decoded.tenant, original.tenant);
    assert_eq!(decoded.okta.people(), original.okta.people());
    assert_eq!(decoded.okta.groups(), original.okta.groups());
    assert_eq!(decoded.okta.app(), original.okta.app());
    assert_eq!(decoded.activity, original.activity);
    assert_eq!(decoded.next_seq, original.next_seq);
    assert_eq!(decoded.okta.last_import(), None);
    if original.okta.last_import().is_none() {
        assert_eq!(decoded, original);
    }
}

/// Runs the same next steps on both snapshots with the same environment and checks the
/// answers are byte-identical: an Okta import (every user's representation), an Okta
/// provisioning, and a page read straight from the tenant.
fn assert_same_next_answers(decoded: &mut Snapshot, original: &mut Snapshot, env: &SeededEnv) {
    let token = original.okta.app().connection.authorization.clone();
    let page = HttpRequest::new("GET", "/Users?startIndex=1&count=100")
        .with_header("Authorization", &token);
    let (mut a, mut b) = (env.clone(), env.clone());
    assert_eq!(
        decoded.tenant.handle(&page, &mut a),
        original.tenant.handle(&page, &mut b)
    );
    assert_eq!(
        decoded.perform(&Action::Import, &mut a),
        original.perform(&Action::Import, &mut b)
    );
    if let Some(person) = original.okta.people().last().map(|p| p.id.clone()) {
        let action = Action::AssignPerson(person);
        assert_eq!(
            decoded.perform(&action, &mut a),
            original.perform(&action, &mut b)
        );
    }
    assert_eq!(state::encode(decoded), state::encode(original));
}

fn round_trip(original: &Snapshot) -> Snapshot {
    let text = state::encode(original);
    let decoded = match state::decode(&text) {
        Ok(s) => s,
        Err(e) => panic!("a snapshot this build wrote does not load: {e}\n{text}"),
    };
    assert_eq!(state::encode(&decoded), text, "encoding is stable");
    decoded
}

#[test]
fn a_fresh_sandbox_round_trips_unchanged() {
    let original = Snapshot::fresh(&mut SeededEnv::new(1));
    assert_eq!(round_trip(&original), original);
}

#[test]
fn a_sandbox_with_history_round_trips_and_answers_as_before() {
    let (mut original, env, _) = rich();
    let mut decoded = round_trip(&original);
    assert_same_stored(&decoded, &original);
    assert_same_next_answers(&mut decoded, &mut original, &env);
}

#[test]
fn odd_characters_are_stored_exactly() {
    let (original, _, _) = rich();
    let text = state::encode(&original);
    let decoded = state::decode(&text).expect("loads");
    let renee = decoded.okta.person_by_login("renee@example.com");
    assert_eq!(renee.map(|p| p.profile.first_name.as_str()), Some(ODD_TEXT));
    assert!(
        text.contains(r#"\"Q\" O'Hara\\\t\u0001\b\f"#),
        "serde_json's escapes"
    );
}

#[test]
fn the_stored_text_has_rows_not_repeated_keys_and_nothing_derivable() {
    let (original, _, _) = rich();
    let text = state::encode(&original);
    for derivable in [
        "\"meta\"",
        "resourceType",
        "lastModified",
        "W/\\\"",
        "/Users/",
    ] {
        let outside_log = text.split("\"activity\"").next().unwrap_or_default();
        assert!(!outside_log.contains(derivable), "{derivable} is stored");
    }
    let value: Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(value["version"], 2);
    assert_eq!(value["tenant"]["plan"], "Enterprise");
    assert!(value["tenant"]["users"][0].is_array());
    assert!(value["okta"]["people"][0].is_array());
    assert!(value["activity"]["entries"][0].is_array());
}

// ---------------------------------------------------------------------------------------
// Refusals

fn refusal(text: &str) -> DecodeError {
    match state::decode(text) {
        Ok(_) => panic!("accepted: {text}"),
        Err(e) => e,
    }
}

fn shape_refusal(value: &Value) -> String {
    match refusal(&value.to_string()) {
        DecodeError::WrongShape(why) => why,
        other => panic!("expected WrongShape, got {other:?}"),
    }
}

fn stored() -> Value {
    let (s, _, _) = rich();
    serde_json::from_str(&state::encode(&s)).expect("JSON")
}

fn column(value: &Value, table: &str, name: &str) -> usize {
    let columns = value.pointer(table).and_then(Value::as_array);
    let position = columns.and_then(|c| c.iter().position(|c| c == name));
    position.unwrap_or_else(|| panic!("no column {name} in {table}"))
}

#[test]
fn text_that_is_not_json_is_refused_as_such() {
    assert!(matches!(
        refusal("{\"version\":2,"),
        DecodeError::NotJson(_)
    ));
    assert!(matches!(refusal(""), DecodeError::NotJson(_)));
}

#[test]
fn a_truncated_snapshot_is_refused_as_not_json() {
    let text = state::encode(&rich().0);
    let half = text.char_indices().nth(text.chars().count() / 2);
    let cut = half.map_or(0, |(i, _)| i);
    assert!(matches!(refusal(&text[..cut]), DecodeError::NotJson(_)));
}

#[test]
fn nesting_deep_enough_to_overflow_a_naive_reader_is_refused_without_a_crash() {
    let deep = format!(
        "{{\"version\":2,\"tenant\":{}{}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    assert!(matches!(refusal(&deep), DecodeError::NotJson(_)));
}

#[test]
fn text_without_a_numeric_version_is_refused() {
    assert_eq!(refusal(r#"{"currentStep":"plan"}"#), DecodeError::NoVersion);
    assert_eq!(refusal(r#"{"version":"2"}"#), DecodeError::NoVersion);
    assert_eq!(refusal("[2]"), DecodeError::NoVersion);
}

#[test]
fn a_newer_format_is_told_apart_from_damage() {
    let error = refusal(r#"{"version":3,"somethingNew":true}"#);
    assert_eq!(error, DecodeError::NewerVersion(3));
    assert!(error.to_string().contains("newer version"), "{error}");
}

#[test]
fn a_format_1_text_is_refused_as_written_by_an_earlier_version() {
    let v1 = concat!(
        r#"{"version":1,"currentStep":"plan","tenant":{"slug":"acme","plan":"Free","#,
        r#""sso_addon":false,"sso_enabled":false,"credentials":null,"users":[]},"#,
        r#""okta":{"people":[],"groups":[],"app":{},"secret":"s"},"activity":[],"nextSeq":1}"#
    );
    let error = refusal(v1);
    assert_eq!(error, DecodeError::OlderVersion(1));
    assert!(error.to_string().contains("earlier version"), "{error}");
}

#[test]
fn a_version_no_build_wrote_is_unknown() {
    assert_eq!(refusal(r#"{"version":0}"#), DecodeError::UnknownVersion(0));
}

#[test]
fn a_wrong_type_at_the_top_names_the_section() {
    let mut value = stored();
    value["tenant"] = json!(5);
    assert_eq!(shape_refusal(&value), "tenant is not an object");
}

#[test]
fn a_wrong_type_in_a_section_names_the_field() {
    let mut value = stored();
    value["tenant"]["plan"] = json!(3);
    assert_eq!(shape_refusal(&value), "tenant: plan is not a string");
    let mut value = stored();
    value["okta"]["app"]["createUsers"] = json!("yes");
    assert_eq!(
        shape_refusal(&value),
        "okta.app: createUsers is not a boolean"
    );
}

#[test]
fn a_wrong_type_in_a_row_names_the_row_and_the_column() {
    let mut value = stored();
    let user_name = column(&value, "/tenant/userColumns", "userName");
    value["tenant"]["users"][1][user_name] = json!(true);
    assert_eq!(
        shape_refusal(&value),
        "tenant.users: row 1: userName is not a string, an earlier cell's position or a shared \
         string"
    );
    let mut value = stored();
    let status = column(&value, "/activity/columns", "status");
    value["activity"]["entries"][0][status] = json!("200");
    assert_eq!(
        shape_refusal(&value),
        "activity.entries: row 0: status is not a non-negative integer"
    );
}

#[test]
fn a_row_with_too_few_cells_is_refused() {
    let mut value = stored();
    let width = value["tenant"]["userColumns"]
        .as_array()
        .map_or(0, Vec::len);
    value["tenant"]["users"][0] = json!(["id", 0, 0]);
    assert_eq!(
        shape_refusal(&value),
        format!("tenant.users: row 0 has 3 cells for {width} columns")
    );
}

#[test]
fn an_unknown_or_repeated_column_is_refused() {
    let mut value = stored();
    value["okta"]["personColumns"][1] = json!("shoeSize");
    assert_eq!(
        shape_refusal(&value),
        "okta.people: unknown column shoeSize"
    );
    let mut value = stored();
    value["okta"]["personColumns"][1] = json!("id");
    assert_eq!(
        shape_refusal(&value),
        "okta.people: column id is listed twice"
    );
}

#[test]
fn duplicate_user_names_are_refused() {
    let mut value = stored();
    let (id, user_name) = (
        column(&value, "/tenant/userColumns", "id"),
        column(&value, "/tenant/userColumns", "userName"),
    );
    let mut copy = value["tenant"]["users"][0].clone();
    copy[id] = json!("another-id");
    copy[user_name] = json!(copy[user_name].as_str().map(str::to_uppercase));
    if let Some(users) = value["tenant"]["users"].as_array_mut() {
        users.push(copy);
    }
    let why = shape_refusal(&value);
    assert!(
        why.starts_with("tenant.users: two stored users share the userName"),
        "{why}"
    );
}

#[test]
fn duplicate_okta_logins_are_refused() {
    let mut value = stored();
    let login = column(&value, "/okta/personColumns", "login");
    value["okta"]["people"][1][login] = value["okta"]["people"][0][login].clone();
    let why = shape_refusal(&value);
    assert!(why.starts_with("okta: two people share the login"), "{why}");
}

#[test]
fn dangling_references_are_refused() {
    let mut value = stored();
    value["okta"]["groups"][0][2] = json!([0, 999]);
    assert_eq!(
        shape_refusal(&value),
        "okta.groups: row 0: person 999 is not a row of okta.people"
    );
    let mut value = stored();
    value["okta"]["groups"][0][2] = json!(["00u-nobody"]);
    assert!(shape_refusal(&value).contains("unknown person 00u-nobody"));
    let mut value = stored();
    let leadiq = column(&value, "/okta/app/userColumns", "leadiqId");
    value["okta"]["app"]["users"][0][leadiq] = json!(999);
    assert_eq!(
        shape_refusal(&value),
        "okta.app.users: row 0: leadiqId 999 is not a row of tenant.users"
    );
    let mut value = stored();
    value["okta"]["app"]["groups"] = json!(["00g-gone"]);
    assert!(shape_refusal(&value).contains("unknown group 00g-gone"));
}

#[test]
fn a_shared_string_that_is_not_there_is_refused() {
    let mut value = stored();
    let title = column(&value, "/okta/personColumns", "title");
    value["okta"]["people"][0][title] = json!(-1000);
    let why = shape_refusal(&value);
    assert!(
        why.starts_with("okta.people: row 0: title is not a string"),
        "{why}"
    );
}

#[test]
fn a_reference_to_a_later_cell_is_refused() {
    let mut value = stored();
    let user_name = column(&value, "/tenant/userColumns", "userName");
    value["tenant"]["users"][0][user_name] = json!(user_name + 1);
    assert!(shape_refusal(&value).contains("userName is not a string, an earlier cell"));
}

// ---------------------------------------------------------------------------------------
// Random action sequences

/// One step of a trainee's session, chosen by number; most are Okta actions.
type Step = (u8, usize, usize, String);

fn step() -> impl Strategy<Value = Step> {
    (0u8..24, 0usize..16, 0usize..4, "\\PC{0,8}")
}

fn apply(s: &mut Snapshot, env: &mut SeededEnv, token: &mut String, step: &Step) {
    let (kind, p, g, text) = step;
    let person = s
        .okta
        .people()
        .get(p % s.okta.people().len().max(1))
        .map(|x| x.id.clone())
        .unwrap_or_default();
    let group = s
        .okta
        .groups()
        .get(g % s.okta.groups().len().max(1))
        .map(|x| x.id.clone())
        .unwrap_or_default();
    let action = match kind {
        0 | 1 => Action::AssignPerson(person),
        2 => Action::UnassignPerson(person),
        3 => Action::AssignGroup(group),
        4 => Action::UnassignGroup(group),
        5 => Action::AddToGroup { group, person },
        6 => Action::RemoveFromGroup { group, person },
        7 => {
            let mut profile = s
                .okta
                .person(&person)
                .map(|x| x.profile.clone())
                .unwrap_or_default();
            profile.title = text.clone();
            Action::EditProfile {
                person,
                profile: Box::new(profile),
            }
        }
        8 => Action::Suspend(person),
        9 => Action::Unsuspend(person),
        10 => Action::Deactivate(person),
        11 => Action::Reactivate(person),
        12 => Action::Retry(person),
        13 => Action::Dismiss(person),
        14 => Action::Import,
        15 => Action::TestCredentials,
        _ => return change_outside_okta_actions(s, env, token, step),
    };
    let _ = s.perform(&action, env);
}

fn change_outside_okta_actions(
    s: &mut Snapshot,
    env: &mut SeededEnv,
    token: &mut String,
    step: &Step,
) {
    let (kind, p, g, text) = step;
    match kind {
        16 => s.set_plan(Plan::ALL[p % 3]),
        17 => {
            let _ = s.set_sso(g % 2 == 0);
            let _ = s.set_sso_addon(true);
        }
        18 => {
            if let Ok(c) = s.generate_credentials(env) {
                *token = c.token;
            }
        }
        19 => s
            .okta
            .set_connection(Connection::bearer(&base_url(s), token)),
        20 => s.okta.set_features(Features {
            create_users: p % 2 == 0,
            update_user_attributes: g % 2 == 0,
            deactivate_users: p % 3 != 0,
        }),
        21 => {
            let mut mappings = Mappings::okta_template();
            mappings.set(Mapping {
                target: ScimTarget::Title,
                source: Source::Constant(text.clone()),
                transform: [Transform::None, Transform::Uppercase, Transform::Trim][g % 3],
            });
            let _ = s.okta.save_mappings(mappings);
        }
        22 => {
            let login = format!("p{}-{p}@example.com", s.okta.people().len());
            let mut profile = Profile::new(&login, "New", "Person");
            profile.nick_name = text.clone();
            profile.department = text.clone();
            let _ = s.okta.add_person(profile, env);
        }
        _ => {
            s.current_step = ["plan", "credentials", "okta-app", "assign"][g % 4].into();
            s.idp = IdentityProvider::ALL.get(p % 5).copied();
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: CASES_SEQUENCES,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn snapshots_of_random_sessions_round_trip_and_answer_as_before(
        steps in proptest::collection::vec(step(), 1..30)
    ) {
        let (mut original, mut env, mut token) = connected();
        for step in &steps {
            apply(&mut original, &mut env, &mut token, step);
        }
        let mut decoded = round_trip(&original);
        assert_same_stored(&decoded, &original);
        assert_same_next_answers(&mut decoded, &mut original, &env);
    }
}

// ---------------------------------------------------------------------------------------
// Damaged text never panics

/// JSON pointers to every value of `value` but the version.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                pointers(item, format!("{at}/{i}"), out);
            }
        }
        Value::Object(members) => {
            for (key, item) in members {
                let key = key.replace('~', "~0").replace('/', "~1");
                pointers(item, format!("{at}/{key}"), out);
            }
        }
        _ => {}
    }
    if !at.is_empty() && at != "/version" {
        out.push(at);
    }
}

fn replacement() -> impl Strategy<Value = Option<Value>> {
    prop_oneof![
        Just(None),
        Just(Some(Value::Null)),
        any::<bool>().prop_map(|b| Some(json!(b))),
        any::<u64>().prop_map(|n| Some(json!(n))),
        (0u64..40).prop_map(|n| Some(json!(n))),
        any::<i64>().prop_map(|n| Some(json!(n))),
        Just(Some(json!(1.5))),
        "\\PC{0,6}".prop_map(|t| Some(json!(t))),
        Just(Some(json!([]))),
        Just(Some(json!({}))),
        Just(Some(json!([0, 1, "x"]))),
    ]
}

/// Replaces the value at `pointer` (or removes it, for `None`).
fn damage(value: &mut Value, pointer: &str, with: Option<Value>) {
    let (parent, key) = pointer.rsplit_once('/').unwrap_or(("", pointer));
    let key = key.replace("~1", "/").replace("~0", "~");
    let Some(parent) = value.pointer_mut(parent) else {
        return;
    };
    match (parent, with) {
        (Value::Object(members), None) => {
            members.remove(&key);
        }
        (Value::Array(items), None) => {
            if let Ok(i) = key.parse::<usize>() {
                if i < items.len() {
                    items.remove(i);
                }
            }
        }
        (_, None) => {}
        (parent, Some(new)) => {
            if let Some(slot) =
                parent.pointer_mut(&format!("/{}", key.replace('~', "~0").replace('/', "~1")))
            {
                *slot = new;
            }
        }
    }
}

/// The stored rich sandbox and the places in it, built once for all cases.
fn base_for_damage() -> &'static (Value, Vec<String>) {
    static BASE: OnceLock<(Value, Vec<String>)> = OnceLock::new();
    BASE.get_or_init(|| {
        let value = stored();
        let mut out = Vec::new();
        pointers(&value, String::new(), &mut out);
        (value, out)
    })
}

fn rich_text() -> &'static str {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(|| state::encode(&rich().0))
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: CASES_MUTATIONS,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn damaging_one_value_never_panics_and_is_accepted_or_refused_as_damage(
        at in any::<Index>(),
        with in replacement(),
        second in proptest::option::of((any::<Index>(), replacement())),
    ) {
        let (base, places) = base_for_damage();
        let mut value = base.clone();
        let first: &String = at.get(places);
        damage(&mut value, first, with);
        if let Some((at, with)) = second {
            let next: &String = at.get(places);
            damage(&mut value, next, with);
        }
        match state::decode(&value.to_string()) {
            Ok(_) | Err(DecodeError::WrongShape(_)) => {}
            Err(other) => prop_assert!(false, "unexpected refusal {other:?}"),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: CASES_TRUNCATIONS,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn a_cut_anywhere_is_refused_as_not_json(at in any::<Index>()) {
        let text = rich_text();
        let cuts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        let cut = *at.get(&cuts);
        prop_assert!(matches!(state::decode(&text[..cut]), Err(DecodeError::NotJson(_))));
    }
}

// ---------------------------------------------------------------------------------------
// Size of a large org

const FIRST_NAMES: [&str; 8] = [
    "Ada",
    "Grace",
    "Alan",
    "Katherine",
    "Margaret",
    "Edsger",
    "Barbara",
    "Donald",
];
const TITLES: [&str; 5] = [
    "Account Executive",
    "Sales Manager",
    "SDR",
    "Analyst",
    "Engineer",
];
const DEPARTMENTS: [&str; 4] = ["Sales", "Marketing", "R&D", "Customer Success"];

/// A ready tenant and an org of `size` people (title and department set, as in a real
/// directory) in one group assigned to LeadIQ, so every one of them is provisioned.
fn large(size: usize) -> Snapshot {
    let mut env = SeededEnv::new(42);
    let mut s = Snapshot::fresh(&mut env);
    let (tenant, credentials) = Tenant::ready(&mut env);
    s.tenant = tenant;
    s.idp = Some(IdentityProvider::Okta);
    s.okta = OktaOrg::new(&mut env);
    s.okta.set_connection(Connection::bearer(
        &credentials.base_url,
        &credentials.token,
    ));
    s.okta.set_features(Features::leadiq_supported());
    let profiles = (0..size)
        .map(|i| {
            let first = FIRST_NAMES[i % FIRST_NAMES.len()];
            let login = format!("{}.person{i:05}@example.com", first.to_lowercase());
            let mut profile = Profile::new(&login, first, &format!("Person{i:05}"));
            profile.title = TITLES[i % TITLES.len()].to_string();
            profile.department = DEPARTMENTS[i % DEPARTMENTS.len()].to_string();
            profile
        })
        .collect();
    let people = s
        .okta
        .add_people(profiles, &mut env)
        .expect("valid profiles");
    let group = s.okta.add_group("Everyone", &mut env).expect("a new group");
    s.okta.add_members(&group, &people).expect("known people");
    s.current_step = "assign".into();
    s.perform(&Action::AssignGroup(group), &mut env)
        .expect("the group is assigned");
    assert_eq!(s.tenant.users().len(), size, "everyone is provisioned");
    s
}

/// Characters as localStorage counts them: UTF-16 code units.
fn utf16_len(text: &str) -> usize {
    text.encode_utf16().count()
}

#[test]
fn ten_thousand_provisioned_people_fit_well_inside_the_storage_quota() {
    let snapshot = large(10_000);
    let text = state::encode(&snapshot);
    assert!(
        utf16_len(&text) < SIZE_BUDGET,
        "{} characters for 10,000 people",
        utf16_len(&text)
    );
    assert_eq!(state::decode(&text).as_ref(), Ok(&snapshot));
}

/// Prints the size of each part and the time to encode and decode the 10,000-person
/// snapshot. Ignored: a measurement, not a check.
#[test]
#[ignore]
fn measure_the_ten_thousand_person_snapshot() {
    let snapshot = large(10_000);
    let started = Instant::now();
    let text = state::encode(&snapshot);
    let encoded = started.elapsed();
    let started = Instant::now();
    let decoded = state::decode(&text);
    let decoding = started.elapsed();
    assert_eq!(decoded.as_ref(), Ok(&snapshot));
    let value: Value = serde_json::from_str(&text).expect("JSON");
    let part = |key: &str| utf16_len(&value[key].to_string());
    eprintln!(
        "10,000 people, all provisioned: {} characters (tenant {}, okta {}, activity {}); \
         encode {:.0} ms, decode {:.0} ms",
        utf16_len(&text),
        part("tenant"),
        part("okta"),
        part("activity"),
        encoded.as_secs_f64() * 1000.0,
        decoding.as_secs_f64() * 1000.0
    );
}
