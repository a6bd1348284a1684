//! Property tests of the project's JSON writer: for arbitrary values its compact and pretty
//! text is serde_json's `to_string` and `to_string_pretty`, byte for byte.
//!
//! Case counts are fixed below (see `CASES_*`) so the figure reported is the figure run.
#![cfg(not(target_arch = "wasm32"))]

use leadiq_scim_sandbox::engine::json;
use proptest::prelude::*;
use serde_json::{Map, Number, Value};

/// Arbitrary nested values compared with serde_json.
const CASES_VALUES: u32 = 4096;
/// Arbitrary finite floats compared with serde_json.
const CASES_FLOATS: u32 = 20_000;
/// Arbitrary strings compared with serde_json.
const CASES_STRINGS: u32 = 4096;

/// Text mixing plain ASCII, every control character, quotes, backslashes and non-ASCII.
fn text() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        3 => "[a-zA-Z0-9 @.]{0,6}",
        2 => (0u8..0x20).prop_map(|b| char::from(b).to_string()),
        1 => Just("\"".to_string()),
        1 => Just("\\".to_string()),
        1 => Just("\u{7f}".to_string()),
        2 => any::<char>().prop_map(|c| c.to_string()),
    ];
    prop::collection::vec(pieces, 0..8).prop_map(|parts| parts.concat())
}

/// Any float serde_json can hold: the full bit range, plus round values near the edges of
/// the positional range where the layout changes.
fn float() -> impl Strategy<Value = f64> {
    let round = (1u32..1000, -330i32..320)
        .prop_map(|(m, e)| format!("{m}e{e}").parse::<f64>().unwrap_or_default());
    prop_oneof![
        any::<f64>().prop_filter("finite", |f| f.is_finite()),
        round,
        (-1e6f64..1e6).prop_map(|f| f / 1000.0),
    ]
}

/// Numbers for whole values: integers of either sign and any finite float.
fn number() -> impl Strategy<Value = Number> {
    prop_oneof![
        any::<u64>().prop_map(Number::from),
        any::<i64>().prop_map(Number::from),
        float().prop_filter_map("finite", Number::from_f64),
    ]
}

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        number().prop_map(Value::Number),
        text().prop_map(Value::String),
    ]
}

fn value() -> impl Strategy<Value = Value> {
    scalar().prop_recursive(6, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((text(), inner), 0..6)
                .prop_map(|members| Value::Object(members.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES_VALUES))]

    #[test]
    fn compact_text_equals_serde_json_to_string(value in value()) {
        let theirs = serde_json::to_string(&value).unwrap_or_default();
        prop_assert_eq!(json::to_compact(&value), theirs);
    }

    #[test]
    fn pretty_text_equals_serde_json_to_string_pretty(value in value()) {
        let theirs = serde_json::to_string_pretty(&value).unwrap_or_default();
        prop_assert_eq!(json::to_pretty(&value), theirs);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES_FLOATS))]

    /// Byte for byte what serde_json writes, and the shortest text that reads back as the
    /// same float.
    #[test]
    fn floats_are_written_as_serde_json_writes_them(f in float()) {
        let Some(number) = Number::from_f64(f) else { return Ok(()) };
        let ours = json::number_text(&number);
        prop_assert_eq!(ours.parse::<f64>().ok(), Some(f), "round trip of {}", ours);
        prop_assert_eq!(ours, number.to_string());
    }
}

/// Halfway cases, where two shortest digit strings are equally close to the float: the
/// writer picks serde_json's.
#[test]
fn ties_are_written_as_serde_json_writes_them() {
    for f in [-1_409_178_509_179_524.2, 5e-324, 1e23, 2.0_f64.powi(60)] {
        let number = Number::from_f64(f).unwrap_or_else(|| Number::from(0));
        assert_eq!(json::number_text(&number), number.to_string(), "{f}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES_STRINGS))]

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them(s in text()) {
        prop_assert_eq!(json::quote(&s), serde_json::to_string(&s).unwrap_or_default());
    }
}
