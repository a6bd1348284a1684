//! How Okta's lifecycle actions reach LeadIQ: the To App toggles, suspension, deactivation
//! and reactivation, group membership, profile pushes LeadIQ refuses, failed tasks and
//! their retry, and mappings in use.
#![cfg(not(target_arch = "wasm32"))]

mod okta_support;

use leadiq_scim_sandbox::okta::{
    Action, ActionError, Features, Mapping, ProfileAttr, ProvisioningStatus, ScimTarget, Source,
    TaskKind, Transform,
};
use okta_support::{create_body, lookup, render, Lab, DEACTIVATE};

fn provisioned(lab: &mut Lab, login: &str, first: &str, last: &str) -> String {
    let id = lab.person(login, first, last);
    lab.perform(&Action::AssignPerson(id.clone()));
    id
}

fn status(lab: &Lab, person: &str) -> Option<ProvisioningStatus> {
    lab.org.assignment(person).map(|row| row.status)
}

fn edit_title(lab: &Lab, person: &str, title: &str) -> Action {
    let mut profile = lab.org.person(person).expect("a person").profile.clone();
    profile.title = title.to_string();
    Action::EditProfile {
        person: person.to_string(),
        profile: Box::new(profile),
    }
}

#[test]
fn with_create_users_off_an_assignment_sends_nothing_and_says_why() {
    let mut lab = Lab::new();
    lab.org.set_features(Features {
        create_users: false,
        ..Features::leadiq_supported()
    });
    let ada = lab.person("ada@example.com", "Ada", "Lovelace");

    let outcome = lab.perform(&Action::AssignPerson(ada.clone()));

    assert!(outcome.exchanges.is_empty());
    assert!(outcome.notes[0].contains("Create Users is off"));
    let row = lab.org.assignment(&ada).expect("an assignment row");
    assert_eq!(row.status, ProvisioningStatus::NotProvisioned);
    assert!(row.detail.contains("Create Users is off"));
}

#[test]
fn turning_create_users_on_then_retrying_provisions() {
    let mut lab = Lab::new();
    lab.org.set_features(Features::default());
    let ada = lab.person("ada@example.com", "Ada", "Lovelace");
    lab.perform(&Action::AssignPerson(ada.clone()));
    lab.org.set_features(Features::leadiq_supported());

    let outcome = lab.perform(&Action::Retry(ada.clone()));

    let methods: Vec<&str> = outcome
        .exchanges
        .iter()
        .map(|e| e.request.method.as_str())
        .collect();
    assert_eq!(methods, ["GET", "POST"]);
    assert_eq!(status(&lab, &ada), Some(ProvisioningStatus::Provisioned));
}

#[test]
fn with_deactivate_users_off_unassigning_leaves_the_leadiq_account_active() {
    let mut lab = Lab::new();
    let ada = provisioned(&mut lab, "ada@example.com", "Ada", "Lovelace");
    lab.org.set_features(Features {
        deactivate_users: false,
        ..Features::leadiq_supported()
    });

    let outcome = lab.perform(&Action::UnassignPerson(ada.clone()));

    assert!(outcome.exchanges.is_empty());
    assert!(outcome.notes[0].contains("Deactivate Users is off"));
    assert!(lab.leadiq_active("ada@example.com"));
    assert_eq!(
        status(&lab, &ada),
        Some(ProvisioningStatus::StillActiveInLeadiq)
    );
}

#[test]
fn with_update_user_attributes_on_a_profile_edit_is_pushed_and_refused() {
    let mut lab = Lab::new();
    let ada = provisioned(&mut lab, "ada@example.com", "Ada", "Lovelace");
    lab.org.set_features(Features {
        update_user_attributes: true,
        ..Features::leadiq_supported()
    });
    let id = lab.leadiq_id("ada@example.com");

    let outcome = lab.perform(&edit_title(&lab, &ada, "CTO"));

    let put = format!(
        concat!(
            r#"{{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"{id}","#,
            r#""userName":"ada@example.com","#,
            r#""name":{{"givenName":"Ada","familyName":"Lovelace"}},"#,
            r#""emails":[{{"primary":true,"value":"ada@example.com","type":"work"}}],"#,
            r#""displayName":"Ada Lovelace","title":"CTO","locale":"en-US","#,
            r#""externalId":"{ada}","groups":[],"active":true}}"#
        ),
        id = id,
        ada = ada
    );
    let path = format!("/Users/{id}");
    let expected = lab.get(&path, 200) + &lab.send("PUT", &path, &put, 501);
    assert_eq!(render(&outcome.exchanges), expected);

    let row = lab.org.assignment(&ada).expect("an assignment row");
    assert_eq!(row.status, ProvisioningStatus::Error);
    assert!(row.detail.starts_with(
        "Automatic profile push of user Ada Lovelace to app LeadIQ failed: Error while \
         updating user ada@example.com: 501 Not Implemented."
    ));
}

#[test]
fn with_update_user_attributes_off_a_profile_edit_stays_in_okta() {
    let mut lab = Lab::new();
    let ada = provisioned(&mut lab, "ada@example.com", "Ada", "Lovelace");

    let outcome = lab.perform(&edit_title(&lab, &ada, "CTO"));

    assert!(outcome.exchanges.is_empty());
    assert!(outcome.notes[0].contains("Update User Attributes is off"));
    assert_eq!(status(&lab, &ada), Some(ProvisioningStatus::Provisioned));
}

#[test]
fn a_refused_push_retried_after_turning_updates_off_sends_nothing_more() {
    let mut lab = Lab::new();
    let ada = provisioned(&mut lab, "ada@example.com", "Ada", "Lovelace");
    lab.org.set_features(Features {
        update_user_attributes: true,
        ..Features::leadiq_supported()
    });
    lab.perform(&edit_title(&lab, &ada, "CTO"));
    let pushed_again = lab.plan(&Action::Retry(ada.clone()));
    assert_eq!(pushed_again.tasks[0].kind, TaskKind::PushProfile);

    lab.perform(&Action::Dismiss(ada.clone()));

    assert_eq!(status(&lab, &ada), Some(ProvisioningStatus::Provisioned));
}

#[test]
fn suspending_and_unsuspending_send_nothing() {
    let mut lab = Lab::new();
    let ada = provisioned(&mut lab, "ada@example.com", "Ada", "Lovelace");

    let suspended = lab.perform(&Action::Suspend(ada.clone()));
    let unsuspended = lab.perform(&Action::Unsuspend(ada.clone()));

    assert!(suspended.exchanges.is_empty());
    assert!(
        suspended.notes[0].starts_with("Okta sends nothing to LeadIQ when a person is suspended")
    );
    assert!(unsuspended.exchanges.is_empty());
    assert!(lab.leadiq_active("ada@example.com"));
}

#[test]
fn a_suspended_member_of_a_newly_assigned_group_is_provisioned_on_unsuspension() {
    let mut lab = Lab::new();
    let ada = lab.person("ada@example.com", "Ada", "Lovelace");
    let sales = lab.group("Sales", &[&ada]);
    lab.perform(&Action::Suspend(ada.clone()));

    let assigned = lab.perform(&Action::AssignGroup(sales));
    let unsuspended = lab.perform(&Action::Unsuspend(ada.clone()));

    assert!(assigned.exchanges.is_empty());
    assert!(assigned.notes[0].contains("suspended"));
    assert_eq!(unsuspended.exchanges.len(), 2);
    assert_eq!(status(&lab, &ada), Some(ProvisioningStatus::Provisioned));
}

#[test]
fn deactivating_a_directly_assigned_person_deprovisions_and_reactivating_does_not_restore() {
    let mut lab = Lab::new();
    let ada = provisioned(&mut lab, "ada@example.com", "Ada", "Lovelace");
    let path = format!("/Users/{}", lab.leadiq_id("ada@example.com"));

    let deactivated = lab.perform(&Action::Deactivate(ada.clone()));
    let reactivated = lab.perform(&Action::Reactivate(ada.clone()));

    assert_eq!(
        render(&deactivated.exchanges),
        lab.send("PATCH", &path, DEACTIVATE, 200)
    );
    assert!(reactivated.exchanges.is_empty());
    assert!(reactivated.notes[0].contains("does not restore"));
    assert_eq!(status(&lab, &ada), Some(ProvisioningStatus::Deprovisioned));
    assert!(!lab.leadiq_active("ada@example.com"));
}

#[test]
fn removal_from_the_last_assigning_group_deprovisions() {
    let mut lab = Lab::new();
    let ada = lab.person("ada@example.com", "Ada", "Lovelace");
    let sales = lab.group("Sales", &[&ada]);
    let emea = lab.group("EMEA", &[&ada]);
    lab.perform(&Action::AssignGroup(sales.clone()));
    lab.perform(&Action::AssignGroup(emea.clone()));

    let first = lab.perform(&Action::RemoveFromGroup {
        group: sales,
        person: ada.clone(),
    });
    let last = lab.perform(&Action::RemoveFromGroup {
        group: emea,
        person: ada.clone(),
    });

    assert!(first.exchanges.is_empty());
    let path = format!("/Users/{}", lab.leadiq_id("ada@example.com"));
    assert_eq!(
        render(&last.exchanges),
        lab.send("PATCH", &path, DEACTIVATE, 200)
    );
}

#[test]
fn joining_an_assigned_group_provisions() {
    let mut lab = Lab::new();
    let ada = lab.person("ada@example.com", "Ada", "Lovelace");
    let sales = lab.group("Sales", &[] as &[&str]);
    lab.perform(&Action::AssignGroup(sales.clone()));

    let outcome = lab.perform(&Action::AddToGroup {
        group: sales,
        person: ada.clone(),
    });

    assert_eq!(outcome.exchanges.len(), 2);
    assert_eq!(status(&lab, &ada), Some(ProvisioningStatus::Provisioned));
}

#[test]
fn unassigning_a_group_spares_members_assigned_directly() {
    let mut lab = Lab::new();
    let ada = provisioned(&mut lab, "ada@example.com", "Ada", "Lovelace");
    let grace = lab.person("grace@example.com", "Grace", "Hopper");
    let sales = lab.group("Sales", &[&ada, &grace]);
    lab.perform(&Action::AssignGroup(sales.clone()));

    let outcome = lab.perform(&Action::UnassignGroup(sales));

    let patched: Vec<&str> = outcome
        .exchanges
        .iter()
        .map(|e| e.request.path.as_str())
        .collect();
    assert_eq!(
        patched,
        [format!("/Users/{}", lab.leadiq_id("grace@example.com"))]
    );
    assert!(lab.leadiq_active("ada@example.com"));
}

#[test]
fn a_person_assigned_only_through_a_group_cannot_be_unassigned_individually() {
    let mut lab = Lab::new();
    let ada = lab.person("ada@example.com", "Ada", "Lovelace");
    let sales = lab.group("Sales", &[&ada]);
    lab.perform(&Action::AssignGroup(sales));

    let refused = lab
        .org
        .perform(&Action::UnassignPerson(ada), &mut lab.tenant, &mut lab.env);

    let expected = ActionError::AssignedViaGroup {
        person: "Ada Lovelace".into(),
        groups: vec!["Sales".into()],
    };
    assert_eq!(refused, Err(expected));
}

#[test]
fn okta_refuses_to_assign_a_deactivated_person_and_changes_nothing() {
    let mut lab = Lab::new();
    let ada = lab.person("ada@example.com", "Ada", "Lovelace");
    lab.perform(&Action::Deactivate(ada.clone()));
    let before = lab.org.clone();

    let refused = lab
        .org
        .plan(&Action::AssignPerson(ada.clone()), &lab.tenant);

    assert!(matches!(refused, Err(ActionError::WrongStatus { .. })));
    let performed = lab
        .org
        .perform(&Action::AssignPerson(ada), &mut lab.tenant, &mut lab.env);
    assert!(performed.is_err());
    assert_eq!(lab.org, before);
}

#[test]
fn a_failing_token_is_retried_after_the_fix() {
    let mut lab = Lab::new();
    let ada = lab.person("ada@example.com", "Ada", "Lovelace");
    let correct = lab.org.app().connection.authorization.clone();
    let token = lab.token.clone();
    lab.authorization(&token);
    let failed = lab.perform(&Action::AssignPerson(ada.clone()));
    assert_eq!(
        failed.exchanges[0].response.as_ref().map(|r| r.status),
        Some(401)
    );
    lab.authorization(&correct);

    let retried = lab.perform(&Action::Retry(ada.clone()));

    // Every provisioning run draws a new throwaway password, the failed one included.
    let body = create_body(
        "ada@example.com",
        "Ada",
        "Lovelace",
        &ada,
        "wZtVHFJH8InWb99Y",
    );
    let expected =
        lab.get(&lookup("ada@example.com"), 200) + &lab.send("POST", "/Users", &body, 201);
    assert_eq!(render(&retried.exchanges), expected);
    assert_eq!(status(&lab, &ada), Some(ProvisioningStatus::Provisioned));
}

#[test]
fn nothing_to_retry_is_refused() {
    let mut lab = Lab::new();
    let ada = provisioned(&mut lab, "ada@example.com", "Ada", "Lovelace");
    let refused = lab.org.plan(&Action::Retry(ada), &lab.tenant);
    assert!(matches!(refused, Err(ActionError::NothingToRetry(_))));
}

#[test]
fn a_deactivated_leadiq_user_found_by_the_lookup_is_linked_and_reactivated() {
    let mut lab = Lab::new();
    let id = lab.leadiq_user_elsewhere("ada@example.com", false);
    let ada = lab.person("ada@example.com", "Ada", "Lovelace");

    let outcome = lab.perform(&Action::AssignPerson(ada.clone()));

    let path = format!("/Users/{id}");
    let expected = lab.get(&lookup("ada@example.com"), 200)
        + &lab.send("PATCH", &path, okta_support::REACTIVATE, 200);
    assert_eq!(render(&outcome.exchanges), expected);
    assert!(lab.leadiq_active("ada@example.com"));
}

#[test]
fn a_lowercasing_user_name_mapping_changes_lookup_and_body() {
    let mut lab = Lab::new();
    let mut mappings = lab.org.app().mappings.clone();
    mappings.set(Mapping {
        target: ScimTarget::UserName,
        source: Source::Attribute(ProfileAttr::Login),
        transform: Transform::Lowercase,
    });
    mappings.set(Mapping::attribute(
        ScimTarget::Title,
        ProfileAttr::Department,
    ));
    assert!(lab.org.save_mappings(mappings).is_ok());
    let ada = lab.person("Ada.Lovelace@Example.com", "Ada", "Lovelace");

    let plan = lab.plan(&Action::AssignPerson(ada));

    let requests = plan.requests();
    assert!(requests[0].path.contains("ada.lovelace%40example.com"));
    assert!(requests[1]
        .body
        .contains(r#""userName":"ada.lovelace@example.com""#));
}

#[test]
fn mappings_without_user_name_are_not_saved() {
    let mut lab = Lab::new();
    let mut mappings = lab.org.app().mappings.clone();
    mappings.remove(ScimTarget::UserName);

    let refused = lab.org.save_mappings(mappings);

    assert!(refused.is_err());
    assert!(lab.org.app().mappings.is_valid());
}

#[test]
fn a_constant_user_name_mapping_is_not_saved() {
    let mut lab = Lab::new();
    let mut mappings = lab.org.app().mappings.clone();
    mappings.set(Mapping {
        target: ScimTarget::UserName,
        source: Source::Constant("shared@example.com".into()),
        transform: Transform::None,
    });
    assert!(lab.org.save_mappings(mappings).is_err());
}
