//! The tenant's gate chain (Enterprise plan → SSO add-on → SSO on → SCIM credentials), what
//! each refusal says, and what SCIM does when a gate closes again.
#![cfg(not(target_arch = "wasm32"))]

mod engine_support;

use engine_support::{assert_error, stored_text};
use leadiq_scim_sandbox::engine::{
    GateStep, HttpRequest, Plan, Prerequisite, ScimStatus, SeededEnv, SsoStatus, Tenant,
};

fn enterprise_with_sso() -> Tenant {
    let mut tenant = Tenant::new();
    tenant.set_plan(Plan::Enterprise);
    tenant.set_sso_addon(true).ok();
    tenant.enable_sso().ok();
    tenant
}

#[test]
fn a_new_tenant_starts_below_every_gate() {
    let tenant = Tenant::new();
    assert_ne!(tenant.plan(), Plan::Enterprise);
    assert!(!tenant.sso_addon());
    assert_eq!(tenant.sso_status(), SsoStatus::Off);
    assert_eq!(tenant.scim_status(), ScimStatus::NotSetUp);
    assert_eq!(tenant.base_url(), None);
}

#[test]
fn each_gate_refuses_until_the_one_before_is_passed() {
    let mut env = SeededEnv::new(1);
    let mut tenant = Tenant::new();
    let cases = [
        (
            tenant.set_sso_addon(true).err(),
            GateStep::BuyAddon,
            Prerequisite::EnterprisePlan,
        ),
        (
            tenant.enable_sso().err(),
            GateStep::EnableSso,
            Prerequisite::EnterprisePlan,
        ),
        (
            tenant.generate_credentials(&mut env).err(),
            GateStep::GenerateCredentials,
            Prerequisite::EnterprisePlan,
        ),
    ];
    for (error, step, missing) in cases {
        let error = error.expect("the gate must refuse");
        assert_eq!((error.step, error.missing), (step, missing));
    }
    tenant.set_plan(Plan::Enterprise);
    let error = tenant.enable_sso().expect_err("SSO needs the add-on");
    assert_eq!(error.missing, Prerequisite::SsoAddon);
    tenant
        .set_sso_addon(true)
        .expect("Enterprise may buy the add-on");
    let error = tenant
        .generate_credentials(&mut env)
        .expect_err("SCIM needs SSO on");
    assert_eq!(error.missing, Prerequisite::SsoOn);
    tenant
        .enable_sso()
        .expect("Enterprise with the add-on may turn SSO on");
    assert!(tenant.generate_credentials(&mut env).is_ok());
    assert_eq!(tenant.scim_status(), ScimStatus::Active);
}

#[test]
fn refusals_name_the_missing_prerequisite_and_its_cost() {
    let mut tenant = Tenant::new();
    tenant.set_plan(Plan::Pro);
    let plan = tenant
        .enable_sso()
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert_eq!(
        plan,
        "SSO cannot be turned on yet: it needs the Enterprise plan, and this tenant is on Pro."
    );
    tenant.set_plan(Plan::Enterprise);
    let addon = tenant
        .enable_sso()
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(addon.contains("SSO add-on ($4,800 per year)"), "{addon}");
    assert!(
        addon.contains("separately from the Enterprise plan"),
        "{addon}"
    );
    tenant.set_sso_addon(true).ok();
    let sso = tenant
        .generate_credentials(&mut SeededEnv::new(1))
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        sso.starts_with("SCIM credentials cannot be generated yet"),
        "{sso}"
    );
    assert!(sso.contains("SSO configured and turned on"), "{sso}");
}

#[test]
fn credentials_give_a_fictional_base_url_under_the_tenant() {
    let mut tenant = enterprise_with_sso();
    let credentials = tenant.generate_credentials(&mut SeededEnv::new(3));
    let credentials = credentials.expect("all gates passed");
    assert_eq!(credentials.base_url, "https://acme.leadiq.example/scim/v2");
    assert_eq!(tenant.base_url(), Some(credentials.base_url.as_str()));
    assert_eq!(credentials.token.len(), 64);
}

#[test]
fn the_tenant_keeps_a_hash_of_the_token_never_the_token() {
    let mut env = SeededEnv::new(9);
    let (tenant, credentials) = Tenant::ready(&mut env);
    let stored = stored_text(&tenant);
    assert!(!stored.contains(&credentials.token));
}

#[test]
fn without_credentials_there_is_no_endpoint() {
    let mut tenant = enterprise_with_sso();
    let req = HttpRequest::new("GET", "/Users").with_header("Authorization", "Bearer x");
    let response = tenant.handle(&req, &mut SeededEnv::new(1));
    assert_eq!(response.status, 404);
    assert!(response.body.contains("generate SCIM credentials"));
}

fn suspended_reply(close: impl Fn(&mut Tenant)) -> engine_support::Reply {
    let mut sandbox = engine_support::Sandbox::new();
    close(&mut sandbox.tenant);
    sandbox.get("/Users")
}

#[test]
fn closing_a_gate_suspends_scim_with_403_naming_the_gate() {
    type Close = fn(&mut Tenant);
    let cases: [(&str, Close, &str); 3] = [
        ("SSO off", |t| t.disable_sso(), "SSO is switched off"),
        (
            "add-on lapsed",
            |t| {
                t.set_sso_addon(false).ok();
            },
            "SSO add-on ($4,800 per year)",
        ),
        (
            "downgraded",
            |t| t.set_plan(Plan::Pro),
            "the tenant is on the Pro plan",
        ),
    ];
    for (name, close, words) in cases {
        let reply = suspended_reply(close);
        assert_error(&reply, 403, "");
        assert!(reply.detail().contains(words), "{name}: {}", reply.detail());
        assert!(reply.detail().contains("token is kept"), "{name}");
    }
}

#[test]
fn a_suspended_tenant_reports_why() {
    let mut sandbox = engine_support::Sandbox::new();
    sandbox.tenant.set_sso_addon(false).ok();
    assert_eq!(
        sandbox.tenant.sso_status(),
        SsoStatus::Suspended(Prerequisite::SsoAddon)
    );
    assert_eq!(
        sandbox.tenant.scim_status(),
        ScimStatus::Suspended(Prerequisite::SsoAddon)
    );
}

#[test]
fn reopening_the_gate_restores_scim_with_the_same_token() {
    let mut sandbox = engine_support::Sandbox::new();
    sandbox.tenant.disable_sso();
    assert_eq!(sandbox.get("/Users").status, 403);
    sandbox.tenant.enable_sso().expect("gates still passed");
    assert_eq!(sandbox.get("/Users").status, 200);
}

#[test]
fn regenerating_credentials_needs_sso_on() {
    let mut sandbox = engine_support::Sandbox::new();
    sandbox.tenant.disable_sso();
    let error = sandbox.tenant.generate_credentials(&mut sandbox.env).err();
    assert_eq!(error.map(|e| e.missing), Some(Prerequisite::SsoOn));
}

#[test]
fn a_bad_token_is_401_even_while_suspended() {
    let mut sandbox = engine_support::Sandbox::new();
    sandbox.tenant.disable_sso();
    sandbox.token = "wrong".to_string();
    assert_eq!(sandbox.get("/Users").status, 401);
}
