//! A LeadIQ user: the canonical form of what a client sent, validated against the schema
//! table, and its SCIM representation with `meta`.

use super::env::format_rfc3339;
use super::error::{ScimError, ScimType};
use super::json;
use super::schema::{self, Attr, Kind, Mutability, ENTERPRISE_URN, USER_URN};
use serde_json::{Map, Value};

/// One user of the tenant.
///
/// Only the attributes of the schema table are kept, under their canonical names; the
/// password is never stored. `meta` is rebuilt from the three numbers kept here.
#[derive(Clone, Debug, PartialEq)]
pub struct User {
    id: String,
    created: u64,
    modified: u64,
    version: u64,
    attrs: Value,
}

impl User {
    /// A new user at version 1; `attrs` must come from [`canonicalize`].
    pub(crate) fn new(id: String, now: u64, attrs: Value) -> Self {
        User {
            id,
            created: now,
            modified: now,
            version: 1,
            attrs,
        }
    }

    /// A user as it was stored; [`UserStore::from_users`](super::store::UserStore) checks
    /// that its attributes are canonical before it is used.
    pub(crate) fn from_stored(
        id: String,
        created: u64,
        modified: u64,
        version: u64,
        attrs: Value,
    ) -> Self {
        User {
            id,
            created,
            modified,
            version,
            attrs,
        }
    }

    /// The server-assigned id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The userName (unique case-insensitively).
    pub fn user_name(&self) -> &str {
        self.text("userName").unwrap_or_default()
    }

    /// The externalId the client sent, if any.
    pub fn external_id(&self) -> Option<&str> {
        self.text("externalId")
    }

    /// The displayName, if any.
    pub fn display_name(&self) -> Option<&str> {
        self.text("displayName")
    }

    /// Whether the user is active; users are created active unless told otherwise.
    pub fn active(&self) -> bool {
        self.attrs
            .get("active")
            .and_then(Value::as_bool)
            .unwrap_or(true)
    }

    /// The stored attributes (canonical names, no id, meta or password).
    pub fn attributes(&self) -> &Value {
        &self.attrs
    }

    /// Creation time, Unix milliseconds.
    pub fn created_millis(&self) -> u64 {
        self.created
    }

    /// Last change, Unix milliseconds.
    pub fn modified_millis(&self) -> u64 {
        self.modified
    }

    /// How many times the user was changed, from 1; the ETag is made from it.
    pub fn version(&self) -> u64 {
        self.version
    }

    /// The weak ETag of the current version, e.g. `W/"2"`.
    // Assumed (etag): a weak ETag counting versions, compared weakly by If-Match.
    pub fn etag(&self) -> String {
        format!("W/\"{}\"", self.version)
    }

    fn text(&self, name: &str) -> Option<&str> {
        self.attrs.get(name).and_then(Value::as_str)
    }

    /// Whether setting `active` to this value would change the user.
    pub(crate) fn would_change(&self, active: bool) -> bool {
        self.attrs.get("active") != Some(&Value::Bool(active))
    }

    /// Sets `active` and moves the version on.
    pub(crate) fn set_active(&mut self, active: bool, now: u64) {
        if let Value::Object(map) = &mut self.attrs {
            map.insert("active".to_string(), Value::Bool(active));
        }
        self.modified = now;
        self.version = self.version.saturating_add(1);
    }

    /// The full SCIM representation under `base_url`.
    pub fn resource(&self, base_url: &str) -> Value {
        let view = self.view(base_url);
        let mut members = self.attrs.as_object().cloned().unwrap_or_default();
        for name in ADDED {
            members.insert(name.to_string(), view.added(name));
        }
        Value::Object(members)
    }

    /// The representation as something to write directly, without building a [`Value`]:
    /// list pages stream users this way.
    pub(crate) fn view<'a>(&'a self, base_url: &'a str) -> ResourceView<'a> {
        ResourceView {
            user: self,
            base_url,
        }
    }

    /// Checks a user read from storage: its attributes must already be canonical.
    pub(crate) fn check_stored(&self) -> Result<(), String> {
        match canonicalize(&self.attrs) {
            Ok(attrs) if attrs == self.attrs => Ok(()),
            Ok(_) => Err(format!(
                "user {} has attributes outside the schema",
                self.id
            )),
            Err(e) => Err(format!("user {} is invalid: {}", self.id, e.detail)),
        }
    }
}

/// A user's SCIM representation, written straight from the stored attributes.
///
/// Members come out in the sorted order a `serde_json::Map` gives, so the bytes equal
/// those of [`User::resource`] written as JSON.
pub(crate) struct ResourceView<'a> {
    user: &'a User,
    base_url: &'a str,
}

/// The members the server adds to the stored attributes, in sorted order; stored
/// attributes never use these names (canonicalize drops them).
const ADDED: [&str; 3] = ["id", "meta", "schemas"];

impl ResourceView<'_> {
    /// Appends the representation to `out` as compact JSON text.
    pub(crate) fn push_json(&self, out: &mut String) {
        let empty = Map::new();
        let attrs = self.user.attrs.as_object().unwrap_or(&empty);
        let mut added = ADDED.into_iter().peekable();
        out.push('{');
        let mut first = true;
        let mut member = |out: &mut String, key: &str, value: &Value| {
            if !std::mem::take(&mut first) {
                out.push(',');
            }
            json::push_string(out, key);
            out.push(':');
            json::push_compact(out, value);
        };
        for (key, value) in attrs {
            while let Some(name) = added.next_if(|name| *name < key.as_str()) {
                member(out, name, &self.added(name));
            }
            member(out, key, value);
        }
        for name in added {
            member(out, name, &self.added(name));
        }
        out.push('}');
    }

    /// The value of one of the [`ADDED`] members.
    fn added(&self, name: &str) -> Value {
        let user = self.user;
        match name {
            "id" => Value::String(user.id.clone()),
            "meta" => {
                let mut meta = Map::new();
                let mut put = |key: &str, text: String| meta.insert(key.into(), text.into());
                put("created", format_rfc3339(user.created));
                put("lastModified", format_rfc3339(user.modified));
                put("location", format!("{}/Users/{}", self.base_url, user.id));
                put("resourceType", "User".to_string());
                put("version", user.etag());
                Value::Object(meta)
            }
            _ if user.attrs.get(ENTERPRISE_URN).is_some() => {
                Value::from(vec![USER_URN, ENTERPRISE_URN])
            }
            _ => Value::from(vec![USER_URN]),
        }
    }
}

/// Validates a client's User representation and returns its canonical attributes.
///
/// Attribute names match case-insensitively and come back in their schema spelling.
/// Unknown attributes are ignored and read-only ones (`id`, `meta`, `groups`) too, as
/// RFC 7644 §3.3 directs; `null` means unassigned; the password is checked and dropped.
// Assumed (attributes): core User plus enterprise extension; unknown names are ignored.
// Assumed (password): it is checked to be a string and then dropped, never stored.
pub(crate) fn canonicalize(input: &Value) -> Result<Value, ScimError> {
    let Value::Object(members) = input else {
        return Err(invalid_syntax("a User must be a JSON object"));
    };
    let mut core = Map::new();
    let mut enterprise = Map::new();
    for (key, value) in members {
        match resolve(key) {
            Resolved::Core(attr) => put(&mut core, attr, value, "")?,
            Resolved::Enterprise(attr) => put(&mut enterprise, attr, value, "")?,
            Resolved::Extension => merge_extension(&mut enterprise, value)?,
            Resolved::Ignored => {}
        }
    }
    require_user_name(&core)?;
    if !enterprise.is_empty() {
        core.insert(ENTERPRISE_URN.to_string(), Value::Object(enterprise));
    }
    Ok(Value::Object(core))
}

enum Resolved {
    Core(&'static Attr),
    Enterprise(&'static Attr),
    Extension,
    Ignored,
}

/// Which attribute a member name means, honouring fully qualified names.
fn resolve(key: &str) -> Resolved {
    if key.eq_ignore_ascii_case(ENTERPRISE_URN) {
        return Resolved::Extension;
    }
    if let Some(name) = strip_urn(key, ENTERPRISE_URN) {
        return schema::enterprise_attr(name).map_or(Resolved::Ignored, Resolved::Enterprise);
    }
    let name = strip_urn(key, USER_URN).unwrap_or(key);
    schema::core_attr(name).map_or(Resolved::Ignored, Resolved::Core)
}

/// `urn:...:User:name` without its URN and colon, when `key` starts with `urn`.
pub(crate) fn strip_urn<'a>(key: &'a str, urn: &str) -> Option<&'a str> {
    let head = key.get(..urn.len())?;
    let rest = key.get(urn.len()..)?;
    if head.eq_ignore_ascii_case(urn) {
        rest.strip_prefix(':')
    } else {
        None
    }
}

fn merge_extension(into: &mut Map<String, Value>, value: &Value) -> Result<(), ScimError> {
    let members = match value {
        Value::Object(members) => members,
        Value::Null => return Ok(()),
        _ => {
            return Err(invalid_value(format!(
                "{ENTERPRISE_URN} must be a JSON object"
            )))
        }
    };
    for (key, value) in members {
        if let Some(attr) = schema::enterprise_attr(key) {
            put(into, attr, value, "")?;
        }
    }
    Ok(())
}

/// Validates `value` for `attr` and stores it in `into` under the canonical name.
fn put(
    into: &mut Map<String, Value>,
    attr: &Attr,
    value: &Value,
    parent: &str,
) -> Result<(), ScimError> {
    let label = format!("{parent}{}", attr.name);
    // Read-only attributes are ignored on input (RFC 7644 §3.3); null means unassigned.
    if attr.mutability == Mutability::ReadOnly || value.is_null() {
        return Ok(());
    }
    // The password is checked, then dropped: it is never stored.
    if attr.mutability == Mutability::WriteOnly {
        return check_scalar(attr, value, &label);
    }
    if into.contains_key(attr.name) {
        return Err(invalid_syntax(format!(
            "attribute {label} is given more than once"
        )));
    }
    if let Some(clean) = clean_value(attr, value, &label)? {
        into.insert(attr.name.to_string(), clean);
    }
    Ok(())
}

/// The canonical value, or `None` when it amounts to nothing (an empty list or object).
fn clean_value(attr: &Attr, value: &Value, label: &str) -> Result<Option<Value>, ScimError> {
    if !attr.multi {
        return clean_single(attr, value, label);
    }
    let Value::Array(items) = value else {
        return Err(invalid_value(format!(
            "{label} is multi-valued: send a JSON array"
        )));
    };
    let mut cleaned = Vec::with_capacity(items.len());
    for item in items {
        if let Some(item) = clean_single(attr, item, label)? {
            cleaned.push(item);
        }
    }
    check_one_primary(&cleaned, label)?;
    Ok((!cleaned.is_empty()).then_some(Value::Array(cleaned)))
}

fn clean_single(attr: &Attr, value: &Value, label: &str) -> Result<Option<Value>, ScimError> {
    if attr.kind != Kind::Complex {
        check_scalar(attr, value, label)?;
        return Ok(Some(value.clone()));
    }
    let Value::Object(members) = value else {
        return Err(invalid_value(format!("{label} must be a JSON object")));
    };
    let mut out = Map::new();
    let prefix = format!("{label}.");
    for (key, value) in members {
        if let Some(sub) = attr.sub_attr(key) {
            put(&mut out, sub, value, &prefix)?;
        }
    }
    Ok((!out.is_empty()).then_some(Value::Object(out)))
}

fn check_scalar(attr: &Attr, value: &Value, label: &str) -> Result<(), ScimError> {
    let fits = match attr.kind {
        Kind::Boolean => value.is_boolean(),
        Kind::Complex => value.is_object(),
        Kind::String | Kind::Reference | Kind::DateTime => value.is_string(),
    };
    if fits {
        return Ok(());
    }
    let wanted = match attr.kind {
        // Entra ID sends "True"/"False" strings; RFC 7643 §2.3.2 wants JSON booleans.
        Kind::Boolean => "a JSON boolean (true or false, without quotes)",
        Kind::Complex => "a JSON object",
        _ => "a JSON string",
    };
    Err(invalid_value(format!(
        "{label} must be {wanted}, got {}",
        short(value)
    )))
}

fn check_one_primary(items: &[Value], label: &str) -> Result<(), ScimError> {
    let primaries = items
        .iter()
        .filter(|item| item.get("primary") == Some(&Value::Bool(true)))
        .count();
    if primaries > 1 {
        return Err(invalid_value(format!(
            "{label} has {primaries} values marked primary; at most one may be (RFC 7643 §2.4)"
        )));
    }
    Ok(())
}

fn require_user_name(core: &Map<String, Value>) -> Result<(), ScimError> {
    let name = core
        .get("userName")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if name.trim().is_empty() {
        return Err(invalid_value(
            "userName is required and must not be blank (Okta sends the person's login)",
        ));
    }
    Ok(())
}

/// A JSON value cut to a length that fits in an error detail.
pub(crate) fn short(value: &Value) -> String {
    let text = json::to_compact(value);
    match text.char_indices().nth(40) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

fn invalid_value(detail: impl Into<String>) -> ScimError {
    ScimError::bad_request(ScimType::InvalidValue, detail)
}

fn invalid_syntax(detail: impl Into<String>) -> ScimError {
    ScimError::bad_request(ScimType::InvalidSyntax, detail)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn okta_body() -> Value {
        json!({
            "schemas": [USER_URN],
            "userName": "ada@example.com",
            "name": {"givenName": "Ada", "familyName": "Lovelace"},
            "emails": [{"primary": true, "value": "ada@example.com", "type": "work"}],
            "displayName": "Ada Lovelace",
            "locale": "en-US",
            "externalId": "00u1abcd",
            "groups": [],
            "password": "x7Qp2",
            "active": true
        })
    }

    #[test]
    fn okta_create_body_keeps_profile_and_drops_password_and_groups() {
        let attrs = canonicalize(&okta_body()).unwrap_or_default();
        assert_eq!(attrs["userName"], "ada@example.com");
        assert_eq!(attrs["name"]["familyName"], "Lovelace");
        assert_eq!(attrs["emails"][0]["type"], "work");
        assert!(attrs.get("password").is_none());
        assert!(attrs.get("groups").is_none());
        assert!(attrs.get("schemas").is_none());
    }

    #[test]
    fn attribute_names_are_matched_case_insensitively() {
        let attrs = canonicalize(&json!({"USERNAME": "a", "Name": {"GIVENNAME": "A"}}));
        let attrs = attrs.unwrap_or_default();
        assert_eq!(attrs["userName"], "a");
        assert_eq!(attrs["name"]["givenName"], "A");
    }

    #[test]
    fn enterprise_extension_is_kept_under_its_urn() {
        let body = json!({"userName": "a", ENTERPRISE_URN: {"department": "Sales", "x": 1}});
        let attrs = canonicalize(&body).unwrap_or_default();
        assert_eq!(attrs[ENTERPRISE_URN], json!({"department": "Sales"}));
    }

    #[test]
    fn refusals_name_the_attribute() {
        let cases = [
            (json!({"userName": ""}), "userName is required"),
            (
                json!({"userName": "a", "active": "False"}),
                "active must be a JSON boolean",
            ),
            (
                json!({"userName": "a", "emails": {"value": "x"}}),
                "emails is multi-valued",
            ),
            (
                json!({"userName": "a", "name": {"givenName": 5}}),
                "name.givenName must be",
            ),
            (
                json!({"userName": "a", "username": "b"}),
                "given more than once",
            ),
            (
                json!({"userName": "a", "password": 5}),
                "password must be a JSON string",
            ),
        ];
        for (body, detail) in cases {
            let error = canonicalize(&body)
                .err()
                .map(|e| e.detail)
                .unwrap_or_default();
            assert!(error.contains(detail), "{body}: {error}");
        }
    }

    #[test]
    fn two_primary_emails_are_refused() {
        let emails = json!([{"value": "a", "primary": true}, {"value": "b", "primary": true}]);
        let result = canonicalize(&json!({"userName": "a", "emails": emails}));
        assert_eq!(
            result.err().map(|e| e.scim_type),
            Some(Some(ScimType::InvalidValue))
        );
    }

    #[test]
    fn the_streamed_representation_is_sorted_like_a_json_map() {
        let mut body = okta_body();
        body[ENTERPRISE_URN] = json!({"department": "R&D"});
        let user = User::new(
            "0a-1".to_string(),
            0,
            canonicalize(&body).unwrap_or_default(),
        );
        let mut streamed = String::new();
        user.view("https://x").push_json(&mut streamed);
        let parsed: Value = serde_json::from_str(&streamed).unwrap_or_default();
        assert_eq!(serde_json::to_string(&parsed).unwrap_or_default(), streamed);
        assert_eq!(json::to_compact(&user.resource("https://x")), streamed);
        assert_eq!(parsed["schemas"], json!([USER_URN, ENTERPRISE_URN]));
        assert_eq!(parsed["meta"]["location"], "https://x/Users/0a-1");
        assert_eq!(parsed["meta"]["created"], "1970-01-01T00:00:00.000Z");
    }

    #[test]
    fn canonical_attributes_are_a_fixed_point() {
        let once = canonicalize(&okta_body()).unwrap_or_default();
        assert_eq!(canonicalize(&once).unwrap_or_default(), once);
    }
}
