//! The one entry point: an HTTP-shaped request in, an HTTP-shaped response out.
//!
//! Checks run in the order a real gateway would apply them: size limits, whether the
//! tenant has an endpoint at all, the bearer token (401), the gates (403), then routing
//! (404, 405, 501) and the operation itself.

use super::auth::authenticate;
use super::discovery::{self, Doc};
use super::env::Env;
use super::error::ScimError;
use super::http::{HttpRequest, HttpResponse};
use super::list;
use super::patch;
use super::query::Target;
use super::store::Users;
use super::tenant::{addon_price, Prerequisite, Tenant};
use super::users;

/// Largest request body accepted, in bytes; larger bodies get 413.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// Longest request target (path and query) accepted, in bytes; longer ones get 414.
pub const MAX_TARGET_BYTES: usize = 8 * 1024;

/// Answers `req` for `tenant`. Every failure becomes an RFC 7644 error response.
pub(crate) fn handle(tenant: &mut Tenant, req: &HttpRequest, env: &mut dyn Env) -> HttpResponse {
    admit(tenant, req)
        .and_then(|admitted| admitted.dispatch(&mut tenant.users, req, env))
        .unwrap_or_else(ScimError::into_response)
}

/// Answers `req` as [`handle`] would, with the gates and credentials of `tenant` and the
/// users of `users` (the tenant's own, or an overlay of them).
pub(crate) fn handle_with(
    tenant: &Tenant,
    users: &mut dyn Users,
    req: &HttpRequest,
    env: &mut dyn Env,
) -> HttpResponse {
    admit(tenant, req)
        .and_then(|admitted| admitted.dispatch(users, req, env))
        .unwrap_or_else(ScimError::into_response)
}

/// A request that passed the limits, the token and the gates, with where it goes.
struct Admitted {
    route: Route,
    target: Target,
    base_url: String,
}

impl Admitted {
    fn dispatch(
        &self,
        users: &mut dyn Users,
        req: &HttpRequest,
        env: &mut dyn Env,
    ) -> Result<HttpResponse, ScimError> {
        dispatch(users, &self.route, req, &self.target, &self.base_url, env)
    }
}

/// Everything a request must pass before it reaches the users; reads the tenant only.
fn admit(tenant: &Tenant, req: &HttpRequest) -> Result<Admitted, ScimError> {
    // Assumed (limits): 64 KiB of body and 8 KiB of target are LeadIQ's limits.
    check_sizes(req)?;
    // Assumed (no-endpoint): without credentials there is no SCIM endpoint to reach.
    let credentials = tenant.credentials.as_ref().ok_or_else(|| {
        ScimError::new(
            404,
            "This tenant has no SCIM endpoint yet: generate SCIM credentials in LeadIQ's \
             SSO/SCIM admin settings first.",
        )
    })?;
    // Assumed (discovery-needs-token): every path, discovery included, needs the token.
    authenticate(req, credentials)?;
    let base_url = credentials.base_url.clone();
    if let Some(missing) = tenant.scim_prerequisite() {
        return Err(suspended(missing, tenant));
    }
    // Known shortcoming: the Accept header is not checked; every answer is SCIM JSON.
    let target = Target::parse(&req.path)?;
    let route = route(&target.segments)?;
    Ok(Admitted {
        route,
        target,
        base_url,
    })
}

fn check_sizes(req: &HttpRequest) -> Result<(), ScimError> {
    if req.body.len() > MAX_BODY_BYTES {
        return Err(ScimError::new(
            413,
            format!(
                "The body is {} bytes; LeadIQ's SCIM endpoint accepts at most {MAX_BODY_BYTES}.",
                req.body.len()
            ),
        ));
    }
    if req.path.len() > MAX_TARGET_BYTES {
        return Err(ScimError::new(
            414,
            format!(
                "The path and query are {} bytes; at most {MAX_TARGET_BYTES} are accepted.",
                req.path.len()
            ),
        ));
    }
    Ok(())
}

// Assumed (scim-suspended): a closed gate keeps the token but refuses every request.
fn suspended(missing: Prerequisite, tenant: &Tenant) -> ScimError {
    let why = match missing {
        Prerequisite::EnterprisePlan => format!(
            "the tenant is on the {} plan, and SCIM needs Enterprise",
            tenant.plan().label()
        ),
        Prerequisite::SsoAddon => format!(
            "the SSO add-on ({}) has lapsed, and SCIM needs SSO",
            addon_price()
        ),
        Prerequisite::SsoOn => "SSO is switched off, and SCIM needs SSO active".to_string(),
    };
    ScimError::new(
        403,
        format!(
            "SCIM is suspended for this tenant: {why}. The token is kept and works again \
             once that is fixed in LeadIQ's admin settings."
        ),
    )
}

/// Where a request goes.
#[derive(Debug, PartialEq, Eq)]
enum Route {
    Users,
    User(String),
    Discovery(Doc),
    Unsupported(&'static str),
}

const ENDPOINTS: [&str; 8] = [
    "Users",
    "Groups",
    "Bulk",
    "Me",
    ".search",
    "ServiceProviderConfig",
    "ResourceTypes",
    "Schemas",
];

fn route(segments: &[String]) -> Result<Route, ScimError> {
    let parts: Vec<&str> = segments.iter().map(String::as_str).collect();
    // Assumed (unsupported): what LeadIQ does not document answers 501.
    let route = match parts.as_slice() {
        ["Users"] => Route::Users,
        ["Users", ".search"] | [".search"] => Route::Unsupported(
            "Searching with POST .search is not supported by LeadIQ: use GET /Users?filter=…",
        ),
        ["Users", id] => Route::User((*id).to_string()),
        ["Groups", ..] => Route::Unsupported(
            "Groups are not supported by LeadIQ's SCIM endpoint: it manages users only.",
        ),
        ["Bulk"] => Route::Unsupported("Bulk operations are not supported by LeadIQ."),
        ["Me"] => Route::Unsupported("The /Me endpoint is not supported by LeadIQ."),
        ["ServiceProviderConfig"] => Route::Discovery(Doc::ServiceProviderConfig),
        ["ResourceTypes"] => Route::Discovery(Doc::ResourceTypes(None)),
        ["ResourceTypes", name] => Route::Discovery(Doc::ResourceTypes(Some(name.to_string()))),
        ["Schemas"] => Route::Discovery(Doc::Schemas(None)),
        ["Schemas", urn] => Route::Discovery(Doc::Schemas(Some(urn.to_string()))),
        _ => return Err(not_found(&parts)),
    };
    Ok(route)
}

// Assumed (case-sensitive-paths): endpoint names must be spelled as in RFC 7644.
fn not_found(parts: &[&str]) -> ScimError {
    let path = format!("/{}", parts.join("/"));
    let first = parts.first().copied().unwrap_or_default();
    let hint = ENDPOINTS
        .iter()
        .find(|e| e.eq_ignore_ascii_case(first) && **e != first)
        .map(|e| format!(" Endpoint names are case-sensitive: did you mean /{e}?"))
        .unwrap_or_default();
    ScimError::new(
        404,
        format!("{path} is not an endpoint of LeadIQ's SCIM API.{hint}"),
    )
}

fn dispatch(
    store: &mut dyn Users,
    route: &Route,
    req: &HttpRequest,
    target: &Target,
    base_url: &str,
    env: &mut dyn Env,
) -> Result<HttpResponse, ScimError> {
    match (route, req.method.as_str()) {
        (Route::Users, "GET") => list::list(&*store, base_url, target),
        (Route::Users, "POST") => users::create(store, base_url, req, target, env),
        (Route::Users, _) => Err(not_allowed(req, "/Users", "GET, POST")),
        (Route::User(id), "GET") => users::get(&*store, base_url, id, req, target),
        (Route::User(id), "PATCH") => patch::patch(store, base_url, id, req, target, env),
        (Route::User(_), "PUT") => Err(ScimError::not_supported(
            "Replacing a user with PUT is not supported by LeadIQ: it supports creating users \
             (POST) and deactivating them (PATCH active false) only.",
        )),
        (Route::User(_), "DELETE") => Err(ScimError::not_supported(
            "Deleting users is not supported by LeadIQ: deactivate them with PATCH active \
             false instead.",
        )),
        (Route::User(_), _) => Err(not_allowed(req, "/Users/{id}", "GET, PATCH")),
        (Route::Discovery(doc), "GET") => discovery::answer(doc, base_url, target),
        (Route::Discovery(_), _) => Err(not_allowed(req, "discovery endpoints", "GET")),
        (Route::Unsupported(detail), _) => Err(ScimError::not_supported(*detail)),
    }
}

fn not_allowed(req: &HttpRequest, what: &str, allow: &str) -> ScimError {
    let method: String = req.method.chars().take(16).collect();
    ScimError::new(
        405,
        format!("{method} is not allowed on {what}; allowed: {allow} (methods are upper case)."),
    )
    .with_header("Allow", allow)
}
