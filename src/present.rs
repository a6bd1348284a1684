//! How exchanges are shown to a trainee: JSON re-indented without reordering a single key,
//! bearer tokens masked, and headers laid out as on the wire. Plain Rust, tested natively.

/// Re-indents JSON text with two spaces, keeping every key, value and their order exactly
/// as sent (parsing into a map would sort the keys). Text that is not JSON comes back as
/// it was, so a malformed body is shown as the bytes that were sent.
pub fn pretty_json(text: &str) -> String {
    if crate::engine::json::parse(text).is_err() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() * 2);
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            escaped = !escaped && c == '\\';
            in_string = escaped || c != '"';
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' => {
                out.push(c);
                // An empty object or array stays on one line.
                if matches!(chars.peek(), Some('}' | ']')) {
                    continue;
                }
                depth += 1;
                newline(&mut out, depth);
            }
            '}' | ']' => {
                if !out.ends_with(['{', '[']) {
                    depth = depth.saturating_sub(1);
                    newline(&mut out, depth);
                }
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            c if c.is_whitespace() => {}
            c => out.push(c),
        }
    }
    out
}

fn newline(out: &mut String, depth: usize) {
    out.push('\n');
    out.extend(std::iter::repeat_n("  ", depth));
}

/// Masks the secret in an `Authorization` value, keeping what a trainee needs to spot a
/// mistake: every `Bearer` word as typed (so a doubled or missing prefix shows) and the
/// last four characters of the token.
pub fn mask_authorization(value: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    let parts: Vec<&str> = value.split(' ').collect();
    for (i, part) in parts.iter().enumerate() {
        let is_last = i + 1 == parts.len();
        if part.eq_ignore_ascii_case("bearer") && !is_last || part.is_empty() {
            words.push((*part).to_string());
        } else {
            words.push(mask_secret(part));
        }
    }
    words.join(" ")
}

/// Replaces all but the last four characters of a secret with dots.
pub fn mask_secret(secret: &str) -> String {
    let count = secret.chars().count();
    if count <= 8 {
        return "•".repeat(count);
    }
    let tail: String = secret.chars().skip(count - 4).collect();
    format!("{}{tail}", "•".repeat(8))
}

/// A header value as it should be displayed: masked when it is a credential and the
/// trainee has not asked to reveal it.
pub fn display_header(name: &str, value: &str, reveal: bool) -> String {
    if !reveal && name.eq_ignore_ascii_case("authorization") {
        mask_authorization(value)
    } else {
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pretty_json_keeps_key_order_and_string_contents() {
        let text = r#"{"userName":"a{b}","active":true,"emails":[{"value":"x,y"}],"groups":[]}"#;
        let expected = "{\n  \"userName\": \"a{b}\",\n  \"active\": true,\n  \"emails\": [\n    \
                        {\n      \"value\": \"x,y\"\n    }\n  ],\n  \"groups\": []\n}";
        assert_eq!(pretty_json(text), expected);
    }

    #[test]
    fn pretty_json_handles_escaped_quotes() {
        assert_eq!(
            pretty_json(r#"{"a":"say \"hi\"\\"}"#),
            "{\n  \"a\": \"say \\\"hi\\\"\\\\\"\n}"
        );
    }

    #[test]
    fn text_that_is_not_json_is_shown_unchanged() {
        assert_eq!(pretty_json("{\"a\":"), "{\"a\":");
        assert_eq!(pretty_json(""), "");
    }

    #[test]
    fn masking_keeps_bearer_words_and_the_token_tail() {
        let token = "abcdefghijklmnopqrstuvwxyz";
        assert_eq!(
            mask_authorization(&format!("Bearer {token}")),
            "Bearer ••••••••wxyz"
        );
        assert_eq!(
            mask_authorization(&format!("Bearer Bearer {token}")),
            "Bearer Bearer ••••••••wxyz"
        );
        assert_eq!(mask_authorization(token), "••••••••wxyz");
        assert_eq!(mask_authorization("Bearer"), "••••••");
    }

    #[test]
    fn only_credentials_are_masked_and_only_until_revealed() {
        assert_eq!(
            display_header("Accept", "application/scim+json", false),
            "application/scim+json"
        );
        assert_eq!(
            display_header("authorization", "Bearer 123456789", false),
            "Bearer ••••••••6789"
        );
        assert_eq!(
            display_header("Authorization", "Bearer 123456789", true),
            "Bearer 123456789"
        );
    }
}
