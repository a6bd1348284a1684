//! A tiny JSON writer that keeps keys in the order Okta sends them.
//!
//! serde_json's map sorts keys unless an extra feature is enabled, and Okta's bodies are
//! compared byte for byte, so bodies are written by hand with this helper.

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
        push_quoted(&mut self.out, key);
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
    let mut out = String::with_capacity(value.len() + 2);
    push_quoted(&mut out, value);
    out
}

fn push_quoted(out: &mut String, value: &str) {
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
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
        let tricky = "q\"b\\n\nt\tc\u{1}é";
        let ours = quote(tricky);
        assert_eq!(
            serde_json::from_str::<String>(&ours).ok().as_deref(),
            Some(tricky)
        );
        assert_eq!(Some(ours), serde_json::to_string(tricky).ok());
    }
}
