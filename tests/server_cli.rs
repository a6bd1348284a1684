//! The `leadiq-scim-server` command as a trainer runs it: its help, the loopback rule,
//! the banner with base URL and token, the projector log, and state files exported from
//! the browser sandbox, loaded, served and written back.
#![cfg(not(target_arch = "wasm32"))]

mod server_support;

use leadiq_scim_sandbox::engine::{HttpRequest, SeededEnv, Tenant};
use leadiq_scim_sandbox::server::save_state;
use leadiq_scim_sandbox::state::{self, Snapshot};
use server_support::{Client, Script};
use std::io::{BufRead, BufReader};
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_leadiq-scim-server");
const WAIT: Duration = Duration::from_secs(20);

/// A server binary running on an ephemeral port, and the lines it prints.
struct Running {
    child: Child,
    lines: Receiver<String>,
    banner: Vec<String>,
}

impl Running {
    fn start(args: &[&str]) -> Running {
        let mut child = Command::new(BIN)
            .args(["--port", "0"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the server binary starts");
        let stdout = child.stdout.take().expect("stdout is piped");
        let (sender, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if sender.send(line).is_err() {
                    return;
                }
            }
        });
        let mut running = Running {
            child,
            lines,
            banner: Vec::new(),
        };
        while let Ok(line) = running.lines.recv_timeout(WAIT) {
            let last = line.starts_with("Stop with Ctrl-C");
            running.banner.push(line);
            if last {
                break;
            }
        }
        running
    }

    /// The value after a banner label, e.g. `SCIM base URL`.
    fn value(&self, label: &str) -> String {
        let line = self
            .banner
            .iter()
            .find(|l| l.trim_start().starts_with(label));
        let value = line
            .and_then(|l| l.split_once(label))
            .map(|(_, v)| v.trim());
        value.unwrap_or_default().to_string()
    }

    fn addr(&self) -> SocketAddr {
        let base = self.value("SCIM base URL");
        let authority = base
            .trim_start_matches("http://")
            .split('/')
            .next()
            .unwrap_or_default()
            .to_string();
        authority
            .parse()
            .expect("the banner names a socket address")
    }

    /// Log lines printed so far, waiting briefly for `count` of them.
    fn log(&self, count: usize) -> Vec<String> {
        let mut lines = Vec::new();
        while lines.len() < count {
            match self.lines.recv_timeout(WAIT) {
                Ok(line) => lines.push(line),
                Err(_) => break,
            }
        }
        lines
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        // As Ctrl-C would: no chance to save anything more on the way out.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn run_to_end(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("the server binary runs")
}

/// A file in the temporary directory, removed when the test ends.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("leadiq-server-cli-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("the temporary directory is writable");
        Scratch(dir.join(name))
    }
}

impl std::ops::Deref for Scratch {
    type Target = Path;

    fn deref(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn read_snapshot(path: &Path) -> Snapshot {
    let text = std::fs::read_to_string(path).expect("the state file exists");
    state::decode(&text).expect("the state file decodes")
}

fn path_arg(path: &Path) -> &str {
    path.to_str().expect("temporary paths are UTF-8 here")
}

#[test]
fn help_names_every_option() {
    let output = run_to_end(&["--help"]);
    assert!(output.status.success());
    let help = String::from_utf8_lossy(&output.stdout);
    for option in [
        "--port",
        "--bind",
        "--allow-non-loopback",
        "--state",
        "--new-token",
        "--save",
        "--seed",
    ] {
        assert!(help.contains(option), "{option} is missing from --help");
    }
}

#[test]
fn a_non_loopback_bind_is_refused_and_the_reason_given() {
    let output = run_to_end(&["--bind", "0.0.0.0", "--port", "0"]);
    assert_eq!(output.status.code(), Some(2));
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(said.contains("refusing to listen on 0.0.0.0"), "{said}");
    assert!(said.contains("not a loopback address"), "{said}");
}

#[test]
fn a_port_in_use_is_reported_as_such() {
    let taken = TcpListener::bind("127.0.0.1:0").expect("a free port");
    let port = taken.local_addr().map(|a| a.port()).unwrap_or_default();
    let output = run_to_end(&["--port", &port.to_string()]);
    assert_eq!(output.status.code(), Some(1));
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(said.contains("already in use"), "{said}");
}

#[test]
fn a_fresh_start_prints_a_base_url_and_a_new_token_that_works() {
    let first = Running::start(&[]);
    let second = Running::start(&[]);
    let token = first.value("Bearer token");
    assert_eq!(token.len(), 64, "{:?}", first.banner);
    assert_ne!(
        token,
        second.value("Bearer token"),
        "every start draws a new token"
    );
    assert!(first.value("SCIM base URL").ends_with("/scim/v2"));

    let mut client = Client::new(first.addr());
    assert_eq!(
        client.exchange(&Script::new(&token).get("/Users")).status,
        200
    );
    assert_eq!(
        client.exchange(&Script::new("guess").get("/Users")).status,
        401
    );
}

#[test]
fn the_log_shows_method_path_status_and_error_type_but_no_secrets() {
    let server = Running::start(&["--seed", "3"]);
    let token = server.value("Bearer token");
    let script = Script::new(&token);
    let mut client = Client::new(server.addr());
    client.exchange(&script.post("ada@example.com"));
    client.exchange(&script.lookup("ada@example.com"));
    client.exchange(&script.get("/Users?filter=userName%20equals%20x"));
    client.exchange(&script.with_body("PUT", "/Users/2819c223-7f76-453a-919d-413861904646", "{}"));

    let log = server.log(4);
    assert!(log[0].starts_with("POST   /Users "), "{log:?}");
    assert!(log[0].ends_with(" 201"), "{log:?}");
    assert!(
        log[1].contains("/Users?filter=userName eq \"ada@example.com\""),
        "{log:?}"
    );
    assert!(log[2].ends_with("400 (invalidFilter)"), "{log:?}");
    assert!(log[3].starts_with("PUT    /Users/2819c223… "), "{log:?}");
    assert!(
        log[3].ends_with("501 (LeadIQ does not support this)"),
        "{log:?}"
    );
    let all = log.join("\n");
    assert!(!all.contains(&token) && !all.contains("Pa55word"), "{all}");
}

#[test]
fn every_change_is_saved_at_once_so_a_killed_server_loses_nothing() {
    let file = Scratch::new("saved.json");
    let server = Running::start(&["--seed", "4", "--save", path_arg(&file)]);
    assert_eq!(
        read_snapshot(&file).tenant.users().len(),
        0,
        "saved at start"
    );
    let token = server.value("Bearer token");
    let mut client = Client::new(server.addr());
    assert_eq!(
        client
            .exchange(&Script::new(&token).post("ada@example.com"))
            .status,
        201
    );
    drop(client);
    drop(server);

    let tenant = read_snapshot(&file).tenant;
    let names: Vec<&str> = tenant.users().iter().map(|u| u.user_name()).collect();
    assert_eq!(names, ["ada@example.com"]);
}

#[test]
fn a_state_file_from_the_sandbox_is_served_and_written_back_whole() {
    let (mut tenant, credentials) = Tenant::ready(&mut SeededEnv::new(8));
    let mut env = SeededEnv::new(9);
    let created = tenant.handle(
        &Script::new(&credentials.token).post("grace@example.com"),
        &mut env,
    );
    assert_eq!(created.status, 201);
    let file = Scratch::new("exported.json");
    let exported = Snapshot {
        current_step: "mapping".to_string(),
        tenant,
        ..Snapshot::fresh(&mut SeededEnv::new(1))
    };
    save_state(&file, &exported).expect("the temporary directory is writable");

    let path = path_arg(&file);
    let server = Running::start(&["--state", path, "--save", path]);
    assert!(server
        .value("Bearer token")
        .contains("generated in the sandbox"));
    let script = Script::new(&credentials.token);
    let mut client = Client::new(server.addr());
    let found = client.exchange(&script.lookup("grace@example.com"));
    assert_eq!(found.json()["totalResults"], 1);
    assert_eq!(client.exchange(&script.post("ada@example.com")).status, 201);
    drop(client);
    drop(server);

    let saved = read_snapshot(&file);
    assert_eq!(
        saved.current_step, "mapping",
        "fields beyond the tenant are kept"
    );
    assert_eq!(saved.tenant.users().len(), 2);
}

#[test]
fn new_token_replaces_the_sandboxes_token_and_prints_the_new_one() {
    let (tenant, credentials) = Tenant::ready(&mut SeededEnv::new(10));
    let file = Scratch::new("renew.json");
    let snapshot = Snapshot {
        tenant,
        ..Snapshot::fresh(&mut SeededEnv::new(1))
    };
    save_state(&file, &snapshot).expect("the temporary directory is writable");

    let server = Running::start(&["--state", path_arg(&file), "--new-token"]);
    let token = server.value("Bearer token");
    assert_eq!(token.len(), 64, "{:?}", server.banner);
    let mut client = Client::new(server.addr());
    assert_eq!(
        client.exchange(&Script::new(&token).get("/Users")).status,
        200
    );
    let old = client.exchange(&Script::new(&credentials.token).get("/Users"));
    assert_eq!(old.status, 401);
    assert!(old.json()["detail"]
        .as_str()
        .unwrap_or_default()
        .contains("replaced"));
}

#[test]
fn a_tenant_without_scim_is_served_as_it_is_with_a_warning() {
    let file = Scratch::new("not-set-up.json");
    save_state(&file, &Snapshot::fresh(&mut SeededEnv::new(1)))
        .expect("the temporary directory is writable");
    let server = Running::start(&["--state", path_arg(&file)]);
    let banner = server.banner.join("\n");
    assert!(
        banner.contains("Warning") && banner.contains("not set up"),
        "{banner}"
    );

    let req = HttpRequest::new("GET", "/Users").with_header("Authorization", "Bearer x");
    let engine = Tenant::new().handle(&req, &mut SeededEnv::new(1));
    let raw = Client::new(server.addr()).exchange(&req);
    server_support::assert_same(&raw, &engine, "GET /Users without SCIM");
    assert_eq!(raw.status, 404);
}

#[test]
fn new_token_for_a_tenant_behind_a_closed_gate_is_refused_with_the_gate() {
    let file = Scratch::new("closed.json");
    save_state(&file, &Snapshot::fresh(&mut SeededEnv::new(1)))
        .expect("the temporary directory is writable");
    let output = run_to_end(&["--port", "0", "--state", path_arg(&file), "--new-token"]);
    assert_eq!(output.status.code(), Some(1));
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(said.contains("cannot make a new token"), "{said}");
    assert!(said.contains("Enterprise plan"), "{said}");
}
