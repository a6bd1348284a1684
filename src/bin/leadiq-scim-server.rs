//! `leadiq-scim-server`: one LeadIQ tenant's SCIM endpoint over HTTP on loopback, answered
//! by the sandbox's own engine. `--help` lists the options. Native only.

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    // Arguments that are not UTF-8 are read lossily rather than aborting the start.
    let args = std::env::args_os().skip(1);
    leadiq_scim_sandbox::server::main(args.map(|a| a.to_string_lossy().into_owned()).collect())
}

/// A browser has no sockets to listen on: this binary does nothing there.
#[cfg(target_arch = "wasm32")]
fn main() {}
