//! The one place the snapshot codec produces text: a JSON writer for compact output that
//! escapes strings exactly as serde_json does, so stored text is byte-stable and small.
//! Strings and nested values go through the engine's JSON writer, the one used for every
//! response body.

use crate::engine::json;
use serde_json::Value;

/// JSON text being written value by value; commas are placed by the writer.
pub(super) struct JsonText {
    out: String,
    /// Whether the next value or key needs a comma before it.
    comma: bool,
}

impl JsonText {
    /// An empty text with room for `capacity` bytes.
    pub(super) fn with_capacity(capacity: usize) -> Self {
        Self {
            out: String::with_capacity(capacity),
            comma: false,
        }
    }

    /// The text written so far.
    pub(super) fn finish(self) -> String {
        self.out
    }

    fn separate(&mut self) {
        if self.comma {
            self.out.push(',');
        }
        self.comma = true;
    }

    /// Starts an object member: its key, then the value written next.
    pub(super) fn key(&mut self, key: &str) -> &mut Self {
        self.separate();
        json::push_string(&mut self.out, key);
        self.out.push(':');
        self.comma = false;
        self
    }

    /// Opens an object; members follow, then [`Self::close_object`].
    pub(super) fn open_object(&mut self) {
        self.separate();
        self.out.push('{');
        self.comma = false;
    }

    /// Closes the innermost object.
    pub(super) fn close_object(&mut self) {
        self.out.push('}');
        self.comma = true;
    }

    /// Opens an array; items follow, then [`Self::close_array`].
    pub(super) fn open_array(&mut self) {
        self.separate();
        self.out.push('[');
        self.comma = false;
    }

    /// Closes the innermost array.
    pub(super) fn close_array(&mut self) {
        self.out.push(']');
        self.comma = true;
    }

    /// A string.
    pub(super) fn str(&mut self, text: &str) {
        self.separate();
        json::push_string(&mut self.out, text);
    }

    /// A non-negative integer.
    pub(super) fn uint(&mut self, number: u64) {
        self.separate();
        self.out.push_str(&number.to_string());
    }

    /// An integer that may be negative.
    pub(super) fn int(&mut self, number: i64) {
        self.separate();
        self.out.push_str(&number.to_string());
    }

    /// `true` or `false`.
    pub(super) fn bool(&mut self, value: bool) {
        self.separate();
        self.out.push_str(if value { "true" } else { "false" });
    }

    /// `null`.
    pub(super) fn null(&mut self) {
        self.separate();
        self.out.push_str("null");
    }

    /// A parsed JSON value, members in the map's own (sorted) order, written by the
    /// engine's JSON writer (numbers of every kind kept exactly).
    pub(super) fn value(&mut self, value: &Value) {
        self.separate();
        json::push_compact(&mut self.out, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quoted(text: &str) -> String {
        let mut w = JsonText::with_capacity(0);
        w.str(text);
        w.finish()
    }

    #[test]
    fn every_control_character_and_quote_is_escaped_like_serde_json() {
        let all_low: String = (0u8..0x80).map(char::from).collect();
        for text in [all_low.as_str(), "é\u{2028}😀\"\\/", ""] {
            assert_eq!(Some(quoted(text)), serde_json::to_string(text).ok());
        }
    }

    #[test]
    fn commas_separate_members_and_items_at_every_level() {
        let mut w = JsonText::with_capacity(0);
        w.open_object();
        w.key("a").open_array();
        w.uint(1);
        w.int(-2);
        w.open_array();
        w.close_array();
        w.null();
        w.close_array();
        w.key("b").bool(false);
        w.key("c")
            .value(&serde_json::json!({"z": [true], "y": "x"}));
        w.close_object();
        assert_eq!(
            w.finish(),
            r#"{"a":[1,-2,[],null],"b":false,"c":{"y":"x","z":[true]}}"#
        );
    }

    #[test]
    fn a_value_is_written_as_serde_json_writes_it() {
        let value = serde_json::json!({"k\n": [1, -1, u64::MAX, "s", null, {"": {}}]});
        let mut w = JsonText::with_capacity(0);
        w.value(&value);
        assert_eq!(Some(w.finish()), serde_json::to_string(&value).ok());
    }
}
