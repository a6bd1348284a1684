//! Browser tests of the app shell, the first steps and the storage layer, run in headless
//! Chromium by `wasm-bindgen-test`. All tests of this binary share one page, so each
//! mounts into its own container and clears storage first.
#![cfg(target_arch = "wasm32")]

use leadiq_scim_sandbox::engine::{Plan, SeededEnv};
use leadiq_scim_sandbox::state::Snapshot;
use leadiq_scim_sandbox::storage::{self, StorageProblem, KEY, UNREADABLE_KEY};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

mod ui_support;

use ui_support::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts the app in a fresh container over whatever storage holds now.
async fn mount() -> web_sys::HtmlElement {
    window().location().set_hash("").expect("hash resets");
    mount_app().await
}

/// Mounts the app over empty storage.
async fn mount_fresh() -> web_sys::HtmlElement {
    local_storage().clear().expect("storage clears");
    mount().await
}

fn all_text(root: &web_sys::HtmlElement, selector: &str) -> Vec<String> {
    let list = root.query_selector_all(selector).expect("valid selector");
    (0..list.length())
        .filter_map(|i| list.item(i).and_then(|n| n.text_content()))
        .collect()
}

/// The storage notice says `why`, offers the download, and the unreadable text is kept
/// aside exactly.
fn assert_kept_aside(app: &web_sys::HtmlElement, why: &str, text: &str) {
    let notice = text_of(app, "[data-testid=storage-notice]");
    assert!(notice.contains(why), "notice was: {notice}");
    let download = app.query_selector("[data-testid=download-unreadable]");
    assert!(download.ok().flatten().is_some());
    let kept = local_storage().get_item(UNREADABLE_KEY).ok().flatten();
    assert_eq!(kept.as_deref(), Some(text));
}

#[wasm_bindgen_test]
async fn the_shell_lists_the_six_documented_steps_with_their_state() {
    let app = mount_fresh().await;

    let titles = all_text(&app, ".step-nav .step-title");
    let expected: Vec<&str> = leadiq_scim_sandbox::seed::SETUP_STEPS
        .iter()
        .map(|s| s.title)
        .collect();
    assert_eq!(titles, expected);
    let states = all_text(&app, ".step-nav [data-testid=step-status]");
    assert_eq!(
        states,
        ["To do", "Locked", "Locked", "Locked", "Locked", "Locked"]
    );
    assert!(text_of(&app, "header h1").contains("LeadIQ SCIM sandbox"));
    assert!(text_of(&app, "footer").contains("not affiliated with LeadIQ or Okta"));
    app.remove();
}

#[wasm_bindgen_test]
async fn choosing_a_step_shows_it_and_remembers_it_in_local_storage() {
    let app = mount_fresh().await;

    click(&app, "a[data-step=credentials]").await;
    after_save().await;

    assert!(text_of(&app, "[data-testid=step-heading]").starts_with("Step 3: "));
    let link = find(&app, "a[data-step=credentials]");
    assert_eq!(link.get_attribute("aria-current").as_deref(), Some("step"));
    assert!(text_of(&app, "[data-testid=lock-reason]").contains("SSO is active"));
    assert_eq!(
        stored().map(|s| s.current_step).as_deref(),
        Some("credentials")
    );
    app.remove();
}

#[wasm_bindgen_test]
async fn a_stored_sandbox_is_where_the_app_starts() {
    local_storage().clear().expect("storage clears");
    let mut snapshot = Snapshot::fresh(&mut SeededEnv::new(3));
    snapshot.current_step = "mapping".into();
    snapshot.set_plan(Plan::Enterprise);
    storage::save(&snapshot).expect("saves");

    let app = mount().await;

    assert!(text_of(&app, "[data-testid=step-heading]").starts_with("Step 5: "));
    click(&app, "a[data-step=plan]").await;
    let enterprise: web_sys::HtmlInputElement =
        find(&app, "input[value=Enterprise]").unchecked_into();
    assert!(enterprise.checked(), "the stored plan is shown");
    app.remove();
}

#[wasm_bindgen_test]
async fn buying_the_add_on_below_enterprise_is_refused_with_its_price() {
    let app = mount_fresh().await;

    click(&app, "[data-testid=sso-addon]").await;

    let error = text_of(&app, "[data-testid=gate-error]");
    assert!(error.contains("Enterprise"), "{error}");
    let addon: web_sys::HtmlInputElement = find(&app, "[data-testid=sso-addon]").unchecked_into();
    assert!(
        !addon.checked(),
        "the checkbox follows the tenant, not the click"
    );
    app.remove();
}

#[wasm_bindgen_test]
async fn completing_step_one_unlocks_step_two_and_is_saved() {
    let app = mount_fresh().await;

    click(&app, "input[value=Enterprise]").await;
    click(&app, "[data-testid=sso-addon]").await;
    after_save().await;

    let states = all_text(&app, ".step-nav [data-testid=step-status]");
    assert_eq!(&states[..3], ["Done", "To do", "Locked"]);
    let saved = stored().expect("a saved sandbox");
    assert_eq!(saved.tenant.plan(), Plan::Enterprise);
    assert!(saved.tenant.sso_addon());
    app.remove();
}

#[wasm_bindgen_test]
fn corrupt_stored_state_is_kept_aside_and_reported() {
    local_storage().clear().expect("storage clears");
    local_storage()
        .set_item(KEY, "{\"version\":2,\"current_st")
        .expect("writes");

    let loaded = storage::load();

    assert!(loaded.snapshot.is_none());
    assert!(matches!(
        loaded.problem,
        Some(StorageProblem::Unreadable {
            kept_aside: true,
            ..
        })
    ));
    assert_eq!(
        storage::unreadable_text().as_deref(),
        Some("{\"version\":2,\"current_st")
    );
    assert_eq!(
        local_storage().get_item(KEY).ok().flatten().as_deref(),
        Some("{\"version\":2,\"current_st"),
        "loading alone never overwrites what was stored"
    );
}

#[wasm_bindgen_test]
async fn an_unreadable_state_is_announced_and_offered_for_download() {
    local_storage().clear().expect("storage clears");
    local_storage()
        .set_item(KEY, "{\"version\":42}")
        .expect("writes");

    let app = mount().await;

    assert_kept_aside(&app, "newer version", "{\"version\":42}");
    app.remove();
}

#[wasm_bindgen_test]
async fn a_sandbox_saved_in_format_1_is_kept_aside_as_from_an_earlier_version() {
    let v1 = r#"{"version":1,"currentStep":"plan","tenant":{"slug":"acme","plan":"Free"}}"#;
    local_storage().clear().expect("storage clears");
    local_storage().set_item(KEY, v1).expect("writes");

    let app = mount().await;

    assert_kept_aside(&app, "earlier version of the sandbox", v1);
    app.remove();
}

/// Fills localStorage with filler keys until not one more character fits: keys of
/// shrinking values first, then the last value grown a character at a time, since the
/// room a new key's name needs may be more than a small change of the sandbox needs.
fn fill_storage() -> Vec<String> {
    let mut keys = Vec::new();
    let mut size = 1 << 20;
    while size > 0 {
        let filler = "x".repeat(size);
        loop {
            let key = format!("filler-{}", keys.len());
            if local_storage().set_item(&key, &filler).is_err() {
                break;
            }
            keys.push(key);
        }
        size /= 4;
    }
    if let Some(last) = keys.last() {
        let mut value = local_storage()
            .get_item(last)
            .ok()
            .flatten()
            .unwrap_or_default();
        loop {
            value.push('x');
            if local_storage().set_item(last, &value).is_err() {
                break;
            }
        }
    }
    keys
}

#[wasm_bindgen_test]
async fn a_full_storage_is_reported_and_the_sandbox_keeps_working_in_memory() {
    let app = mount_fresh().await;
    after_save().await;
    let fillers = fill_storage();

    click(&app, "input[value=Enterprise]").await;
    after_save().await;

    let notice = text_of(&app, "[data-testid=storage-notice]");
    for key in &fillers {
        local_storage().remove_item(key).expect("filler removed");
    }
    assert!(notice.contains("full"), "notice was: {notice}");
    let enterprise: web_sys::HtmlInputElement =
        find(&app, "input[value=Enterprise]").unchecked_into();
    assert!(enterprise.checked(), "the change lives on in memory");
    assert_eq!(stored().map(|s| s.tenant.plan()), Some(Plan::Free));
    app.remove();
}

#[wasm_bindgen_test]
async fn every_assumption_of_the_engine_and_the_okta_model_is_listed_once() {
    let app = mount_fresh().await;

    let listed = attributes(
        &app,
        "[data-testid=all-assumptions] [data-assumption]",
        "data-assumption",
    );
    let expected: Vec<&str> = leadiq_scim_sandbox::engine::ASSUMPTIONS
        .iter()
        .chain(leadiq_scim_sandbox::okta::OKTA_ASSUMPTIONS.iter())
        .map(|a| a.id)
        .collect();
    assert_eq!(listed, expected);
    let summary = text_of(&app, "[data-testid=all-assumptions] summary");
    assert!(summary.contains(&expected.len().to_string()), "{summary}");
    // Each entry carries the Assumed badge and its whole text.
    let texts = all_text(&app, "[data-testid=all-assumptions] [data-assumption]");
    let page_size = leadiq_scim_sandbox::engine::ASSUMPTIONS
        .iter()
        .find(|a| a.id == "page-size")
        .expect("page-size is assumed");
    assert!(texts
        .iter()
        .any(|t| t.starts_with("Assumed") && t.ends_with(page_size.text)));
    app.remove();
}
