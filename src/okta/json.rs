//! A tiny JSON writer that keeps keys in the order Okta sends them.
//!
//! serde_json's map sorts keys unless an extra feature is enabled, and Okta's bodies are
//! compared byte for byte, so bodies are written by hand with this helper. Strings are
//! escaped by the engine's JSON writer, exactly as serde_json escapes them.

use crate::engine::json;

/// A JSON object being written, key by key.
pub(crate) struct Obj {
    out: String,
    empty: bool,
}

impl Obj {
    pub(crate) fn new() -> Self {
        Self {
            out: String::from("{"),
            empty: true,
        }
    }

    /// Adds a key whose value is already JSON text.
    pub(crate) fn raw(&mut self, key: &str, json: &str) -> &mut Self {
        if !self.empty {
            self.out.push(',');
        }
        self.empty = false;
        json::push_string(&mut self.out, key);
        self.out.push(':');
        self.out.push_str(json);
        self
    }

    /// Adds a key with a string value.
    pub(crate) fn str(&mut self, key: &str, value: &str) -> &mut Self {
        self.raw(key, &quote(value))
    }

    /// Adds a key with a boolean value.
    pub(crate) fn bool(&mut self, key: &str, value: bool) -> &mut Self {
        self.raw(key, if value { "true" } else { "false" })
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.empty
    }

    pub(crate) fn finish(&mut self) -> String {
        let mut out = std::mem::take(&mut self.out);
        out.push('}');
        out
    }
}

/// A JSON array of already-written JSON values.
pub(crate) fn array(items: &[String]) -> String {
    format!("[{}]", items.join(","))
}

/// `value` as a JSON string literal.
pub(crate) fn quote(value: &str) -> String {
    json::quote(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_keep_insertion_order() {
        let json = Obj::new()
            .str("b", "1")
            .bool("a", true)
            .raw("c", "[]")
            .finish();
        assert_eq!(json, r#"{"b":"1","a":true,"c":[]}"#);
    }

    #[test]
    fn strings_are_escaped_like_serde_json() {
        let tricky = "q\"b\\n\nt\tc\u{1}\u{8}\u{c}é";
        let ours = quote(tricky);
        assert_eq!(
            serde_json::from_str::<String>(&ours).ok().as_deref(),
            Some(tricky)
        );
        assert_eq!(Some(ours), serde_json::to_string(tricky).ok());
    }
}
