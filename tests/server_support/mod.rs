//! Shared helpers of the server's tests: an in-process server on an ephemeral loopback
//! port, a small raw HTTP/1.1 client with timeouts, and a script of requests.
#![cfg(not(target_arch = "wasm32"))]
#![allow(dead_code)]

use leadiq_scim_sandbox::engine::{HttpRequest, HttpResponse, SeededEnv, Tenant};
use leadiq_scim_sandbox::server::{prepare, Config, LogSink, Options, Running, Server};
use serde_json::{json, Value};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// The base path every tenant made by `Tenant::ready` is served under.
pub const PREFIX: &str = "/scim/v2";

/// The base URL the engine itself reports for such a tenant.
pub const ENGINE_BASE: &str = "https://acme.leadiq.example/scim/v2";

/// How long any client read may wait: every test stays bounded in time.
pub const CLIENT_TIMEOUT: Duration = Duration::from_secs(10);

/// A running in-process server, its token and the lines it logged.
pub struct Served {
    pub running: Running,
    pub token: String,
    pub lines: Arc<Mutex<Vec<String>>>,
}

impl Served {
    pub fn addr(&self) -> SocketAddr {
        self.running.local_addr()
    }

    pub fn client(&self) -> Client {
        Client::new(self.addr())
    }

    pub fn log(&self) -> Vec<String> {
        self.lines
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

/// Starts a server as `leadiq-scim-server --port 0 --seed <seed>` would, with `tune`
/// applied to its configuration.
pub fn serve(seed: u64, tune: impl FnOnce(&mut Config)) -> Served {
    let options = Options {
        port: 0,
        seed: Some(seed),
        ..Options::default()
    };
    let prepared = prepare(&options).expect("a seeded fresh tenant always starts");
    let mut config = Config::loopback(0);
    tune(&mut config);
    let lines = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&lines);
    let log: LogSink = Arc::new(move |line: &str| {
        sink.lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(line.to_string());
    });
    let server = Server::bind(config, prepared.snapshot, prepared.env, log)
        .expect("an ephemeral loopback port is free");
    Served {
        running: server.start().expect("threads start"),
        token: prepared.token.expect("a fresh tenant has a token"),
        lines,
    }
}

/// The same fresh tenant, driven directly: `Tenant::ready` with `SeededEnv::new(seed)`.
pub fn direct(seed: u64) -> (Tenant, SeededEnv, String) {
    let mut env = SeededEnv::new(seed);
    let (tenant, credentials) = Tenant::ready(&mut env);
    (tenant, env, credentials.token)
}

/// A response as read off the wire.
#[derive(Debug, Clone)]
pub struct Raw {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Raw {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The headers the engine set: all but the two the server adds.
    pub fn engine_headers(&self) -> Vec<(String, String)> {
        self.headers
            .iter()
            .filter(|(n, _)| {
                !n.eq_ignore_ascii_case("Content-Length") && !n.eq_ignore_ascii_case("Connection")
            })
            .cloned()
            .collect()
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }

    pub fn closes(&self) -> bool {
        self.header("Connection") == Some("close")
    }
}

/// Asserts a wire response is exactly the engine's: status, headers, body bytes.
pub fn assert_same(raw: &Raw, engine: &HttpResponse, what: &str) {
    assert_eq!(raw.status, engine.status, "status of {what}");
    assert_eq!(raw.engine_headers(), engine.headers, "headers of {what}");
    assert_eq!(raw.body, engine.body.as_bytes(), "body of {what}");
}

/// A keep-alive client that reconnects when the server closed the connection.
pub struct Client {
    addr: SocketAddr,
    stream: Option<TcpStream>,
    buf: Vec<u8>,
}

impl Client {
    pub fn new(addr: SocketAddr) -> Client {
        Client {
            addr,
            stream: None,
            buf: Vec::new(),
        }
    }

    fn stream(&mut self) -> &mut TcpStream {
        self.stream.get_or_insert_with(|| {
            let stream = TcpStream::connect(self.addr).expect("the server listens");
            stream
                .set_read_timeout(Some(CLIENT_TIMEOUT))
                .expect("a socket takes a timeout");
            stream
        })
    }

    /// Sends raw bytes; write errors are ignored (the server may close early).
    pub fn send_bytes(&mut self, bytes: &[u8]) {
        let _ = self.stream().write_all(bytes);
    }

    /// Sends `req` under the server's base path and reads the answer.
    pub fn exchange(&mut self, req: &HttpRequest) -> Raw {
        self.send_bytes(&wire_bytes(req, &[]));
        self.read_response(req.method == "HEAD")
            .expect("the server answers every complete request")
    }

    /// Reads one response, skipping interim 1xx answers; None when the connection
    /// closed or timed out first. Closes the connection when the server asked to.
    pub fn read_response(&mut self, head_only: bool) -> Option<Raw> {
        loop {
            let raw = self.read_one(head_only)?;
            if raw.status >= 200 {
                if raw.closes() {
                    self.stream = None;
                    self.buf.clear();
                }
                return Some(raw);
            }
        }
    }

    /// Reads one answer even if it is interim (`100 Continue`), returning its status.
    pub fn read_one_interim(&mut self) -> Option<u16> {
        self.read_one(false).map(|r| r.status)
    }

    fn read_one(&mut self, head_only: bool) -> Option<Raw> {
        let end = loop {
            if let Some(at) = find(&self.buf, b"\r\n\r\n") {
                break at + 4;
            }
            self.fill()?;
        };
        let (status, headers) = parse_head(self.buf.get(..end)?)?;
        let raw_head = Raw {
            status,
            headers,
            body: Vec::new(),
        };
        let length: usize = raw_head
            .header("Content-Length")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let length = if head_only || status < 200 { 0 } else { length };
        while self.buf.len() < end + length {
            self.fill()?;
        }
        let body = self.buf.get(end..end + length)?.to_vec();
        self.buf.drain(..end + length);
        Some(Raw { body, ..raw_head })
    }

    fn fill(&mut self) -> Option<()> {
        let mut chunk = [0u8; 16384];
        let n = self.stream().read(&mut chunk).ok()?;
        if n == 0 {
            return None;
        }
        self.buf.extend_from_slice(chunk.get(..n)?);
        Some(())
    }

    /// Whether the server closed this connection: reads until end of stream or timeout.
    pub fn closed_by_server(&mut self) -> bool {
        let started = Instant::now();
        while started.elapsed() < CLIENT_TIMEOUT {
            let mut chunk = [0u8; 1024];
            match self.stream().read(&mut chunk) {
                Ok(0) => return true,
                Ok(_) => continue,
                Err(_) => return false,
            }
        }
        false
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn parse_head(bytes: &[u8]) -> Option<(u16, Vec<(String, String)>)> {
    let mut fields = [httparse::EMPTY_HEADER; 64];
    let mut response = httparse::Response::new(&mut fields);
    response.parse(bytes).ok()?;
    let headers = response
        .headers
        .iter()
        .map(|h| {
            let value = String::from_utf8_lossy(h.value).into_owned();
            (h.name.to_string(), value)
        })
        .collect();
    Some((response.code?, headers))
}

/// `req` as HTTP/1.1 bytes under the base path, with a Host, a Content-Length when it
/// has a body, and `extra` headers.
pub fn wire_bytes(req: &HttpRequest, extra: &[(&str, &str)]) -> Vec<u8> {
    let mut head = format!(
        "{} {PREFIX}{} HTTP/1.1\r\nHost: 127.0.0.1\r\n",
        req.method, req.path
    );
    for (name, value) in &req.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    for (name, value) in extra {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if !req.body.is_empty() {
        head.push_str(&format!("Content-Length: {}\r\n", req.body.len()));
    }
    head.push_str("\r\n");
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(req.body.as_bytes());
    bytes
}

/// A user as Okta creates one.
pub fn okta_user(login: &str) -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": login,
        "name": {"givenName": "Ada", "familyName": "Lovelace"},
        "emails": [{"primary": true, "value": login, "type": "work"}],
        "displayName": "Ada Lovelace",
        "externalId": "00u1a2b3c4",
        "password": "Pa55word-never-shown",
        "active": true
    })
}

/// Requests signed with `token`.
pub struct Script {
    pub auth: String,
}

impl Script {
    pub fn new(token: &str) -> Script {
        Script {
            auth: format!("Bearer {token}"),
        }
    }

    pub fn get(&self, path: &str) -> HttpRequest {
        HttpRequest::new("GET", path)
            .with_header("Authorization", &self.auth)
            .with_header("Accept", "application/scim+json")
    }

    pub fn post(&self, login: &str) -> HttpRequest {
        self.with_body("POST", "/Users", &okta_user(login).to_string())
    }

    pub fn with_body(&self, method: &str, path: &str, body: &str) -> HttpRequest {
        HttpRequest::new(method, path)
            .with_header("Authorization", &self.auth)
            .with_header("Content-Type", "application/scim+json; charset=utf-8")
            .with_body(body)
    }

    pub fn deactivate(&self, id: &str) -> HttpRequest {
        let body = json!({
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [{"op": "replace", "value": {"active": false}}]
        });
        self.with_body("PATCH", &format!("/Users/{id}"), &body.to_string())
    }

    pub fn lookup(&self, login: &str) -> HttpRequest {
        let login = login.replace('@', "%40");
        self.get(&format!(
            "/Users?filter=userName%20eq%20%22{login}%22&startIndex=1&count=100"
        ))
    }
}

/// The id the engine gives ada@example.com when it is the first user of a fresh tenant
/// seeded with `seed`.
pub fn first_id(seed: u64) -> String {
    let (mut tenant, mut env, token) = direct(seed);
    let response = tenant.handle(&Script::new(&token).post("ada@example.com"), &mut env);
    let body: Value = serde_json::from_str(&response.body).unwrap_or(Value::Null);
    body["id"].as_str().unwrap_or_default().to_string()
}

/// The equivalence script: creates, lookups, a page, a deactivation, and errors (bad
/// token, bad filter, unsupported PUT and DELETE, a body over the limit, and more).
pub fn script(token: &str, ada_id: &str) -> Vec<HttpRequest> {
    let s = Script::new(token);
    let wrong = Script::new("not-the-token");
    let long_path = format!("/Users?filter={}", "a".repeat(9000));
    vec![
        s.lookup("ada@example.com"),
        s.post("ada@example.com"),
        s.post("grace@example.com"),
        s.post("ADA@example.com"),
        s.lookup("ada@example.com"),
        s.get("/Users?startIndex=1&count=1"),
        s.get(&format!("/Users/{ada_id}")),
        s.get(&format!("/Users/{ada_id}"))
            .with_header("If-None-Match", "W/\"1\""),
        s.deactivate(ada_id),
        s.get(&format!("/Users/{ada_id}?attributes=active")),
        wrong.get("/Users"),
        HttpRequest::new("GET", "/Users"),
        s.get("/Users?filter=userName%20equals%20%22x%22"),
        s.get("/Users?filter=%zz"),
        s.with_body("PUT", &format!("/Users/{ada_id}"), "{}"),
        HttpRequest::new("DELETE", &format!("/Users/{ada_id}"))
            .with_header("Authorization", &s.auth),
        s.with_body("POST", "/Users", &"x".repeat(70_000)),
        s.with_body("POST", "/Users", "{not json"),
        s.get(&long_path),
        s.get("/users"),
        s.get("/Groups"),
        s.get("/Users/no-such-id"),
        s.get("/ServiceProviderConfig"),
        s.get("/Schemas"),
    ]
}
