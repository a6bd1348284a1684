//! The server stays up under bad input and load: malformed HTTP, header floods, huge
//! bodies, slow and vanishing clients, a full queue, and concurrent clients never crash it
//! or corrupt the tenant. Everything talks to 127.0.0.1, bounded in count and time.
#![cfg(not(target_arch = "wasm32"))]

mod server_support;

use leadiq_scim_sandbox::engine::HttpRequest;
use server_support::{serve, wire_bytes, Client, Raw, Script, Served};
use std::thread;
use std::time::{Duration, Instant};

const SEED: u64 = 5;

/// Sends `bytes` on a new connection and reads the answer.
fn answer_to(served: &Served, bytes: &[u8]) -> Raw {
    let mut client = served.client();
    client.send_bytes(bytes);
    client.read_response(false).expect("the server answers")
}

/// A valid request on a new connection still gets 200.
fn still_serving(served: &Served) {
    let raw = served
        .client()
        .exchange(&Script::new(&served.token).get("/Users"));
    assert_eq!(raw.status, 200);
}

fn detail(raw: &Raw) -> String {
    raw.json()["detail"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn a_malformed_request_line_gets_400_in_the_scim_error_shape() {
    let served = serve(SEED, |_| {});
    let raw = answer_to(&served, b"HELLO THERE\r\n\r\n");
    assert_eq!(raw.status, 400);
    assert_eq!(raw.header("Content-Type"), Some("application/scim+json"));
    assert_eq!(
        raw.json()["schemas"][0],
        "urn:ietf:params:scim:api:messages:2.0:Error"
    );
    assert!(raw.closes());
    still_serving(&served);
}

#[test]
fn binary_garbage_is_refused_and_the_server_goes_on() {
    let served = serve(SEED, |_| {});
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let garbage: Vec<u8> = (0..4096)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state.to_le_bytes()[0]
        })
        .collect();
    let raw = answer_to(&served, &garbage);
    assert!((400..500).contains(&raw.status), "{}", raw.status);
    still_serving(&served);
}

#[test]
fn more_than_a_hundred_headers_get_431() {
    let served = serve(SEED, |_| {});
    let mut head = "GET /scim/v2/Users HTTP/1.1\r\n".to_string();
    for n in 0..150 {
        head.push_str(&format!("X-Flood-{n}: {n}\r\n"));
    }
    head.push_str("\r\n");
    let raw = answer_to(&served, head.as_bytes());
    assert_eq!(raw.status, 431);
    still_serving(&served);
}

#[test]
fn headers_over_16_kib_get_431_and_a_request_line_over_it_414() {
    let served = serve(SEED, |_| {});
    let big = format!(
        "GET /scim/v2/Users HTTP/1.1\r\nX-Big: {}\r\n\r\n",
        "a".repeat(20_000)
    );
    assert_eq!(answer_to(&served, big.as_bytes()).status, 431);
    let long = format!("GET /scim/v2/Users?{} HTTP/1.1\r\n\r\n", "a".repeat(20_000));
    assert_eq!(answer_to(&served, long.as_bytes()).status, 414);
    still_serving(&served);
}

#[test]
fn a_declared_terabyte_is_refused_at_once_with_its_length() {
    let served = serve(SEED, |_| {});
    let auth = format!("Bearer {}", served.token);
    let head = format!(
        "POST /scim/v2/Users HTTP/1.1\r\nAuthorization: {auth}\r\n\
         Content-Length: 1000000000000\r\n\r\n{{"
    );
    let raw = answer_to(&served, head.as_bytes());
    assert_eq!(raw.status, 413);
    assert!(
        detail(&raw).contains("The body is 1000000000000 bytes"),
        "{}",
        detail(&raw)
    );
    still_serving(&served);
}

#[test]
fn a_chunked_body_gets_411_with_the_way_out() {
    let served = serve(SEED, |_| {});
    let head =
        "POST /scim/v2/Users HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n";
    let raw = answer_to(&served, head.as_bytes());
    assert_eq!(raw.status, 411);
    assert!(detail(&raw).contains("Content-Length"));
    let log = served.log();
    assert!(log[0].starts_with("POST   /Users "), "{log:?}");
    assert!(log[0].ends_with(" 411 (length required)"), "{log:?}");
    still_serving(&served);
}

#[test]
fn a_request_outside_the_base_path_gets_a_scim_404_naming_it() {
    let served = serve(SEED, |_| {});
    let raw = answer_to(&served, b"GET /Users HTTP/1.1\r\n\r\n");
    assert_eq!(raw.status, 404);
    let base = served.running.base_url().to_string();
    assert!(detail(&raw).contains(&base), "{}", detail(&raw));
}

#[test]
fn a_stalled_half_request_gets_408_while_others_are_served() {
    let patience = Duration::from_secs(2);
    let served = serve(SEED, |c| c.read_timeout = patience);
    let mut stalled = served.client();
    stalled.send_bytes(b"GET /scim/v2/Users HTTP/1.1\r\nAuthorization: Bea");

    let started = Instant::now();
    for _ in 0..5 {
        still_serving(&served);
    }
    assert!(started.elapsed() < patience, "others were not held up");
    let raw = stalled
        .read_response(false)
        .expect("a 408 once the time is up");
    assert_eq!(raw.status, 408);
}

#[test]
fn a_body_that_stops_short_gets_408_and_creates_nobody() {
    let served = serve(SEED, |c| c.read_timeout = Duration::from_millis(400));
    let post = Script::new(&served.token).post("slow@example.com");
    let bytes = wire_bytes(&post, &[]);
    let mut slow = served.client();
    slow.send_bytes(bytes.get(..bytes.len() - 10).unwrap_or_default());
    assert_eq!(slow.read_response(false).map(|r| r.status), Some(408));
    assert_eq!(served.running.snapshot().tenant.users().len(), 0);
}

#[test]
fn a_client_that_vanishes_mid_body_leaves_the_tenant_untouched() {
    let served = serve(SEED, |_| {});
    let post = Script::new(&served.token).post("gone@example.com");
    let bytes = wire_bytes(&post, &[]);
    {
        let mut gone = served.client();
        gone.send_bytes(bytes.get(..bytes.len() / 2).unwrap_or_default());
    }
    still_serving(&served);
    assert_eq!(served.running.snapshot().tenant.users().len(), 0);
}

#[test]
fn a_full_queue_turns_connections_away_with_503() {
    let served = serve(SEED, |c| {
        c.workers = 1;
        c.queue = 1;
        c.idle_timeout = Duration::from_millis(300);
    });
    let list = Script::new(&served.token).get("/Users");
    let mut holder = served.client();
    assert_eq!(holder.exchange(&list).status, 200);

    let mut queued = served.client();
    queued.send_bytes(&wire_bytes(&list, &[]));
    let mut turned_away = served.client();
    turned_away.send_bytes(&wire_bytes(&list, &[]));
    let raw = turned_away
        .read_response(false)
        .expect("an immediate answer");
    assert_eq!(raw.status, 503);
    assert_eq!(raw.header("Retry-After"), Some("1"));

    // Once the holder's idle time is up, the queued connection is served.
    assert_eq!(queued.read_response(false).map(|r| r.status), Some(200));
}

#[test]
fn pipelined_requests_are_answered_in_order() {
    let served = serve(SEED, |_| {});
    let script = Script::new(&served.token);
    let mut bytes = wire_bytes(&script.get("/ServiceProviderConfig"), &[]);
    bytes.extend(wire_bytes(&script.get("/Users/none"), &[]));
    let mut client = served.client();
    client.send_bytes(&bytes);
    assert_eq!(client.read_response(false).map(|r| r.status), Some(200));
    assert_eq!(client.read_response(false).map(|r| r.status), Some(404));
}

#[test]
fn an_http_1_0_request_is_answered_and_the_connection_closed() {
    let served = serve(SEED, |_| {});
    let auth = format!("Bearer {}", served.token);
    let mut client = served.client();
    client.send_bytes(
        format!("GET /scim/v2/Users HTTP/1.0\r\nAuthorization: {auth}\r\n\r\n").as_bytes(),
    );
    let raw = client.read_response(false).expect("an answer");
    assert_eq!((raw.status, raw.closes()), (200, true));
}

#[test]
fn a_head_request_gets_headers_only_and_the_connection_goes_on() {
    let served = serve(SEED, |_| {});
    let script = Script::new(&served.token);
    let mut client = served.client();
    let head = HttpRequest::new("HEAD", "/Users").with_header("Authorization", &script.auth);
    let raw = client.exchange(&head);
    assert_eq!(raw.status, 405);
    assert!(raw.body.is_empty());
    assert_ne!(raw.header("Content-Length"), Some("0"));
    assert_eq!(client.exchange(&script.get("/Users")).status, 200);
}

#[test]
fn expect_100_continue_is_honoured() {
    let served = serve(SEED, |_| {});
    let post = Script::new(&served.token).post("eager@example.com");
    let bytes = wire_bytes(&post, &[("Expect", "100-continue")]);
    let head_end = bytes.len() - post.body.len();
    let mut client = served.client();
    client.send_bytes(bytes.get(..head_end).unwrap_or_default());
    let interim = client.read_one_interim();
    assert_eq!(interim, Some(100));
    client.send_bytes(bytes.get(head_end..).unwrap_or_default());
    assert_eq!(client.read_response(false).map(|r| r.status), Some(201));
}

#[test]
fn a_body_that_is_not_utf8_is_decoded_as_a_browser_would_and_answered() {
    let served = serve(SEED, |_| {});
    let auth = format!("Bearer {}", served.token);
    let mut bytes = format!(
        "POST /scim/v2/Users HTTP/1.1\r\nAuthorization: {auth}\r\n\
         Content-Type: application/scim+json\r\nContent-Length: 4\r\n\r\n"
    )
    .into_bytes();
    bytes.extend([0xff, 0xfe, b'{', b'}']);
    let raw = answer_to(&served, &bytes);
    assert_eq!(raw.status, 400);
    assert_eq!(raw.json()["scimType"], "invalidSyntax");
    still_serving(&served);
}

/// What one concurrent client did: the users it created and any unexpected answer.
struct Tally {
    created: Vec<String>,
    unexpected: Vec<String>,
}

/// One client's 50 requests over a kept-alive connection: creates of its own users, a
/// create of a userName every client tries (one wins), lookups, pages, deactivations.
fn client_run(served_addr: std::net::SocketAddr, token: &str, n: usize) -> Tally {
    let script = Script::new(token);
    let mut client = Client::new(served_addr);
    let mut tally = Tally {
        created: Vec::new(),
        unexpected: Vec::new(),
    };
    for j in 0..50 {
        let (req, allowed): (HttpRequest, &[u16]) = match j % 5 {
            0 => (script.post(&format!("c{n}-{j}@example.com")), &[201]),
            1 => (script.post(&format!("shared-{j}@example.com")), &[201, 409]),
            2 => (
                script.lookup(&format!("c{n}-{}@example.com", j - 2)),
                &[200],
            ),
            3 => (script.get("/Users?startIndex=1&count=5"), &[200]),
            _ => match tally.created.last() {
                Some(id) => (script.deactivate(id), &[200]),
                None => (script.get("/Users/none"), &[404]),
            },
        };
        let raw = client.exchange(&req);
        if raw.status == 201 {
            tally
                .created
                .push(raw.json()["id"].as_str().unwrap_or_default().to_string());
        }
        if !allowed.contains(&raw.status) {
            tally
                .unexpected
                .push(format!("{} {}: {}", req.method, req.path, raw.status));
        }
    }
    tally
}

#[test]
fn eight_concurrent_clients_leave_a_consistent_tenant() {
    let served = serve(SEED, |c| c.workers = 8);
    let addr = served.addr();
    let handles: Vec<_> = (0..8)
        .map(|n| {
            let token = served.token.clone();
            thread::spawn(move || client_run(addr, &token, n))
        })
        .collect();
    let tallies: Vec<Tally> = handles
        .into_iter()
        .map(|h| h.join().expect("a client thread finishes"))
        .collect();

    let unexpected: Vec<&String> = tallies.iter().flat_map(|t| &t.unexpected).collect();
    assert!(unexpected.is_empty(), "{unexpected:?}");
    let created: usize = tallies.iter().map(|t| t.created.len()).sum();
    // 8 clients × 10 own users, plus exactly one winner for each of 10 shared names.
    assert_eq!(created, 90);
    let tenant = served.running.stop().tenant;
    assert_eq!(tenant.check_invariants(), Ok(()));
    assert_eq!(tenant.users().len(), created);
}
