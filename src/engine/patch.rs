//! `PATCH /Users/{id}` (RFC 7644 §3.5.2) within LeadIQ's scope: the only change it makes
//! is `active`. Both of Okta's forms work (a pathless value map, or `path: "active"`), ops
//! are case-insensitive (Entra sends `Replace`), and the request is atomic: every operation
//! is checked before anything changes.

use super::env::Env;
use super::error::{ScimError, ScimType};
use super::filter::{parse_patch_path, PatchPath};
use super::http::{HttpRequest, HttpResponse};
use super::projection::Projection;
use super::query::Target;
use super::schema::{self, Mutability, ENTERPRISE_URN, PATCH_URN, USER_URN};
use super::store::Users;
use super::user::short;
use super::users::{check_if_match, find, json_body, require_schema, user_response};
use serde_json::{Map, Value};

/// Answers a PATCH: 200 with the user as it now is.
pub(crate) fn patch(
    store: &mut dyn Users,
    base_url: &str,
    id: &str,
    req: &HttpRequest,
    target: &Target,
    env: &mut dyn Env,
) -> Result<HttpResponse, ScimError> {
    let projection = Projection::from_target(target)?;
    check_if_match(req, find(&*store, id)?)?;
    let body = json_body(req)?;
    require_schema(&body, PATCH_URN, "PatchOp")?;
    let wanted = planned_active(&body)?;
    let index = store.by_id(id);
    let user = index
        .and_then(|i| store.get_mut(i))
        .ok_or_else(|| gone(id))?;
    if let Some(active) = wanted.filter(|&a| user.would_change(a)) {
        // Assumed (reactivation): active true is accepted and reactivates the user.
        user.set_active(active, env.now_millis());
    }
    let user = find(&*store, id)?;
    Ok(user_response(200, user, base_url, &projection))
}

fn gone(id: &str) -> ScimError {
    ScimError::new(404, format!("No user has the id `{id}` in this tenant."))
}

/// What the operations, applied in order, leave `active` at (`None`: untouched).
fn planned_active(body: &Value) -> Result<Option<bool>, ScimError> {
    let ops = body
        .as_object()
        .and_then(|map| member(map, "Operations"))
        .and_then(Value::as_array)
        .filter(|ops| !ops.is_empty())
        .ok_or_else(|| {
            invalid_syntax("A PatchOp body needs \"Operations\": a non-empty JSON array.")
        })?;
    let mut active = None;
    for (n, op) in ops.iter().enumerate() {
        if let Some(value) = operation(op, n)? {
            active = Some(value);
        }
    }
    Ok(active)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Op {
    Add,
    Remove,
    Replace,
}

/// One operation's effect on `active`, or why it is refused.
fn operation(op: &Value, n: usize) -> Result<Option<bool>, ScimError> {
    let Value::Object(op) = op else {
        return Err(invalid_syntax(format!(
            "Operations[{n}] must be a JSON object."
        )));
    };
    let kind = op_kind(op, n)?;
    let value = member(op, "value").filter(|v| !v.is_null());
    let path = match member(op, "path") {
        None | Some(Value::Null) => None,
        Some(Value::String(path)) => Some(path.as_str()),
        Some(other) => return Err(invalid_path(n, &short(other), "it must be a string")),
    };
    match (kind, path) {
        (Op::Remove, None) => Err(ScimError::bad_request(
            ScimType::NoTarget,
            format!("Operations[{n}] is a remove without a path (RFC 7644 §3.5.2.2)."),
        )),
        (Op::Remove, Some(path)) => Err(removal_refused(classify_path(path, n)?)),
        (_, Some(path)) => apply(classify_path(path, n)?, value, n).map(Some),
        (_, None) => value_map(value, n),
    }
}

fn op_kind(op: &Map<String, Value>, n: usize) -> Result<Op, ScimError> {
    let name = member(op, "op").and_then(Value::as_str).unwrap_or_default();
    match name.to_ascii_lowercase().as_str() {
        "add" => Ok(Op::Add),
        "remove" => Ok(Op::Remove),
        "replace" => Ok(Op::Replace),
        _ => Err(invalid_syntax(format!(
            "Operations[{n}].op is `{name}`; it must be add, remove or replace."
        ))),
    }
}

/// The pathless form: `value` is a map of attributes, e.g. `{"active": false}`.
fn value_map(value: Option<&Value>, n: usize) -> Result<Option<bool>, ScimError> {
    let Some(Value::Object(members)) = value else {
        return Err(invalid_syntax(format!(
            "Operations[{n}] has no path, so its value must be a JSON object of attributes."
        )));
    };
    let mut active = None;
    for (key, member_value) in members {
        if let Some(target) = classify_key(key) {
            active = Some(apply(target, Some(member_value), n)?);
        }
    }
    Ok(active)
}

/// What an operation addresses.
#[derive(Debug, PartialEq, Eq)]
enum Aim {
    Active,
    ReadOnly(String),
    Profile(String),
}

fn classify_path(path: &str, n: usize) -> Result<Aim, ScimError> {
    let parsed = parse_patch_path(path).map_err(|e| invalid_path(n, path, &e.to_string()))?;
    classify(&parsed).map_err(|why| invalid_path(n, path, &why))
}

/// A value-map key; unknown attributes are ignored as in a create (`None`).
fn classify_key(key: &str) -> Option<Aim> {
    if key.eq_ignore_ascii_case(ENTERPRISE_URN) {
        return Some(Aim::Profile("the enterprise extension".to_string()));
    }
    parse_patch_path(key)
        .ok()
        .and_then(|path| classify(&path).ok())
}

fn classify(path: &PatchPath) -> Result<Aim, String> {
    let attr = &path.attr;
    let def = match attr.urn.as_deref() {
        None => schema::core_attr(&attr.name),
        Some(urn) if urn.eq_ignore_ascii_case(USER_URN) => schema::core_attr(&attr.name),
        Some(urn) if urn.eq_ignore_ascii_case(ENTERPRISE_URN) => {
            schema::enterprise_attr(&attr.name)
        }
        Some(urn) if format!("{urn}:{}", attr.name).eq_ignore_ascii_case(ENTERPRISE_URN) => {
            return Ok(Aim::Profile("the enterprise extension".to_string()))
        }
        Some(urn) => return Err(format!("`{urn}` is not a schema of this endpoint")),
    };
    let def = def.ok_or_else(|| format!("the User schema has no attribute `{}`", attr.name))?;
    let sub = attr.sub.as_deref().or(path.sub.as_deref());
    let sub_def = match sub {
        Some(sub) => Some(
            def.sub_attr(sub)
                .ok_or_else(|| format!("`{}` has no sub-attribute `{sub}`", def.name))?,
        ),
        None => None,
    };
    if path.filter.is_some() && !def.multi {
        return Err(format!(
            "`{}` is single-valued, so it takes no [filter]",
            def.name
        ));
    }
    let label = match sub_def {
        Some(s) => format!("{}.{}", def.name, s.name),
        None => def.name.to_string(),
    };
    let read_only = sub_def.map_or(def.mutability, |s| s.mutability) == Mutability::ReadOnly;
    Ok(match (def.name, read_only) {
        ("active", _) => Aim::Active,
        (_, true) => Aim::ReadOnly(label),
        (_, false) => Aim::Profile(label),
    })
}

fn active_value(value: Option<&Value>, n: usize) -> Result<bool, ScimError> {
    match value {
        Some(Value::Bool(active)) => Ok(*active),
        None => Err(invalid_syntax(format!(
            "Operations[{n}] sets active but has no value."
        ))),
        // Assumed (booleans): strings such as Entra ID's "False" are refused.
        Some(other) => Err(ScimError::bad_request(
            ScimType::InvalidValue,
            format!(
                "active must be a JSON boolean (true or false, without quotes), got {}.",
                short(other)
            ),
        )),
    }
}

/// The new value of `active`, or the refusal of any other target.
fn apply(target: Aim, value: Option<&Value>, n: usize) -> Result<bool, ScimError> {
    match target {
        Aim::Active => active_value(value, n),
        Aim::ReadOnly(label) => Err(read_only(&label)),
        Aim::Profile(label) => Err(profile_update(&label)),
    }
}

fn removal_refused(target: Aim) -> ScimError {
    match target {
        Aim::Active => ScimError::not_supported(
            "Removing active is not supported by LeadIQ: to deactivate a user, replace \
             active with false.",
        ),
        Aim::ReadOnly(label) => read_only(&label),
        Aim::Profile(label) => profile_update(&label),
    }
}

fn read_only(label: &str) -> ScimError {
    ScimError::bad_request(
        ScimType::Mutability,
        format!("{label} is read-only and cannot be changed (RFC 7643 §7)."),
    )
}

// Assumed (patch-scope): any target but `active` is a profile update, even one that
// would leave the value as it is.
fn profile_update(label: &str) -> ScimError {
    ScimError::not_supported(format!(
        "Changing {label} is a profile update, which is not supported by LeadIQ: its SCIM \
         endpoint only creates users and deactivates them (PATCH active)."
    ))
}

/// A member of a JSON object by case-insensitive name (SCIM names are case-insensitive).
fn member<'a>(map: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    map.get(name).or_else(|| {
        map.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    })
}

fn invalid_path(n: usize, path: &str, why: &str) -> ScimError {
    ScimError::bad_request(
        ScimType::InvalidPath,
        format!("Operations[{n}].path `{path}` is not usable: {why}."),
    )
}

fn invalid_syntax(detail: impl Into<String>) -> ScimError {
    ScimError::bad_request(ScimType::InvalidSyntax, detail)
}
