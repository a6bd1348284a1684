//! One path for preview and action: a plan's requests are the ones performing then sends,
//! planning changes nothing, and the same script gives the same bytes every time.
#![cfg(not(target_arch = "wasm32"))]

mod okta_support;

use leadiq_scim_sandbox::engine::{HttpRequest, SeededEnv};
use leadiq_scim_sandbox::okta::{Action, OktaOrg, Outcome};
use leadiq_scim_sandbox::state::{self, Snapshot};
use okta_support::Lab;

/// Plans `action`, performs it, and checks the plan showed exactly what was sent.
fn plan_then_perform(lab: &mut Lab, action: Action) -> Outcome {
    let plan = lab.plan(&action);
    let planned: Vec<HttpRequest> = plan.requests().into_iter().cloned().collect();
    let planned_urls: Vec<String> = plan
        .tasks
        .iter()
        .flat_map(|t| t.steps.iter().map(|s| s.url.clone()))
        .collect();

    let outcome = lab.perform(&action);

    let sent: Vec<HttpRequest> = outcome
        .exchanges
        .iter()
        .map(|e| e.request.clone())
        .collect();
    let urls: Vec<String> = outcome.exchanges.iter().map(|e| e.url.clone()).collect();
    assert_eq!(planned, sent, "plan and perform differ for {action:?}");
    assert_eq!(planned_urls, urls);
    assert_eq!(plan.notes, outcome.notes);
    outcome
}

/// A script touching every kind of task, with a failing token in the middle.
fn script(lab: &mut Lab) -> Vec<Outcome> {
    let ada = lab.person("ada@example.com", "Ada", "Lovelace");
    let grace = lab.person("grace@example.com", "Grace", "Hopper");
    let alan = lab.person("alan@example.com", "Alan", "Turing");
    let sales = lab.group("Sales", &[&grace, &alan]);
    lab.leadiq_user_elsewhere("alan@example.com", false);
    let good = lab.org.app().connection.authorization.clone();
    let mut outcomes = vec![
        plan_then_perform(lab, Action::TestCredentials),
        plan_then_perform(lab, Action::AssignPerson(ada.clone())),
        plan_then_perform(lab, Action::AssignGroup(sales.clone())),
        plan_then_perform(lab, Action::Suspend(grace.clone())),
        plan_then_perform(lab, Action::Deactivate(grace.clone())),
        plan_then_perform(lab, Action::Reactivate(grace.clone())),
        plan_then_perform(lab, Action::UnassignPerson(ada.clone())),
    ];
    lab.authorization("Bearer stale");
    outcomes.push(plan_then_perform(lab, Action::AssignPerson(ada.clone())));
    lab.authorization(&good);
    outcomes.push(plan_then_perform(lab, Action::Retry(ada.clone())));
    outcomes.push(plan_then_perform(lab, Action::UnassignGroup(sales)));
    outcomes.push(plan_then_perform(lab, Action::Import));
    outcomes
}

#[test]
fn every_planned_request_is_the_one_then_sent() {
    let mut lab = Lab::new();
    let outcomes = script(&mut lab);
    let sent: usize = outcomes.iter().map(|o| o.exchanges.len()).sum();
    assert_eq!(sent, 15);
}

#[test]
fn the_plan_shows_the_branch_the_current_state_takes() {
    let mut lab = Lab::new();
    let ada = lab.person("ada@example.com", "Ada", "Lovelace");
    let grace = lab.person("grace@example.com", "Grace", "Hopper");
    lab.leadiq_user_elsewhere("grace@example.com", true);

    let create = lab.plan(&Action::AssignPerson(ada));
    let link = lab.plan(&Action::AssignPerson(grace));

    let methods = |plan: &leadiq_scim_sandbox::okta::Plan| -> Vec<String> {
        plan.requests().iter().map(|r| r.method.clone()).collect()
    };
    assert_eq!(methods(&create), ["GET", "POST"]);
    assert!(create.tasks[0].steps[0]
        .expectation
        .contains("Okta creates one"));
    assert_eq!(methods(&link), ["GET"]);
    assert!(link.tasks[0].steps[0]
        .expectation
        .contains("instead of creating a duplicate"));
}

#[test]
fn a_plan_predicts_a_failing_token() {
    let mut lab = Lab::new();
    let ada = lab.person("ada@example.com", "Ada", "Lovelace");
    lab.authorization("Bearer wrong");

    let plan = lab.plan(&Action::AssignPerson(ada));

    assert_eq!(plan.requests().len(), 1);
    assert!(plan.tasks[0].outcome.contains("401 Unauthorized"));
}

#[test]
fn an_import_plan_lists_every_page() {
    let mut lab = Lab::new();
    for i in 0..205 {
        lab.leadiq_user_elsewhere(&format!("u{i}@example.com"), true);
    }

    let plan = lab.plan(&Action::Import);

    let paths: Vec<&str> = plan.requests().iter().map(|r| r.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "/Users?startIndex=1&count=100",
            "/Users?startIndex=101&count=100",
            "/Users?startIndex=201&count=100"
        ]
    );
}

#[test]
fn the_mapping_preview_body_is_the_body_then_posted() {
    let mut lab = Lab::new();
    let ada = lab.person("ada@example.com", "Ada", "Lovelace");
    let mappings = lab.org.app().mappings.clone();
    let preview = lab.org.create_body(&mappings, &ada);

    let outcome = plan_then_perform(&mut lab, Action::AssignPerson(ada));

    assert_eq!(
        preview.as_deref(),
        Some(outcome.exchanges[1].request.body.as_str())
    );
}

#[test]
fn planning_changes_neither_org_nor_tenant() {
    let mut lab = Lab::new();
    let ada = lab.person("ada@example.com", "Ada", "Lovelace");
    let org_before = lab.org.clone();
    let tenant_before = lab.tenant.clone();

    lab.plan(&Action::AssignPerson(ada.clone()));
    lab.plan(&Action::Deactivate(ada));

    assert_eq!(lab.org, org_before);
    assert_eq!(lab.tenant, tenant_before);
}

#[test]
fn the_same_script_gives_the_same_bytes() {
    let (mut first, mut second) = (Lab::new(), Lab::new());

    let a = script(&mut first);
    let b = script(&mut second);

    assert!(!a.is_empty());
    assert_eq!(a, b);
    assert_eq!(first.org, second.org);
    assert_eq!(first.tenant, second.tenant);
}

#[test]
fn the_org_survives_a_storage_round_trip_without_its_import_view() {
    let mut lab = Lab::new();
    script(&mut lab);
    assert!(lab.org.last_import().is_some());

    let mut snapshot = Snapshot::fresh(&mut SeededEnv::new(1));
    snapshot.tenant = lab.tenant.clone();
    snapshot.okta = lab.org.clone();
    let stored = state::encode(&snapshot);
    let loaded: OktaOrg = match state::decode(&stored) {
        Ok(snapshot) => snapshot.okta,
        Err(e) => panic!("stored org does not load: {e}"),
    };

    assert_eq!(loaded.people(), lab.org.people());
    assert_eq!(loaded.groups(), lab.org.groups());
    assert_eq!(loaded.app(), lab.org.app());
    assert_eq!(loaded.last_import(), None);
}
