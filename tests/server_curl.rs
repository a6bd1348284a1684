//! "Copy as curl" works against the server: the commands `HttpRequest::to_curl` writes
//! are run by `sh -c` with the server's base URL in `LEADIQ_SCIM_BASE`, and curl's answers
//! equal the engine's. The shell hands curl exactly the intended arguments.
#![cfg(not(target_arch = "wasm32"))]

mod server_support;

use leadiq_scim_sandbox::engine::http::CURL_BASE_VAR;
use leadiq_scim_sandbox::engine::HttpRequest;
use server_support::{assert_same, direct, first_id, script, serve, Raw, ENGINE_BASE};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const CURL: &str = "/usr/bin/curl";

/// Runs `command` with `sh -c`, killing it if it takes longer than 20 seconds.
fn shell(command: &str, base: Option<&str>) -> Output {
    let mut sh = Command::new("sh");
    sh.arg("-c").arg(command).stdin(Stdio::null());
    sh.stdout(Stdio::piped()).stderr(Stdio::piped());
    match base {
        Some(base) => sh.env(CURL_BASE_VAR, base),
        None => sh.env_remove(CURL_BASE_VAR),
    };
    let mut child = sh.spawn().expect("sh runs");
    let started = Instant::now();
    while child.try_wait().ok().flatten().is_none() {
        if started.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    child.wait_with_output().expect("sh's output")
}

/// Parses `curl -i` output: the last status block (after any `100 Continue`) and body.
fn parse_curl(stdout: &[u8]) -> Raw {
    let mut rest = stdout;
    loop {
        let end = rest
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("curl -i prints a head");
        let head = String::from_utf8_lossy(rest.get(..end).unwrap_or_default()).into_owned();
        let body = rest.get(end + 4..).unwrap_or_default();
        let mut lines = head.split("\r\n");
        let status_line = lines.next().unwrap_or_default();
        let status: u16 = status_line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        if status == 100 {
            rest = body;
            continue;
        }
        let headers = lines
            .filter_map(|l| l.split_once(": "))
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect();
        return Raw {
            status,
            headers,
            body: body.to_vec(),
        };
    }
}

#[test]
fn copied_curl_commands_get_the_engines_answers_from_the_server() {
    if !Path::new(CURL).exists() {
        eprintln!("skipped: {CURL} is not installed, so copied commands cannot be run");
        return;
    }
    let seed = 77;
    let (mut tenant, mut env, token) = direct(seed);
    let served = serve(seed, |_| {});
    let base = served.running.base_url().to_string();

    for req in script(&token, &first_id(seed)) {
        let engine = tenant.handle(&req, &mut env);
        let output = shell(&req.to_curl(ENGINE_BASE), Some(&base));
        let what = format!("{} {}", req.method, req.path);
        assert!(output.status.success(), "{what}: {:?}", output);
        assert_same(&parse_curl(&output.stdout), &engine, &what);
    }
    assert_eq!(served.running.stop().tenant.users().len(), 2);
}

/// The arguments the shell hands to `curl`, printed one per line by a stand-in function.
fn argv(command: &str, base: Option<&str>) -> Vec<String> {
    let stand_in =
        format!("curl() {{ for a in \"$@\"; do printf '%s\\n<>\\n' \"$a\"; done; }}; {command}");
    let output = shell(&stand_in, base);
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    let mut args: Vec<String> = text.split("\n<>\n").map(str::to_string).collect();
    args.pop();
    args
}

#[test]
fn the_shell_passes_bodies_headers_and_paths_through_unchanged() {
    let body = "{\"n\":\"O'Hara \\\"Q\\\" $HOME `id` $(id) \\\\ !x\nline two\"}";
    let req = HttpRequest::new("PATCH", "/Users/a b?filter=userName eq \"o'h$x\"")
        .with_header("Authorization", "Bearer it's $TOKEN")
        .with_header("X-Empty", "")
        .with_body(body);
    let args = argv(&req.to_curl(ENGINE_BASE), None);
    let url = format!("{ENGINE_BASE}/Users/a%20b?filter=userName%20eq%20%22o'h$x%22");
    let expected = [
        "-sS",
        "-i",
        "-X",
        "PATCH",
        url.as_str(),
        "-H",
        "Authorization: Bearer it's $TOKEN",
        "-H",
        "X-Empty;",
        "--data-raw",
        body,
    ];
    assert_eq!(args, expected);
}

#[test]
fn the_base_url_comes_from_the_environment_when_it_is_set() {
    let req = HttpRequest::new("GET", "/Users?count=1");
    let args = argv(
        &req.to_curl(ENGINE_BASE),
        Some("http://127.0.0.1:8787/scim/v2"),
    );
    assert_eq!(
        args.get(4).map(String::as_str),
        Some("http://127.0.0.1:8787/scim/v2/Users?count=1")
    );
}
