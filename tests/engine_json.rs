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

/// Numbers for whole values. Floats whose shortest digits tie (see
/// `floats_are_written_as_serde_json_writes_them`) are left to the float test, because
/// serde_json's own parser is not exact enough to show that two texts mean one value.
fn number() -> impl Strategy<Value = Number> {
    let untied = float()
        .prop_filter_map("finite", Number::from_f64)
        .prop_filter("digits tie", |n| json::number_text(n) == n.to_string());
    prop_oneof![
        any::<u64>().prop_map(Number::from),
        any::<i64>().prop_map(Number::from),
        untied,
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

/// The text with the last digit of the significand taken out, for comparing layouts.
fn without_last_digit(text: &str) -> String {
    let end = text.find('e').unwrap_or(text.len());
    let (significand, exponent) = text.split_at(end);
    let trimmed = significand.get(..significand.len().saturating_sub(1));
    format!("{}{exponent}", trimmed.unwrap_or_default())
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

    /// When a float lies exactly halfway between two shortest decimal candidates (such as
    /// -1409178509179524.25, whose neighbours are a quarter away), core rounds the last
    /// digit up and serde_json to even: both texts are shortest and both parse back to
    /// the float, so there only the layout and the round trip are asserted.
    #[test]
    fn floats_are_written_as_serde_json_writes_them(f in float()) {
        let Some(number) = Number::from_f64(f) else { return Ok(()) };
        let ours = json::number_text(&number);
        let theirs = number.to_string();
        prop_assert_eq!(ours.parse::<f64>().ok(), Some(f), "round trip of {}", ours);
        if ours != theirs {
            prop_assert_eq!(theirs.parse::<f64>().ok(), Some(f));
            prop_assert_eq!(ours.len(), theirs.len());
            prop_assert_eq!(without_last_digit(&ours), without_last_digit(&theirs));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES_STRINGS))]

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them(s in text()) {
        prop_assert_eq!(json::quote(&s), serde_json::to_string(&s).unwrap_or_default());
    }
}
