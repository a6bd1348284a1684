//! JSON text to and from a `serde_json::Value`, by the project instead of by serde_json.
//!
//! The sandbox only ever reads and writes `Value`s, and serde_json's generic reader and
//! writer (with the typed-error and float-formatting code they drag in) cost the browser
//! bundle far more than two functions made for that one job. The writer formats floats
//! with zmij, the formatter serde_json itself uses, so their digits and layout are
//! serde_json's (core's float formatting would cost four times as much); strings are
//! escaped exactly as serde_json escapes them, objects keep the member order the `Value`
//! has, and the pretty form is serde_json's `to_string_pretty` (two-space indent), so
//! every response body keeps its bytes. The reader is in `read`; it and the filter
//! parser turn decimal text into doubles with `float`, not with core's larger parser.
//!
//! ```
//! use leadiq_scim_sandbox::engine::json;
//! use serde_json::json;
//!
//! let value = json!({"userName": "ada", "emails": [{"value": "a\"b"}], "n": 1.5e300});
//! assert_eq!(
//!     json::to_compact(&value),
//!     r#"{"emails":[{"value":"a\"b"}],"n":1.5e+300,"userName":"ada"}"#
//! );
//! assert_eq!(json::to_pretty(&serde_json::json!([1, []])), "[\n  1,\n  []\n]");
//! ```

use serde_json::{map, Number, Value};
use std::fmt::Write;
use std::slice;

mod float;
mod read;

pub use float::parse_f64;
pub use read::{parse, ParseError};

/// `value` as compact JSON text, the bytes `serde_json::to_string` gives.
pub fn to_compact(value: &Value) -> String {
    let mut out = String::new();
    write_value(&mut out, value, Layout::Compact);
    out
}

/// `value` as pretty JSON text with a two-space indent, the bytes
/// `serde_json::to_string_pretty` gives.
pub fn to_pretty(value: &Value) -> String {
    let mut out = String::new();
    write_value(&mut out, value, Layout::Pretty);
    out
}

/// Appends `value` to `out` as compact JSON text.
pub fn push_compact(out: &mut String, value: &Value) {
    write_value(out, value, Layout::Compact);
}

/// Appends `text` to `out` as a JSON string literal, quotes included.
pub fn push_string(out: &mut String, text: &str) {
    out.push('"');
    let mut run_start = 0;
    for (at, byte) in text.bytes().enumerate() {
        let Some(escape) = escape_of(byte) else {
            continue;
        };
        out.push_str(text.get(run_start..at).unwrap_or_default());
        out.push_str(escape);
        if escape.is_empty() {
            push_unicode_escape(out, byte);
        }
        run_start = at + 1;
    }
    out.push_str(text.get(run_start..).unwrap_or_default());
    out.push('"');
}

/// `text` as a JSON string literal, quotes included.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    push_string(&mut out, text);
    out
}

/// Appends a JSON number: integers exactly, floats as their shortest round-trip digits.
pub fn push_number(out: &mut String, number: &Number) {
    if let Some(n) = number.as_u64() {
        let _ = write!(out, "{n}");
    } else if let Some(n) = number.as_i64() {
        let _ = write!(out, "{n}");
    } else {
        push_float(out, number.as_f64().unwrap_or_default());
    }
}

/// A JSON number as text, the same as serde_json's `Display` for [`Number`].
pub fn number_text(number: &Number) -> String {
    let mut out = String::new();
    push_number(&mut out, number);
    out
}

/// What a byte must be written as inside a string literal: `None` to keep it, an escape,
/// or "" for a control character that takes the `\u00XX` form.
fn escape_of(byte: u8) -> Option<&'static str> {
    match byte {
        b'"' => Some("\\\""),
        b'\\' => Some("\\\\"),
        0x08 => Some("\\b"),
        0x0c => Some("\\f"),
        b'\n' => Some("\\n"),
        b'\r' => Some("\\r"),
        b'\t' => Some("\\t"),
        0..0x20 => Some(""),
        _ => None,
    }
}

fn push_unicode_escape(out: &mut String, byte: u8) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push_str("\\u00");
    out.push(char::from(HEX[usize::from(byte >> 4)]));
    out.push(char::from(HEX[usize::from(byte & 0xf)]));
}

/// Writes a finite float as serde_json does, with the same shortest round-trip digits
/// and layout (`0.1`, `100.0`, `1e+16`): both use zmij, whose tables are far smaller than
/// core's float formatting.
fn push_float(out: &mut String, value: f64) {
    if value.is_finite() {
        out.push_str(zmij::Buffer::new().format_finite(value));
    } else {
        // A serde_json Number cannot hold these; null is what serde_json writes for them.
        out.push_str("null");
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Layout {
    Compact,
    Pretty,
}

/// The members of an array or object still to write, and whether one was written yet.
struct Open<'a> {
    members: Members<'a>,
    first: bool,
}

enum Members<'a> {
    Array(slice::Iter<'a, Value>),
    Object(map::Iter<'a>),
}

impl<'a> Members<'a> {
    fn next(&mut self) -> Option<(Option<&'a String>, &'a Value)> {
        match self {
            Members::Array(items) => items.next().map(|item| (None, item)),
            Members::Object(entries) => entries.next().map(|(key, item)| (Some(key), item)),
        }
    }

    fn closer(&self) -> char {
        match self {
            Members::Array(_) => ']',
            Members::Object(_) => '}',
        }
    }
}

/// Writes `value` with an explicit stack rather than recursion, so a deeply nested value
/// built in code cannot exhaust the call stack.
fn write_value(out: &mut String, value: &Value, layout: Layout) {
    let mut open: Vec<Open> = Vec::new();
    let mut next = Some(value);
    loop {
        if let Some(value) = next.take() {
            if let Some(members) = start(out, value) {
                open.push(Open {
                    members,
                    first: true,
                });
            }
        }
        let depth = open.len();
        let Some(top) = open.last_mut() else {
            return;
        };
        match top.members.next() {
            Some((key, item)) => {
                if !top.first {
                    out.push(',');
                }
                top.first = false;
                newline(out, layout, depth);
                if let Some(key) = key {
                    push_string(out, key);
                    out.push_str(if layout == Layout::Pretty { ": " } else { ":" });
                }
                next = Some(item);
            }
            None => {
                let closer = top.members.closer();
                open.pop();
                newline(out, layout, depth - 1);
                out.push(closer);
            }
        }
    }
}

/// Writes a scalar or an empty container whole; opens a non-empty container and returns
/// its members.
fn start<'a>(out: &mut String, value: &'a Value) -> Option<Members<'a>> {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(flag) => out.push_str(if *flag { "true" } else { "false" }),
        Value::Number(number) => push_number(out, number),
        Value::String(text) => push_string(out, text),
        Value::Array(items) if items.is_empty() => out.push_str("[]"),
        Value::Object(entries) if entries.is_empty() => out.push_str("{}"),
        Value::Array(items) => {
            out.push('[');
            return Some(Members::Array(items.iter()));
        }
        Value::Object(entries) => {
            out.push('{');
            return Some(Members::Object(entries.iter()));
        }
    }
    None
}

fn newline(out: &mut String, layout: Layout, depth: usize) {
    if layout == Layout::Pretty {
        out.push('\n');
        out.extend(std::iter::repeat_n("  ", depth));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn float(value: f64) -> String {
        number_text(&Number::from_f64(value).unwrap_or_else(|| Number::from(0)))
    }

    #[test]
    fn every_control_character_is_escaped_as_serde_json_does() {
        for byte in 0u8..0x80 {
            let text = format!("a{}b", char::from(byte));
            assert_eq!(
                Some(quote(&text)),
                serde_json::to_string(&text).ok(),
                "{byte:#x}"
            );
        }
    }

    #[test]
    fn non_ascii_text_is_written_unescaped() {
        assert_eq!(
            quote("Ågren 名前 😀 \u{7f}\u{2028}"),
            "\"Ågren 名前 😀 \u{7f}\u{2028}\""
        );
    }

    #[test]
    fn integers_are_exact_at_the_extremes() {
        let value = json!([u64::MAX, i64::MIN, 0, -1]);
        assert_eq!(
            to_compact(&value),
            "[18446744073709551615,-9223372036854775808,0,-1]"
        );
    }

    #[test]
    fn floats_in_the_positional_range_keep_a_fraction() {
        assert_eq!(float(1.0), "1.0");
        assert_eq!(float(-0.0), "-0.0");
        assert_eq!(float(0.0), "0.0");
        assert_eq!(float(12.5), "12.5");
        assert_eq!(float(0.00001), "0.00001");
        assert_eq!(float(1e15), "1000000000000000.0");
        assert_eq!(float(0.1 + 0.2), "0.30000000000000004");
    }

    #[test]
    fn floats_outside_it_take_a_signed_exponent() {
        assert_eq!(float(1e16), "1e+16");
        assert_eq!(float(1e300), "1e+300");
        assert_eq!(float(-1.5e-7), "-1.5e-7");
        assert_eq!(float(f64::MAX), "1.7976931348623157e+308");
        assert_eq!(float(5e-324), "5e-324");
    }

    #[test]
    fn pretty_output_indents_two_spaces_and_keeps_empty_containers_inline() {
        let value = json!({"a": [1, {}], "b": {"c": []}});
        let expected = "{\n  \"a\": [\n    1,\n    {}\n  ],\n  \"b\": {\n    \"c\": []\n  }\n}";
        assert_eq!(to_pretty(&value), expected);
    }

    #[test]
    fn nesting_far_deeper_than_any_parser_allows_is_written_without_recursion() {
        let depth = 100_000;
        let mut value = json!(null);
        for _ in 0..depth {
            value = Value::Array(vec![value]);
        }
        let expected = format!("{}null{}", "[".repeat(depth), "]".repeat(depth));
        assert!(to_compact(&value) == expected);
        // Dropping a value this deep would recurse in serde_json's own drop glue.
        std::mem::forget(value);
    }
}
