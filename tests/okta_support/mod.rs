//! A small lab for the Okta model's integration tests: a LeadIQ tenant with every gate
//! passed, an Okta org connected to it the way LeadIQ's steps say, and a renderer that
//! prints exchanges as wire text so whole sequences compare byte for byte.

#![allow(dead_code)]

use leadiq_scim_sandbox::engine::{HttpRequest, SeededEnv, Tenant};
use leadiq_scim_sandbox::okta::{
    Action, Connection, Exchange, Features, OktaOrg, Outcome, Plan, Profile,
};

/// The headers Okta sends on a request without a body, before `Authorization`.
pub const GET_HEADERS: &str = "User-Agent: Okta SCIM Client 1.0.0\n\
                               Accept: application/scim+json\n\
                               Accept-Charset: utf-8\n";

/// The same with a body.
pub const BODY_HEADERS: &str = "User-Agent: Okta SCIM Client 1.0.0\n\
                                Accept: application/scim+json\n\
                                Accept-Charset: utf-8\n\
                                Content-Type: application/scim+json; charset=utf-8\n";

/// Okta's deactivation body.
pub const DEACTIVATE: &str = concat!(
    r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"#,
    r#""Operations":[{"op":"replace","value":{"active":false}}]}"#
);

/// Okta's reactivation body.
pub const REACTIVATE: &str = concat!(
    r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"#,
    r#""Operations":[{"op":"replace","value":{"active":true}}]}"#
);

pub struct Lab {
    pub org: OktaOrg,
    pub tenant: Tenant,
    /// Env of the tenant and of every performed action.
    pub env: SeededEnv,
    /// Env of the org's own ids, apart so that they do not depend on the engine.
    pub org_env: SeededEnv,
    pub base: String,
    pub token: String,
}

impl Lab {
    /// A ready tenant and an org whose LeadIQ app has the tenant's base URL, the token
    /// with its `Bearer ` prefix, and Create Users and Deactivate Users on.
    pub fn new() -> Self {
        let mut env = SeededEnv::new(7);
        let (tenant, credentials) = Tenant::ready(&mut env);
        let mut org_env = SeededEnv::new(11);
        let mut org = OktaOrg::new(&mut org_env);
        org.set_connection(Connection::bearer(
            &credentials.base_url,
            &credentials.token,
        ));
        org.set_features(Features::leadiq_supported());
        Self {
            org,
            tenant,
            env,
            org_env,
            base: credentials.base_url,
            token: credentials.token,
        }
    }

    /// Adds a person and returns their Okta id.
    pub fn person(&mut self, login: &str, first: &str, last: &str) -> String {
        let profile = Profile::new(login, first, last);
        match self.org.add_person(profile, &mut self.org_env) {
            Ok(id) => id,
            Err(e) => panic!("add_person refused {login}: {e}"),
        }
    }

    /// Adds a group with these members (not yet assigned).
    pub fn group(&mut self, name: &str, members: &[impl AsRef<str>]) -> String {
        let members: Vec<String> = members.iter().map(|m| m.as_ref().to_string()).collect();
        let id = match self.org.add_group(name, &mut self.org_env) {
            Ok(id) => id,
            Err(e) => panic!("add_group refused {name}: {e}"),
        };
        if let Err(e) = self.org.add_members(&id, &members) {
            panic!("add_members refused: {e}");
        }
        id
    }

    pub fn plan(&self, action: &Action) -> Plan {
        match self.org.plan(action, &self.tenant) {
            Ok(plan) => plan,
            Err(e) => panic!("plan refused {action:?}: {e}"),
        }
    }

    pub fn perform(&mut self, action: &Action) -> Outcome {
        match self.org.perform(action, &mut self.tenant, &mut self.env) {
            Ok(outcome) => outcome,
            Err(e) => panic!("perform refused {action:?}: {e}"),
        }
    }

    /// Types a new Authorization value into the connection.
    pub fn authorization(&mut self, value: &str) {
        let connection = Connection {
            base_url: self.org.app().connection.base_url.clone(),
            authorization: value.to_string(),
        };
        self.org.set_connection(connection);
    }

    /// Types a new base URL into the connection.
    pub fn base_url(&mut self, value: &str) {
        let connection = Connection {
            base_url: value.to_string(),
            authorization: self.org.app().connection.authorization.clone(),
        };
        self.org.set_connection(connection);
    }

    /// Creates a LeadIQ user outside Okta (as if it existed before SCIM was set up) and,
    /// unless `active`, deactivates it. Returns its LeadIQ id.
    pub fn leadiq_user_elsewhere(&mut self, user_name: &str, active: bool) -> String {
        let auth = format!("Bearer {}", self.token);
        let body = format!(
            r#"{{"schemas":["{}"],"userName":"{user_name}"}}"#,
            "urn:ietf:params:scim:schemas:core:2.0:User"
        );
        let create = HttpRequest::new("POST", "/Users")
            .with_header("Authorization", &auth)
            .with_body(&body);
        assert_eq!(self.tenant.handle(&create, &mut self.env).status, 201);
        let id = self.leadiq_id(user_name);
        if !active {
            let patch = HttpRequest::new("PATCH", &format!("/Users/{id}"))
                .with_header("Authorization", &auth)
                .with_body(DEACTIVATE);
            assert_eq!(self.tenant.handle(&patch, &mut self.env).status, 200);
        }
        id
    }

    /// LeadIQ's id of the user with this userName.
    pub fn leadiq_id(&self, user_name: &str) -> String {
        self.tenant
            .users()
            .iter()
            .find(|u| u.user_name().eq_ignore_ascii_case(user_name))
            .map(|u| u.id().to_string())
            .unwrap_or_else(|| panic!("LeadIQ has no user {user_name}"))
    }

    /// Whether LeadIQ's user with this userName is active.
    pub fn leadiq_active(&self, user_name: &str) -> bool {
        self.tenant
            .users()
            .iter()
            .any(|u| u.user_name().eq_ignore_ascii_case(user_name) && u.active())
    }

    /// `Authorization: Bearer <token>` as sent.
    pub fn auth_line(&self) -> String {
        format!("Authorization: Bearer {}\n", self.token)
    }

    /// A GET as Okta sends it, rendered like [`render`], answered with `status`.
    pub fn get(&self, path: &str, status: u16) -> String {
        format!(
            "GET {}{path}\n{GET_HEADERS}{}=> {status}\n",
            self.base,
            self.auth_line()
        )
    }

    /// A request with a body, rendered like [`render`], answered with `status`.
    pub fn send(&self, method: &str, path: &str, body: &str, status: u16) -> String {
        format!(
            "{method} {}{path}\n{BODY_HEADERS}{}\n{body}\n=> {status}\n",
            self.base,
            self.auth_line()
        )
    }
}

/// Exchanges as wire text: request line with the full URL, headers in order, a blank line
/// and the body when there is one, then the status (or "no answer").
pub fn render(exchanges: &[Exchange]) -> String {
    exchanges.iter().map(render_one).collect()
}

fn render_one(exchange: &Exchange) -> String {
    let request = &exchange.request;
    let mut text = format!("{} {}\n", request.method, exchange.url);
    for (name, value) in &request.headers {
        text.push_str(&format!("{name}: {value}\n"));
    }
    if !request.body.is_empty() {
        text.push_str(&format!("\n{}\n", request.body));
    }
    match &exchange.response {
        Some(response) => text.push_str(&format!("=> {}\n", response.status)),
        None => text.push_str("=> no answer\n"),
    }
    text
}

/// Okta's lookup path for a userName that needs only `@` encoded.
pub fn lookup(user_name: &str) -> String {
    format!(
        "/Users?filter=userName%20eq%20%22{}%22&startIndex=1&count=100",
        user_name.replace('@', "%40")
    )
}

/// The create body Okta builds from a template-mapped [`Profile::new`] profile.
pub fn create_body(login: &str, first: &str, last: &str, okta_id: &str, password: &str) -> String {
    format!(
        concat!(
            r#"{{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"{login}","#,
            r#""name":{{"givenName":"{first}","familyName":"{last}"}},"#,
            r#""emails":[{{"primary":true,"value":"{login}","type":"work"}}],"#,
            r#""displayName":"{first} {last}","locale":"en-US","externalId":"{id}","#,
            r#""groups":[],"password":"{pw}","active":true}}"#
        ),
        login = login,
        first = first,
        last = last,
        id = okta_id,
        pw = password
    )
}
