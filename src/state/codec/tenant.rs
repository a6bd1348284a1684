//! The tenant in format 2: gates and credentials as a small object, users as rows.
//!
//! A user row keeps the id, the three numbers `meta` is rebuilt from, and the stored
//! attributes: the ones Okta sends each get a column, and whatever else a user has stays
//! a JSON object in the `other` column. Creation times are differences from the row
//! before and modification times differences from creation, so they take a few digits.

use crate::engine::json;
use serde_json::{Map, Value};

use super::read::{wrong, Col, Obj, Row, Table};
use super::table::{write_table, Cell, Keys};
use super::text::JsonText;
use super::DecodeError;
use crate::engine::schema::ENTERPRISE_URN;
use crate::engine::{Plan, StoredCredentials, Tenant, User, UserStore};

/// A string attribute with a column of its own, by its path in the stored attributes.
struct AttrColumn {
    name: &'static str,
    path: &'static [&'static str],
}

const fn attr(name: &'static str, path: &'static [&'static str]) -> AttrColumn {
    AttrColumn { name, path }
}

/// What Okta's bodies carry, in the order of Okta's create body.
const ATTR_COLUMNS: [AttrColumn; 20] = [
    attr("userName", &["userName"]),
    attr("givenName", &["name", "givenName"]),
    attr("familyName", &["name", "familyName"]),
    attr("middleName", &["name", "middleName"]),
    attr("displayName", &["displayName"]),
    attr("nickName", &["nickName"]),
    attr("title", &["title"]),
    attr("userType", &["userType"]),
    attr("timezone", &["timezone"]),
    attr("locale", &["locale"]),
    attr("externalId", &["externalId"]),
    attr("employeeNumber", &[ENTERPRISE_URN, "employeeNumber"]),
    attr("costCenter", &[ENTERPRISE_URN, "costCenter"]),
    attr("organization", &[ENTERPRISE_URN, "organization"]),
    attr("division", &[ENTERPRISE_URN, "division"]),
    attr("department", &[ENTERPRISE_URN, "department"]),
    attr("managerValue", &[ENTERPRISE_URN, "manager", "value"]),
    attr("managerName", &[ENTERPRISE_URN, "manager", "displayName"]),
    attr("preferredLanguage", &["preferredLanguage"]),
    attr("profileUrl", &["profileUrl"]),
];

const USERS: Keys<'static> = Keys {
    columns: "userColumns",
    strings: Some("userStrings"),
    rows: "users",
};

/// Columns of a user row: four numbers and the id, one per attribute above, the primary
/// work email, `active`, and the rest.
const FIXED: [&str; 4] = ["id", "created", "modified", "version"];
const WORK_EMAIL: &str = "workEmail";
const ACTIVE: &str = "active";
const OTHER: &str = "other";

fn column_names() -> Vec<&'static str> {
    let attrs = ATTR_COLUMNS.iter().map(|c| c.name);
    let tail = [WORK_EMAIL, ACTIVE, OTHER];
    FIXED.into_iter().chain(attrs).chain(tail).collect()
}

/// Column of the known list by position, for the row reader.
fn col(names: &[&'static str], index: usize) -> Col {
    (index, names.get(index).copied().unwrap_or("?"))
}

/// Writes the tenant object.
pub(super) fn encode(w: &mut JsonText, tenant: &Tenant) {
    w.open_object();
    w.key("slug").str(tenant.slug());
    w.key("plan").str(tenant.plan().label());
    w.key("ssoAddon").bool(tenant.sso_addon);
    w.key("ssoEnabled").bool(tenant.sso_enabled);
    w.key("credentials");
    match &tenant.credentials {
        Some(c) => encode_credentials(w, c),
        None => w.null(),
    }
    let names = column_names();
    let mut previous_created = 0u64;
    let rows: Vec<Vec<Cell<'_>>> = tenant
        .users()
        .iter()
        .map(|user| {
            let row = user_row(user, previous_created);
            previous_created = user.created_millis();
            row
        })
        .collect();
    write_table(w, &USERS, &names, &rows);
    w.close_object();
}

fn encode_credentials(w: &mut JsonText, c: &StoredCredentials) {
    w.open_object();
    w.key("baseUrl").str(&c.base_url);
    w.key("tokenSha256").str(&c.token_sha256);
    w.key("issuedMillis").uint(c.issued_millis);
    w.key("replacedSha256").open_array();
    for hash in &c.replaced_sha256 {
        w.str(hash);
    }
    w.close_array();
    w.close_object();
}

/// Differences are stored as the two's complement of the wrapped difference, so any
/// pair of times round-trips, and the usual small steps forward stay small.
fn difference(later: u64, earlier: u64) -> i64 {
    later.wrapping_sub(earlier) as i64
}

fn user_row(user: &User, previous_created: u64) -> Vec<Cell<'_>> {
    let attrs = user.attributes();
    let mut row = vec![
        Cell::Str(user.id()),
        Cell::Int(difference(user.created_millis(), previous_created)),
        Cell::Int(difference(user.modified_millis(), user.created_millis())),
        Cell::Uint(user.version()),
    ];
    for column in &ATTR_COLUMNS {
        let text = lookup(attrs, column.path).and_then(Value::as_str);
        row.push(text.map_or(Cell::Empty, Cell::Text));
    }
    let email = work_email(attrs);
    row.push(email.map_or(Cell::Empty, Cell::Text));
    let active = attrs.get(ACTIVE).and_then(Value::as_bool);
    row.push(active.map_or(Cell::Empty, Cell::Bool));
    let rest = match attrs {
        Value::Object(members) => residual(members, &[], email.is_some()),
        _ => Map::new(),
    };
    row.push(if rest.is_empty() {
        Cell::Empty
    } else {
        Cell::Json(Value::Object(rest))
    });
    row
}

fn lookup<'a>(value: &'a Value, path: &[&str]) -> Option<&'a Value> {
    path.iter().try_fold(value, |v, key| v.get(key))
}

/// A copy of the members at `prefix` without what the columns hold (their strings,
/// `active`, and the work email when it has its column), dropping the objects and arrays
/// that leaves empty. It descends only along column paths, at most three levels.
fn residual(members: &Map<String, Value>, prefix: &[&str], email: bool) -> Map<String, Value> {
    let mut out = Map::new();
    for (key, value) in members {
        let mut path = prefix.to_vec();
        path.push(key);
        let kept = match value {
            Value::String(_) if ATTR_COLUMNS.iter().any(|c| c.path == path) => None,
            Value::Bool(_) if path == [ACTIVE] => None,
            Value::Array(items) if email && path == ["emails"] => {
                let others = items.get(1..).unwrap_or_default();
                (!others.is_empty()).then(|| Value::Array(others.to_vec()))
            }
            Value::Object(inner) if ATTR_COLUMNS.iter().any(|c| c.path.starts_with(&path)) => {
                let inner = residual(inner, &path, email);
                (!inner.is_empty()).then_some(Value::Object(inner))
            }
            _ => Some(value.clone()),
        };
        if let Some(kept) = kept {
            out.insert(key.clone(), kept);
        }
    }
    out
}

/// The first email when it is exactly Okta's primary work email: `primary`, `type` work
/// and a `value`, nothing else.
fn work_email(attrs: &Value) -> Option<&str> {
    let first = attrs.get("emails")?.as_array()?.first()?.as_object()?;
    let shaped = first.len() == 3
        && first.get("primary") == Some(&Value::Bool(true))
        && first.get("type").and_then(Value::as_str) == Some("work");
    shaped.then(|| first.get("value")?.as_str()).flatten()
}

/// Reads the tenant object and checks its users as the engine would on load.
pub(super) fn decode(value: &Value) -> Result<Tenant, DecodeError> {
    let obj = Obj::of(value, "tenant")?;
    let plan_label = obj.str("plan")?;
    let plan = Plan::ALL
        .into_iter()
        .find(|p| p.label() == plan_label)
        .ok_or_else(|| obj.wrong(format!("plan {} is not a plan", json::quote(plan_label))))?;
    let slug = obj.str("slug")?;
    if Tenant::named(slug).slug() != slug {
        return Err(obj.wrong(format!(
            "slug {} is not a valid subdomain",
            json::quote(slug)
        )));
    }
    let credentials = match obj.optional("credentials") {
        Some(c) => Some(decode_credentials(Obj::of(c, "tenant.credentials")?)?),
        None => None,
    };
    // Building the store is the tenant's invariant check (`Tenant::check_invariants`
    // rebuilds it the same way): canonical attributes, unique ids and userNames.
    let users = decode_users(obj)?;
    let users = UserStore::from_users(users).map_err(|e| wrong("tenant.users", e))?;
    Ok(Tenant {
        slug: slug.to_string(),
        plan,
        sso_addon: obj.bool("ssoAddon")?,
        sso_enabled: obj.bool("ssoEnabled")?,
        credentials,
        users,
    })
}

fn decode_credentials(obj: Obj<'_>) -> Result<StoredCredentials, DecodeError> {
    let replaced = obj
        .array("replacedSha256")?
        .iter()
        .map(|h| h.as_str().map(str::to_string))
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| obj.wrong("replacedSha256 holds something other than strings"))?;
    Ok(StoredCredentials {
        base_url: obj.str("baseUrl")?.to_string(),
        token_sha256: obj.str("tokenSha256")?.to_string(),
        issued_millis: obj.uint("issuedMillis")?,
        replaced_sha256: replaced,
    })
}

fn decode_users(obj: Obj<'_>) -> Result<Vec<User>, DecodeError> {
    let names = column_names();
    let table = Table::read(obj, &USERS, &names, "tenant.users")?;
    let mut users = Vec::with_capacity(table.len());
    let mut previous_created = 0u64;
    for row in table.rows() {
        let user = decode_user(&row?, &names, previous_created)?;
        previous_created = user.created_millis();
        users.push(user);
    }
    Ok(users)
}

fn decode_user(
    row: &Row<'_, '_>,
    names: &[&'static str],
    previous: u64,
) -> Result<User, DecodeError> {
    let id = row.required_str(col(names, 0))?;
    let created = previous.wrapping_add(row.int(col(names, 1))? as u64);
    let modified = created.wrapping_add(row.int(col(names, 2))? as u64);
    let version = row
        .uint(col(names, 3))?
        .ok_or_else(|| row.wrong("version is missing"))?;
    let mut attrs = match row.cell(col(names, names.len() - 1)) {
        None => Map::new(),
        Some(Value::Object(map)) => map.clone(),
        Some(_) => return Err(row.wrong("other is not an object")),
    };
    for (i, column) in ATTR_COLUMNS.iter().enumerate() {
        if let Some(text) = row.text(col(names, FIXED.len() + i))? {
            put(&mut attrs, column.path, Value::String(text.to_string()))
                .map_err(|why| row.wrong(format!("{}: {why}", column.name)))?;
        }
    }
    let tail = FIXED.len() + ATTR_COLUMNS.len();
    if let Some(email) = row.text(col(names, tail))? {
        put_work_email(&mut attrs, email).map_err(|why| row.wrong(why))?;
    }
    if let Some(active) = row.optional_bool(col(names, tail + 1))? {
        put(&mut attrs, &[ACTIVE], Value::Bool(active)).map_err(|why| row.wrong(why))?;
    }
    Ok(User::from_stored(
        id.to_string(),
        created,
        modified,
        version,
        Value::Object(attrs),
    ))
}

/// Puts `value` at `path`, making the objects on the way; refuses to overwrite.
fn put(map: &mut Map<String, Value>, path: &[&str], value: Value) -> Result<(), String> {
    let Some((first, rest)) = path.split_first() else {
        return Ok(());
    };
    if rest.is_empty() {
        if map.contains_key(*first) {
            return Err(format!("{first} is also in other"));
        }
        map.insert((*first).to_string(), value);
        return Ok(());
    }
    let inner = map
        .entry((*first).to_string())
        .or_insert_with(|| Value::Object(Map::new()));
    match inner {
        Value::Object(inner) => put(inner, rest, value),
        _ => Err(format!("{first} in other is not an object")),
    }
}

fn put_work_email(attrs: &mut Map<String, Value>, email: &str) -> Result<(), String> {
    let mut primary = Map::new();
    primary.insert("primary".to_string(), Value::Bool(true));
    primary.insert("type".to_string(), Value::String("work".to_string()));
    primary.insert("value".to_string(), Value::String(email.to_string()));
    let emails = attrs
        .entry("emails".to_string())
        .or_insert_with(|| Value::Array(Vec::new()));
    match emails {
        Value::Array(list) => {
            list.insert(0, Value::Object(primary));
            Ok(())
        }
        _ => Err("emails in other is not an array".to_string()),
    }
}
