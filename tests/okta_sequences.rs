//! Whole request sequences Okta sends to LeadIQ for each action, byte for byte: create,
//! link to an existing user, deactivate, reactivate, a group of several people, a failing
//! token, and an import of more than one page.
#![cfg(not(target_arch = "wasm32"))]

mod okta_support;

use leadiq_scim_sandbox::okta::{Action, ImportMatch, ProvisioningStatus};
use okta_support::{create_body, lookup, render, Lab, DEACTIVATE, REACTIVATE};

const ADA: (&str, &str, &str) = ("ada@example.com", "Ada", "Lovelace");

#[test]
fn assigning_a_new_person_looks_up_then_creates() {
    let mut lab = Lab::new();
    let ada = lab.person(ADA.0, ADA.1, ADA.2);

    let outcome = lab.perform(&Action::AssignPerson(ada.clone()));

    let body = create_body(ADA.0, ADA.1, ADA.2, &ada, "KQmLIFYUiIlQ4sXk");
    let expected = lab.get(&lookup(ADA.0), 200) + &lab.send("POST", "/Users", &body, 201);
    assert_eq!(render(&outcome.exchanges), expected);
    assert_eq!(ada, "00ulIVmm4OdslkdTak5A");
}

#[test]
fn assigning_a_person_leadiq_already_has_links_without_a_create() {
    let mut lab = Lab::new();
    let grace = lab.person("grace@example.com", "Grace", "Hopper");
    lab.leadiq_user_elsewhere("GRACE@example.com", true);

    let outcome = lab.perform(&Action::AssignPerson(grace.clone()));

    assert_eq!(
        render(&outcome.exchanges),
        lab.get(&lookup("grace@example.com"), 200)
    );
    let row = lab.org.assignment(&grace).expect("an assignment row");
    assert_eq!(row.status, ProvisioningStatus::Provisioned);
    assert_eq!(row.leadiq_id, Some(lab.leadiq_id("grace@example.com")));
    assert_eq!(lab.tenant.users().len(), 1);
}

#[test]
fn unassigning_sends_okta_pathless_deactivation() {
    let mut lab = Lab::new();
    let ada = lab.person(ADA.0, ADA.1, ADA.2);
    lab.perform(&Action::AssignPerson(ada.clone()));
    let id = lab.leadiq_id(ADA.0);

    let outcome = lab.perform(&Action::UnassignPerson(ada.clone()));

    let path = format!("/Users/{id}");
    assert_eq!(
        render(&outcome.exchanges),
        lab.send("PATCH", &path, DEACTIVATE, 200)
    );
    assert!(!lab.leadiq_active(ADA.0));
    let row = lab
        .org
        .assignment(&ada)
        .expect("Okta still tracks the account");
    assert_eq!(row.status, ProvisioningStatus::Deprovisioned);
}

#[test]
fn deactivating_then_reactivating_a_group_member_patches_active_false_then_true() {
    let mut lab = Lab::new();
    let ada = lab.person(ADA.0, ADA.1, ADA.2);
    let sales = lab.group("Sales", &[&ada]);
    lab.perform(&Action::AssignGroup(sales));
    let path = format!("/Users/{}", lab.leadiq_id(ADA.0));

    let deactivated = lab.perform(&Action::Deactivate(ada.clone()));
    let reactivated = lab.perform(&Action::Reactivate(ada.clone()));

    assert_eq!(
        render(&deactivated.exchanges),
        lab.send("PATCH", &path, DEACTIVATE, 200)
    );
    assert_eq!(
        render(&reactivated.exchanges),
        lab.send("PATCH", &path, REACTIVATE, 200)
    );
    assert!(lab.leadiq_active(ADA.0));
}

#[test]
fn reassigning_after_unassignment_reactivates_the_remembered_account() {
    let mut lab = Lab::new();
    let ada = lab.person(ADA.0, ADA.1, ADA.2);
    lab.perform(&Action::AssignPerson(ada.clone()));
    lab.perform(&Action::UnassignPerson(ada.clone()));
    let path = format!("/Users/{}", lab.leadiq_id(ADA.0));

    let outcome = lab.perform(&Action::AssignPerson(ada));

    assert_eq!(
        render(&outcome.exchanges),
        lab.send("PATCH", &path, REACTIVATE, 200)
    );
    assert_eq!(lab.tenant.users().len(), 1);
}

#[test]
fn assigning_a_group_provisions_each_member_in_turn() {
    let mut lab = Lab::new();
    let people = [
        ("ada@example.com", "Ada", "Lovelace"),
        ("grace@example.com", "Grace", "Hopper"),
        ("alan@example.com", "Alan", "Turing"),
    ];
    let ids: Vec<String> = people.iter().map(|(l, f, n)| lab.person(l, f, n)).collect();
    let sales = lab.group("Sales", &ids);

    let outcome = lab.perform(&Action::AssignGroup(sales));

    let passwords = ["KQmLIFYUiIlQ4sXk", "d0WTs21eH2yyl8Vo", "G9xTC6idRz5AzDJa"];
    let mut expected = String::new();
    for (((login, first, last), id), pw) in people.iter().zip(&ids).zip(passwords) {
        expected += &lab.get(&lookup(login), 200);
        expected += &lab.send(
            "POST",
            "/Users",
            &create_body(login, first, last, id, pw),
            201,
        );
    }
    assert_eq!(render(&outcome.exchanges), expected);
    assert_eq!(lab.tenant.users().len(), 3);
}

#[test]
fn a_token_without_bearer_fails_at_the_lookup_and_sends_nothing_more() {
    let mut lab = Lab::new();
    let ada = lab.person(ADA.0, ADA.1, ADA.2);
    let token = lab.token.clone();
    lab.authorization(&token);

    let outcome = lab.perform(&Action::AssignPerson(ada.clone()));

    let expected = format!(
        "GET {}{}\n{}Authorization: {token}\n=> 401\n",
        lab.base,
        lookup(ADA.0),
        okta_support::GET_HEADERS
    );
    assert_eq!(render(&outcome.exchanges), expected);
    let row = lab.org.assignment(&ada).expect("an assignment row");
    assert_eq!(row.status, ProvisioningStatus::Error);
    assert!(row.detail.starts_with(
        "Automatic provisioning of user Ada Lovelace to app LeadIQ failed: Error while \
         looking up user ada@example.com: 401 Unauthorized."
    ));
    assert!(lab.tenant.users().is_empty());
}

#[test]
fn import_reads_every_page_and_matches_users_to_people() {
    let mut lab = Lab::new();
    let people: Vec<String> = (0..130)
        .map(|i| lab.person(&format!("rep{i:03}@example.com"), "Rep", &format!("N{i}")))
        .collect();
    let first_hundred = lab.group("Reps", &people[..100]);
    lab.perform(&Action::AssignGroup(first_hundred));
    for i in 0..20 {
        let user_name = if i < 10 {
            format!("REP{:03}@example.com", 100 + i)
        } else {
            format!("x{i}@other.example")
        };
        lab.leadiq_user_elsewhere(&user_name, true);
    }

    let outcome = lab.perform(&Action::Import);

    let expected = lab.get("/Users?startIndex=1&count=100", 200)
        + &lab.get("/Users?startIndex=101&count=100", 200);
    assert_eq!(render(&outcome.exchanges), expected);
    let report = lab.org.last_import().expect("an import report");
    assert!(report.complete);
    assert_eq!(report.rows.len(), 120);
    assert_eq!(report.count(ImportMatch::Linked), 100);
    assert_eq!(report.count(ImportMatch::ExactUserName), 10);
    assert_eq!(report.count(ImportMatch::Unmatched), 10);
}
