//! The sandbox snapshot: everything the app keeps between visits (tenant, Okta org, chosen
//! IdP, current step, activity log), the trainee's actions on it and each step's lock
//! state. Its stored form, versioned, is written and read by `codec`. Plain Rust; the
//! browser side is `storage`.

mod codec;

pub use codec::{decode, encode, DecodeError};

use crate::engine::Tenant;
use crate::engine::{Credentials, Env, GateError, Plan as TenantPlan, ScimStatus, SsoStatus};
use crate::okta::{Action, ActionError, Exchange, IdentityProvider, OktaOrg, Outcome};
use crate::seed::SETUP_STEPS;

/// Version of the snapshot format this build writes and reads.
pub const STATE_VERSION: u32 = 2;

/// How many exchanges the activity log keeps; older ones drop off so the snapshot stays
/// well inside localStorage's 5 million characters.
pub const ACTIVITY_CAP: usize = 300;

/// Everything the sandbox remembers.
#[derive(Clone, Debug, PartialEq)]
pub struct Snapshot {
    /// Format version; always [`STATE_VERSION`] when written by this build.
    pub version: u32,
    /// Slug of the setup step the trainee last looked at.
    pub current_step: String,
    /// The LeadIQ tenant: its gates, credentials and users.
    pub tenant: Tenant,
    /// The Okta org with the LeadIQ app.
    pub okta: OktaOrg,
    /// The identity provider chosen in the admin settings, once chosen.
    pub idp: Option<IdentityProvider>,
    /// Every HTTP exchange so far, oldest first, at most [`ACTIVITY_CAP`].
    pub activity: Vec<ActivityEntry>,
    /// Sequence number of the next activity entry.
    pub next_seq: u64,
}

/// One line of the activity log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActivityEntry {
    /// Position in the whole history, from 1; stable when old entries drop off.
    pub seq: u64,
    /// Slug of the step the exchange happened in.
    pub step: String,
    /// When it happened, in Unix milliseconds.
    pub at_millis: u64,
    /// The request, LeadIQ's answer and what Okta concluded.
    pub exchange: Exchange,
}

impl ActivityEntry {
    /// The response status, or `None` when the request never reached LeadIQ.
    pub fn status(&self) -> Option<u16> {
        self.exchange.response.as_ref().map(|r| r.status)
    }
}

/// Where a setup step stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StepStatus {
    /// Not reachable yet; the text says what is missing.
    Locked(String),
    /// Reachable, not finished.
    Available,
    /// Finished.
    Done,
}

impl StepStatus {
    /// A one-word label for badges.
    pub fn label(&self) -> &'static str {
        match self {
            Self::Locked(_) => "Locked",
            Self::Available => "To do",
            Self::Done => "Done",
        }
    }
}

impl Snapshot {
    /// A fresh sandbox: a tenant on a lower plan and an Okta org with a few sample people.
    pub fn fresh(env: &mut dyn Env) -> Self {
        Self {
            version: STATE_VERSION,
            current_step: SETUP_STEPS[0].slug.to_string(),
            tenant: Tenant::new(),
            okta: OktaOrg::sample(env),
            idp: None,
            activity: Vec::new(),
            next_seq: 1,
        }
    }

    /// Where each step stands, derived from the tenant and the Okta org, never stored.
    pub fn step_status(&self, slug: &str) -> StepStatus {
        match slug {
            "plan" => done_if(self.plan_ready()),
            "admin-settings" => self.admin_status(),
            "credentials" => self.credentials_status(),
            "okta-app" => self.okta_app_status(),
            "mapping" => self
                .lock_unless_okta()
                .unwrap_or_else(|| done_if(self.okta_app_done() && self.mappings_valid())),
            "assign" => self.lock_unless_okta().unwrap_or_else(|| {
                done_if(
                    self.okta
                        .assignments()
                        .iter()
                        .any(|a| a.status == crate::okta::ProvisioningStatus::Provisioned),
                )
            }),
            _ => StepStatus::Locked(format!("There is no step called \"{slug}\".")),
        }
    }

    fn mappings_valid(&self) -> bool {
        let issues = self.okta.app().mappings.validate();
        !issues
            .iter()
            .any(|i| i.severity() == crate::okta::Severity::Error)
    }

    fn plan_ready(&self) -> bool {
        self.tenant.plan() == TenantPlan::Enterprise && self.tenant.sso_addon()
    }

    fn admin_status(&self) -> StepStatus {
        if !self.plan_ready() {
            return StepStatus::Locked(
                "Step 1 first: SSO needs the Enterprise plan and the SSO add-on.".into(),
            );
        }
        done_if(self.idp == Some(IdentityProvider::Okta) && self.sso_on())
    }

    fn sso_on(&self) -> bool {
        self.tenant.sso_status() == SsoStatus::On
    }

    fn credentials_status(&self) -> StepStatus {
        if !self.sso_on() {
            return StepStatus::Locked(
                "The SCIM section stays locked until SSO is active (step 2).".into(),
            );
        }
        done_if(self.tenant.scim_status() == ScimStatus::Active)
    }

    fn okta_app_status(&self) -> StepStatus {
        if let Some(locked) = self.lock_unless_okta() {
            return locked;
        }
        done_if(self.okta_app_done())
    }

    fn okta_app_done(&self) -> bool {
        self.okta.app().last_test.as_ref().is_some_and(|t| t.ok)
    }

    /// Steps 4 to 6 happen in Okta with LeadIQ's credentials: locked until both exist.
    fn lock_unless_okta(&self) -> Option<StepStatus> {
        if let Some(idp) = self.idp.filter(|i| *i != IdentityProvider::Okta) {
            return Some(StepStatus::Locked(format!(
                "{} has no documented SCIM path into LeadIQ; choose Okta in step 2 to go on.",
                idp.name()
            )));
        }
        if self.tenant.base_url().is_none() {
            return Some(StepStatus::Locked(
                "Generate LeadIQ's SCIM token and base URL first (step 3).".into(),
            ));
        }
        None
    }

    /// Chooses the tenant's plan; dropping below Enterprise has the consequences the
    /// engine gives it (SSO and SCIM stop working until the plan is back).
    pub fn set_plan(&mut self, plan: TenantPlan) {
        self.tenant.set_plan(plan);
    }

    /// Buys or cancels the SSO add-on.
    pub fn set_sso_addon(&mut self, bought: bool) -> Result<(), GateError> {
        self.tenant.set_sso_addon(bought)
    }

    /// Switches SSO on or off.
    pub fn set_sso(&mut self, on: bool) -> Result<(), GateError> {
        if on {
            self.tenant.enable_sso()
        } else {
            self.tenant.disable_sso();
            Ok(())
        }
    }

    /// Generates SCIM credentials; a previous token stops working at once.
    pub fn generate_credentials(&mut self, env: &mut dyn Env) -> Result<Credentials, GateError> {
        self.tenant.generate_credentials(env)
    }

    /// Plans an Okta action without changing anything: the requests it would send.
    pub fn plan(&self, action: &Action) -> Result<crate::okta::Plan, ActionError> {
        self.okta.plan(action, &self.tenant)
    }

    /// Performs an Okta action against the tenant and logs its exchanges under the
    /// current step.
    pub fn perform(&mut self, action: &Action, env: &mut dyn Env) -> Result<Outcome, ActionError> {
        let outcome = self.okta.perform(action, &mut self.tenant, env)?;
        let at_millis = env.now_millis();
        let step = self.current_step.clone();
        for exchange in &outcome.exchanges {
            self.log(&step, at_millis, exchange.clone());
        }
        Ok(outcome)
    }

    fn log(&mut self, step: &str, at_millis: u64, exchange: Exchange) {
        self.activity.push(ActivityEntry {
            seq: self.next_seq,
            step: step.to_string(),
            at_millis,
            exchange,
        });
        self.next_seq += 1;
        let excess = self.activity.len().saturating_sub(ACTIVITY_CAP);
        self.activity.drain(..excess);
    }
}

fn done_if(done: bool) -> StepStatus {
    if done {
        StepStatus::Done
    } else {
        StepStatus::Available
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::SeededEnv;
    use crate::okta::{Connection, Features};

    fn fresh() -> (Snapshot, SeededEnv) {
        let mut env = SeededEnv::new(5);
        (Snapshot::fresh(&mut env), env)
    }

    /// A sandbox walked through steps 1 to 4 with the right token.
    fn connected() -> (Snapshot, SeededEnv) {
        let (mut s, mut env) = fresh();
        s.set_plan(TenantPlan::Enterprise);
        assert_eq!(s.set_sso_addon(true), Ok(()));
        s.idp = Some(IdentityProvider::Okta);
        assert_eq!(s.set_sso(true), Ok(()));
        let credentials = s.generate_credentials(&mut env).expect("gates are open");
        s.okta.set_connection(Connection::bearer(
            &credentials.base_url,
            &credentials.token,
        ));
        s.okta.set_features(Features::leadiq_supported());
        s.perform(&Action::TestCredentials, &mut env)
            .expect("test runs");
        (s, env)
    }

    fn statuses(s: &Snapshot) -> Vec<&'static str> {
        SETUP_STEPS
            .iter()
            .map(|st| s.step_status(st.slug).label())
            .collect()
    }

    #[test]
    fn a_snapshot_survives_encode_and_decode() {
        let (snapshot, _) = connected();
        let text = encode(&snapshot);
        assert_eq!(decode(&text).as_ref(), Ok(&snapshot));
        assert_eq!(decode(&text).map(|s| encode(&s)), Ok(text));
    }

    #[test]
    fn a_fresh_sandbox_has_only_the_first_step_open() {
        let (s, _) = fresh();
        let expected = ["To do", "Locked", "Locked", "Locked", "Locked", "Locked"];
        assert_eq!(statuses(&s), expected);
    }

    #[test]
    fn walking_the_steps_unlocks_them_in_order() {
        let (s, _) = connected();
        let expected = ["Done", "Done", "Done", "Done", "Done", "To do"];
        assert_eq!(statuses(&s), expected);
        assert_eq!(s.activity.len(), 1, "Test API Credentials is logged");
        assert_eq!(s.activity[0].step, "plan");
        assert_eq!(s.activity[0].status(), Some(200));
    }

    #[test]
    fn switching_sso_off_locks_the_scim_section_again() {
        let (mut s, _) = connected();
        assert_eq!(s.set_sso(false), Ok(()));
        assert!(matches!(
            s.step_status("credentials"),
            StepStatus::Locked(_)
        ));
        assert_eq!(s.step_status("admin-settings"), StepStatus::Available);
    }

    #[test]
    fn another_idp_locks_the_okta_steps_with_the_reason() {
        let (mut s, _) = connected();
        s.idp = Some(IdentityProvider::EntraId);
        let StepStatus::Locked(why) = s.step_status("okta-app") else {
            panic!("okta-app should be locked");
        };
        assert!(why.contains("Entra ID"), "{why}");
    }

    #[test]
    fn provisioning_someone_finishes_the_last_step() {
        let (mut s, mut env) = connected();
        let ada = s.okta.people()[0].id.clone();
        s.current_step = "assign".into();
        let outcome = s
            .perform(&Action::AssignPerson(ada), &mut env)
            .expect("assigns");
        assert_eq!(s.step_status("assign"), StepStatus::Done, "{outcome:?}");
        assert_eq!(s.tenant.users().len(), 1);
        let steps: Vec<&str> = s.activity.iter().map(|e| e.step.as_str()).collect();
        assert_eq!(steps, ["plan", "assign", "assign"], "lookup then create");
    }

    #[test]
    fn the_activity_log_keeps_only_the_newest_entries() {
        let (mut s, mut env) = connected();
        for _ in 0..ACTIVITY_CAP + 5 {
            s.perform(&Action::TestCredentials, &mut env)
                .expect("test runs");
        }
        assert_eq!(s.activity.len(), ACTIVITY_CAP);
        assert_eq!(s.activity[0].seq, 7);
        assert_eq!(s.next_seq, ACTIVITY_CAP as u64 + 7);
    }

    #[test]
    fn text_that_is_not_json_is_reported_as_such() {
        assert!(matches!(
            decode("{\"version\":1,"),
            Err(DecodeError::NotJson(_))
        ));
    }

    #[test]
    fn a_newer_format_is_told_apart_from_damage() {
        let text = r#"{"version":99,"somethingNew":true}"#;
        assert!(matches!(decode(text), Err(DecodeError::NewerVersion(99))));
        assert!(DecodeError::NewerVersion(99)
            .to_string()
            .contains("newer version of the sandbox"));
    }

    #[test]
    fn a_missing_version_or_field_is_refused() {
        let no_version = decode(r#"{"currentStep":"plan"}"#);
        assert!(matches!(no_version, Err(DecodeError::NoVersion)));
        let never = decode(r#"{"version":0}"#);
        assert!(matches!(never, Err(DecodeError::UnknownVersion(0))));
        assert!(matches!(
            decode(r#"{"version":2}"#),
            Err(DecodeError::WrongShape(_))
        ));
    }

    #[test]
    fn an_unknown_step_falls_back_to_the_first() {
        let (mut stored, _) = fresh();
        stored.current_step = "gone".into();
        let decoded = decode(&encode(&stored));
        assert_eq!(decoded.map(|s| s.current_step), Ok("plan".to_string()));
    }
}
