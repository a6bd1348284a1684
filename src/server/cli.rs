//! The `leadiq-scim-server` command: its options, the tenant it starts with (fresh, or
//! from a state file the browser sandbox exported), and the banner a trainer reads.

use super::persist::{load_state, save_state};
use super::sysenv::SystemEnv;
use super::{stdout_log, Config, Server};
use crate::engine::http::CURL_BASE_VAR;
use crate::engine::{missing_reason, Env, ScimStatus, SeededEnv, Tenant};
use crate::state::Snapshot;
use std::io::{self, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;

/// What `--help` prints.
pub const HELP: &str = "\
leadiq-scim-server: serves one LeadIQ tenant's SCIM 2.0 endpoint over HTTP, answered by
the same engine the browser sandbox runs, for curl, Postman and real SCIM clients.

Usage: leadiq-scim-server [OPTIONS]

Options:
  --port N              Port to listen on (default 8787; 0 picks a free one).
  --bind ADDR           Address to listen on (default 127.0.0.1). Only loopback
                        addresses (127.0.0.0/8, ::1, localhost) unless the next
                        option is given.
  --allow-non-loopback  Let --bind take any address. The server speaks plain HTTP
                        and the tenant answers anyone holding its token: use this
                        only on a network you trust.
  --state FILE          Serve the tenant in FILE, a state file exported from the
                        browser sandbox. Without it: a fresh tenant with SCIM set
                        up and a new token, printed at start.
  --new-token           With --state: generate new SCIM credentials and print the
                        token. A state file keeps only a hash of its token, so
                        without this use the token you generated in the sandbox.
  --save FILE           Write the state to FILE at start and after every request
                        that changed the tenant (a temporary file renamed over the
                        old one). FILE may be the --state file. The browser
                        sandbox can import it.
  --seed N              Deterministic time and randomness: the same requests give
                        the same token, ids and bytes on every run. For tests and
                        rehearsed demos, never for anything real.
  -h, --help            Print this help.

Requests go to http://127.0.0.1:PORT/scim/v2/... (the base path of the tenant's base
URL). Commands copied from the sandbox with \"copy as curl\" run unchanged once
LEADIQ_SCIM_BASE is set to the base URL this server prints. Stop with Ctrl-C.
";

/// The command's options.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// Port to listen on.
    pub port: u16,
    /// Address to listen on.
    pub bind: IpAddr,
    /// Whether a non-loopback `bind` is allowed.
    pub allow_non_loopback: bool,
    /// State file to serve instead of a fresh tenant.
    pub state: Option<PathBuf>,
    /// Whether to generate new credentials for the loaded tenant.
    pub new_token: bool,
    /// State file to write after every change.
    pub save: Option<PathBuf>,
    /// Seed of a deterministic environment, instead of the clock and OS randomness.
    pub seed: Option<u64>,
    /// Whether only the help was asked for.
    pub help: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            port: 8787,
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            allow_non_loopback: false,
            state: None,
            new_token: false,
            save: None,
            seed: None,
            help: false,
        }
    }
}

impl Options {
    /// Reads the arguments after the program name; `--name value` and `--name=value`.
    pub fn parse<I: IntoIterator<Item = String>>(args: I) -> Result<Options, String> {
        let mut options = Options::default();
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            let (name, inline) = match arg.split_once('=') {
                Some((name, value)) if name.starts_with("--") => (name, Some(value.to_string())),
                _ => (arg.as_str(), None),
            };
            let mut value = || {
                inline
                    .clone()
                    .or_else(|| args.next())
                    .ok_or_else(|| format!("{name} needs a value; see --help"))
            };
            match name {
                "--port" => options.port = parse_port(&value()?)?,
                "--bind" => options.bind = parse_ip(&value()?)?,
                "--state" => options.state = Some(PathBuf::from(value()?)),
                "--save" => options.save = Some(PathBuf::from(value()?)),
                "--seed" => options.seed = Some(parse_seed(&value()?)?),
                "--allow-non-loopback" => options.allow_non_loopback = true,
                "--new-token" => options.new_token = true,
                "-h" | "--help" => options.help = true,
                other => return Err(format!("unknown option `{other}`; see --help")),
            }
        }
        if options.new_token && options.state.is_none() {
            return Err(
                "--new-token needs --state: a fresh tenant always gets a new token".into(),
            );
        }
        Ok(options)
    }

    /// The address to listen on, refused with the reason when it is not loopback and
    /// that was not explicitly allowed.
    pub fn address(&self) -> Result<SocketAddr, String> {
        if !self.bind.is_loopback() && !self.allow_non_loopback {
            return Err(format!(
                "refusing to listen on {}: it is not a loopback address. This server speaks \
                 plain HTTP and lets anyone holding the token read and change the tenant, so \
                 by default only this machine may reach it. Leave out --bind (127.0.0.1), \
                 or add --allow-non-loopback if other machines must reach it.",
                self.bind
            ));
        }
        Ok(SocketAddr::new(self.bind, self.port))
    }
}

fn parse_port(text: &str) -> Result<u16, String> {
    text.trim()
        .parse()
        .map_err(|_| format!("--port takes a number from 0 to 65535, not `{text}`"))
}

fn parse_ip(text: &str) -> Result<IpAddr, String> {
    if text.eq_ignore_ascii_case("localhost") {
        return Ok(IpAddr::V4(Ipv4Addr::LOCALHOST));
    }
    text.trim()
        .parse()
        .map_err(|_| format!("--bind takes an IP address such as 127.0.0.1 or ::1, not `{text}`"))
}

fn parse_seed(text: &str) -> Result<u64, String> {
    text.trim()
        .parse()
        .map_err(|_| format!("--seed takes a whole number, not `{text}`"))
}

/// Everything the server starts with.
pub struct Prepared {
    /// The snapshot whose tenant is served.
    pub snapshot: Snapshot,
    /// Time and randomness for the engine.
    pub env: Box<dyn Env + Send>,
    /// The bearer token, when it is known (a fresh tenant, or `--new-token`).
    pub token: Option<String>,
    /// Where the tenant came from, for the banner.
    pub origin: String,
    /// Things about the tenant the trainer should know before sending requests.
    pub warnings: Vec<String>,
}

/// Builds the tenant the options ask for: fresh with SCIM set up, or loaded from a state
/// file (with new credentials if asked). A loaded tenant is served as it is, gates and
/// all; what will make its requests fail is put in `warnings`.
pub fn prepare(options: &Options) -> Result<Prepared, String> {
    let mut env: Box<dyn Env + Send> = match options.seed {
        Some(seed) => Box::new(SeededEnv::new(seed)),
        None => Box::new(SystemEnv::new()?),
    };
    let Some(path) = &options.state else {
        let (tenant, credentials) = Tenant::ready(&mut *env);
        return Ok(Prepared {
            // The server never touches the Okta side: the sample org only rides along in
            // the state file for the browser, so it draws from its own fixed source and
            // leaves the server's time and randomness exactly as the engine alone uses them.
            snapshot: Snapshot {
                tenant,
                ..Snapshot::fresh(&mut SeededEnv::new(0))
            },
            env,
            token: Some(credentials.token),
            origin: format!("{}, a fresh tenant with SCIM set up", Tenant::DEFAULT_SLUG),
            warnings: Vec::new(),
        });
    };

    let mut snapshot = load_state(path)?;
    let mut token = None;
    if options.new_token {
        let credentials = snapshot
            .tenant
            .generate_credentials(&mut *env)
            .map_err(|e| format!("cannot make a new token: {e}"))?;
        token = Some(credentials.token);
    }
    let tenant = &snapshot.tenant;
    let origin = format!(
        "{} from {}, {} users",
        tenant.slug(),
        path.display(),
        tenant.users().len()
    );
    let warnings = gate_warnings(tenant);
    Ok(Prepared {
        snapshot,
        env,
        token,
        origin,
        warnings,
    })
}

/// Why requests to a loaded tenant will fail, if they will.
fn gate_warnings(tenant: &Tenant) -> Vec<String> {
    match tenant.scim_status() {
        ScimStatus::Active => Vec::new(),
        ScimStatus::NotSetUp => vec![
            "SCIM is not set up in this state file: every request gets 404, as LeadIQ \
             would answer, until SCIM credentials are generated in the sandbox."
                .to_string(),
        ],
        ScimStatus::Suspended(missing) => vec![format!(
            "SCIM is suspended in this state file ({}): every request gets 403, as \
             LeadIQ would answer, until that is fixed in the sandbox.",
            missing_reason(missing, tenant.plan())
        )],
    }
}

/// The lines printed once the server listens.
fn banner(
    token: Option<&str>,
    origin: &str,
    warnings: &[String],
    options: &Options,
    base_url: &str,
) -> Vec<String> {
    let token = match token {
        Some(token) => token.to_string(),
        None => "the one you generated in the sandbox (a state file keeps only its hash; \
                 --new-token makes a new one)"
            .to_string(),
    };
    let saving = match &options.save {
        Some(path) => format!("to {} after every change", path.display()),
        None => "off: changes end with the server (add --save FILE to keep them)".to_string(),
    };
    let mut lines = vec![
        "LeadIQ SCIM sandbox server: the sandbox's SCIM engine over HTTP".to_string(),
        format!("  Tenant         {origin}"),
        format!("  SCIM base URL  {base_url}"),
        format!("  Bearer token   {token}"),
        format!("  Saving         {saving}"),
        format!("  curl           export {CURL_BASE_VAR}={base_url}"),
        "                 then paste a command copied from the sandbox".to_string(),
    ];
    if let Some(seed) = options.seed {
        lines.push(format!(
            "  Seed           {seed}: the same token and ids on every run (demos, tests)"
        ));
    }
    if options.new_token {
        lines
            .push("  Note           the browser's copy of this tenant keeps its old token".into());
    }
    if !options.bind.is_loopback() {
        lines.push(format!(
            "  Warning        listening on {}: other machines can reach this server",
            options.bind
        ));
    }
    for warning in warnings {
        lines.push(format!("  Warning        {warning}"));
    }
    lines.push("Stop with Ctrl-C. Activity:".to_string());
    lines
}

/// Why the command stopped early.
enum Failure {
    /// The command line was wrong: exit status 2.
    Usage(String),
    /// Starting failed: exit status 1.
    Start(String),
}

/// The whole command: parses `args` (without the program name), prepares the tenant,
/// listens, prints the banner and serves until the process is stopped.
pub fn main(args: Vec<String>) -> ExitCode {
    match run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(why)) => {
            eprintln!("leadiq-scim-server: {why}");
            ExitCode::from(2)
        }
        Err(Failure::Start(why)) => {
            eprintln!("leadiq-scim-server: {why}");
            ExitCode::from(1)
        }
    }
}

fn run(args: Vec<String>) -> Result<(), Failure> {
    let options = Options::parse(args).map_err(Failure::Usage)?;
    if options.help {
        say(HELP.trim_end());
        return Ok(());
    }
    let addr = options.address().map_err(Failure::Usage)?;
    let prepared = prepare(&options).map_err(Failure::Start)?;
    if let Some(path) = &options.save {
        save_state(path, &prepared.snapshot)
            .map_err(|e| Failure::Start(format!("cannot write {}: {e}", path.display())))?;
    }

    let config = Config {
        addr,
        save_to: options.save.clone(),
        ..Config::loopback(options.port)
    };
    let Prepared {
        snapshot,
        env,
        token,
        origin,
        warnings,
    } = prepared;
    let server = Server::bind(config, snapshot, env, stdout_log())
        .map_err(|e| Failure::Start(bind_failure(addr, &e)))?;
    let base_url = server.base_url();
    for line in banner(token.as_deref(), &origin, &warnings, &options, base_url) {
        say(&line);
    }
    let running = server
        .start()
        .map_err(|e| Failure::Start(format!("cannot start the worker threads: {e}")))?;
    running.wait();
    Ok(())
}

fn bind_failure(addr: SocketAddr, e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::AddrInUse => format!(
            "port {} is already in use on {}: pick another with --port",
            addr.port(),
            addr.ip()
        ),
        io::ErrorKind::PermissionDenied => format!(
            "not allowed to listen on port {} (low ports need privileges): pick another \
             with --port",
            addr.port()
        ),
        _ => format!("cannot listen on {addr}: {e}"),
    }
}

fn say(line: &str) {
    let _ = writeln!(io::stdout().lock(), "{line}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Plan;

    fn parsed(args: &[&str]) -> Result<Options, String> {
        Options::parse(args.iter().map(|a| a.to_string()))
    }

    fn loopback(port: u16) -> Result<SocketAddr, String> {
        Ok(SocketAddr::from((Ipv4Addr::LOCALHOST, port)))
    }

    #[test]
    fn no_arguments_mean_loopback_port_8787_and_a_fresh_tenant() {
        let options = parsed(&[]);
        assert_eq!(options, Ok(Options::default()));
        assert_eq!(Options::default().address(), loopback(8787));
    }

    #[test]
    fn values_come_after_a_space_or_an_equals_sign() {
        let options = parsed(&["--port=0", "--seed", "7", "--save", "out.json"]);
        let options = options.unwrap_or_default();
        assert_eq!((options.port, options.seed), (0, Some(7)));
        assert_eq!(options.save, Some(PathBuf::from("out.json")));
    }

    #[test]
    fn a_non_loopback_address_is_refused_with_the_reason() {
        let options = parsed(&["--bind", "0.0.0.0"]).unwrap_or_default();
        let refused = options.address().err().unwrap_or_default();
        assert!(
            refused.contains("refusing to listen on 0.0.0.0"),
            "{refused}"
        );
        assert!(refused.contains("plain HTTP"), "{refused}");
        assert!(refused.contains("--allow-non-loopback"), "{refused}");
    }

    #[test]
    fn a_non_loopback_address_is_taken_when_explicitly_allowed() {
        let options = parsed(&["--bind", "0.0.0.0", "--allow-non-loopback", "--port", "9"]);
        let address = options.and_then(|o| o.address());
        assert_eq!(address, Ok(SocketAddr::from((Ipv4Addr::UNSPECIFIED, 9))));
    }

    #[test]
    fn every_loopback_spelling_is_accepted() {
        for bind in ["localhost", "127.0.0.2", "::1"] {
            let address = parsed(&["--bind", bind]).and_then(|o| o.address());
            assert!(address.is_ok(), "{bind}: {address:?}");
        }
    }

    #[test]
    fn mistakes_on_the_command_line_are_named() {
        let cases = [
            (&["--prot", "1"][..], "unknown option `--prot`"),
            (&["--port"][..], "--port needs a value"),
            (&["--port", "70000"][..], "from 0 to 65535"),
            (&["--bind", "example.com"][..], "IP address"),
            (&["--seed", "-1"][..], "whole number"),
            (&["--new-token"][..], "--new-token needs --state"),
        ];
        for (args, expected) in cases {
            let error = parsed(args).err().unwrap_or_default();
            assert!(error.contains(expected), "{args:?}: {error}");
        }
    }

    #[test]
    fn a_seeded_fresh_tenant_has_the_token_of_a_ready_tenant_with_that_seed() {
        let options = parsed(&["--seed", "11"]).unwrap_or_default();
        let prepared = prepare(&options).map(|p| p.token);
        let (_, credentials) = Tenant::ready(&mut SeededEnv::new(11));
        assert_eq!(prepared, Ok(Some(credentials.token)));
    }

    #[test]
    fn a_tenant_without_scim_or_with_a_closed_gate_is_warned_about() {
        let mut tenant = Tenant::new();
        assert!(gate_warnings(&tenant)[0].contains("not set up"));
        let (ready, _) = Tenant::ready(&mut SeededEnv::new(1));
        assert!(gate_warnings(&ready).is_empty());
        tenant = ready;
        tenant.set_plan(Plan::Pro);
        let warning = gate_warnings(&tenant).join("");
        assert!(warning.contains("403"), "{warning}");
        assert!(warning.contains("Enterprise plan"), "{warning}");
    }

    #[test]
    fn the_banner_tells_where_the_token_is_when_it_cannot_print_it() {
        let options = Options::default();
        let base = "http://127.0.0.1:8787/scim/v2";
        let lines = banner(None, "acme from s.json, 2 users", &[], &options, base).join("\n");
        assert!(
            lines.contains("the one you generated in the sandbox"),
            "{lines}"
        );
        assert!(
            lines.contains(&format!("export LEADIQ_SCIM_BASE={base}")),
            "{lines}"
        );
        let lines = banner(Some("abc123"), "acme", &[], &options, base).join("\n");
        assert!(lines.contains("Bearer token   abc123"), "{lines}");
    }
}
