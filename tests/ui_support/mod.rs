//! Helpers shared by the browser test binaries: storage access, waiting for the debounced
//! save, and finding, reading and clicking elements.
// Each test binary uses a different subset of these helpers.
#![allow(dead_code)]

use leadiq_scim_sandbox::state::{self, Snapshot};
use leadiq_scim_sandbox::storage::KEY;
use leadiq_scim_sandbox::ui::{App, SAVE_DELAY};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

pub fn local_storage() -> web_sys::Storage {
    window()
        .local_storage()
        .ok()
        .flatten()
        .expect("the test browser has localStorage")
}

/// Resolves after `ms` milliseconds, so debounced saves have happened.
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .expect("a timer");
    });
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .expect("the timer fires");
}

pub async fn after_save() {
    sleep(SAVE_DELAY.as_millis() as i32 + 100).await;
}

pub fn find(root: &web_sys::HtmlElement, selector: &str) -> web_sys::HtmlElement {
    root.query_selector(selector)
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
        .unchecked_into()
}

pub fn text_of(root: &web_sys::HtmlElement, selector: &str) -> String {
    root.query_selector(selector)
        .ok()
        .flatten()
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

/// The `attribute` of every element matching `selector`, in document order.
pub fn attributes(root: &web_sys::HtmlElement, selector: &str, attribute: &str) -> Vec<String> {
    let nodes = root.query_selector_all(selector).expect("a valid selector");
    (0..nodes.length())
        .filter_map(|i| nodes.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::Element>().ok())
        .filter_map(|e| e.get_attribute(attribute))
        .collect()
}

pub fn stored() -> Option<Snapshot> {
    let text = local_storage().get_item(KEY).ok().flatten()?;
    state::decode(&text).ok()
}

pub async fn click(root: &web_sys::HtmlElement, selector: &str) {
    find(root, selector).click();
    leptos::task::tick().await;
}

thread_local! {
    /// The app the last test mounted, kept alive until the next test mounts its own.
    static MOUNTED: std::cell::RefCell<Option<Box<dyn std::any::Any>>> =
        const { std::cell::RefCell::new(None) };
}

/// Unmounts and disposes the app the previous test mounted, so that it no longer follows
/// the address or saves: a large sandbox left alive slows every later test down.
pub fn dispose_previous_app() {
    let previous = MOUNTED.with(|m| m.borrow_mut().take());
    drop(previous);
}

/// Mounts the whole app in a new container at the end of the page; the caller removes the
/// container, and the next mount disposes the app.
pub async fn mount_app() -> web_sys::HtmlElement {
    dispose_previous_app();
    let container: web_sys::HtmlElement = document()
        .create_element("div")
        .expect("div")
        .unchecked_into();
    document()
        .body()
        .expect("body")
        .append_child(&container)
        .expect("appends");
    let handle = leptos::mount::mount_to(container.clone(), App);
    MOUNTED.with(|m| *m.borrow_mut() = Some(Box::new(handle)));
    leptos::task::tick().await;
    container
}
