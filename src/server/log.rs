//! The activity log a trainer puts on a projector: one line per request with the method,
//! a readable path, the status and, for an error, its SCIM error type or a short reason.
//! Bodies and headers are never shown, so neither tokens nor passwords reach the screen.

use crate::engine::HttpResponse;

/// Widest path shown; longer ones end in `…`.
const PATH_WIDTH: usize = 60;

/// Query parameters whose values are hidden (RFC 6750 §2.3 allows a token in the URL).
const SECRET_PARAMS: [&str; 1] = ["access_token"];

/// One log line: `POST   /Users                                   201`.
pub(crate) fn line(method: &str, path: &str, response: &HttpResponse) -> String {
    let method = printable(&method.chars().take(10).collect::<String>());
    let note = note(response)
        .map(|n| format!(" ({n})"))
        .unwrap_or_default();
    format!("{method:<6} {path:<40} {}{note}", response.status)
}

/// The path as the log shows it: the base path left out, the query decoded, a user id
/// shortened, secrets hidden, control characters replaced.
pub(crate) fn shown_path(prefix: &str, target: &str) -> String {
    let inside = target
        .strip_prefix(prefix)
        .filter(|rest| rest.is_empty() || rest.starts_with(['/', '?']));
    let target = inside.unwrap_or(target);
    let (path, query) = target.split_once('?').unwrap_or((target, ""));

    let mut shown = short_ids(path);
    if shown.is_empty() {
        shown.push('/');
    }
    if !query.is_empty() {
        shown.push('?');
        shown.push_str(&readable_query(query));
    }
    clip(&printable(&shown), PATH_WIDTH)
}

/// The SCIM error type of an error answer, or a few words on what the status means.
fn note(response: &HttpResponse) -> Option<String> {
    if response.status < 400 {
        return None;
    }
    let body: serde_json::Value = serde_json::from_str(&response.body).unwrap_or_default();
    if let Some(scim_type) = body.get("scimType").and_then(|t| t.as_str()) {
        return Some(printable(&clip(scim_type, 30)));
    }
    let words = match response.status {
        400 => "bad request",
        401 => "bad or missing token",
        403 => "SCIM suspended",
        404 => "not found",
        405 => "method not allowed",
        408 => "client too slow",
        409 => "conflict",
        411 => "length required",
        412 => "ETag mismatch",
        413 => "body too large",
        414 => "path too long",
        431 => "headers too large",
        501 => "LeadIQ does not support this",
        503 => "server busy",
        _ => return None,
    };
    Some(words.to_string())
}

/// `/Users/2819c223-7f76-453a-919d-413861904646` becomes `/Users/2819c223…`.
fn short_ids(path: &str) -> String {
    let mut out = String::new();
    let mut after_users = false;
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        out.push('/');
        if after_users && segment.chars().count() > 12 {
            out.extend(segment.chars().take(8));
            out.push('…');
        } else {
            out.push_str(segment);
        }
        after_users = segment == "Users";
    }
    out
}

fn readable_query(query: &str) -> String {
    let pairs: Vec<String> = query
        .split('&')
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let name = decode(name);
            if SECRET_PARAMS.iter().any(|s| s.eq_ignore_ascii_case(&name)) {
                format!("{name}=…")
            } else if pair.contains('=') {
                format!("{name}={}", decode(value))
            } else {
                name
            }
        })
        .collect();
    pairs.join("&")
}

/// Percent-decodes, with `+` as a space; undecodable escapes stay as sent.
fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let escaped = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (b, escaped) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (b'+', _) => {
                out.push(b' ');
                i += 1;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Control characters replaced, so a hostile path cannot drive the trainer's terminal.
fn printable(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { '�' } else { c })
        .collect()
}

fn clip(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut out: String = text.chars().take(width - 1).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(status: u16, body: &str) -> HttpResponse {
        HttpResponse {
            status,
            headers: Vec::new(),
            body: body.to_string(),
        }
    }

    #[test]
    fn a_create_is_method_path_and_status_in_columns() {
        let shown = shown_path("/scim/v2", "/scim/v2/Users");
        let line = line("POST", &shown, &response(201, "{}"));
        assert_eq!(line, format!("POST   /Users{} 201", " ".repeat(34)));
    }

    #[test]
    fn a_lookup_shows_its_filter_decoded() {
        let target = "/scim/v2/Users?filter=userName%20eq%20%22ada%40example.com%22&count=1";
        assert_eq!(
            shown_path("/scim/v2", target),
            "/Users?filter=userName eq \"ada@example.com\"&count=1"
        );
    }

    #[test]
    fn a_user_id_is_shortened() {
        let target = "/scim/v2/Users/2819c223-7f76-453a-919d-413861904646?attributes=id";
        assert_eq!(
            shown_path("/scim/v2", target),
            "/Users/2819c223…?attributes=id"
        );
    }

    #[test]
    fn an_error_shows_its_scim_type_or_a_reason() {
        let bad_filter = response(400, r#"{"status":"400","scimType":"invalidFilter"}"#);
        assert!(line("GET", "/Users", &bad_filter).ends_with("400 (invalidFilter)"));
        let put = response(501, r#"{"status":"501","detail":"no"}"#);
        assert!(line("PUT", "/Users/x", &put).ends_with("501 (LeadIQ does not support this)"));
    }

    #[test]
    fn paths_outside_the_prefix_are_shown_whole() {
        assert_eq!(shown_path("/scim/v2", "/scim/v2x"), "/scim/v2x");
        assert_eq!(shown_path("/scim/v2", "/favicon.ico"), "/favicon.ico");
        assert_eq!(shown_path("/scim/v2", "/scim/v2"), "/");
    }

    #[test]
    fn tokens_in_the_query_and_control_characters_never_print() {
        let shown = shown_path("/scim/v2", "/scim/v2/Users?access_token=s3cret&x=%1b[2J");
        assert_eq!(shown, "/Users?access_token=…&x=�[2J");
    }

    #[test]
    fn long_paths_are_clipped_to_the_column() {
        let target = format!("/scim/v2/Users?filter={}", "a".repeat(200));
        assert_eq!(shown_path("/scim/v2", &target).chars().count(), PATH_WIDTH);
    }
}
