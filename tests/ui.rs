//! Browser tests of the app shell and the storage layer, run in headless Chromium by
//! `wasm-bindgen-test`. All tests of this binary share one page, so each mounts into its
//! own container and clears storage first.
#![cfg(target_arch = "wasm32")]

use leadiq_scim_sandbox::state::{self, Snapshot};
use leadiq_scim_sandbox::storage::{self, StorageProblem, KEY, UNREADABLE_KEY};
use leadiq_scim_sandbox::ui::App;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn local_storage() -> web_sys::Storage {
    window()
        .local_storage()
        .ok()
        .flatten()
        .expect("the test browser has localStorage")
}

/// A fresh container with the app mounted in it, storage cleared and the address reset.
fn mount_app() -> web_sys::HtmlElement {
    local_storage().clear().expect("storage clears");
    window().location().set_hash("").expect("hash resets");
    let container: web_sys::HtmlElement = document()
        .create_element("div")
        .expect("div")
        .unchecked_into();
    document()
        .body()
        .expect("body")
        .append_child(&container)
        .expect("appends");
    leptos::mount::mount_to(container.clone(), App).forget();
    container
}

fn text_of(root: &web_sys::HtmlElement, selector: &str) -> String {
    root.query_selector(selector)
        .ok()
        .flatten()
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

fn stored_step() -> Option<String> {
    let text = local_storage().get_item(KEY).ok().flatten()?;
    state::decode(&text).ok().map(|s| s.current_step)
}

#[wasm_bindgen_test]
async fn the_shell_lists_the_six_documented_steps_in_order() {
    let app = mount_app();
    leptos::task::tick().await;

    let titles: Vec<String> = (1..=6)
        .map(|n| text_of(&app, &format!(".step-nav li:nth-child({n}) .step-title")))
        .collect();
    let expected: Vec<&str> = leadiq_scim_sandbox::seed::SETUP_STEPS
        .iter()
        .map(|s| s.title)
        .collect();
    assert_eq!(titles, expected);
    assert!(text_of(&app, "header h1").contains("LeadIQ SCIM sandbox"));
    assert!(text_of(&app, "footer").contains("not affiliated with LeadIQ or Okta"));
    app.remove();
}

#[wasm_bindgen_test]
async fn choosing_a_step_shows_it_and_remembers_it_in_local_storage() {
    let app = mount_app();
    leptos::task::tick().await;
    assert_eq!(stored_step().as_deref(), Some("plan"));

    let link: web_sys::HtmlElement = app
        .query_selector("a[data-step=credentials]")
        .ok()
        .flatten()
        .expect("a link to step 3")
        .unchecked_into();
    link.click();
    leptos::task::tick().await;

    assert!(text_of(&app, "[data-testid=step-heading]").starts_with("Step 3: "));
    assert_eq!(link.get_attribute("aria-current").as_deref(), Some("step"));
    assert_eq!(stored_step().as_deref(), Some("credentials"));
    app.remove();
}

#[wasm_bindgen_test]
async fn a_stored_step_is_where_the_app_starts() {
    local_storage().clear().expect("storage clears");
    let snapshot = Snapshot {
        current_step: "mapping".into(),
        ..Snapshot::default()
    };
    storage::save(&snapshot).expect("saves");
    window().location().set_hash("").expect("hash resets");

    let container: web_sys::HtmlElement = document()
        .create_element("div")
        .expect("div")
        .unchecked_into();
    document()
        .body()
        .expect("body")
        .append_child(&container)
        .expect("appends");
    leptos::mount::mount_to(container.clone(), App).forget();
    leptos::task::tick().await;

    assert!(text_of(&container, "[data-testid=step-heading]").starts_with("Step 5: "));
    container.remove();
}

#[wasm_bindgen_test]
fn corrupt_stored_state_is_kept_aside_and_reported() {
    local_storage().clear().expect("storage clears");
    local_storage()
        .set_item(KEY, "{\"version\":1,\"current_st")
        .expect("writes");

    let loaded = storage::load();

    assert_eq!(
        state::encode(&loaded.snapshot),
        state::encode(&Snapshot::default())
    );
    assert!(matches!(
        loaded.problem,
        Some(StorageProblem::Unreadable {
            kept_aside: true,
            ..
        })
    ));
    assert_eq!(
        storage::unreadable_text().as_deref(),
        Some("{\"version\":1,\"current_st")
    );
    assert!(local_storage()
        .get_item(UNREADABLE_KEY)
        .ok()
        .flatten()
        .is_some());
}

#[wasm_bindgen_test]
async fn an_unreadable_state_is_announced_on_the_page() {
    local_storage().clear().expect("storage clears");
    local_storage()
        .set_item(KEY, "{\"version\":42}")
        .expect("writes");
    let container: web_sys::HtmlElement = document()
        .create_element("div")
        .expect("div")
        .unchecked_into();
    document()
        .body()
        .expect("body")
        .append_child(&container)
        .expect("appends");
    leptos::mount::mount_to(container.clone(), App).forget();
    leptos::task::tick().await;

    let notice = text_of(&container, "[data-testid=storage-notice]");
    assert!(notice.contains("newer version"), "notice was: {notice}");
    assert_eq!(
        storage::unreadable_text().as_deref(),
        Some("{\"version\":42}")
    );
    container.remove();
}
