//! Entry point of the browser app: mounts the sandbox UI on the page body.

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(leptos_scim_sandbox_app);
}

#[cfg(target_arch = "wasm32")]
fn leptos_scim_sandbox_app() -> impl leptos::IntoView {
    leadiq_scim_sandbox::ui::App()
}

/// Natively there is no UI to run: the app is built for the browser with Trunk.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("The sandbox UI runs in the browser: start it with scripts/serve (see README.md).");
    std::process::exit(2);
}
