//! Requests per second of the `leadiq-scim-server` binary over loopback, for the Okta mix
//! (a userName lookup that misses, the create that follows, a deactivation and a page of
//! 100), from 1 and then 4 kept-alive client connections. Run with
//! `cargo bench --bench server`; each run lasts `SERVER_BENCH_SECONDS` (default 3). The
//! binary is built with the bench profile (opt-level 3, like the `server` profile) and
//! prints its activity log to a pipe this bench drains, as a terminal would show it.

#[cfg(not(target_arch = "wasm32"))]
#[path = "../tests/server_support/mod.rs"]
mod server_support;

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    native::run();
}

/// Nothing to measure where there are no sockets.
#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use super::server_support::{Client, Script};
    use std::io::{BufRead, BufReader};
    use std::net::SocketAddr;
    use std::process::{Child, Command, Stdio};
    use std::sync::mpsc;
    use std::thread;
    use std::time::{Duration, Instant};

    const BIN: &str = env!("CARGO_BIN_EXE_leadiq-scim-server");

    /// Users created before measuring, so pages and lookups see a tenant of some size.
    const PRELOAD: usize = 1000;

    /// Most rounds one client runs, whatever the time allows.
    const MAX_ROUNDS: usize = 200_000;

    struct Server {
        child: Child,
        addr: SocketAddr,
        token: String,
    }

    impl Drop for Server {
        fn drop(&mut self) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }

    fn start() -> Server {
        let mut child = Command::new(BIN)
            .args(["--port", "0", "--seed", "1"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the server binary starts");
        let stdout = child.stdout.take().expect("stdout is piped");
        let (sender, lines) = mpsc::channel();
        thread::spawn(move || {
            // Everything after the banner is the activity log: read and dropped.
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = sender.send(line);
            }
        });
        let (mut base, mut token) = (String::new(), String::new());
        while let Ok(line) = lines.recv_timeout(Duration::from_secs(20)) {
            if let Some(v) = line.trim().strip_prefix("SCIM base URL") {
                base = v.trim().to_string();
            }
            if let Some(v) = line.trim().strip_prefix("Bearer token") {
                token = v.trim().to_string();
            }
            if line.starts_with("Stop with Ctrl-C") {
                break;
            }
        }
        thread::spawn(move || while lines.recv().is_ok() {});
        let authority = base.trim_start_matches("http://").split('/').next();
        let addr = authority.and_then(|a| a.parse().ok()).expect("a base URL");
        Server { child, addr, token }
    }

    /// One client's rounds of the mix until `until`; returns requests made.
    fn client(addr: SocketAddr, token: &str, n: usize, until: Instant) -> usize {
        let script = Script::new(token);
        let mut client = Client::new(addr);
        let mut requests = 0;
        for round in 0..MAX_ROUNDS {
            if Instant::now() >= until {
                break;
            }
            let login = format!("bench{n}-{round}@example.com");
            assert_eq!(client.exchange(&script.lookup(&login)).status, 200);
            let created = client.exchange(&script.post(&login));
            assert_eq!(created.status, 201);
            let id = created.json()["id"]
                .as_str()
                .unwrap_or_default()
                .to_string();
            assert_eq!(client.exchange(&script.deactivate(&id)).status, 200);
            let page = script.get("/Users?startIndex=1&count=100");
            assert_eq!(client.exchange(&page).status, 200);
            requests += 4;
        }
        requests
    }

    fn measure(server: &Server, clients: usize, seconds: u64) -> f64 {
        let started = Instant::now();
        let until = started + Duration::from_secs(seconds);
        let handles: Vec<_> = (0..clients)
            .map(|n| {
                let (addr, token) = (server.addr, server.token.clone());
                thread::spawn(move || client(addr, &token, n + clients * 1000, until))
            })
            .collect();
        let requests: usize = handles.into_iter().filter_map(|h| h.join().ok()).sum();
        requests as f64 / started.elapsed().as_secs_f64()
    }

    pub fn run() {
        let seconds = std::env::var("SERVER_BENCH_SECONDS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(3);
        let server = start();
        let script = Script::new(&server.token);
        let mut preload = Client::new(server.addr);
        for n in 0..PRELOAD {
            preload.exchange(&script.post(&format!("preload{n}@example.com")));
        }
        drop(preload);

        eprintln!("leadiq-scim-server over loopback, keep-alive, Okta mix");
        eprintln!("(lookup miss + create + deactivate + page of 100), {PRELOAD} users preloaded");
        for clients in [1, 4] {
            let rate = measure(&server, clients, seconds);
            eprintln!("  {clients} client(s): {rate:>8.0} requests/s over {seconds} s");
        }
    }
}
