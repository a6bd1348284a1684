//! Browser tests of steps 5 and 6: the attribute mapping editor with its live plan of the
//! requests, and assigning, deactivating and group provisioning with LeadIQ's list beside
//! Okta's.
//! Each test starts from a sandbox that has passed steps 1 to 4, mounts the app in its own
//! container, drives the DOM and removes the container.
#![cfg(target_arch = "wasm32")]

use leadiq_scim_sandbox::engine::{HttpRequest, Plan, SeededEnv};
use leadiq_scim_sandbox::okta::{Action, Connection, Features, Profile, Transform};
use leadiq_scim_sandbox::state::Snapshot;
use leadiq_scim_sandbox::storage;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

mod ui_support;

use ui_support::*;

wasm_bindgen_test_configure!(run_in_browser);

const ADA: &str = "ada.lovelace@example.com";

/// A sandbox walked through steps 1 to 4: Enterprise with the add-on, Okta chosen, SSO on,
/// credentials generated and typed into Okta, the supported features on, tested.
fn connected() -> Snapshot {
    connected_with_token().0
}

/// [`connected`], with the token LeadIQ issued.
fn connected_with_token() -> (Snapshot, Connection) {
    let mut env = SeededEnv::new(11);
    let mut s = Snapshot::fresh(&mut env);
    s.set_plan(Plan::Enterprise);
    s.set_sso_addon(true).expect("Enterprise allows the add-on");
    s.idp = Some(leadiq_scim_sandbox::okta::IdentityProvider::Okta);
    s.set_sso(true).expect("the add-on allows SSO");
    let credentials = s.generate_credentials(&mut env).expect("gates are open");
    let connection = Connection::bearer(&credentials.base_url, &credentials.token);
    s.okta.set_connection(connection.clone());
    s.okta.set_features(Features::leadiq_supported());
    s.perform(&Action::TestCredentials, &mut env)
        .expect("the test runs");
    (s, connection)
}

/// Stores `snapshot` and mounts the app on the step `slug` in a fresh container.
async fn mount_at(snapshot: &Snapshot, slug: &str) -> web_sys::HtmlElement {
    // The app of the previous test must not follow this hash change, nor save what it
    // holds over this test's sandbox.
    dispose_previous_app();
    window()
        .location()
        .set_hash(&format!("/{slug}"))
        .expect("hash is set");
    after_save().await;
    local_storage().clear().expect("storage clears");
    storage::save(snapshot).expect("saves");

    mount_app().await
}

fn exists(root: &web_sys::HtmlElement, selector: &str) -> bool {
    root.query_selector(selector).ok().flatten().is_some()
}

fn count(root: &web_sys::HtmlElement, selector: &str) -> u32 {
    root.query_selector_all(selector)
        .map(|l| l.length())
        .unwrap_or(0)
}

/// Sets a form control's value as a user would, firing `event` ("input" or "change").
async fn set_value(root: &web_sys::HtmlElement, selector: &str, value: &str, event: &str) {
    let control = find(root, selector);
    js_sys::Reflect::set(
        &control,
        &JsValue::from_str("value"),
        &JsValue::from_str(value),
    )
    .expect("value is settable");
    let event = web_sys::Event::new(event).expect("an event");
    control.dispatch_event(&event).expect("dispatches");
    leptos::task::tick().await;
}

fn is_disabled(root: &web_sys::HtmlElement, selector: &str) -> bool {
    js_sys::Reflect::get(&find(root, selector), &JsValue::from_str("disabled"))
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

const USER_NAME_ROW: &str = "tr[data-target=userName]";

fn person(login: &str, action: &str) -> String {
    format!("tr[data-person=\"{login}\"] button[data-action={action}]")
}

fn prov_status(root: &web_sys::HtmlElement, login: &str) -> String {
    text_of(
        root,
        &format!("tr[data-person=\"{login}\"] [data-testid=prov-status]"),
    )
}

fn leadiq_active(root: &web_sys::HtmlElement, user_name: &str) -> String {
    text_of(
        root,
        &format!("tr[data-user-name=\"{user_name}\"] [data-testid=leadiq-active]"),
    )
}

/// Switches the title mapping's source to a constant; returns the constant field's selector.
async fn title_as_constant(app: &web_sys::HtmlElement) -> String {
    let title = "tr[data-target=title]";
    let source = format!("{title} select[data-field=source]");
    set_value(app, &source, "constant", "change").await;
    format!("{title} input[data-field=constant]")
}

/// A connected sandbox whose Okta org also has 10,000 people, logins
/// `{prefix}00000@example.com` onwards, drawn with `seed`.
fn connected_with_10000_people(prefix: char, seed: u64) -> Snapshot {
    let mut snapshot = connected();
    let mut env = SeededEnv::new(seed);
    let last = prefix.to_ascii_uppercase();
    let profiles = (0..10_000)
        .map(|i| {
            Profile::new(
                &format!("{prefix}{i:05}@example.com"),
                "Many",
                &format!("{last}{i}"),
            )
        })
        .collect();
    snapshot
        .okta
        .add_people(profiles, &mut env)
        .expect("valid profiles");
    snapshot
}

#[wasm_bindgen_test]
async fn changing_the_user_name_source_updates_the_previewed_post_body() {
    let app = mount_at(&connected(), "mapping").await;
    let body = "[data-testid=preview-post] pre.body";
    assert!(
        text_of(&app, body).contains(&format!(r#""userName": "{ADA}""#)),
        "{}",
        text_of(&app, body)
    );

    let source = format!("{USER_NAME_ROW} select[data-field=source]");
    set_value(&app, &source, "displayName", "change").await;

    let text = text_of(&app, body);
    assert!(text.contains(r#""userName": "Ada Lovelace""#), "{text}");
    let lookup = text_of(&app, "[data-testid=preview-lookup] .url");
    assert!(lookup.contains("Ada%20Lovelace"), "{lookup}");
    app.remove();
}

#[wasm_bindgen_test]
async fn a_constant_typed_for_a_target_appears_in_the_body_as_it_is_typed() {
    let app = mount_at(&connected(), "mapping").await;

    let input = title_as_constant(&app).await;
    set_value(&app, &input, "Trainee", "input").await;

    let text = text_of(&app, "[data-testid=preview-post] pre.body");
    assert!(text.contains(r#""title": "Trainee""#), "{text}");
    assert!(exists(&app, &input), "the field survives typing");
    app.remove();
}

#[wasm_bindgen_test]
async fn removing_the_user_name_mapping_shows_the_error_and_disables_save() {
    let app = mount_at(&connected(), "mapping").await;
    assert!(!is_disabled(&app, "[data-testid=save-mappings]"));

    click(&app, &format!("{USER_NAME_ROW} button[data-action=remove]")).await;

    let issues = text_of(&app, "[data-testid=mapping-issues]");
    assert!(issues.contains("Nothing is mapped to userName"), "{issues}");
    assert!(exists(
        &app,
        "[data-testid=mapping-issues] [data-severity=error]"
    ));
    assert!(is_disabled(&app, "[data-testid=save-mappings]"));
    assert!(text_of(&app, "[data-testid=save-blocked]").contains("errors"));
    app.remove();
}

#[wasm_bindgen_test]
async fn a_draft_with_errors_shows_them_in_the_preview_instead_of_a_plan() {
    let app = mount_at(&connected(), "mapping").await;
    assert!(exists(&app, "[data-testid=preview-lookup]"));

    click(&app, &format!("{USER_NAME_ROW} button[data-action=remove]")).await;

    let blocked = text_of(&app, "[data-testid=preview-blocked]");
    assert!(
        blocked.contains("Nothing is mapped to userName"),
        "{blocked}"
    );
    assert!(!exists(&app, "[data-testid=preview-lookup]"));
    assert!(!exists(&app, "[data-testid=preview-post]"));
    app.remove();
}

/// Creates a LeadIQ user outside Okta, as if it existed before SCIM was set up.
fn leadiq_user_elsewhere(snapshot: &mut Snapshot, connection: &Connection, user_name: &str) {
    let body = format!(
        r#"{{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"{user_name}"}}"#
    );
    let create = HttpRequest::new("POST", "/Users")
        .with_header("Authorization", &connection.authorization)
        .with_body(&body);
    let answer = snapshot.tenant.handle(&create, &mut SeededEnv::new(21));
    assert_eq!(answer.status, 201, "{}", answer.body);
}

#[wasm_bindgen_test]
async fn a_person_already_in_leadiq_previews_the_lookup_and_no_post() {
    let (mut snapshot, connection) = connected_with_token();
    leadiq_user_elsewhere(&mut snapshot, &connection, ADA);
    let app = mount_at(&snapshot, "mapping").await;

    let lookup = text_of(&app, "[data-testid=preview-lookup]");
    assert!(
        lookup.contains("instead of creating a duplicate"),
        "{lookup}"
    );
    assert!(!exists(&app, "[data-testid=preview-post]"));
    let outcome = text_of(&app, "[data-testid=preview-outcome]");
    assert!(
        outcome.starts_with("Linked to existing LeadIQ user"),
        "{outcome}"
    );
    app.remove();
}

#[wasm_bindgen_test]
async fn a_draft_whose_user_name_leadiq_already_has_previews_a_link_instead_of_a_post() {
    let (mut snapshot, connection) = connected_with_token();
    leadiq_user_elsewhere(&mut snapshot, &connection, "Ada Lovelace");
    let app = mount_at(&snapshot, "mapping").await;
    assert!(
        exists(&app, "[data-testid=preview-post]"),
        "the login is new"
    );

    let source = format!("{USER_NAME_ROW} select[data-field=source]");
    set_value(&app, &source, "displayName", "change").await;

    assert!(!exists(&app, "[data-testid=preview-post]"));
    let lookup = text_of(&app, "[data-testid=preview-lookup]");
    assert!(lookup.contains("Ada%20Lovelace"), "{lookup}");
    assert!(
        lookup.contains("instead of creating a duplicate"),
        "{lookup}"
    );

    set_value(&app, &source, "login", "change").await;
    assert!(
        exists(&app, "[data-testid=preview-post]"),
        "back to a create"
    );
    app.remove();
}

#[wasm_bindgen_test]
async fn a_person_already_assigned_previews_no_request_and_says_why() {
    let mut snapshot = connected();
    let ada = snapshot.okta.people()[0].id.clone();
    snapshot
        .perform(&Action::AssignPerson(ada), &mut SeededEnv::new(22))
        .expect("Okta provisions Ada");
    let app = mount_at(&snapshot, "mapping").await;

    let preview = text_of(&app, "[data-testid=preview]");
    assert!(preview.contains("already assigned"), "{preview}");
    assert!(!exists(&app, "[data-testid=preview-lookup]"));
    assert!(!exists(&app, "[data-testid=preview-post]"));
    app.remove();
}

#[wasm_bindgen_test]
async fn a_user_name_from_a_shared_attribute_warns_next_to_its_row() {
    let app = mount_at(&connected(), "mapping").await;

    let source = format!("{USER_NAME_ROW} select[data-field=source]");
    set_value(&app, &source, "department", "change").await;

    let row = text_of(&app, &format!("{USER_NAME_ROW} .row-issues"));
    assert!(row.contains("not unique"), "{row}");
    assert!(exists(
        &app,
        &format!("{USER_NAME_ROW} [data-severity=warning]")
    ));
    assert!(
        !is_disabled(&app, "[data-testid=save-mappings]"),
        "warnings do not block"
    );
    app.remove();
}

#[wasm_bindgen_test]
async fn saving_valid_mappings_keeps_them_in_local_storage() {
    let app = mount_at(&connected(), "mapping").await;

    let transform = format!("{USER_NAME_ROW} select[data-field=transform]");
    set_value(&app, &transform, "lowercase", "change").await;
    click(&app, "[data-testid=save-mappings]").await;
    after_save().await;

    assert!(text_of(&app, "[data-testid=save-result]").contains("saved"));
    let saved = stored().expect("a saved sandbox");
    let user_name = &saved.okta.app().mappings.rules()[0];
    assert_eq!(user_name.transform, Transform::Lowercase);
    app.remove();
}

#[wasm_bindgen_test]
async fn revert_brings_the_draft_back_to_the_saved_mappings() {
    let app = mount_at(&connected(), "mapping").await;

    click(&app, &format!("{USER_NAME_ROW} button[data-action=remove]")).await;
    assert!(!exists(&app, USER_NAME_ROW));
    click(&app, "[data-testid=revert-mappings]").await;

    assert!(exists(&app, USER_NAME_ROW));
    assert!(!is_disabled(&app, "[data-testid=save-mappings]"));
    app.remove();
}

#[wasm_bindgen_test]
async fn assigning_a_person_creates_a_leadiq_user_and_okta_shows_provisioned() {
    let app = mount_at(&connected(), "assign").await;
    assert_eq!(count(&app, "[data-testid=leadiq-users] tbody tr"), 0);

    click(&app, &person(ADA, "assign")).await;

    assert_eq!(leadiq_active(&app, ADA), "Active");
    assert_eq!(prov_status(&app, ADA), "Provisioned");
    assert!(text_of(&app, "[data-testid=last-outcome]").contains("201"));
    app.remove();
}

#[wasm_bindgen_test]
async fn focusing_an_action_previews_its_requests_before_the_click() {
    let app = mount_at(&connected(), "assign").await;

    find(&app, &person(ADA, "assign"))
        .focus()
        .expect("focusable");
    leptos::task::tick().await;

    let preview = text_of(&app, "[data-testid=preview]");
    assert!(preview.contains("POST"), "{preview}");
    assert!(preview.contains("ada.lovelace%40example.com"), "{preview}");
    assert_eq!(count(&app, "[data-testid=leadiq-users] tbody tr"), 0);
    app.remove();
}

#[wasm_bindgen_test]
async fn deactivating_a_person_in_okta_makes_the_leadiq_user_inactive() {
    let app = mount_at(&connected(), "assign").await;
    click(&app, &person(ADA, "assign")).await;

    click(&app, &person(ADA, "deactivate")).await;

    assert_eq!(leadiq_active(&app, ADA), "Inactive");
    assert_eq!(
        text_of(
            &app,
            &format!("tr[data-person=\"{ADA}\"] [data-testid=okta-status]")
        ),
        "Deactivated"
    );
    assert!(exists(&app, &person(ADA, "reactivate")));
    assert!(!exists(&app, &person(ADA, "assign")));
    app.remove();
}

#[wasm_bindgen_test]
async fn assigning_a_group_provisions_its_members() {
    let app = mount_at(&connected(), "assign").await;

    click(
        &app,
        "tr[data-group=Sales] button[data-action=assign-group]",
    )
    .await;

    assert_eq!(count(&app, "[data-testid=leadiq-users] tbody tr"), 3);
    for login in [ADA, "grace.hopper@example.com", "alan.turing@example.com"] {
        assert_eq!(prov_status(&app, login), "Provisioned", "{login}");
        assert_eq!(leadiq_active(&app, login), "Active", "{login}");
    }
    assert!(exists(
        &app,
        "tr[data-group=Sales] button[data-action=unassign-group]"
    ));
    app.remove();
}

#[wasm_bindgen_test]
async fn a_refused_action_shows_okta_s_reason() {
    let app = mount_at(&connected(), "assign").await;
    click(
        &app,
        "tr[data-group=Sales] button[data-action=assign-group]",
    )
    .await;

    click(&app, &person(ADA, "unassign")).await;

    let alert = find(&app, "[data-testid=action-error]");
    assert_eq!(alert.get_attribute("role").as_deref(), Some("alert"));
    let message = alert.text_content().unwrap_or_default();
    assert!(message.contains("assigned through Sales"), "{message}");
    assert_eq!(prov_status(&app, ADA), "Provisioned", "nothing changed");
    app.remove();
}

#[wasm_bindgen_test]
async fn adding_a_person_to_an_assigned_group_provisions_them() {
    let app = mount_at(&connected(), "assign").await;
    click(
        &app,
        "tr[data-group=Sales] button[data-action=assign-group]",
    )
    .await;

    let katherine = "katherine.johnson@example.com";
    set_value(&app, "[data-testid=member-login]", katherine, "input").await;
    click(&app, "button[data-action=add-member]").await;
    let refusal = text_of(&app, "[data-testid=action-error]");
    assert!(
        refusal.contains("Choose a group"),
        "no group is picked for the trainee: {refusal}"
    );

    let sales = stored_group_id("Sales");
    set_value(&app, "[data-testid=member-group]", &sales, "change").await;
    click(&app, "button[data-action=add-member]").await;

    assert_eq!(prov_status(&app, katherine), "Provisioned");
    assert_eq!(leadiq_active(&app, katherine), "Active");
    assert_eq!(
        text_of(&app, "[data-testid=member-status]"),
        "Katherine Johnson (katherine.johnson@example.com) is in Sales."
    );
    app.remove();
}

/// The logins the member picker suggests, in order.
fn suggestions(root: &web_sys::HtmlElement) -> Vec<String> {
    attributes(root, "[data-testid=member-candidates] option", "value")
}

#[wasm_bindgen_test]
async fn the_member_picker_suggests_people_not_yet_in_the_group() {
    let app = mount_at(&connected(), "assign").await;
    let input = find(&app, "[data-testid=member-login]");
    assert_eq!(
        input.get_attribute("list").as_deref(),
        Some("member-candidates")
    );
    assert_eq!(
        count(&app, "label[for=member-login]"),
        1,
        "the field is labelled"
    );
    assert_eq!(suggestions(&app).len(), 5, "no group yet: everyone");

    let sales = stored_group_id("Sales");
    set_value(&app, "[data-testid=member-group]", &sales, "change").await;
    assert_eq!(
        suggestions(&app),
        [
            "katherine.johnson@example.com",
            "margaret.hamilton@example.com"
        ]
    );

    set_value(&app, "[data-testid=member-login]", "HAMIL", "input").await;
    assert_eq!(suggestions(&app), ["margaret.hamilton@example.com"]);
    app.remove();
}

#[wasm_bindgen_test]
async fn a_login_that_is_no_person_is_refused_with_the_reason() {
    let app = mount_at(&connected(), "assign").await;
    let sales = stored_group_id("Sales");
    set_value(&app, "[data-testid=member-group]", &sales, "change").await;

    set_value(
        &app,
        "[data-testid=member-login]",
        "nobody@example.com",
        "input",
    )
    .await;
    let status = text_of(&app, "[data-testid=member-status]");
    assert!(status.contains("No person has the login"), "{status}");
    click(&app, "button[data-action=add-member]").await;

    let refusal = text_of(&app, "[data-testid=action-error]");
    assert!(
        refusal.contains("No person in Okta has the username \"nobody@example.com\""),
        "{refusal}"
    );
    let members = text_of(&app, "tr[data-group=Sales] td:nth-child(2)");
    assert_eq!(members, "3", "nobody was added");
    app.remove();
}

/// The id of a group of the test sandbox, read from storage like the app did.
fn stored_group_id(name: &str) -> String {
    stored()
        .and_then(|s| {
            s.okta
                .groups()
                .iter()
                .find(|g| g.name == name)
                .map(|g| g.id.clone())
        })
        .expect("the group exists")
}

#[wasm_bindgen_test]
async fn the_people_table_filters_and_pages_a_large_org() {
    let mut snapshot = connected();
    let mut env = SeededEnv::new(12);
    let profiles = (0..60)
        .map(|i| {
            Profile::new(
                &format!("user{i:03}@example.com"),
                "Test",
                &format!("User{i}"),
            )
        })
        .collect();
    snapshot
        .okta
        .add_people(profiles, &mut env)
        .expect("valid profiles");
    let app = mount_at(&snapshot, "assign").await;

    assert_eq!(count(&app, "[data-testid=okta-people] tbody tr"), 25);
    let next: web_sys::HtmlElement = app
        .query_selector("button[aria-label=\"Next page of people\"]")
        .ok()
        .flatten()
        .expect("a next-page button")
        .unchecked_into();
    next.click();
    leptos::task::tick().await;
    next.click();
    leptos::task::tick().await;
    assert_eq!(
        count(&app, "[data-testid=okta-people] tbody tr"),
        15,
        "65 people: 25, 25, 15"
    );
    assert!(exists(&app, "tr[data-person=\"user059@example.com\"]"));
    set_value(&app, "[data-testid=people-filter]", "user05", "input").await;

    assert_eq!(count(&app, "[data-testid=okta-people] tbody tr"), 10);
    assert!(exists(&app, "tr[data-person=\"user059@example.com\"]"));
    app.remove();
}

#[wasm_bindgen_test]
async fn a_keystroke_in_the_mapping_editor_stays_quick_with_10000_people() {
    let snapshot = connected_with_10000_people('p', 13);
    let app = mount_at(&snapshot, "mapping").await;
    let input = title_as_constant(&app).await;

    let started = js_sys::Date::now();
    for text in ["T", "Tr", "Tra", "Trai", "Train"] {
        set_value(&app, &input, text, "input").await;
    }
    let per_key = (js_sys::Date::now() - started) / 5.0;

    let body = text_of(&app, "[data-testid=preview-post] pre.body");
    assert!(body.contains(r#""title": "Train""#), "{body}");
    web_sys::console::log_1(&format!("10,000 people: {per_key:.1} ms per keystroke").into());
    app.remove();
}

#[wasm_bindgen_test]
async fn a_failed_task_is_listed_and_retrying_it_provisions_the_person() {
    let (mut snapshot, good) = connected_with_token();
    let mut env = SeededEnv::new(14);
    let mut wrong = good.clone();
    wrong.authorization = "Bearer not-the-token".into();
    snapshot.okta.set_connection(wrong);
    let ada = snapshot.okta.people()[0].id.clone();
    snapshot
        .perform(&Action::AssignPerson(ada), &mut env)
        .expect("Okta tries");
    snapshot.okta.set_connection(good);
    let app = mount_at(&snapshot, "assign").await;
    assert_eq!(prov_status(&app, ADA), "Error");
    assert!(text_of(&app, "[data-testid=failed-tasks]").contains("failed"));

    click(&app, &person(ADA, "retry")).await;

    assert_eq!(prov_status(&app, ADA), "Provisioned");
    assert!(!exists(&app, "[data-testid=failed-tasks]"));
    assert_eq!(leadiq_active(&app, ADA), "Active");
    app.remove();
}

#[wasm_bindgen_test]
async fn importing_lists_leadiq_users_with_how_okta_matched_them() {
    let app = mount_at(&connected(), "assign").await;
    click(&app, &person(ADA, "assign")).await;

    click(&app, "button[data-action=import]").await;

    let row = format!("[data-testid=import-result] tr[data-user-name=\"{ADA}\"]");
    assert_eq!(
        find(&app, &row).get_attribute("data-match").as_deref(),
        Some("linked")
    );
    assert!(text_of(&app, "[data-testid=import-result]").contains("1 LeadIQ user(s) read"));
    app.remove();
}

#[wasm_bindgen_test]
async fn filtering_the_people_of_a_10000_person_org_stays_quick() {
    let snapshot = connected_with_10000_people('q', 15);
    let app = mount_at(&snapshot, "assign").await;

    let started = js_sys::Date::now();
    let keys = ["q", "q0", "q09", "q099", "q0999", "q09999"];
    for text in keys {
        set_value(&app, "[data-testid=people-filter]", text, "input").await;
    }
    let per_key = (js_sys::Date::now() - started) / keys.len() as f64;

    assert_eq!(count(&app, "[data-testid=okta-people] tbody tr"), 1);
    assert_eq!(prov_status(&app, "q09999@example.com"), "Not assigned");
    let assign = js_sys::Date::now();
    click(&app, &person("q09999@example.com", "assign")).await;
    let assign_ms = js_sys::Date::now() - assign;
    assert_eq!(prov_status(&app, "q09999@example.com"), "Provisioned");
    set_value(&app, "[data-testid=people-filter]", "q0999", "input").await;
    assert_eq!(count(&app, "[data-testid=okta-people] tbody tr"), 10);
    assert_eq!(prov_status(&app, "q09999@example.com"), "Provisioned");
    assert_eq!(prov_status(&app, "q09998@example.com"), "Not assigned");
    web_sys::console::log_1(
        &format!("10,000 people: filter {per_key:.1} ms per keystroke, assign {assign_ms:.1} ms")
            .into(),
    );
    app.remove();
}

#[wasm_bindgen_test]
async fn unassigning_a_group_deactivates_its_members_in_leadiq() {
    let app = mount_at(&connected(), "assign").await;
    click(
        &app,
        "tr[data-group=Sales] button[data-action=assign-group]",
    )
    .await;

    click(
        &app,
        "tr[data-group=Sales] button[data-action=unassign-group]",
    )
    .await;

    for login in [ADA, "grace.hopper@example.com", "alan.turing@example.com"] {
        assert_eq!(leadiq_active(&app, login), "Inactive", "{login}");
        assert_eq!(prov_status(&app, login), "Deprovisioned", "{login}");
    }
    app.remove();
}

#[wasm_bindgen_test]
async fn the_member_picker_narrows_10000_people_and_adds_the_one_picked() {
    let snapshot = connected_with_10000_people('m', 16);
    let app = mount_at(&snapshot, "assign").await;
    let sales = stored_group_id("Sales");
    set_value(&app, "[data-testid=member-group]", &sales, "change").await;
    assert_eq!(
        suggestions(&app).len(),
        20,
        "a handful of suggestions, not 10,000"
    );

    let started = js_sys::Date::now();
    let keys = ["m", "m0", "m09", "m099", "m0999"];
    for text in keys {
        set_value(&app, "[data-testid=member-login]", text, "input").await;
    }
    let per_key = (js_sys::Date::now() - started) / keys.len() as f64;

    let expected: Vec<String> = (9990..10_000)
        .map(|i| format!("m{i:05}@example.com"))
        .collect();
    assert_eq!(suggestions(&app), expected);
    set_value(
        &app,
        "[data-testid=member-login]",
        "m09999@example.com",
        "input",
    )
    .await;
    click(&app, "button[data-action=add-member]").await;
    assert_eq!(text_of(&app, "tr[data-group=Sales] td:nth-child(2)"), "4");
    set_value(&app, "[data-testid=member-login]", "m0999", "input").await;
    assert_eq!(
        suggestions(&app).len(),
        9,
        "the new member is no longer suggested"
    );
    web_sys::console::log_1(
        &format!("10,000 people: picker {per_key:.1} ms per keystroke").into(),
    );
    app.remove();
}
