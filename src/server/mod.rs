//! The native front door: one LeadIQ tenant's SCIM endpoint served over HTTP/1.1, answered
//! by the very engine the browser build runs. Native only; the wasm bundle never sees it.
//!
//! A bounded pool of worker threads reads requests with size and time limits (`wire`),
//! turns each into the engine's [`HttpRequest`](crate::engine::HttpRequest) and lets the
//! tenant answer it under one lock (`door`), then prints a projector line (`log`).
//!
//! ```no_run
//! use leadiq_scim_sandbox::engine::{SeededEnv, Tenant};
//! use leadiq_scim_sandbox::server::{stdout_log, Config, Server};
//! use leadiq_scim_sandbox::state::Snapshot;
//!
//! let mut env = SeededEnv::new(1);
//! let (tenant, credentials) = Tenant::ready(&mut env);
//! let snapshot = Snapshot { tenant, ..Snapshot::fresh(&mut env) };
//! let server = Server::bind(Config::loopback(8787), snapshot, Box::new(env), stdout_log())?;
//! println!("{} with token {}", server.base_url(), credentials.token);
//! server.start()?.wait();
//! # Ok::<(), std::io::Error>(())
//! ```

mod cli;
mod door;
mod log;
mod persist;
mod sysenv;
mod wire;

pub use cli::{main, prepare, Options, Prepared, HELP};
pub use persist::{load_state, save_state};
pub use sysenv::SystemEnv;
pub use wire::MAX_HEAD_BYTES;

use crate::engine::{Env, HttpResponse};
use crate::state::Snapshot;
use door::Door;
use std::io::{self, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener, TcpStream};
use std::panic::{self, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, SyncSender, TrySendError};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::thread::{self, JoinHandle};
use std::time::Duration;
use wire::{Conn, Limits, Next};

/// Where log lines go: one call per line, from any worker thread.
pub type LogSink = Arc<dyn Fn(&str) + Send + Sync>;

/// A [`LogSink`] that prints each line on standard output.
pub fn stdout_log() -> LogSink {
    Arc::new(|line: &str| {
        // A closed or full terminal must not stop the server.
        let _ = writeln!(io::stdout().lock(), "{line}");
    })
}

/// Requests one connection may carry before the server closes it.
const MAX_REQUESTS_PER_CONNECTION: usize = 10_000;

/// How the server listens and how long it waits.
#[derive(Clone, Debug)]
pub struct Config {
    /// Address and port to listen on; port 0 picks a free one.
    pub addr: SocketAddr,
    /// Worker threads, each serving one connection at a time.
    pub workers: usize,
    /// Accepted connections that may wait for a worker; beyond that they get 503.
    pub queue: usize,
    /// Time a request, once begun, has to arrive in full (slow clients get 408).
    pub read_timeout: Duration,
    /// Time a kept-alive connection may sit idle before it is closed.
    pub idle_timeout: Duration,
    /// Time an answer may take to be written to a slow reader.
    pub write_timeout: Duration,
    /// State file written (atomically) after every request that changed the tenant.
    pub save_to: Option<PathBuf>,
}

impl Config {
    /// Listens on 127.0.0.1:`port` with 16 workers, a queue of 64, 10 s to send a
    /// request, 15 s of keep-alive idleness, 10 s to write an answer, and no state file.
    pub fn loopback(port: u16) -> Config {
        Config {
            addr: SocketAddr::from((Ipv4Addr::LOCALHOST, port)),
            workers: 16,
            queue: 64,
            read_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(15),
            write_timeout: Duration::from_secs(10),
            save_to: None,
        }
    }
}

/// A bound, not yet serving, server.
pub struct Server {
    listener: TcpListener,
    shared: Arc<Shared>,
    workers: usize,
    queue: usize,
}

/// What every worker shares: the tenant behind one lock, and fixed facts.
struct Shared {
    door: Mutex<Door>,
    prefix: String,
    base_url: String,
    limits: Limits,
    log: LogSink,
}

impl Server {
    /// Binds `config.addr` and prepares to serve the tenant of `snapshot`, with `env`
    /// as its time and randomness. Nothing is served until [`Server::start`].
    pub fn bind(
        config: Config,
        snapshot: Snapshot,
        env: Box<dyn Env + Send>,
        log: LogSink,
    ) -> io::Result<Server> {
        let listener = TcpListener::bind(config.addr)?;
        let prefix = door::prefix_of(snapshot.tenant.base_url());
        let base_url = format!("http://{}{prefix}", listener.local_addr()?);
        let door = Door {
            snapshot,
            env,
            save_to: config.save_to,
        };
        let shared = Shared {
            door: Mutex::new(door),
            prefix,
            base_url,
            limits: Limits {
                read: config.read_timeout,
                idle: config.idle_timeout,
                write: config.write_timeout,
            },
            log,
        };
        Ok(Server {
            listener,
            shared: Arc::new(shared),
            workers: config.workers.max(1),
            queue: config.queue.max(1),
        })
    }

    /// The address actually bound (the real port when 0 was asked for).
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// The SCIM base URL clients use, e.g. `http://127.0.0.1:8787/scim/v2`.
    pub fn base_url(&self) -> &str {
        &self.shared.base_url
    }

    /// Starts the workers and the thread that accepts connections.
    pub fn start(self) -> io::Result<Running> {
        let addr = self.listener.local_addr()?;
        let (sender, receiver) = mpsc::sync_channel(self.queue);
        let receiver = Arc::new(Mutex::new(receiver));
        let mut workers = Vec::with_capacity(self.workers);
        for n in 0..self.workers {
            let (shared, receiver) = (Arc::clone(&self.shared), Arc::clone(&receiver));
            let worker = thread::Builder::new()
                .name(format!("scim-worker-{n}"))
                .spawn(move || work(&shared, &receiver))?;
            workers.push(worker);
        }

        let stop = Arc::new(AtomicBool::new(false));
        let (shared, stopping) = (Arc::clone(&self.shared), Arc::clone(&stop));
        let listener = self.listener;
        let acceptor = thread::Builder::new()
            .name("scim-acceptor".to_string())
            .spawn(move || accept(&listener, &shared, sender, workers, &stopping))?;
        Ok(Running {
            addr,
            shared: self.shared,
            stop,
            acceptor,
        })
    }
}

/// A server that is serving.
pub struct Running {
    addr: SocketAddr,
    shared: Arc<Shared>,
    stop: Arc<AtomicBool>,
    acceptor: JoinHandle<()>,
}

impl Running {
    /// The address being served.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// The SCIM base URL clients use.
    pub fn base_url(&self) -> &str {
        &self.shared.base_url
    }

    /// A copy of the snapshot as it stands between two requests.
    pub fn snapshot(&self) -> Snapshot {
        self.shared.lock().snapshot.clone()
    }

    /// Serves until the process ends.
    pub fn wait(self) {
        let _ = self.acceptor.join();
    }

    /// Stops accepting, lets the workers finish their connections, and returns the
    /// final snapshot.
    pub fn stop(self) -> Snapshot {
        self.stop.store(true, Ordering::SeqCst);
        // The acceptor is blocked in accept(); a connection of our own wakes it.
        let _ = TcpStream::connect_timeout(&reachable(self.addr), Duration::from_secs(1));
        let _ = self.acceptor.join();
        let door = self.shared.lock();
        door.snapshot.clone()
    }
}

/// An address to reach a listener on: an unspecified bind is reached on loopback.
fn reachable(addr: SocketAddr) -> SocketAddr {
    match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => (Ipv4Addr::LOCALHOST, addr.port()).into(),
        IpAddr::V6(ip) if ip.is_unspecified() => (Ipv6Addr::LOCALHOST, addr.port()).into(),
        _ => addr,
    }
}

fn accept(
    listener: &TcpListener,
    shared: &Shared,
    sender: SyncSender<TcpStream>,
    workers: Vec<JoinHandle<()>>,
    stop: &AtomicBool,
) {
    for stream in listener.incoming() {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        match stream.map(|s| sender.try_send(s)) {
            Ok(Ok(())) => {}
            Ok(Err(TrySendError::Full(stream))) => shared.turn_away(stream),
            Ok(Err(TrySendError::Disconnected(_))) => break,
            Err(e) => {
                // Out of file descriptors or similar: say so, and give it a moment.
                (shared.log)(&format!("! could not accept a connection: {e}"));
                thread::sleep(Duration::from_millis(50));
            }
        }
    }
    drop(sender);
    for worker in workers {
        let _ = worker.join();
    }
}

fn work(shared: &Shared, receiver: &Mutex<Receiver<TcpStream>>) {
    loop {
        let next = receiver
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .recv();
        let Ok(stream) = next else {
            return;
        };
        guarded(&shared.log, || serve(shared, stream));
    }
}

/// Runs `serve`, turning a panic (a bug) into a log line so the worker lives on.
fn guarded(log: &LogSink, serve: impl FnOnce()) {
    if panic::catch_unwind(AssertUnwindSafe(serve)).is_err() {
        log("! internal error: one connection was dropped; the server goes on serving");
    }
}

/// Answers requests on one connection until it closes, idles out or misbehaves.
fn serve(shared: &Shared, stream: TcpStream) {
    let Ok(mut conn) = Conn::new(stream, shared.limits) else {
        return;
    };
    for turn in 0..MAX_REQUESTS_PER_CONNECTION {
        let request = match conn.next(turn == 0) {
            Next::Request(request) => request,
            Next::Refused(refusal) => {
                let response = door::error_response(refusal.status, &refusal.detail);
                let line = match &refusal.seen {
                    Some((method, target)) => {
                        log::line(method, &log::shown_path(&shared.prefix, target), &response)
                    }
                    None => log::line("-", "(unreadable request)", &response),
                };
                (shared.log)(&line);
                let _ = conn.send(&response, false, false);
                conn.linger();
                return;
            }
            Next::Gone => return,
        };

        let response = shared.answer(&request);
        let keep_alive = request.keep_alive && turn + 1 < MAX_REQUESTS_PER_CONNECTION;
        if conn
            .send(&response, keep_alive, request.method == "HEAD")
            .is_err()
        {
            return;
        }
        if !keep_alive {
            conn.linger();
            return;
        }
    }
}

impl Shared {
    /// The answer to one request: the engine's, or the server's own 404 outside the
    /// base path. Logs one line for it.
    fn answer(&self, request: &wire::Request) -> HttpResponse {
        let response = match door::to_engine(&self.prefix, &self.base_url, request) {
            Err(outside) => outside,
            Ok(engine_request) => {
                let (mut response, trouble) = self.lock().answer(&engine_request);
                if let Some(trouble) = trouble {
                    (self.log)(&format!("! {trouble}"));
                }
                door::restate_length(request, &mut response);
                response
            }
        };
        let shown = log::shown_path(&self.prefix, &request.target);
        (self.log)(&log::line(&request.method, &shown, &response));
        response
    }

    /// The tenant, locked. A panic while it was held (a bug) is reported with the
    /// tenant's health, and serving goes on.
    fn lock(&self) -> MutexGuard<'_, Door> {
        self.door.lock().unwrap_or_else(|poisoned| {
            self.door.clear_poison();
            let door = poisoned.into_inner();
            let health = match door.snapshot.tenant.check_invariants() {
                Ok(()) => "its users are consistent".to_string(),
                Err(why) => format!("its users are inconsistent: {why}"),
            };
            (self.log)(&format!(
                "! the tenant was in use during an internal error; {health}"
            ));
            door
        })
    }

    /// Answers 503 to a connection no worker can take now, without waiting on it.
    fn turn_away(&self, stream: TcpStream) {
        let mut response = door::error_response(
            503,
            "The server is busy with other connections: try again in a moment.",
        );
        response
            .headers
            .push(("Retry-After".to_string(), "1".to_string()));
        (self.log)(&log::line("-", "(connection turned away)", &response));
        let bytes = wire::encode_response(&response, false, false);
        let _ = stream.set_write_timeout(Some(Duration::from_millis(200)));
        let _ = (&stream).write_all(&bytes);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panicking_connection_is_logged_and_contained() {
        let lines = Arc::new(Mutex::new(Vec::<String>::new()));
        let sink = Arc::clone(&lines);
        let log: LogSink = Arc::new(move |line: &str| {
            sink.lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(line.to_string())
        });
        guarded(&log, || panic!("a bug in one connection"));
        guarded(&log, || {});
        let lines = lines.lock().unwrap_or_else(PoisonError::into_inner);
        assert_eq!(lines.len(), 1);
        assert!(lines
            .iter()
            .all(|l| l.contains("the server goes on serving")));
    }

    #[test]
    fn an_unspecified_bind_is_reached_on_loopback() {
        let any: SocketAddr = (Ipv4Addr::UNSPECIFIED, 8787).into();
        assert_eq!(reachable(any), (Ipv4Addr::LOCALHOST, 8787).into());
    }
}
