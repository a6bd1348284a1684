//! HTTP/1.1 on one connection: reading requests within size and time limits, and writing
//! responses. Nothing here knows about SCIM; refusals carry a status and a reason.

use crate::engine::http::reason_phrase;
use crate::engine::{HttpResponse, MAX_BODY_BYTES};
use httparse::Status;
use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::time::{Duration, Instant};

/// Most bytes the request line and headers may take together.
pub const MAX_HEAD_BYTES: usize = 16 * 1024;

/// Most header fields one request may carry.
const MAX_HEADERS: usize = 100;

/// How much of a request the server drains after answering and before closing, so the
/// client reads the answer instead of a connection reset.
const LINGER_BYTES: usize = 1024 * 1024;

/// How long that draining may take.
const LINGER_TIME: Duration = Duration::from_secs(1);

/// How long the server waits for each part of a connection's life.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Limits {
    /// Time for a whole request, head and body, to arrive once it has begun, and for the
    /// first request on a new connection to begin.
    pub read: Duration,
    /// Time a kept-alive connection may sit idle between requests.
    pub idle: Duration,
    /// Time a response may take to be written.
    pub write: Duration,
}

/// A request's body as the server holds it.
#[derive(Debug)]
pub(crate) enum Body {
    /// A body within the engine's limit, decoded as UTF-8 (invalid bytes replaced, as a
    /// browser decodes text).
    Text(String),
    /// A body longer than the engine accepts: its declared length; it is never read.
    TooLarge(u64),
}

/// One request read off the wire.
#[derive(Debug)]
pub(crate) struct Request {
    /// The method as sent.
    pub method: String,
    /// The request target as sent: path and query.
    pub target: String,
    /// Header fields in the order sent; invalid UTF-8 in values replaced.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Body,
    /// Whether the client allows another request on this connection.
    pub keep_alive: bool,
}

/// A request the server answers itself, then closes the connection.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Refusal {
    /// HTTP status.
    pub status: u16,
    /// What was wrong, for the client and the log.
    pub detail: String,
    /// The method and target, when the request line could be read.
    pub seen: Option<(String, String)>,
}

/// What came next on a connection.
#[derive(Debug)]
pub(crate) enum Next {
    /// A complete request.
    Request(Request),
    /// A request the server refuses before it reaches the engine.
    Refused(Refusal),
    /// The client went away or stayed silent: nothing to answer.
    Gone,
}

/// One client connection and the bytes read from it but not yet used.
pub(crate) struct Conn {
    stream: TcpStream,
    buf: Vec<u8>,
    limits: Limits,
}

impl Conn {
    /// Wraps an accepted stream.
    pub fn new(stream: TcpStream, limits: Limits) -> io::Result<Conn> {
        stream.set_nodelay(true)?;
        stream.set_write_timeout(Some(limits.write))?;
        Ok(Conn {
            stream,
            buf: Vec::with_capacity(4096),
            limits,
        })
    }

    /// Reads the next request. `first` says whether this is the connection's first.
    pub fn next(&mut self, first: bool) -> Next {
        let wait = if first {
            self.limits.read
        } else {
            self.limits.idle
        };
        if self.buf.is_empty() && !matches!(self.fill(Instant::now() + wait), Ok(n) if n > 0) {
            return Next::Gone;
        }

        let deadline = Instant::now() + self.limits.read;
        match self.read_request(deadline) {
            Ok(request) => Next::Request(request),
            Err(next) => next,
        }
    }

    fn read_request(&mut self, deadline: Instant) -> Result<Request, Next> {
        let head = self.read_head(deadline)?;
        let seen = |next: Next| match next {
            Next::Refused(refusal) => Next::Refused(Refusal {
                seen: Some((head.method.clone(), head.target.clone())),
                ..refusal
            }),
            other => other,
        };
        let length = body_length(&head.headers).map_err(|r| seen(Next::Refused(r)))?;
        let keep_alive = head.version == 1 && !has_token(&head.headers, "Connection", "close");
        if length > MAX_BODY_BYTES as u64 {
            // Reading it would only be thrown away; the connection closes after the 413.
            return Ok(head.into_request(Body::TooLarge(length), false));
        }

        let length = length as usize;
        if length > 0 && has_token(&head.headers, "Expect", "100-continue") {
            self.write_all(b"HTTP/1.1 100 Continue\r\n\r\n")
                .map_err(|_| Next::Gone)?;
        }
        let body = self.read_body(length, deadline).map_err(seen)?;
        Ok(head.into_request(Body::Text(body), keep_alive))
    }

    fn read_head(&mut self, deadline: Instant) -> Result<Head, Next> {
        loop {
            if let Some(head) = self.parse_head()? {
                return Ok(head);
            }
            if self.buf.len() >= MAX_HEAD_BYTES {
                return Err(Next::Refused(head_too_large(&self.buf)));
            }
            self.fill_or_refuse(deadline)?;
        }
    }

    /// Parses the buffered head if it is complete, removing it from the buffer.
    fn parse_head(&mut self) -> Result<Option<Head>, Next> {
        let mut fields = [httparse::EMPTY_HEADER; MAX_HEADERS];
        let mut parsed = httparse::Request::new(&mut fields);
        let length = match parsed.parse(&self.buf) {
            Ok(Status::Complete(length)) => length,
            Ok(Status::Partial) => return Ok(None),
            Err(httparse::Error::TooManyHeaders) => {
                return Err(refuse(
                    431,
                    format!("The request has more than {MAX_HEADERS} header fields."),
                ))
            }
            Err(e) => {
                return Err(refuse(
                    400,
                    format!("The request is not valid HTTP/1.1 ({e})."),
                ))
            }
        };
        if length > MAX_HEAD_BYTES {
            return Err(Next::Refused(head_too_large(&self.buf)));
        }

        let head = Head::from_parsed(&parsed);
        self.buf.drain(..length);
        Ok(Some(head))
    }

    fn read_body(&mut self, length: usize, deadline: Instant) -> Result<String, Next> {
        while self.buf.len() < length {
            self.fill_or_refuse(deadline)?;
        }
        let bytes: Vec<u8> = self.buf.drain(..length).collect();
        Ok(String::from_utf8(bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
    }

    /// Reads more of a request that has begun: a timeout is answered with 408.
    fn fill_or_refuse(&mut self, deadline: Instant) -> Result<(), Next> {
        match self.fill(deadline) {
            Ok(0) => Err(Next::Gone),
            Ok(_) => Ok(()),
            Err(e) if is_timeout(&e) => Err(refuse(
                408,
                format!(
                    "The request did not arrive in full within {} seconds.",
                    self.limits.read.as_secs_f32()
                ),
            )),
            Err(_) => Err(Next::Gone),
        }
    }

    /// Reads whatever the client has sent, waiting at most until `deadline`.
    fn fill(&mut self, deadline: Instant) -> io::Result<usize> {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(io::ErrorKind::TimedOut.into());
        }
        self.stream.set_read_timeout(Some(left))?;
        let mut chunk = [0u8; 8192];
        let n = self.stream.read(&mut chunk)?;
        self.buf
            .extend_from_slice(chunk.get(..n).unwrap_or_default());
        Ok(n)
    }

    /// Writes `response`. `keep_alive` picks the `Connection` header; `head_only` leaves
    /// the body out (the answer to a HEAD request).
    pub fn send(
        &mut self,
        response: &HttpResponse,
        keep_alive: bool,
        head_only: bool,
    ) -> io::Result<()> {
        let bytes = encode_response(response, keep_alive, head_only);
        self.write_all(&bytes)
    }

    fn write_all(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.stream.write_all(bytes)?;
        self.stream.flush()
    }

    /// Closes the connection gently: stops writing, then drains what the client still
    /// sends for a moment, so a client still uploading reads the answer, not a reset.
    pub fn linger(mut self) {
        let _ = self.stream.shutdown(Shutdown::Write);
        let deadline = Instant::now() + LINGER_TIME;
        let mut drained = 0;
        while drained < LINGER_BYTES {
            self.buf.clear();
            match self.fill(deadline) {
                Ok(n) if n > 0 => drained += n,
                _ => break,
            }
        }
    }
}

/// A parsed request line and headers, owned.
struct Head {
    method: String,
    target: String,
    version: u8,
    headers: Vec<(String, String)>,
}

impl Head {
    fn from_parsed(parsed: &httparse::Request<'_, '_>) -> Head {
        let headers = parsed
            .headers
            .iter()
            .map(|h| {
                let value = String::from_utf8_lossy(h.value).into_owned();
                (h.name.to_string(), value)
            })
            .collect();
        Head {
            method: parsed.method.unwrap_or_default().to_string(),
            target: parsed.path.unwrap_or_default().to_string(),
            version: parsed.version.unwrap_or_default(),
            headers,
        }
    }

    fn into_request(self, body: Body, keep_alive: bool) -> Request {
        Request {
            method: self.method,
            target: self.target,
            headers: self.headers,
            body,
            keep_alive,
        }
    }
}

impl Refusal {
    fn new(status: u16, detail: impl Into<String>) -> Refusal {
        Refusal {
            status,
            detail: detail.into(),
            seen: None,
        }
    }
}

fn refuse(status: u16, detail: String) -> Next {
    Next::Refused(Refusal::new(status, detail))
}

fn head_too_large(buf: &[u8]) -> Refusal {
    if buf.contains(&b'\n') {
        let detail = format!("The request line and headers exceed {MAX_HEAD_BYTES} bytes.");
        Refusal::new(431, detail)
    } else {
        Refusal::new(
            414,
            format!("The request line exceeds {MAX_HEAD_BYTES} bytes."),
        )
    }
}

/// The body's length from `Content-Length`, refusing framings the server does not read.
fn body_length(headers: &[(String, String)]) -> Result<u64, Refusal> {
    if headers
        .iter()
        .any(|(n, _)| n.eq_ignore_ascii_case("Transfer-Encoding"))
    {
        // Known shortcoming: chunked bodies are refused; curl and Postman send a length.
        return Err(Refusal::new(
            411,
            "This server needs the body's length up front: send the body with a \
             Content-Length header. Transfer-Encoding (chunked) is not supported.",
        ));
    }

    let mut length = None;
    for (_, value) in headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case("Content-Length"))
    {
        let parsed = parse_length(value).ok_or_else(|| {
            let detail = format!("Content-Length `{}` is not a number of bytes.", clip(value));
            Refusal::new(400, detail)
        })?;
        if length.is_some_and(|earlier| earlier != parsed) {
            return Err(Refusal::new(
                400,
                "The request has Content-Length headers that disagree.",
            ));
        }
        length = Some(parsed);
    }
    Ok(length.unwrap_or(0))
}

fn parse_length(value: &str) -> Option<u64> {
    let value = value.trim();
    let digits = !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit());
    digits.then(|| value.parse().ok()).flatten()
}

/// Whether a comma-separated header holds `token`, case-insensitively.
fn has_token(headers: &[(String, String)], name: &str, token: &str) -> bool {
    headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case(name))
        .flat_map(|(_, v)| v.split(','))
        .any(|t| t.trim().eq_ignore_ascii_case(token))
}

fn clip(text: &str) -> String {
    text.chars().take(40).collect()
}

fn is_timeout(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
    )
}

/// The bytes of `response` on the wire, with `Content-Length` and `Connection` added.
pub(crate) fn encode_response(
    response: &HttpResponse,
    keep_alive: bool,
    head_only: bool,
) -> Vec<u8> {
    let status = response.status;
    let bodyless = status < 200 || status == 204 || status == 304;
    let reason = reason_phrase(status).unwrap_or("Status");
    let mut head = format!("HTTP/1.1 {status} {reason}\r\n");
    for (name, value) in &response.headers {
        // A line break in a header would split the response; the engine never sends one.
        if !name.contains(['\r', '\n']) && !value.contains(['\r', '\n']) {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
    }
    if !bodyless {
        head.push_str(&format!("Content-Length: {}\r\n", response.body.len()));
    }
    let connection = if keep_alive { "keep-alive" } else { "close" };
    head.push_str(&format!("Connection: {connection}\r\n\r\n"));

    let mut bytes = head.into_bytes();
    if !bodyless && !head_only {
        bytes.extend_from_slice(response.body.as_bytes());
    }
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn content_length_must_be_digits_and_agree() {
        assert_eq!(body_length(&headers(&[("content-length", " 12 ")])), Ok(12));
        assert_eq!(body_length(&headers(&[])), Ok(0));
        let bad = ["-1", "1e3", "", "0x10", "99999999999999999999999"];
        for value in bad {
            let refused = body_length(&headers(&[("Content-Length", value)]));
            assert_eq!(refused.map_err(|r| r.status), Err(400), "{value}");
        }
        let twice = headers(&[("Content-Length", "1"), ("Content-Length", "2")]);
        assert_eq!(body_length(&twice).map_err(|r| r.status), Err(400));
    }

    #[test]
    fn any_transfer_encoding_is_refused_with_411() {
        let chunked = headers(&[("Transfer-Encoding", "chunked"), ("Content-Length", "3")]);
        let refused = body_length(&chunked).map_err(|r| r.status);
        assert_eq!(refused, Err(411));
    }

    #[test]
    fn connection_tokens_are_matched_in_lists() {
        let list = headers(&[("Connection", "TE, Close")]);
        assert!(has_token(&list, "connection", "close"));
        assert!(!has_token(&list, "connection", "keep-alive"));
    }

    #[test]
    fn responses_get_a_length_and_lose_split_headers() {
        let response = HttpResponse {
            status: 201,
            headers: headers(&[("ETag", "W/\"1\""), ("X-Bad", "a\r\nInjected: yes")]),
            body: "{}".to_string(),
        };
        let text = String::from_utf8(encode_response(&response, true, false));
        assert_eq!(
            text.as_deref(),
            Ok(
                "HTTP/1.1 201 Created\r\nETag: W/\"1\"\r\nContent-Length: 2\r\n\
                Connection: keep-alive\r\n\r\n{}"
            )
        );
    }

    #[test]
    fn a_head_answer_has_the_length_but_no_body() {
        let response = HttpResponse {
            status: 405,
            headers: Vec::new(),
            body: "abc".to_string(),
        };
        let text = String::from_utf8(encode_response(&response, false, true));
        assert_eq!(
            text.as_deref(),
            Ok("HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 3\r\nConnection: close\r\n\r\n")
        );
    }
}
