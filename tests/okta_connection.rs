//! "Test API Credentials": Okta's request and the message Okta shows for each outcome of
//! the connection a trainee typed.
#![cfg(not(target_arch = "wasm32"))]

mod okta_support;

use leadiq_scim_sandbox::okta::{Action, CredentialCheck};
use okta_support::{render, Lab, GET_HEADERS};

const PROBE: &str = "/Users?startIndex=1&count=2";

fn test_credentials(lab: &mut Lab) -> CredentialCheck {
    lab.perform(&Action::TestCredentials);
    lab.org
        .app()
        .last_test
        .clone()
        .expect("the test leaves a result")
}

fn hint(check: &CredentialCheck) -> &str {
    check.hint.as_deref().unwrap_or("")
}

#[test]
fn correct_credentials_are_verified_with_one_get() {
    let mut lab = Lab::new();

    let outcome = lab.perform(&Action::TestCredentials);

    assert_eq!(render(&outcome.exchanges), lab.get(PROBE, 200));
    let check = lab.org.app().last_test.clone().expect("a result");
    assert!(check.ok);
    assert_eq!(check.message, "LeadIQ was verified successfully!");
    assert_eq!(check.hint, None);
}

#[test]
fn a_token_without_bearer_prefix_gets_401_and_says_so() {
    let mut lab = Lab::new();
    let token = lab.token.clone();
    lab.authorization(&token);

    let check = test_credentials(&mut lab);

    assert!(!check.ok);
    assert!(check
        .message
        .starts_with("Error authenticating: 401 Unauthorized."));
    assert!(hint(&check).contains("no \"Bearer \" prefix"), "{check:?}");
}

#[test]
fn a_doubled_bearer_gets_401_and_says_so() {
    let mut lab = Lab::new();
    let doubled = format!("Bearer Bearer {}", lab.token);
    lab.authorization(&doubled);

    let outcome = lab.perform(&Action::TestCredentials);

    let sent = &outcome.exchanges[0].request;
    assert_eq!(sent.header("Authorization"), Some(doubled.as_str()));
    assert_eq!(
        outcome.exchanges[0].response.as_ref().map(|r| r.status),
        Some(401)
    );
    let check = lab.org.app().last_test.clone().expect("a result");
    assert!(hint(&check).contains("twice"));
}

#[test]
fn an_empty_authorization_field_sends_no_header_and_gets_401() {
    let mut lab = Lab::new();
    lab.authorization("");

    let outcome = lab.perform(&Action::TestCredentials);

    let expected = format!("GET {}{PROBE}\n{GET_HEADERS}=> 401\n", lab.base);
    assert_eq!(render(&outcome.exchanges), expected);
    let check = lab.org.app().last_test.clone().expect("a result");
    assert!(hint(&check).contains("no Authorization header"));
}

#[test]
fn a_token_replaced_in_leadiq_gets_401_and_points_to_regeneration() {
    let mut lab = Lab::new();
    assert!(lab.tenant.generate_credentials(&mut lab.env).is_ok());

    let check = test_credentials(&mut lab);

    assert!(!check.ok);
    assert!(check
        .message
        .starts_with("Error authenticating: 401 Unauthorized."));
    assert!(hint(&check).contains("regenerated"));
}

#[test]
fn another_host_is_unreachable_and_gets_no_answer() {
    let mut lab = Lab::new();
    lab.base_url("https://leadiq.example/scim/v2");

    let outcome = lab.perform(&Action::TestCredentials);

    assert_eq!(outcome.exchanges.len(), 1);
    assert_eq!(outcome.exchanges[0].response, None);
    assert_eq!(
        outcome.exchanges[0].url,
        "https://leadiq.example/scim/v2/Users?startIndex=1&count=2"
    );
    let check = lab.org.app().last_test.clone().expect("a result");
    assert_eq!(
        check.message,
        "Error authenticating: could not connect to \
         https://leadiq.example/scim/v2/Users?startIndex=1&count=2: nothing answered there."
    );
    assert!(hint(&check).contains("no LeadIQ tenant answers at leadiq.example"));
}

#[test]
fn a_url_without_https_is_malformed_and_nothing_is_sent() {
    let mut lab = Lab::new();
    let typed = lab.base.replace("https://", "");
    lab.base_url(&typed);

    let outcome = lab.perform(&Action::TestCredentials);

    assert!(outcome.exchanges.is_empty());
    let check = lab.org.app().last_test.clone().expect("a result");
    assert_eq!(
        check.message,
        "Error authenticating: the base URL is not valid: the URL must start with https://."
    );
}

#[test]
fn a_url_with_a_space_is_malformed() {
    let mut lab = Lab::new();
    let typed = format!("{} ", lab.base);
    lab.base_url(&typed);

    let check = test_credentials(&mut lab);

    assert!(check.message.ends_with("the URL contains spaces."));
}

#[test]
fn a_wrong_path_on_leadiq_host_gets_the_engine_404() {
    let mut lab = Lab::new();
    let typed = lab.base.replace("/scim/v2", "/scim/v1");
    lab.base_url(&typed);

    let outcome = lab.perform(&Action::TestCredentials);

    let expected = format!(
        "GET {typed}{PROBE}\n{GET_HEADERS}{}=> 404\n",
        lab.auth_line()
    );
    assert_eq!(render(&outcome.exchanges), expected);
    let check = lab.org.app().last_test.clone().expect("a result");
    assert!(
        check.message.contains("/scim/v1/Users is not an endpoint"),
        "{check:?}"
    );
    assert!(hint(&check).contains(&lab.base));
}

#[test]
fn a_base_url_missing_its_path_still_gets_404() {
    let mut lab = Lab::new();
    let typed = lab.base.replace("/scim/v2", "");
    lab.base_url(&typed);

    let outcome = lab.perform(&Action::TestCredentials);

    assert_eq!(outcome.exchanges[0].url, format!("{typed}{PROBE}"));
    assert_eq!(
        outcome.exchanges[0].response.as_ref().map(|r| r.status),
        Some(404)
    );
}

#[test]
fn a_trailing_slash_sends_the_same_request_as_without() {
    let mut lab = Lab::new();
    let typed = format!("{}/", lab.base);
    lab.base_url(&typed);

    let outcome = lab.perform(&Action::TestCredentials);

    assert_eq!(render(&outcome.exchanges), lab.get(PROBE, 200));
}

#[test]
fn editing_the_connection_clears_the_last_result() {
    let mut lab = Lab::new();
    test_credentials(&mut lab);
    lab.authorization("Bearer something-else");
    assert_eq!(lab.org.app().last_test, None);
}
