//! The Okta org in format 2: people, groups, mappings and the app's records as rows.
//!
//! People are referred to by their row in `people` and groups by their row in `groups`;
//! an app record's LeadIQ account is referred to by its row in the tenant's users when
//! it is one of them. Profile attributes nobody has set get no column at all.

use crate::engine::json;
use std::collections::HashMap;

use serde_json::Value;

use super::read::{position, Col, Obj, Row, Table};
use super::table::{write_table, Cell, Keys};
use super::text::JsonText;
use super::DecodeError;
use crate::engine::Tenant;
use crate::okta::{
    AppUser, Connection, CredentialCheck, Features, Group, LeadiqApp, Mapping, Mappings, OktaOrg,
    Person, PersonStatus, Profile, ProfileAttr, ScimTarget, Source, TaskError, TaskKind,
    Transform,
};

const TASK_KINDS: [(TaskKind, &str); 6] = [
    (TaskKind::TestCredentials, "testCredentials"),
    (TaskKind::Provision, "provision"),
    (TaskKind::Deactivate, "deactivate"),
    (TaskKind::Reactivate, "reactivate"),
    (TaskKind::PushProfile, "pushProfile"),
    (TaskKind::Import, "import"),
];

const TRANSFORMS: [(Transform, &str); 3] = [
    (Transform::Lowercase, "lowercase"),
    (Transform::Uppercase, "uppercase"),
    (Transform::Trim, "trim"),
];

const STATUSES: [(PersonStatus, &str); 2] = [
    (PersonStatus::Suspended, "suspended"),
    (PersonStatus::Deactivated, "deactivated"),
];

fn name_of<T: PartialEq + Copy>(table: &[(T, &'static str)], value: T) -> Option<&'static str> {
    table.iter().find(|(v, _)| *v == value).map(|(_, n)| *n)
}

fn value_of<T: Copy>(table: &[(T, &'static str)], name: &str) -> Option<T> {
    table.iter().find(|(_, n)| *n == name).map(|(v, _)| *v)
}

fn person_columns() -> Vec<&'static str> {
    let attrs = ProfileAttr::ALL.into_iter().map(ProfileAttr::name);
    ["id", "status"].into_iter().chain(attrs).collect()
}

const PEOPLE: Keys<'static> = Keys {
    columns: "personColumns",
    strings: Some("personStrings"),
    rows: "people",
};
const GROUPS: Keys<'static> = Keys {
    columns: "groupColumns",
    strings: None,
    rows: "groups",
};
const MAPPINGS: Keys<'static> = Keys {
    columns: "mappingColumns",
    strings: None,
    rows: "mappings",
};
const APP_USERS: Keys<'static> = Keys {
    columns: "userColumns",
    strings: None,
    rows: "users",
};

const GROUP_COLUMNS: [&str; 3] = ["id", "name", "members"];
const MAPPING_COLUMNS: [&str; 4] = ["target", "attribute", "constant", "transform"];
const APP_USER_COLUMNS: [&str; 6] = [
    "person",
    "direct",
    "leadiqId",
    "leadiqActive",
    "errorKind",
    "errorMessage",
];

/// Column `index` of a known list.
fn col(names: &[&'static str], index: usize) -> Col {
    (index, names.get(index).copied().unwrap_or("?"))
}

/// Writes the org object; `tenant` lets LeadIQ ids be written as tenant rows.
pub(super) fn encode(w: &mut JsonText, org: &OktaOrg, tenant: &Tenant) {
    let people: HashMap<&str, usize> = index_of(org.people.iter().map(|p| p.id.as_str()));
    w.open_object();
    w.key("secret").str(&org.secret);
    let rows: Vec<Vec<Cell<'_>>> = org.people.iter().map(person_row).collect();
    write_table(w, &PEOPLE, &person_columns(), &rows);
    let rows: Vec<Vec<Cell<'_>>> = org
        .groups
        .iter()
        .map(|g| {
            let members = g.members.iter().map(|m| reference(&people, m)).collect();
            vec![
                Cell::Str(&g.id),
                Cell::Str(&g.name),
                Cell::Json(Value::Array(members)),
            ]
        })
        .collect();
    write_table(w, &GROUPS, &GROUP_COLUMNS, &rows);
    w.key("app");
    encode_app(w, org, &people, tenant);
    w.close_object();
}

fn index_of<'a>(ids: impl Iterator<Item = &'a str>) -> HashMap<&'a str, usize> {
    let mut index = HashMap::new();
    for (row, id) in ids.enumerate() {
        index.entry(id).or_insert(row);
    }
    index
}

/// A row number when `id` names a row, else the id itself (which loading refuses).
fn reference(rows: &HashMap<&str, usize>, id: &str) -> Value {
    match rows.get(id) {
        Some(row) => Value::from(*row),
        None => Value::from(id),
    }
}

fn person_row(person: &Person) -> Vec<Cell<'_>> {
    let status = name_of(&STATUSES, person.status).map_or(Cell::Empty, Cell::Str);
    let mut row = vec![Cell::Str(&person.id), status];
    for attr in ProfileAttr::ALL {
        let value = person.profile.get(attr);
        row.push(if value.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(value)
        });
    }
    row
}

fn encode_app(w: &mut JsonText, org: &OktaOrg, people: &HashMap<&str, usize>, tenant: &Tenant) {
    let app = &org.app;
    w.open_object();
    w.key("baseUrl").str(&app.connection.base_url);
    w.key("authorization").str(&app.connection.authorization);
    w.key("createUsers").bool(app.features.create_users);
    w.key("updateUserAttributes")
        .bool(app.features.update_user_attributes);
    w.key("deactivateUsers").bool(app.features.deactivate_users);
    let rows: Vec<Vec<Cell<'_>>> = app.mappings.rules().iter().map(mapping_row).collect();
    write_table(w, &MAPPINGS, &MAPPING_COLUMNS, &rows);
    let groups = index_of(org.groups.iter().map(|g| g.id.as_str()));
    w.key("groups");
    w.value(&Value::Array(
        app.groups.iter().map(|g| reference(&groups, g)).collect(),
    ));
    let accounts = index_of(tenant.users().iter().map(|u| u.id()));
    let rows: Vec<Vec<Cell<'_>>> = app
        .users
        .iter()
        .map(|u| app_user_row(u, people, &accounts))
        .collect();
    write_table(w, &APP_USERS, &APP_USER_COLUMNS, &rows);
    w.key("lastTest");
    match &app.last_test {
        Some(test) => {
            w.open_object();
            w.key("ok").bool(test.ok);
            w.key("message").str(&test.message);
            if let Some(hint) = &test.hint {
                w.key("hint").str(hint);
            }
            w.close_object();
        }
        None => w.null(),
    }
    w.close_object();
}

fn mapping_row(rule: &Mapping) -> Vec<Cell<'_>> {
    let (attribute, constant) = match &rule.source {
        Source::Attribute(attr) => (Cell::Str(attr.name()), Cell::Empty),
        Source::Constant(text) => (Cell::Empty, Cell::Str(text)),
    };
    let transform = name_of(&TRANSFORMS, rule.transform).map_or(Cell::Empty, Cell::Str);
    vec![
        Cell::Str(rule.target.scim_path()),
        attribute,
        constant,
        transform,
    ]
}

fn app_user_row<'a>(
    user: &'a AppUser,
    people: &HashMap<&str, usize>,
    accounts: &HashMap<&str, usize>,
) -> Vec<Cell<'a>> {
    let person = Cell::Json(reference(people, &user.person));
    let account = match accounts.get(user.leadiq_id.as_str()) {
        _ if user.leadiq_id.is_empty() => Cell::Empty,
        Some(row) => Cell::Uint(*row as u64),
        None => Cell::Str(&user.leadiq_id),
    };
    let (kind, message) = match &user.error {
        Some(e) => (
            name_of(&TASK_KINDS, e.kind).map_or(Cell::Empty, Cell::Str),
            Cell::Str(e.message.as_str()),
        ),
        None => (Cell::Empty, Cell::Empty),
    };
    let flag = |on: bool| if on { Cell::Bool(true) } else { Cell::Empty };
    vec![
        person,
        flag(user.direct),
        account,
        flag(user.leadiq_active),
        kind,
        message,
    ]
}

/// Reads the org object and checks it as the org's own operations would keep it.
pub(super) fn decode(value: &Value, tenant: &Tenant) -> Result<OktaOrg, DecodeError> {
    let obj = Obj::of(value, "okta")?;
    let people = decode_people(obj)?;
    let groups = decode_groups(obj, &people)?;
    let app = decode_app(obj.object("app", "okta.app")?, &people, &groups, tenant)?;
    let org = OktaOrg {
        people,
        groups,
        app,
        secret: obj.str("secret")?.to_string(),
        last_import: None,
    };
    org.check_invariants()
        .map_err(|why| super::read::wrong("okta", why))?;
    Ok(org)
}

fn decode_people(obj: Obj<'_>) -> Result<Vec<Person>, DecodeError> {
    let names = person_columns();
    let table = Table::read(obj, &PEOPLE, &names, "okta.people")?;
    let mut people = Vec::with_capacity(table.len());
    for row in table.rows() {
        let row = row?;
        let status = match row.str(col(&names, 1))? {
            None => PersonStatus::Active,
            Some(name) => value_of(&STATUSES, name).ok_or_else(|| {
                row.wrong(format!("status {} is not a status", json::quote(name)))
            })?,
        };
        let mut profile = Profile::default();
        for (i, attr) in ProfileAttr::ALL.into_iter().enumerate() {
            if let Some(text) = row.text(col(&names, 2 + i))? {
                profile.set(attr, text);
            }
        }
        people.push(Person {
            id: row.required_str(col(&names, 0))?.to_string(),
            status,
            profile,
        });
    }
    Ok(people)
}

/// The person a reference cell names: a row of `okta.people` (whose ids are `ids`), or
/// an id written out.
fn resolve<'a>(
    row: &Row<'_, '_>,
    cell: &'a Value,
    ids: &'a [&'a str],
    what: &str,
) -> Result<String, DecodeError> {
    if let Some(id) = cell.as_str() {
        return Ok(id.to_string());
    }
    position(cell, ids.len())
        .and_then(|p| ids.get(p))
        .map(|id| id.to_string())
        .ok_or_else(|| {
            row.wrong(format!(
                "{what} {} is not a row of okta.people",
                json::to_compact(cell)
            ))
        })
}

fn decode_groups(obj: Obj<'_>, people: &[Person]) -> Result<Vec<Group>, DecodeError> {
    let ids: Vec<&str> = people.iter().map(|p| p.id.as_str()).collect();
    let names = GROUP_COLUMNS;
    let table = Table::read(obj, &GROUPS, &names, "okta.groups")?;
    let mut groups = Vec::with_capacity(table.len());
    for row in table.rows() {
        let row = row?;
        let members = row
            .array(col(&names, 2))?
            .iter()
            .map(|m| resolve(&row, m, &ids, "person"))
            .collect::<Result<Vec<_>, _>>()?;
        groups.push(Group {
            id: row.required_str(col(&names, 0))?.to_string(),
            name: row.required_str(col(&names, 1))?.to_string(),
            members,
        });
    }
    Ok(groups)
}

fn decode_app(
    obj: Obj<'_>,
    people: &[Person],
    groups: &[Group],
    tenant: &Tenant,
) -> Result<LeadiqApp, DecodeError> {
    let group_ids: Vec<&str> = groups.iter().map(|g| g.id.as_str()).collect();
    let assigned = obj
        .array("groups")?
        .iter()
        .enumerate()
        .map(|(i, g)| match g.as_str() {
            Some(id) => Ok(id.to_string()),
            None => position(g, group_ids.len())
                .and_then(|p| group_ids.get(p))
                .map(|id| id.to_string())
                .ok_or_else(|| obj.wrong(format!("groups item {i} is not a row of groups"))),
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(LeadiqApp {
        connection: Connection {
            base_url: obj.str("baseUrl")?.to_string(),
            authorization: obj.str("authorization")?.to_string(),
        },
        features: Features {
            create_users: obj.bool("createUsers")?,
            update_user_attributes: obj.bool("updateUserAttributes")?,
            deactivate_users: obj.bool("deactivateUsers")?,
        },
        mappings: decode_mappings(obj)?,
        groups: assigned,
        users: decode_app_users(obj, people, tenant)?,
        last_test: match obj.optional("lastTest") {
            None => None,
            Some(test) => Some(decode_test(Obj::of(test, "okta.app.lastTest")?)?),
        },
    })
}

fn decode_test(obj: Obj<'_>) -> Result<CredentialCheck, DecodeError> {
    Ok(CredentialCheck {
        ok: obj.bool("ok")?,
        message: obj.str("message")?.to_string(),
        hint: obj.optional_str("hint")?.map(str::to_string),
    })
}

fn decode_mappings(obj: Obj<'_>) -> Result<Mappings, DecodeError> {
    let names = MAPPING_COLUMNS;
    let table = Table::read(obj, &MAPPINGS, &names, "okta.app.mappings")?;
    let mut mappings = Mappings::empty();
    for row in table.rows() {
        let row = row?;
        let path = row.required_str(col(&names, 0))?;
        let target = ScimTarget::ALL
            .into_iter()
            .find(|t| t.scim_path() == path)
            .ok_or_else(|| {
                row.wrong(format!(
                    "target {} is not a SCIM attribute",
                    json::quote(path)
                ))
            })?;
        let source = match (row.str(col(&names, 1))?, row.str(col(&names, 2))?) {
            (Some(name), None) => {
                Source::Attribute(ProfileAttr::from_name(name).ok_or_else(|| {
                    row.wrong(format!("{} is not a profile attribute", json::quote(name)))
                })?)
            }
            (None, Some(text)) => Source::Constant(text.to_string()),
            _ => return Err(row.wrong("it needs exactly one of attribute and constant")),
        };
        let transform = match row.str(col(&names, 3))? {
            None => Transform::None,
            Some(name) => value_of(&TRANSFORMS, name).ok_or_else(|| {
                row.wrong(format!(
                    "transform {} is not a transform",
                    json::quote(name)
                ))
            })?,
        };
        mappings.push(Mapping {
            target,
            source,
            transform,
        });
    }
    Ok(mappings)
}

fn decode_app_users(
    obj: Obj<'_>,
    people: &[Person],
    tenant: &Tenant,
) -> Result<Vec<AppUser>, DecodeError> {
    let ids: Vec<&str> = people.iter().map(|p| p.id.as_str()).collect();
    let names = APP_USER_COLUMNS;
    let table = Table::read(obj, &APP_USERS, &names, "okta.app.users")?;
    let mut users = Vec::with_capacity(table.len());
    for row in table.rows() {
        let row = row?;
        let person = resolve(&row, row.required(col(&names, 0))?, &ids, "person")?;
        let leadiq_id = match row.cell(col(&names, 2)) {
            None => String::new(),
            Some(Value::String(id)) => id.clone(),
            Some(cell) => position(cell, tenant.users().len())
                .and_then(|p| tenant.users().get(p))
                .map(|u| u.id().to_string())
                .ok_or_else(|| {
                    row.wrong(format!(
                        "leadiqId {} is not a row of tenant.users",
                        json::to_compact(cell)
                    ))
                })?,
        };
        let error = match (row.str(col(&names, 4))?, row.str(col(&names, 5))?) {
            (None, None) => None,
            (Some(kind), Some(message)) => Some(TaskError {
                kind: value_of(&TASK_KINDS, kind).ok_or_else(|| {
                    row.wrong(format!("errorKind {} is not a task", json::quote(kind)))
                })?,
                message: message.to_string(),
            }),
            _ => return Err(row.wrong("errorKind and errorMessage go together")),
        };
        users.push(AppUser {
            person,
            direct: row.flag(col(&names, 1))?,
            leadiq_id,
            leadiq_active: row.flag(col(&names, 3))?,
            error,
        });
    }
    Ok(users)
}
