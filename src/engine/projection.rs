//! The `attributes` and `excludedAttributes` parameters (RFC 7644 §3.9): which parts of a
//! resource a response carries. `id` and `schemas` are returned always.

use super::error::{ScimError, ScimType};
use super::query::Target;
use super::schema::{ENTERPRISE_URN, USER_URN};
use super::user::strip_urn;
use serde_json::{Map, Value};

/// An attribute path as lowercase segments; the enterprise URN counts as one segment.
type Path = Vec<String>;

/// Which attributes a response keeps.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) enum Projection {
    /// Every attribute returned by default.
    #[default]
    All,
    /// Only these (plus `id` and `schemas`).
    Only(Vec<Path>),
    /// All but these (`id` and `schemas` cannot be excluded).
    Except(Vec<Path>),
}

impl Projection {
    /// Reads the two parameters, which RFC 7644 §3.9 makes mutually exclusive.
    pub fn from_target(target: &Target) -> Result<Projection, ScimError> {
        match (
            target.param("attributes"),
            target.param("excludedAttributes"),
        ) {
            (Some(_), Some(_)) => Err(ScimError::bad_request(
                ScimType::InvalidSyntax,
                "attributes and excludedAttributes are mutually exclusive (RFC 7644 §3.9): \
                 send only one of them",
            )),
            (Some(list), None) => Ok(Projection::Only(paths(list))),
            (None, Some(list)) => Ok(Projection::Except(paths(list))),
            (None, None) => Ok(Projection::All),
        }
    }

    /// `resource` cut down to what this projection keeps.
    pub fn apply(&self, resource: Value) -> Value {
        let Value::Object(map) = resource else {
            return resource;
        };
        let kept = match self {
            Projection::All => map,
            Projection::Only(paths) => project(map, &as_slices(paths), Mode::Keep, true),
            Projection::Except(paths) => project(map, &as_slices(paths), Mode::Exclude, true),
        };
        Value::Object(kept)
    }
}

fn as_slices(paths: &[Path]) -> Vec<&[String]> {
    paths.iter().map(Vec::as_slice).collect()
}

/// Parses a comma-separated attribute list; names in unknown schemas are ignored.
fn paths(list: &str) -> Vec<Path> {
    list.split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .filter_map(path)
        .collect()
}

fn path(item: &str) -> Option<Path> {
    let lower_urn = ENTERPRISE_URN.to_ascii_lowercase();
    if item.eq_ignore_ascii_case(ENTERPRISE_URN) {
        return Some(vec![lower_urn]);
    }
    if let Some(rest) = strip_urn(item, ENTERPRISE_URN) {
        let mut path = vec![lower_urn];
        path.extend(dotted(rest));
        return Some(path);
    }
    if let Some(rest) = strip_urn(item, USER_URN) {
        return Some(dotted(rest));
    }
    let unknown_schema = item
        .get(..4)
        .is_some_and(|head| head.eq_ignore_ascii_case("urn:"));
    (!unknown_schema).then(|| dotted(item))
}

fn dotted(text: &str) -> Path {
    text.split('.').map(str::to_ascii_lowercase).collect()
}

fn always(key: &str, top: bool) -> bool {
    top && (key == "id" || key == "schemas")
}

/// The tails of the paths that start at `key`.
fn tails<'a>(paths: &[&'a [String]], key: &str) -> Vec<&'a [String]> {
    paths
        .iter()
        .filter_map(|p| match p.split_first() {
            Some((head, rest)) if head.eq_ignore_ascii_case(key) => Some(rest),
            _ => None,
        })
        .collect()
}

/// Whether the listed paths are the ones to keep or the ones to exclude.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Keep,
    Exclude,
}

fn project(
    map: Map<String, Value>,
    paths: &[&[String]],
    mode: Mode,
    top: bool,
) -> Map<String, Value> {
    let mut out = Map::new();
    for (key, value) in map {
        let tails = tails(paths, &key);
        let named_whole = tails.iter().any(|t| t.is_empty());
        let value = if always(&key, top) {
            Some(value)
        } else if tails.is_empty() {
            (mode == Mode::Exclude).then_some(value)
        } else if named_whole {
            (mode == Mode::Keep).then_some(value)
        } else {
            narrow(value, &tails, mode)
        };
        if let Some(value) = value {
            out.insert(key, value);
        }
    }
    out
}

/// Projects inside a complex value or each element of a multi-valued one; `None` when
/// nothing is left. A path that goes deeper than a scalar names nothing in it.
fn narrow(value: Value, tails: &[&[String]], mode: Mode) -> Option<Value> {
    match value {
        Value::Object(map) => {
            let inner = project(map, tails, mode, false);
            (!inner.is_empty()).then_some(Value::Object(inner))
        }
        Value::Array(items) => {
            let inner: Vec<Value> = items
                .into_iter()
                .filter_map(|item| narrow(item, tails, mode))
                .collect();
            (!inner.is_empty()).then_some(Value::Array(inner))
        }
        scalar => (mode == Mode::Exclude).then_some(scalar),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn user() -> Value {
        json!({
            "schemas": [USER_URN, ENTERPRISE_URN],
            "id": "1",
            "userName": "ada",
            "name": {"givenName": "Ada", "familyName": "Lovelace"},
            "emails": [{"value": "a@x", "type": "work"}, {"value": "b@x", "type": "home"}],
            "meta": {"created": "t", "version": "W/\"1\""},
            ENTERPRISE_URN: {"department": "R&D", "costCenter": "7"}
        })
    }

    fn project(param: &str) -> Value {
        let target = Target::parse(&format!("/Users?{param}")).unwrap_or_default();
        let projection = Projection::from_target(&target).unwrap_or_default();
        projection.apply(user())
    }

    #[test]
    fn attributes_keep_only_named_ones_plus_id_and_schemas() {
        let out = project("attributes=userName,name.familyName");
        assert_eq!(
            out,
            json!({"schemas": [USER_URN, ENTERPRISE_URN], "id": "1", "userName": "ada",
                   "name": {"familyName": "Lovelace"}})
        );
    }

    #[test]
    fn sub_attributes_of_multi_valued_attributes_apply_to_each_value() {
        let out = project("attributes=emails.value");
        assert_eq!(out["emails"], json!([{"value": "a@x"}, {"value": "b@x"}]));
    }

    #[test]
    fn excluded_attributes_remove_but_never_id() {
        let out = project("excludedAttributes=meta,id,emails.type,name");
        assert_eq!(out["id"], "1");
        assert!(out.get("meta").is_none() && out.get("name").is_none());
        assert_eq!(out["emails"], json!([{"value": "a@x"}, {"value": "b@x"}]));
    }

    #[test]
    fn enterprise_attributes_are_addressed_by_urn() {
        let urn = ENTERPRISE_URN;
        let out = project(&format!("attributes={urn}:department"));
        assert_eq!(out[urn], json!({"department": "R&D"}));
        let out = project(&format!("excludedAttributes={urn}"));
        assert!(out.get(urn).is_none());
    }

    #[test]
    fn both_parameters_together_are_refused() {
        let target = Target::parse("/Users?attributes=a&excludedAttributes=b");
        let result = Projection::from_target(&target.unwrap_or_default());
        assert_eq!(result.err().map(|e| e.status), Some(400));
    }
}
