//! Entry point of the browser app: mounts the sandbox UI on the page body.

#[cfg(target_arch = "wasm32")]
fn main() {
    // A panic is reported on the console with its message and source location. A hook of
    // our own, rather than a crate's, because that one also asks JavaScript for a stack of
    // unnamed wasm frames, which costs the bundle 0.6 KB and tells little more.
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&info.to_string().into());
    }));
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
