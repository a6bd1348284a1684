//! Property tests of the project's JSON reader against serde_json's: the same texts are
//! accepted and refused, and accepted texts give the same `Value`.
//!
//! Case counts are fixed below so the figure reported is the figure run.
#![cfg(not(target_arch = "wasm32"))]

use leadiq_scim_sandbox::engine::json::parse;
use proptest::prelude::*;
use serde_json::Value;

/// Arbitrary values written by serde_json, compact and pretty.
const CASES_VALUES: u32 = 2048;
/// Near-JSON texts from a small alphabet, most of them malformed.
const CASES_TEXTS: u32 = 4096;

fn arb_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        // Floats that are exact in binary, so both readers must agree to the bit.
        (-1_000_000i64..1_000_000, 0u32..20)
            .prop_map(|(m, e)| Value::from(m as f64 / 2f64.powi(e as i32))),
        any::<String>().prop_map(Value::String),
    ];
    leaf.prop_recursive(5, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(any::<String>(), inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Texts built from JSON's punctuation, words, escapes and digits in random order.
fn arb_text() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just("{"),
        Just("}"),
        Just("["),
        Just("]"),
        Just(","),
        Just(":"),
        Just("\""),
        Just("\\"),
        Just("\\u00e9"),
        Just("\\ud83d"),
        Just("\\ude00"),
        Just("\\n"),
        Just("\\x"),
        Just("true"),
        Just("fals"),
        Just("null"),
        Just("0"),
        Just("-"),
        Just("12"),
        Just("."),
        Just("e"),
        Just("E+"),
        Just("1e400"),
        Just(" "),
        Just("\n"),
        Just("\t"),
        Just("\u{1}"),
        Just("a"),
        Just("é"),
        Just("\"k\":"),
        Just("\"s\""),
    ];
    prop::collection::vec(pieces, 0..24).prop_map(|p| p.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES_VALUES))]

    #[test]
    fn reads_what_serde_json_writes(value in arb_value()) {
        let compact = serde_json::to_string(&value).unwrap_or_default();
        prop_assert_eq!(parse(&compact).ok(), Some(value.clone()));
        let pretty = serde_json::to_string_pretty(&value).unwrap_or_default();
        prop_assert_eq!(parse(&pretty).ok(), Some(value));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES_TEXTS))]

    #[test]
    fn accepts_and_refuses_what_serde_json_does(text in arb_text()) {
        let ours = parse(&text);
        let theirs = serde_json::from_str::<Value>(&text);
        prop_assert_eq!(ours.is_ok(), theirs.is_ok(), "text {:?}: ours {:?}", text, ours);
        if let (Ok(ours), Ok(theirs)) = (ours, theirs) {
            prop_assert_eq!(ours, theirs);
        }
    }
}

#[test]
fn decimal_floats_read_to_the_nearest_double() {
    for text in [
        "0.1",
        "2.5e-3",
        "1.7976931348623157e308",
        "5e-324",
        "123456.789e2",
    ] {
        let expected = text.parse::<f64>().ok();
        assert_eq!(
            parse(text).ok().and_then(|v| v.as_f64()),
            expected,
            "{text}"
        );
    }
}
