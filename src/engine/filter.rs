//! The SCIM filter language of RFC 7644 §3.4.2.2: parsing and evaluation.
//!
//! Stand-in for the engine branch only: it understands `attr eq "value"` and plain patch
//! paths, with the API of the real module that replaces this file at merge.

use serde_json::Value;
use std::fmt;

/// An attribute path: optional schema URN, attribute name, optional sub-attribute.
#[derive(Clone, Debug, PartialEq)]
pub struct AttrPath {
    /// Schema URN prefix, when the path was fully qualified.
    pub urn: Option<String>,
    /// Attribute name as written.
    pub name: String,
    /// Sub-attribute name as written.
    pub sub: Option<String>,
}

impl AttrPath {
    /// Dotted lowercase key without URN, e.g. `name.givenname`.
    pub fn key(&self) -> String {
        match &self.sub {
            Some(sub) => format!("{}.{}", self.name, sub).to_lowercase(),
            None => self.name.to_lowercase(),
        }
    }
}

/// Comparison operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompareOp {
    /// Equal.
    Eq,
    /// Not equal.
    Ne,
    /// Contains.
    Co,
    /// Starts with.
    Sw,
    /// Ends with.
    Ew,
    /// Greater than.
    Gt,
    /// Greater than or equal.
    Ge,
    /// Less than.
    Lt,
    /// Less than or equal.
    Le,
}

/// A comparison value.
#[derive(Clone, Debug, PartialEq)]
pub enum CompValue {
    /// A JSON string.
    Str(String),
    /// A JSON number.
    Num(serde_json::Number),
    /// `true` or `false`.
    Bool(bool),
    /// `null`.
    Null,
}

/// A parsed filter expression.
#[derive(Clone, Debug, PartialEq)]
pub enum Filter {
    /// `attr pr`.
    Present(AttrPath),
    /// `attr op value`.
    Compare(AttrPath, CompareOp, CompValue),
    /// `attr[filter]`.
    ValuePath(AttrPath, Box<Filter>),
    /// `a and b`.
    And(Box<Filter>, Box<Filter>),
    /// `a or b`.
    Or(Box<Filter>, Box<Filter>),
    /// `not (a)`.
    Not(Box<Filter>),
}

/// Why a filter or path did not parse, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FilterError {
    /// Byte offset of the problem.
    pub position: usize,
    /// What is wrong there.
    pub message: String,
}

impl fmt::Display for FilterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at character {}: {}", self.position, self.message)
    }
}

/// A PATCH path: attribute, optional value filter, optional sub-attribute after it.
#[derive(Clone, Debug, PartialEq)]
pub struct PatchPath {
    /// The attribute addressed.
    pub attr: AttrPath,
    /// The value filter in brackets, if any.
    pub filter: Option<Filter>,
    /// The sub-attribute after the brackets, if any.
    pub sub: Option<String>,
}

fn error(position: usize, message: &str) -> FilterError {
    FilterError {
        position,
        message: message.to_string(),
    }
}

fn attr_path(text: &str) -> Result<AttrPath, FilterError> {
    let valid = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
    };
    let mut parts = text.splitn(2, '.');
    let name = parts.next().unwrap_or_default();
    let sub = parts.next();
    if !valid(name) || !sub.is_none_or(valid) {
        return Err(error(0, "expected an attribute name"));
    }
    Ok(AttrPath {
        urn: None,
        name: name.to_string(),
        sub: sub.map(str::to_string),
    })
}

/// Parses a filter (stand-in: only `attr eq "value"`).
pub fn parse(input: &str) -> Result<Filter, FilterError> {
    let mut words = input.trim().splitn(3, ' ');
    let attr = attr_path(words.next().unwrap_or_default())?;
    if !words.next().is_some_and(|op| op.eq_ignore_ascii_case("eq")) {
        return Err(error(0, "expected eq"));
    }
    let literal = words.next().unwrap_or_default();
    match serde_json::from_str::<Value>(literal) {
        Ok(Value::String(s)) => Ok(Filter::Compare(attr, CompareOp::Eq, CompValue::Str(s))),
        _ => Err(error(0, "expected a string")),
    }
}

/// Evaluates a filter against a resource (stand-in: only string `eq`).
pub fn matches(filter: &Filter, resource: &Value, case_exact: &dyn Fn(&str) -> bool) -> bool {
    let Filter::Compare(path, CompareOp::Eq, CompValue::Str(want)) = filter else {
        return false;
    };
    let Value::Object(map) = resource else {
        return false;
    };
    let top = map.iter().find(|(k, _)| k.eq_ignore_ascii_case(&path.name));
    let value = match (top, &path.sub) {
        (Some((_, Value::Object(inner))), Some(sub)) => inner
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(sub))
            .map(|(_, v)| v),
        (Some((_, v)), None) => Some(v),
        _ => None,
    };
    match value {
        Some(Value::String(have)) if case_exact(&path.key()) => have == want,
        Some(Value::String(have)) => have.to_lowercase() == want.to_lowercase(),
        _ => false,
    }
}

/// Parses a PATCH path (stand-in: only `attr` or `attr.sub`).
pub fn parse_patch_path(input: &str) -> Result<PatchPath, FilterError> {
    Ok(PatchPath {
        attr: attr_path(input)?,
        filter: None,
        sub: None,
    })
}
