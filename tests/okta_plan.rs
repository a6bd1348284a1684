//! One path for preview and action: a plan's requests are the ones performing then sends,
//! planning changes nothing, and the same script gives the same bytes every time.
#![cfg(not(target_arch = "wasm32"))]

mod okta_support;

use leadiq_scim_sandbox::engine::{HttpRequest, SeededEnv};
use leadiq_scim_sandbox::okta::{
    Action, Mapping, Mappings, OktaOrg, Outcome, Plan, Profile, ProfileAttr, ScimTarget, Source,
    Transform,
};
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

/// Requests as wire text (method, full URL, headers, body), to compare byte for byte.
fn wire<'a>(requests: impl Iterator<Item = (&'a HttpRequest, &'a str)>) -> Vec<String> {
    requests
        .map(|(request, url)| {
            let headers: String = request
                .headers
                .iter()
                .map(|(n, v)| format!("{n}: {v}\n"))
                .collect();
            format!("{} {url}\n{headers}\n{}", request.method, request.body)
        })
        .collect()
}

fn planned_wire(plan: &Plan) -> Vec<String> {
    let steps = plan.tasks.iter().flat_map(|t| t.steps.iter());
    wire(steps.map(|s| (&s.request, s.url.as_str())))
}

fn sent_wire(outcome: &Outcome) -> Vec<String> {
    wire(
        outcome
            .exchanges
            .iter()
            .map(|e| (&e.request, e.url.as_str())),
    )
}

fn methods(plan: &Plan) -> Vec<&str> {
    plan.requests().iter().map(|r| r.method.as_str()).collect()
}

/// The template with one target mapped from `source` instead.
fn draft(target: ScimTarget, source: Source) -> Mappings {
    let mut mappings = Mappings::okta_template();
    mappings.set(Mapping {
        target,
        source,
        transform: Transform::None,
    });
    mappings
}

/// Plans `action` with `mappings`, saves them, performs, and returns both sides as wire text.
fn preview_then_save_and_perform(
    lab: &mut Lab,
    action: &Action,
    mappings: &Mappings,
) -> (Plan, Outcome) {
    let plan = match lab.org.plan_with(action, &lab.tenant, mappings) {
        Ok(plan) => plan,
        Err(e) => panic!("plan_with refused {action:?}: {e}"),
    };
    assert!(
        lab.org.save_mappings(mappings.clone()).is_ok(),
        "the draft saves"
    );
    let outcome = lab.perform(action);
    assert_eq!(planned_wire(&plan), sent_wire(&outcome));
    (plan, outcome)
}

#[test]
fn a_draft_plan_for_a_new_person_is_what_perform_sends_after_saving_it() {
    let mut lab = Lab::new();
    let ada = lab.person("ada@example.com", "Ada", "Lovelace");
    let trainee = draft(ScimTarget::Title, Source::Constant("Trainee".into()));

    let (plan, outcome) =
        preview_then_save_and_perform(&mut lab, &Action::AssignPerson(ada), &trainee);

    assert_eq!(methods(&plan), ["GET", "POST"]);
    assert!(plan.tasks[0].steps[1]
        .request
        .body
        .contains(r#""title":"Trainee""#));
    assert_eq!(
        outcome.exchanges[1].response.as_ref().map(|r| r.status),
        Some(201)
    );
}

#[test]
fn a_draft_that_finds_an_existing_leadiq_user_plans_a_link_and_no_post() {
    let mut lab = Lab::new();
    let mut profile = Profile::new("ada@example.com", "Ada", "Lovelace");
    profile.second_email = "ada.l@old.example".into();
    let ada = match lab.org.add_person(profile, &mut lab.org_env) {
        Ok(id) => id,
        Err(e) => panic!("add_person refused: {e}"),
    };
    let existing = lab.leadiq_user_elsewhere("ada.l@old.example", true);
    let by_second_email = draft(
        ScimTarget::UserName,
        Source::Attribute(ProfileAttr::SecondEmail),
    );
    let action = Action::AssignPerson(ada.clone());
    assert_eq!(
        methods(&lab.plan(&action)),
        ["GET", "POST"],
        "saved mappings"
    );

    let (plan, _) = preview_then_save_and_perform(&mut lab, &action, &by_second_email);

    assert_eq!(methods(&plan), ["GET"]);
    assert!(plan.tasks[0].steps[0]
        .expectation
        .contains("instead of creating a duplicate"));
    assert_eq!(
        lab.org.app_user(&ada).map(|u| u.leadiq_id.clone()),
        Some(existing)
    );
    assert_eq!(lab.tenant.users().len(), 1, "no second account");
}

#[test]
fn a_changed_draft_changes_the_planned_body_and_perform_follows_it() {
    let mut lab = Lab::new();
    let ada = lab.person("ada@example.com", "Ada", "Lovelace");
    let action = Action::AssignPerson(ada);
    let first = draft(ScimTarget::Title, Source::Constant("Trainee".into()));
    let second = draft(
        ScimTarget::DisplayName,
        Source::Attribute(ProfileAttr::FirstName),
    );
    let body = |mappings: &Mappings| match lab.org.plan_with(&action, &lab.tenant, mappings) {
        Ok(plan) => plan.tasks[0].steps[1].request.body.clone(),
        Err(e) => panic!("plan_with refused: {e}"),
    };
    let (before, after) = (body(&first), body(&second));
    assert_ne!(before, after);
    assert!(after.contains(r#""displayName":"Ada""#), "{after}");

    let (_, outcome) = preview_then_save_and_perform(&mut lab, &action, &second);

    assert_eq!(outcome.exchanges[1].request.body, after);
}

#[test]
fn a_plan_with_the_saved_mappings_is_the_plan() {
    let mut lab = Lab::new();
    let ada = lab.person("ada@example.com", "Ada", "Lovelace");
    let action = Action::AssignPerson(ada);
    let saved = lab.org.app().mappings.clone();

    let with = lab.org.plan_with(&action, &lab.tenant, &saved).ok();

    assert_eq!(with, Some(lab.plan(&action)));
}

#[test]
fn a_draft_with_errors_plans_no_request() {
    let mut lab = Lab::new();
    let ada = lab.person("ada@example.com", "Ada", "Lovelace");
    let mut broken = Mappings::okta_template();
    broken.remove(ScimTarget::UserName);

    let plan = lab
        .org
        .plan_with(&Action::AssignPerson(ada), &lab.tenant, &broken)
        .unwrap_or_default();

    assert!(plan.requests().is_empty());
    assert!(plan
        .notes
        .iter()
        .any(|n| n.contains("mappings have errors")));
}

#[test]
fn every_planned_conclusion_is_performed_except_the_id_leadiq_draws() {
    let mut lab = Lab::new();
    let ada = lab.person("ada@example.com", "Ada", "Lovelace");
    let grace = lab.person("grace@example.com", "Grace", "Hopper");
    let alan = lab.person("alan@example.com", "Alan", "Turing");
    let sales = lab.group("Sales", &[&grace, &alan]);
    lab.leadiq_user_elsewhere("alan@example.com", false);
    let actions = [
        Action::AssignPerson(ada.clone()),
        Action::AssignGroup(sales),
        Action::Deactivate(grace.clone()),
        Action::Reactivate(grace),
        Action::UnassignPerson(ada),
        Action::Import,
    ];
    for action in actions {
        let plan = lab.plan(&action);
        let outcome = lab.perform(&action);
        assert_eq!(plan.requests().len(), outcome.exchanges.len());
        let planned = plan.tasks.iter().flat_map(|t| t.steps.iter());
        for (step, exchange) in planned.zip(&outcome.exchanges) {
            let created = (exchange.request.method == "POST")
                .then_some(exchange.response.as_ref())
                .flatten()
                .and_then(|r| serde_json::from_str::<serde_json::Value>(&r.body).ok())
                .and_then(|body| body["id"].as_str().map(str::to_string));
            match created {
                Some(id) => {
                    assert!(!step.expectation.contains(&id));
                    assert!(exchange.conclusion.contains(&format!("with id {id}")));
                }
                None => assert_eq!(step.expectation, exchange.conclusion, "{action:?}"),
            }
        }
    }
}

#[test]
fn a_plan_never_shows_an_id_it_made_up_for_a_user_it_creates() {
    let mut lab = Lab::new();
    let mut people = Vec::new();
    for (login, first) in [("ada@example.com", "Ada"), ("grace@example.com", "Grace")] {
        let mut profile = Profile::new(login, first, "Sales");
        profile.department = "Sales".into();
        match lab.org.add_person(profile, &mut lab.org_env) {
            Ok(id) => people.push(id),
            Err(e) => panic!("add_person refused: {e}"),
        }
    }
    let team = lab.group("Team", &people);
    let by_department = draft(
        ScimTarget::UserName,
        Source::Attribute(ProfileAttr::Department),
    );

    let (plan, outcome) =
        preview_then_save_and_perform(&mut lab, &Action::AssignGroup(team), &by_department);

    assert_eq!(methods(&plan), ["GET", "POST", "GET"]);
    let id = lab.leadiq_id("Sales");
    let planned = &plan.tasks[1].steps[0].expectation;
    assert!(
        planned.contains("created earlier in this plan"),
        "{planned}"
    );
    assert!(outcome.exchanges[2]
        .conclusion
        .contains(&format!("id {id}")));
    let shown = format!("{plan:?}");
    assert!(!shown.contains(&id), "the real id cannot be foreseen");
    assert!(!has_uuid(&shown), "nor is a made-up one shown: {shown}");
}

/// Whether `text` holds a UUID-shaped id, as LeadIQ's are (8-4-4-4-12 hex digits).
fn has_uuid(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.windows(36).any(|w| {
        w.iter().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => *b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
    })
}
