//! Request targets: splitting a path from its query string, percent-decoding both, and
//! reading the integer paging parameters of RFC 7644 §3.4.2.4.

use super::error::{ScimError, ScimType};

/// A request target split into decoded path segments and decoded query pairs.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Target {
    /// Path segments after the base URL, decoded, without empty ones.
    pub segments: Vec<String>,
    /// Query parameters in the order sent, names and values decoded.
    pub params: Vec<(String, String)>,
}

impl Target {
    /// Parses `/Users/abc?count=2`: `+` means space in the query only (form encoding).
    pub fn parse(raw: &str) -> Result<Target, ScimError> {
        let raw = raw.split('#').next().unwrap_or_default();
        let (path, query) = raw.split_once('?').unwrap_or((raw, ""));
        let mut segments = Vec::new();
        for segment in path.split('/').filter(|s| !s.is_empty()) {
            segments.push(decode(segment, false)?);
        }
        let mut params = Vec::new();
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            params.push((decode(name, true)?, decode(value, true)?));
        }
        Ok(Target { segments, params })
    }

    /// The first value of a query parameter; names compare case-insensitively.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Percent-decodes `text`; the result must be UTF-8.
pub(crate) fn decode(text: &str, plus_is_space: bool) -> Result<String, ScimError> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'%' => {
                let hex = bytes.get(i + 1..i + 3).and_then(hex_byte);
                let Some(byte) = hex else {
                    return Err(bad_encoding(text, i));
                };
                out.push(byte);
                i += 3;
            }
            b'+' if plus_is_space => {
                out.push(b' ');
                i += 1;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).map_err(|_| {
        ScimError::bad_request(
            ScimType::InvalidSyntax,
            format!("`{text}` does not decode to UTF-8 text"),
        )
    })
}

fn hex_byte(pair: &[u8]) -> Option<u8> {
    let text = std::str::from_utf8(pair).ok()?;
    u8::from_str_radix(text, 16).ok()
}

fn bad_encoding(text: &str, at: usize) -> ScimError {
    ScimError::bad_request(
        ScimType::InvalidSyntax,
        format!(
            "`{text}` has a malformed percent-escape at character {at}: `%` must be \
             followed by two hex digits"
        ),
    )
}

/// Parses an integer parameter, saturating at the bounds of `i64` so a huge value means
/// "very large" rather than an error; anything that is not an integer is refused.
pub(crate) fn integer(name: &str, text: &str) -> Result<i64, ScimError> {
    let trimmed = text.trim();
    let (negative, digits) = match trimmed.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, trimmed.strip_prefix('+').unwrap_or(trimmed)),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ScimError::bad_request(
            ScimType::InvalidValue,
            format!("{name} must be an integer, got `{text}`"),
        ));
    }
    let magnitude = digits.bytes().fold(0i64, |acc, b| {
        acc.saturating_mul(10).saturating_add(i64::from(b - b'0'))
    });
    Ok(if negative { -magnitude } else { magnitude })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(raw: &str) -> Target {
        Target::parse(raw).unwrap_or_default()
    }

    #[test]
    fn okta_lookup_query_decodes_to_a_filter() {
        let target = parsed("/Users?filter=userName%20eq%20%22ada%40example.com%22&count=100");
        assert_eq!(target.segments, vec!["Users"]);
        assert_eq!(
            target.param("filter"),
            Some("userName eq \"ada@example.com\"")
        );
        assert_eq!(target.param("COUNT"), Some("100"));
    }

    #[test]
    fn plus_is_a_space_in_the_query_but_not_in_the_path() {
        let target = parsed("/Us+ers?filter=a+eq+%2B1");
        assert_eq!(target.segments, vec!["Us+ers"]);
        assert_eq!(target.param("filter"), Some("a eq +1"));
    }

    #[test]
    fn malformed_escapes_and_non_utf8_are_refused() {
        assert!(Target::parse("/Users?filter=%zz").is_err());
        assert!(Target::parse("/Users?filter=%").is_err());
        assert!(Target::parse("/Users/%ff").is_err());
        assert!(Target::parse("/Users?x=%e2%82").is_err());
    }

    #[test]
    fn integers_saturate_and_reject_non_numbers() {
        assert_eq!(integer("count", "-5").ok(), Some(-5));
        assert_eq!(
            integer("count", "99999999999999999999999").ok(),
            Some(i64::MAX)
        );
        assert!(integer("count", "1.0").is_err());
        assert!(integer("count", "").is_err());
        assert!(integer("count", "ten").is_err());
    }
}
