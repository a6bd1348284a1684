//! One LeadIQ tenant: its plan, the SSO add-on, SSO, the SCIM credentials, and its users.
//!
//! The gates form a chain (Enterprise plan → SSO add-on → SSO on → SCIM credentials) and
//! each step refuses to pass before the one ahead of it, with a [`GateError`] a trainee can
//! read. The flags are kept as set; whether SSO and SCIM actually work is derived from the
//! whole chain, so a lapse suspends what depends on it and passing the gate restores it.

use super::endpoint;
use super::env::Env;
use super::http::{HttpRequest, HttpResponse};
use super::store::{Overlay, UserStore};
use super::text::fold_case;
use super::user::User;
use crate::seed::SSO_ADDON_YEARLY_USD;

use std::fmt;

/// A LeadIQ subscription plan.
// Assumed (plan-names): only Enterprise is documented; Free and Pro are placeholders.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Plan {
    /// The free tier.
    Free,
    /// A paid tier below Enterprise.
    Pro,
    /// The only plan that can carry the SSO add-on, and so SCIM.
    Enterprise,
}

impl Plan {
    /// Every plan, lowest first.
    pub const ALL: [Plan; 3] = [Plan::Free, Plan::Pro, Plan::Enterprise];

    /// The plan's name as the UI shows it.
    pub fn label(self) -> &'static str {
        match self {
            Plan::Free => "Free",
            Plan::Pro => "Pro",
            Plan::Enterprise => "Enterprise",
        }
    }
}

/// Something a gate needs that the tenant does not have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Prerequisite {
    /// The Enterprise plan.
    EnterprisePlan,
    /// The SSO add-on, bought on top of Enterprise.
    SsoAddon,
    /// SSO configured and switched on.
    SsoOn,
}

/// The step a [`GateError`] refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GateStep {
    /// Buying the SSO add-on.
    BuyAddon,
    /// Switching SSO on.
    EnableSso,
    /// Generating SCIM credentials.
    GenerateCredentials,
}

/// A gate passed too early: which step, what is missing, and the plan the tenant is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GateError {
    /// The step that was refused.
    pub step: GateStep,
    /// The first prerequisite in the chain that is not met.
    pub missing: Prerequisite,
    /// The tenant's plan when it was refused.
    pub plan: Plan,
}

/// The SSO add-on's price as the UI writes it, e.g. `$4,800 per year`.
pub fn addon_price() -> String {
    let usd = SSO_ADDON_YEARLY_USD;
    format!("${},{:03} per year", usd / 1000, usd % 1000)
}

impl fmt::Display for GateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let refused = match self.step {
            GateStep::BuyAddon => "The SSO add-on cannot be bought yet",
            GateStep::EnableSso => "SSO cannot be turned on yet",
            GateStep::GenerateCredentials => "SCIM credentials cannot be generated yet",
        };
        write!(f, "{refused}: {}.", missing_reason(self.missing, self.plan))
    }
}

impl std::error::Error for GateError {}

/// Why a prerequisite blocks, in words that name it and its cost.
pub fn missing_reason(missing: Prerequisite, plan: Plan) -> String {
    match missing {
        Prerequisite::EnterprisePlan => format!(
            "it needs the Enterprise plan, and this tenant is on {}",
            plan.label()
        ),
        Prerequisite::SsoAddon => format!(
            "it needs the SSO add-on ({}), which is sold separately from the Enterprise plan",
            addon_price()
        ),
        Prerequisite::SsoOn => {
            "it needs SSO configured and turned on first (LeadIQ admin settings, SSO/SCIM)"
                .to_string()
        }
    }
}

/// Whether SSO works.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SsoStatus {
    /// Switched off.
    Off,
    /// Switched on and working.
    On,
    /// Switched on, but a prerequisite lapsed.
    Suspended(Prerequisite),
}

/// Whether the SCIM endpoint answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScimStatus {
    /// No credentials were ever generated: there is no endpoint.
    NotSetUp,
    /// Credentials exist and every gate is passed.
    Active,
    /// Credentials exist but a gate closed; every request gets 403 until it reopens.
    Suspended(Prerequisite),
}

/// What generating credentials returns: the base URL and the token, shown once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Credentials {
    /// The SCIM base URL to paste into Okta.
    pub base_url: String,
    /// The bearer token; the tenant keeps only its hash.
    pub token: String,
}

/// How many replaced tokens the tenant remembers, to tell "stale" from "unknown".
// Known shortcoming: a token replaced more than 8 generations ago is called unknown.
const REMEMBERED_STALE_TOKENS: usize = 8;

/// What the tenant keeps of its credentials: never the token itself.
// Assumed (token-storage): a SHA-256 hash, plus the hashes of recently replaced tokens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct StoredCredentials {
    pub base_url: String,
    pub token_sha256: String,
    pub issued_millis: u64,
    pub replaced_sha256: Vec<String>,
}

/// How a presented token compares with the credentials.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TokenCheck {
    Current,
    Stale,
    Unknown,
}

impl StoredCredentials {
    /// Compares `token` with the current and the replaced tokens by hash.
    pub fn check(&self, token: &str) -> TokenCheck {
        let presented = sha256_hex(token);
        if constant_time_eq(&presented, &self.token_sha256) {
            TokenCheck::Current
        } else if self
            .replaced_sha256
            .iter()
            .any(|h| constant_time_eq(&presented, h))
        {
            TokenCheck::Stale
        } else {
            TokenCheck::Unknown
        }
    }
}

fn sha256_hex(text: &str) -> String {
    hex(&super::sha256::digest(text.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    out
}

/// Equality whose time does not depend on where the inputs first differ.
fn constant_time_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A UUID-shaped (version 4) id from the environment's random bytes.
pub(crate) fn new_id(env: &mut dyn Env) -> String {
    let mut bytes = [0u8; 16];
    env.fill_random(&mut bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let h = hex(&bytes);
    format!(
        "{}-{}-{}-{}-{}",
        &h[..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..]
    )
}

/// One LeadIQ tenant. The snapshot codec (`state::codec`) stores it; equality compares
/// everything, indexes included.
#[derive(Clone, Debug, PartialEq)]
pub struct Tenant {
    pub(crate) slug: String,
    pub(crate) plan: Plan,
    pub(crate) sso_addon: bool,
    pub(crate) sso_enabled: bool,
    pub(crate) credentials: Option<StoredCredentials>,
    pub(crate) users: UserStore,
}

impl Default for Tenant {
    fn default() -> Self {
        Tenant::new()
    }
}

impl Tenant {
    /// The slug of a tenant made by [`Tenant::new`].
    pub const DEFAULT_SLUG: &'static str = "acme";

    /// A tenant on the Free plan, no add-on, SSO off, SCIM not set up, no users.
    pub fn new() -> Self {
        Tenant::named(Tenant::DEFAULT_SLUG)
    }

    /// Like [`Tenant::new`] with a subdomain slug; characters other than `a-z`, `0-9` and
    /// `-` are dropped, and an empty result falls back to [`Tenant::DEFAULT_SLUG`].
    pub fn named(slug: &str) -> Self {
        let clean: String = fold_case(slug)
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .take(63)
            .collect();
        Tenant {
            slug: if clean.is_empty() {
                Tenant::DEFAULT_SLUG.to_string()
            } else {
                clean
            },
            plan: Plan::Free,
            sso_addon: false,
            sso_enabled: false,
            credentials: None,
            users: UserStore::default(),
        }
    }

    /// A tenant with every gate passed and fresh credentials: for tests, benches and the
    /// native server.
    pub fn ready(env: &mut dyn Env) -> (Tenant, Credentials) {
        let mut tenant = Tenant::new();
        tenant.plan = Plan::Enterprise;
        tenant.sso_addon = true;
        tenant.sso_enabled = true;
        let credentials = tenant.issue_credentials(env);
        (tenant, credentials)
    }

    /// The tenant's subdomain slug.
    pub fn slug(&self) -> &str {
        &self.slug
    }

    /// The current plan.
    pub fn plan(&self) -> Plan {
        self.plan
    }

    /// Changes plan. Downgrading is always allowed; what needs Enterprise is suspended.
    pub fn set_plan(&mut self, plan: Plan) {
        self.plan = plan;
    }

    /// Whether the SSO add-on is bought.
    pub fn sso_addon(&self) -> bool {
        self.sso_addon
    }

    /// Buys (`true`) or lets lapse (`false`) the SSO add-on. Buying needs Enterprise.
    pub fn set_sso_addon(&mut self, bought: bool) -> Result<(), GateError> {
        // Assumed (addon-needs-enterprise): the add-on is sold only on top of Enterprise.
        if bought && self.plan != Plan::Enterprise {
            return Err(self.refuse(GateStep::BuyAddon, Prerequisite::EnterprisePlan));
        }
        self.sso_addon = bought;
        Ok(())
    }

    /// Switches SSO on; needs Enterprise and the add-on.
    pub fn enable_sso(&mut self) -> Result<(), GateError> {
        if let Some(missing) = self.sso_prerequisite() {
            return Err(self.refuse(GateStep::EnableSso, missing));
        }
        self.sso_enabled = true;
        Ok(())
    }

    /// Switches SSO off. SCIM keeps its credentials but is suspended until SSO is back on.
    pub fn disable_sso(&mut self) {
        self.sso_enabled = false;
    }

    /// Whether SSO is switched on (it may still be suspended: see [`Tenant::sso_status`]).
    pub fn sso_enabled(&self) -> bool {
        self.sso_enabled
    }

    /// Whether SSO works, derived from the whole chain.
    pub fn sso_status(&self) -> SsoStatus {
        match (self.sso_enabled, self.sso_prerequisite()) {
            (false, _) => SsoStatus::Off,
            (true, None) => SsoStatus::On,
            (true, Some(missing)) => SsoStatus::Suspended(missing),
        }
    }

    /// Whether the SCIM endpoint answers.
    pub fn scim_status(&self) -> ScimStatus {
        match (&self.credentials, self.scim_prerequisite()) {
            (None, _) => ScimStatus::NotSetUp,
            (Some(_), None) => ScimStatus::Active,
            (Some(_), Some(missing)) => ScimStatus::Suspended(missing),
        }
    }

    /// Generates a new base URL and token; any earlier token stops working at once.
    pub fn generate_credentials(&mut self, env: &mut dyn Env) -> Result<Credentials, GateError> {
        // Assumed (regenerate-needs-sso): regenerating needs the same gates as generating.
        if let Some(missing) = self.scim_prerequisite() {
            return Err(self.refuse(GateStep::GenerateCredentials, missing));
        }
        Ok(self.issue_credentials(env))
    }

    /// The SCIM base URL, once credentials exist.
    pub fn base_url(&self) -> Option<&str> {
        self.credentials.as_ref().map(|c| c.base_url.as_str())
    }

    /// When the current token was issued, Unix milliseconds.
    pub fn credentials_issued_millis(&self) -> Option<u64> {
        self.credentials.as_ref().map(|c| c.issued_millis)
    }

    /// The users, in creation order.
    pub fn users(&self) -> &[User] {
        self.users.users()
    }

    /// Answers one SCIM request the way LeadIQ's endpoint would. Never panics.
    pub fn handle(&mut self, req: &HttpRequest, env: &mut dyn Env) -> HttpResponse {
        endpoint::handle(self, req, env)
    }

    /// A dry run: answers requests exactly as [`Tenant::handle`] would, one after the
    /// other, but keeps its writes to itself and leaves the tenant as it is. Making one
    /// copies nothing, and each answer costs what the real one would plus a copy of the
    /// users it creates or changes, never a copy of the tenant.
    ///
    /// ```
    /// use leadiq_scim_sandbox::engine::{HttpRequest, SeededEnv, Tenant};
    ///
    /// let mut env = SeededEnv::new(1);
    /// let (tenant, credentials) = Tenant::ready(&mut env);
    /// let auth = format!("Bearer {}", credentials.token);
    /// let body =
    ///     r#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"ada"}"#;
    /// let create = HttpRequest::new("POST", "/Users")
    ///     .with_header("Authorization", &auth)
    ///     .with_body(body);
    ///
    /// let mut dry = tenant.dry_run();
    /// assert_eq!(dry.handle(&create, &mut env).status, 201);
    /// assert_eq!(dry.handle(&create, &mut env).status, 409, "the dry run sees its write");
    /// assert!(tenant.users().is_empty(), "the tenant does not");
    /// ```
    pub fn dry_run(&self) -> DryRun<'_> {
        DryRun {
            tenant: self,
            users: Overlay::new(&self.users),
        }
    }

    /// Checks that the user indexes agree with the user list and userNames are unique.
    pub fn check_invariants(&self) -> Result<(), String> {
        self.users.check_invariants()
    }

    /// The first unmet prerequisite of SSO.
    fn sso_prerequisite(&self) -> Option<Prerequisite> {
        if self.plan != Plan::Enterprise {
            Some(Prerequisite::EnterprisePlan)
        } else if !self.sso_addon {
            Some(Prerequisite::SsoAddon)
        } else {
            None
        }
    }

    /// The first unmet prerequisite of SCIM.
    pub(crate) fn scim_prerequisite(&self) -> Option<Prerequisite> {
        self.sso_prerequisite()
            .or((!self.sso_enabled).then_some(Prerequisite::SsoOn))
    }

    fn refuse(&self, step: GateStep, missing: Prerequisite) -> GateError {
        GateError {
            step,
            missing,
            plan: self.plan,
        }
    }

    fn issue_credentials(&mut self, env: &mut dyn Env) -> Credentials {
        let mut secret = [0u8; 32];
        env.fill_random(&mut secret);
        let token = hex(&secret);
        // Assumed (base-url): LeadIQ does not publish its SCIM URL; this one is fictional.
        let base_url = format!("https://{}.leadiq.example/scim/v2", self.slug);
        let mut replaced = Vec::new();
        if let Some(old) = self.credentials.take() {
            replaced = old.replaced_sha256;
            replaced.insert(0, old.token_sha256);
            replaced.truncate(REMEMBERED_STALE_TOKENS);
        }
        self.credentials = Some(StoredCredentials {
            base_url: base_url.clone(),
            token_sha256: sha256_hex(&token),
            issued_millis: env.now_millis(),
            replaced_sha256: replaced,
        });
        Credentials { base_url, token }
    }
}

/// A tenant answering requests without changing: see [`Tenant::dry_run`].
#[derive(Debug)]
pub struct DryRun<'a> {
    tenant: &'a Tenant,
    users: Overlay<'a>,
}

impl DryRun<'_> {
    /// Answers `req` as the tenant would after the requests this dry run already answered.
    /// Ids and times come from `env`, as they do in [`Tenant::handle`].
    pub fn handle(&mut self, req: &HttpRequest, env: &mut dyn Env) -> HttpResponse {
        endpoint::handle_with(self.tenant, &mut self.users, req, env)
    }

    /// How many users the dry run holds copies of: the ones it created or changed.
    pub fn touched(&self) -> usize {
        self.users.touched()
    }
}
