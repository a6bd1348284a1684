//! JSON text into a `serde_json::Value`, read by the project instead of by serde_json.
//!
//! serde_json's reader is generic over every type it can fill; the sandbox only ever reads
//! into a `Value`, and a reader made for that one job is a fraction of the browser
//! bundle. It follows RFC 8259 strictly and agrees with serde_json on what it accepts and
//! on the `Value` it builds: integers that fit `u64`/`i64` stay integers, other numbers
//! become `f64`, a repeated member name keeps its last value, and nesting deeper than 128
//! is refused rather than followed.
//!
//! ```
//! use leadiq_scim_sandbox::engine::json;
//!
//! let value = json::parse(r#"{"userName": "ada", "active": true}"#);
//! assert_eq!(value.ok().and_then(|v| v["userName"].as_str().map(String::from)),
//!            Some("ada".to_string()));
//! let error = json::parse("{\"a\": }").err().map(|e| e.to_string());
//! assert_eq!(error.as_deref(), Some("expected a value at line 1 column 7"));
//! ```

use std::fmt;

use serde_json::{Map, Number, Value};

use super::parse_f64;

/// How deep arrays and objects may nest, as in serde_json: deeper text is refused so a
/// hostile body cannot exhaust the stack.
const MAX_DEPTH: usize = 128;

/// Why a text is not JSON, and where (1-based line and column, in characters).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// What was wrong, as a phrase ("expected `:`").
    pub problem: &'static str,
    /// Line of the offending character, from 1.
    pub line: usize,
    /// Column of the offending character on its line, from 1.
    pub column: usize,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at line {} column {}",
            self.problem, self.line, self.column
        )
    }
}

impl std::error::Error for ParseError {}

/// Reads `text` as one JSON value, with nothing but whitespace around it.
pub fn parse(text: &str) -> Result<Value, ParseError> {
    let mut reader = Reader { text, at: 0 };
    reader.skip_space();
    let value = reader.value(0)?;
    reader.skip_space();
    if reader.at < text.len() {
        return Err(reader.fail("trailing characters after the value"));
    }
    Ok(value)
}

struct Reader<'a> {
    text: &'a str,
    /// Byte offset of the next unread character.
    at: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn skip_space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    /// An error pointing at the next unread character (or just past the end).
    fn fail(&self, problem: &'static str) -> ParseError {
        let before = self.text.get(..self.at).unwrap_or(self.text);
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before.get(line_start..).map_or(0, |l| l.chars().count()) + 1;
        ParseError {
            problem,
            line,
            column,
        }
    }

    fn expect(&mut self, byte: u8, problem: &'static str) -> Result<(), ParseError> {
        if self.peek() == Some(byte) {
            self.at += 1;
            Ok(())
        } else {
            Err(self.fail(problem))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, ParseError> {
        match self.peek() {
            Some(b'{') => self.object(depth + 1),
            Some(b'[') => self.array(depth + 1),
            Some(b'"') => self.string().map(Value::String),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b't') => self.word("true", Value::Bool(true)),
            Some(b'f') => self.word("false", Value::Bool(false)),
            Some(b'n') => self.word("null", Value::Null),
            None => Err(self.fail("the text ends where a value should be")),
            Some(_) => Err(self.fail("expected a value")),
        }
    }

    fn word(&mut self, word: &'static str, value: Value) -> Result<Value, ParseError> {
        let rest = self.text.get(self.at..).unwrap_or_default();
        if !rest.starts_with(word) {
            return Err(self.fail("expected a value"));
        }
        self.at += word.len();
        Ok(value)
    }

    fn array(&mut self, depth: usize) -> Result<Value, ParseError> {
        if depth > MAX_DEPTH {
            return Err(self.fail("arrays and objects nest too deeply"));
        }
        self.at += 1;
        let mut items = Vec::new();
        self.skip_space();
        if self.peek() == Some(b']') {
            self.at += 1;
            return Ok(Value::Array(items));
        }
        loop {
            self.skip_space();
            items.push(self.value(depth)?);
            self.skip_space();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b']') => {
                    self.at += 1;
                    return Ok(Value::Array(items));
                }
                _ => return Err(self.fail("expected `,` or `]`")),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, ParseError> {
        if depth > MAX_DEPTH {
            return Err(self.fail("arrays and objects nest too deeply"));
        }
        self.at += 1;
        let mut members = Map::new();
        self.skip_space();
        if self.peek() == Some(b'}') {
            self.at += 1;
            return Ok(Value::Object(members));
        }
        loop {
            self.skip_space();
            if self.peek() != Some(b'"') {
                return Err(self.fail("expected a member name in double quotes"));
            }
            let name = self.string()?;
            self.skip_space();
            self.expect(b':', "expected `:`")?;
            self.skip_space();
            let value = self.value(depth)?;
            // A repeated name keeps its last value, as serde_json's map does.
            members.insert(name, value);
            self.skip_space();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    self.at += 1;
                    return Ok(Value::Object(members));
                }
                _ => return Err(self.fail("expected `,` or `}`")),
            }
        }
    }

    /// A string literal; the reader stands on its opening quote.
    fn string(&mut self) -> Result<String, ParseError> {
        self.at += 1;
        let mut out = String::new();
        loop {
            let run_start = self.at;
            while matches!(self.peek(), Some(b) if b != b'"' && b != b'\\' && b >= 0x20) {
                self.at += 1;
            }
            // The run stops only at ASCII bytes, so it ends on a character boundary.
            out.push_str(self.text.get(run_start..self.at).unwrap_or_default());
            match self.peek() {
                Some(b'"') => {
                    self.at += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.at += 1;
                    let c = self.escape()?;
                    out.push(c);
                }
                Some(_) => return Err(self.fail("control character inside a string")),
                None => return Err(self.fail("the text ends inside a string")),
            }
        }
    }

    /// The character an escape stands for; the reader stands just after the backslash.
    fn escape(&mut self) -> Result<char, ParseError> {
        let Some(kind) = self.peek() else {
            return Err(self.fail("the text ends inside a string"));
        };
        let simple = match kind {
            b'"' => Some('"'),
            b'\\' => Some('\\'),
            b'/' => Some('/'),
            b'b' => Some('\u{8}'),
            b'f' => Some('\u{c}'),
            b'n' => Some('\n'),
            b'r' => Some('\r'),
            b't' => Some('\t'),
            b'u' => None,
            _ => return Err(self.fail("unknown escape in a string")),
        };
        if let Some(c) = simple {
            self.at += 1;
            return Ok(c);
        }
        self.at += 1;
        let first = self.hex4()?;
        if !(0xD800..0xE000).contains(&first) {
            return char::from_u32(first).ok_or_else(|| self.fail("invalid \\u escape"));
        }
        if first >= 0xDC00 {
            return Err(self.fail("lone trailing surrogate in a \\u escape"));
        }
        let rest = self.text.get(self.at..).unwrap_or_default();
        if !rest.starts_with("\\u") {
            return Err(self.fail("lone leading surrogate in a \\u escape"));
        }
        self.at += 2;
        let second = self.hex4()?;
        if !(0xDC00..0xE000).contains(&second) {
            return Err(self.fail("lone leading surrogate in a \\u escape"));
        }
        let code = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
        char::from_u32(code).ok_or_else(|| self.fail("invalid \\u escape"))
    }

    fn hex4(&mut self) -> Result<u32, ParseError> {
        let mut code = 0;
        for _ in 0..4 {
            let digit = self.peek().and_then(|b| char::from(b).to_digit(16));
            let Some(digit) = digit else {
                return Err(self.fail("expected four hex digits after \\u"));
            };
            code = code * 16 + digit;
            self.at += 1;
        }
        Ok(code)
    }

    fn digits(&mut self) -> usize {
        let start = self.at;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.at += 1;
        }
        self.at - start
    }

    fn number(&mut self) -> Result<Value, ParseError> {
        let start = self.at;
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        let int_start = self.at;
        if self.digits() == 0 {
            return Err(self.fail("expected a digit"));
        }
        if self.text.as_bytes().get(int_start) == Some(&b'0') && self.at - int_start > 1 {
            self.at = int_start + 1;
            return Err(self.fail("a number may not start with 0"));
        }
        let mut integral = true;
        if self.peek() == Some(b'.') {
            self.at += 1;
            integral = false;
            if self.digits() == 0 {
                return Err(self.fail("expected a digit after the decimal point"));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            integral = false;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            if self.digits() == 0 {
                return Err(self.fail("expected a digit in the exponent"));
            }
        }
        let text = self.text.get(start..self.at).unwrap_or_default();
        if integral {
            // "-0" stays a float, as in serde_json, so its sign survives.
            let whole = if text.starts_with('-') {
                text.parse::<i64>()
                    .ok()
                    .filter(|n| *n != 0)
                    .map(Number::from)
            } else {
                text.parse::<u64>().ok().map(Number::from)
            };
            if let Some(number) = whole {
                return Ok(Value::Number(number));
            }
        }
        // Too big for an integer, or written with a fraction or exponent: a float, as in
        // serde_json; one that overflows f64 is refused rather than made infinite.
        let float = parse_f64(text).and_then(Number::from_f64);
        match float {
            Some(number) => Ok(Value::Number(number)),
            None => {
                self.at = start;
                Err(self.fail("number out of range"))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn problem(text: &str) -> Option<String> {
        parse(text).err().map(|e| e.to_string())
    }

    #[test]
    fn reads_every_kind_of_value() {
        let text = r#" {"a": [1, -2, 3.5, 1e3, true, false, null], "b": {"c": "d"}, "e": ""} "#;
        let expected = json!({
            "a": [1, -2, 3.5, 1000.0, true, false, null],
            "b": {"c": "d"},
            "e": ""
        });
        assert_eq!(parse(text), Ok(expected));
    }

    #[test]
    fn integers_stay_integers_until_they_overflow() {
        assert_eq!(parse("18446744073709551615"), Ok(json!(u64::MAX)));
        assert_eq!(parse("-9223372036854775808"), Ok(json!(i64::MIN)));
        assert_eq!(
            parse("18446744073709551616"),
            Ok(json!(18_446_744_073_709_551_616.0))
        );
        assert_eq!(parse("-0"), Ok(json!(-0.0)));
    }

    #[test]
    fn escapes_decode_including_surrogate_pairs() {
        let text = r#""\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00""#;
        assert_eq!(parse(text), Ok(json!("\"\\/\u{8}\u{c}\n\r\té😀")));
    }

    #[test]
    fn a_repeated_member_keeps_its_last_value() {
        assert_eq!(parse(r#"{"a": 1, "a": 2}"#), Ok(json!({"a": 2})));
    }

    #[test]
    fn errors_say_what_and_where() {
        let cases = [
            (
                "",
                "the text ends where a value should be at line 1 column 1",
            ),
            ("{\n  \"a\" 1}", "expected `:` at line 2 column 7"),
            ("[1 2]", "expected `,` or `]` at line 1 column 4"),
            ("{\"é\": x}", "expected a value at line 1 column 7"),
            (
                "1 2",
                "trailing characters after the value at line 1 column 3",
            ),
            ("01", "a number may not start with 0 at line 1 column 2"),
            ("1e999", "number out of range at line 1 column 1"),
            (
                "\"a\u{1}\"",
                "control character inside a string at line 1 column 3",
            ),
            (
                r#""\ud800""#,
                "lone leading surrogate in a \\u escape at line 1 column 8",
            ),
            (
                r#""\udc00""#,
                "lone trailing surrogate in a \\u escape at line 1 column 8",
            ),
            ("tru", "expected a value at line 1 column 1"),
            (
                "{\"a\":1,}",
                "expected a member name in double quotes at line 1 column 8",
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(problem(text).as_deref(), Some(expected), "{text:?}");
        }
    }

    #[test]
    fn nesting_is_bounded() {
        let deep_ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(&deep_ok).is_ok());
        let too_deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        assert_eq!(
            problem(&too_deep).as_deref(),
            Some("arrays and objects nest too deeply at line 1 column 129")
        );
        // Far deeper than the stack could follow: refused, not a crash.
        assert!(parse(&"[".repeat(1_000_000)).is_err());
    }
}
