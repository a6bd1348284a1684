//! HTTP-shaped request and response values exchanged with the SCIM engine.
//!
//! Both are plain data so the UI can show them verbatim, the Okta model can build
//! them, and tests can table-drive them. Header names compare case-insensitively.
//! [`HttpRequest::to_curl`] turns a request into a shell command a trainer can run.

/// One HTTP request as a SCIM client would send it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpRequest {
    /// Method in upper case as sent (`GET`, `POST`, `PATCH`, ...).
    pub method: String,
    /// Path relative to the SCIM base URL, with its query string, e.g. `/Users?count=2`.
    pub path: String,
    /// Headers in the order they are sent.
    pub headers: Vec<(String, String)>,
    /// Body text; empty when there is none.
    pub body: String,
}

/// One HTTP response as the SCIM endpoint answers it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpResponse {
    /// Status code, e.g. 200.
    pub status: u16,
    /// Headers in the order they are sent.
    pub headers: Vec<(String, String)>,
    /// Body text; empty when there is none.
    pub body: String,
}

impl HttpRequest {
    /// A request with no headers and no body.
    pub fn new(method: &str, path: &str) -> Self {
        Self {
            method: method.to_string(),
            path: path.to_string(),
            headers: Vec::new(),
            body: String::new(),
        }
    }

    /// Adds a header, keeping the order of calls.
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    /// Sets the body text.
    pub fn with_body(mut self, body: &str) -> Self {
        self.body = body.to_string();
        self
    }

    /// The first value of a header, matched case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }

    /// A POSIX-shell `curl` command that sends this request to `base_url`, or to the
    /// base URL in the environment variable [`CURL_BASE_VAR`] when that is set (the
    /// native server prints its own). `-i` shows the status line and headers too.
    ///
    /// ```
    /// use leadiq_scim_sandbox::engine::HttpRequest;
    ///
    /// let req = HttpRequest::new("GET", "/Users?count=2").with_header("Accept", "*/*");
    /// assert_eq!(
    ///     req.to_curl("https://acme.leadiq.example/scim/v2"),
    ///     "curl -sS -i -X GET \"${LEADIQ_SCIM_BASE:-https://acme.leadiq.example/scim/v2}\
    ///      /Users?count=2\" -H 'Accept: */*'"
    /// );
    /// ```
    ///
    /// Bodies and headers go inside single quotes, so `$`, backticks and `!` stay literal.
    /// Characters a URL cannot carry are percent-encoded in the path, which the engine
    /// decodes to the same text.
    // Known shortcoming: a body holding a NUL byte cannot be passed as a shell argument.
    pub fn to_curl(&self, base_url: &str) -> String {
        let method = if self.method == "HEAD" {
            "-I".to_string()
        } else {
            format!("-X {}", shell_word(&self.method))
        };
        let url = format!(
            "\"${{{CURL_BASE_VAR}:-{}}}{}\"",
            double_quoted(base_url),
            double_quoted(&url_safe(&self.path))
        );
        let mut command = format!("curl -sS -i {method} {url}");
        for (name, value) in &self.headers {
            // curl drops a header given as `Name:`; `Name;` sends it with an empty value.
            let header = if value.is_empty() {
                format!("{name};")
            } else {
                format!("{name}: {value}")
            };
            command.push_str(" -H ");
            command.push_str(&single_quoted(&header));
        }
        if !self.body.is_empty() {
            command.push_str(" --data-raw ");
            command.push_str(&single_quoted(&self.body));
        }
        command
    }
}

/// The environment variable a command from [`HttpRequest::to_curl`] reads its base URL
/// from, e.g. `LEADIQ_SCIM_BASE=http://127.0.0.1:8787/scim/v2`.
pub const CURL_BASE_VAR: &str = "LEADIQ_SCIM_BASE";

/// `text` as one shell word: bare when it is a plain token, single-quoted otherwise.
fn shell_word(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if plain {
        text.to_string()
    } else {
        single_quoted(text)
    }
}

/// `text` in single quotes, where the shell expands nothing; a quote inside becomes `'\''`
/// (close, escaped quote, reopen).
fn single_quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', "'\\''"))
}

/// `text` escaped for the inside of double quotes, including the word of `${VAR:-word}`,
/// where `}` would otherwise end the expansion.
fn double_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '"' | '$' | '`' | '\\' | '}') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `path` with every byte a URL cannot carry percent-encoded; escapes already present
/// are kept. `[`, `]`, `{`, `}` would start curl's URL globbing and `!` bash's history
/// expansion, so they are encoded too.
fn url_safe(path: &str) -> String {
    const KEEP: &[u8] = b"-._~:/?#@$&'()*+,;=%";
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || KEEP.contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

impl HttpResponse {
    /// The first value of a header, matched case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

fn find_header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// The reason phrase (RFC 9110 §15) of a status code the sandbox or its server can
/// produce, e.g. `Created`.
pub fn reason_phrase(status: u16) -> Option<&'static str> {
    let phrase = match status {
        100 => "Continue",
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        304 => "Not Modified",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        408 => "Request Timeout",
        409 => "Conflict",
        411 => "Length Required",
        412 => "Precondition Failed",
        413 => "Content Too Large",
        414 => "URI Too Long",
        415 => "Unsupported Media Type",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        503 => "Service Unavailable",
        _ => return None,
    };
    Some(phrase)
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "https://acme.leadiq.example/scim/v2";

    #[test]
    fn curl_reads_the_base_url_from_the_environment_with_a_fallback() {
        let command = HttpRequest::new("GET", "/Users").to_curl(BASE);
        assert_eq!(
            command,
            "curl -sS -i -X GET \"${LEADIQ_SCIM_BASE:-https://acme.leadiq.example/scim/v2}/Users\""
        );
    }

    #[test]
    fn curl_single_quotes_a_body_with_quotes_dollars_and_backticks() {
        let req = HttpRequest::new("POST", "/Users").with_body(r#"{"n":"O'Hara $HOME `id`"}"#);
        let command = req.to_curl(BASE);
        assert!(command.ends_with(r#" --data-raw '{"n":"O'\''Hara $HOME `id`"}'"#));
    }

    #[test]
    fn curl_escapes_what_double_quotes_would_expand_in_the_url() {
        let command = HttpRequest::new("GET", "/x").to_curl("http://h/a$b`c\\d\"e}f");
        assert!(command.contains(r#""${LEADIQ_SCIM_BASE:-http://h/a\$b\`c\\d\"e\}f}/x""#));
    }

    #[test]
    fn curl_percent_encodes_what_a_url_cannot_carry_and_keeps_escapes() {
        assert_eq!(
            url_safe("/Users?filter=userName eq \"ü\"&x=%22[1]{!}"),
            "/Users?filter=userName%20eq%20%22%C3%BC%22&x=%22%5B1%5D%7B%21%7D"
        );
        assert_eq!(url_safe("/Users/abc-123_~.x"), "/Users/abc-123_~.x");
    }

    #[test]
    fn curl_headers_are_quoted_and_an_empty_value_is_kept() {
        let req = HttpRequest::new("GET", "/Users")
            .with_header("Authorization", "Bearer it's")
            .with_header("X-Empty", "");
        let command = req.to_curl(BASE);
        assert!(command.ends_with(r#" -H 'Authorization: Bearer it'\''s' -H 'X-Empty;'"#));
    }

    #[test]
    fn curl_quotes_an_odd_method_and_uses_head_mode_for_head() {
        let odd = HttpRequest::new("GET; rm -rf /", "/Users").to_curl(BASE);
        assert!(odd.starts_with("curl -sS -i -X 'GET; rm -rf /' "));
        let head = HttpRequest::new("HEAD", "/Users").to_curl(BASE);
        assert!(head.starts_with("curl -sS -i -I \""));
    }
}
