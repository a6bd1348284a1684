//! `/ServiceProviderConfig`, `/ResourceTypes` and `/Schemas` (RFC 7644 §4): what the engine
//! really does, generated from the same schema table and limits the endpoint enforces.

use super::error::{json_response, ScimError};
use super::http::HttpResponse;
use super::json;
use super::list::MAX_RESULTS;
use super::query::Target;
use super::schema::{self, Attr, Kind, Mutability, Returned, Schema, LIST_URN};
use super::schema::{ENTERPRISE_URN, USER_URN};
use serde_json::{Map, Value};

const SPC_URN: &str = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
const RESOURCE_TYPE_URN: &str = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
const SCHEMA_URN: &str = "urn:ietf:params:scim:schemas:core:2.0:Schema";

/// One discovery document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Doc {
    ServiceProviderConfig,
    ResourceTypes(Option<String>),
    Schemas(Option<String>),
}

/// Answers a GET of a discovery document.
pub(crate) fn answer(
    doc: &Doc,
    base_url: &str,
    target: &Target,
) -> Result<HttpResponse, ScimError> {
    if target.param("filter").is_some() {
        return Err(ScimError::new(
            403,
            "Discovery endpoints take no filter (RFC 7644 §4): a filtered answer could be \
             mistaken for a match.",
        ));
    }
    let body = match doc {
        Doc::ServiceProviderConfig => service_provider_config(base_url),
        Doc::ResourceTypes(None) => list(vec![user_type(base_url)]),
        Doc::ResourceTypes(Some(name)) if name.eq_ignore_ascii_case("User") => user_type(base_url),
        Doc::Schemas(None) => list(SCHEMAS.iter().map(|s| schema_doc(s, base_url)).collect()),
        Doc::Schemas(Some(urn)) => {
            let found = SCHEMAS.iter().find(|s| s.id.eq_ignore_ascii_case(urn));
            found
                .map(|s| schema_doc(s, base_url))
                .ok_or_else(|| unknown(doc))?
        }
        Doc::ResourceTypes(Some(_)) => return Err(unknown(doc)),
    };
    Ok(json_response(200, json::to_compact(&body), Vec::new()))
}

const SCHEMAS: [&Schema; 2] = [&schema::USER, &schema::ENTERPRISE];

fn unknown(doc: &Doc) -> ScimError {
    let detail = match doc {
        Doc::ResourceTypes(Some(name)) => {
            format!("No resource type `{name}`: LeadIQ's endpoint serves only User.")
        }
        Doc::Schemas(Some(urn)) => {
            format!("No schema `{urn}`: this endpoint has {USER_URN} and {ENTERPRISE_URN}.")
        }
        _ => "No such discovery document.".to_string(),
    };
    ScimError::new(404, detail)
}

// The documents are built member by member rather than with `json!`: that macro turns
// every non-literal through serde's serializer, which would put serde_json's whole
// `to_value` machinery (and its error type) into the browser bundle for these few pages.

/// An object of the given members.
fn object(members: Vec<(&str, Value)>) -> Value {
    // Inserted one by one: collecting into the map would bring in a stable sort of the
    // members, a kilobyte of the bundle, to order keys the map orders anyway.
    let mut map = Map::new();
    for (key, value) in members {
        map.insert(key.to_string(), value);
    }
    Value::Object(map)
}

/// A `schemas` member's value: the one URN.
fn urns(urn: &str) -> Value {
    Value::Array(vec![urn.into()])
}

/// An array of strings.
fn strings(items: &[&str]) -> Value {
    Value::Array(items.iter().map(|&i| i.into()).collect())
}

fn list(resources: Vec<Value>) -> Value {
    object(vec![
        ("schemas", urns(LIST_URN)),
        ("totalResults", resources.len().into()),
        ("startIndex", 1.into()),
        ("itemsPerPage", resources.len().into()),
        ("Resources", Value::Array(resources)),
    ])
}

fn meta(kind: &str, location: String) -> Value {
    object(vec![
        ("resourceType", kind.into()),
        ("location", location.into()),
    ])
}

fn supported(yes: bool) -> Value {
    object(vec![("supported", yes.into())])
}

fn service_provider_config(base_url: &str) -> Value {
    let bulk = object(vec![
        ("supported", false.into()),
        ("maxOperations", 0.into()),
        ("maxPayloadSize", 0.into()),
    ]);
    let filter = object(vec![
        ("supported", true.into()),
        ("maxResults", MAX_RESULTS.into()),
    ]);
    let bearer = object(vec![
        ("type", "oauthbearertoken".into()),
        ("name", "OAuth Bearer Token".into()),
        (
            "description",
            "The bearer token generated in LeadIQ's SSO/SCIM admin settings, sent as \
             `Authorization: Bearer <token>`."
                .into(),
        ),
        ("specUri", "https://www.rfc-editor.org/info/rfc6750".into()),
        ("primary", true.into()),
    ]);
    object(vec![
        ("schemas", urns(SPC_URN)),
        ("patch", supported(true)),
        ("bulk", bulk),
        ("filter", filter),
        ("changePassword", supported(false)),
        ("sort", supported(false)),
        ("etag", supported(true)),
        ("authenticationSchemes", Value::Array(vec![bearer])),
        (
            "meta",
            meta(
                "ServiceProviderConfig",
                format!("{base_url}/ServiceProviderConfig"),
            ),
        ),
    ])
}

fn user_type(base_url: &str) -> Value {
    let extension = object(vec![
        ("schema", ENTERPRISE_URN.into()),
        ("required", false.into()),
    ]);
    object(vec![
        ("schemas", urns(RESOURCE_TYPE_URN)),
        ("id", "User".into()),
        ("name", "User".into()),
        ("endpoint", "/Users".into()),
        (
            "description",
            "A LeadIQ user: created by POST, deactivated by PATCH active.".into(),
        ),
        ("schema", USER_URN.into()),
        ("schemaExtensions", Value::Array(vec![extension])),
        (
            "meta",
            meta("ResourceType", format!("{base_url}/ResourceTypes/User")),
        ),
    ])
}

fn schema_doc(schema: &Schema, base_url: &str) -> Value {
    object(vec![
        ("schemas", urns(SCHEMA_URN)),
        ("id", schema.id.into()),
        ("name", schema.name.into()),
        ("description", schema.description.into()),
        (
            "attributes",
            schema.attributes.iter().map(attribute).collect(),
        ),
        (
            "meta",
            meta("Schema", format!("{base_url}/Schemas/{}", schema.id)),
        ),
    ])
}

fn attribute(attr: &Attr) -> Value {
    let mut members = vec![
        ("name", attr.name.into()),
        ("type", kind_name(attr.kind).into()),
        ("multiValued", attr.multi.into()),
        ("description", attr.description.into()),
        ("required", attr.required.into()),
        ("caseExact", attr.case_exact.into()),
        ("mutability", mutability_name(attr.mutability).into()),
        ("returned", returned_name(attr.returned).into()),
        (
            "uniqueness",
            if attr.unique { "server" } else { "none" }.into(),
        ),
    ];
    // Pushed rather than set through `doc[key]`: Value's IndexMut carries a panic message
    // whose formatting would bring core's Unicode escaping tables into the bundle.
    if !attr.sub.is_empty() {
        members.push(("subAttributes", attr.sub.iter().map(attribute).collect()));
    }
    if !attr.canonical.is_empty() {
        members.push(("canonicalValues", strings(attr.canonical)));
    }
    if !attr.refs.is_empty() {
        members.push(("referenceTypes", strings(attr.refs)));
    }
    object(members)
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::String => "string",
        Kind::Boolean => "boolean",
        Kind::DateTime => "dateTime",
        Kind::Reference => "reference",
        Kind::Complex => "complex",
    }
}

fn mutability_name(mutability: Mutability) -> &'static str {
    match mutability {
        Mutability::ReadOnly => "readOnly",
        Mutability::ReadWrite => "readWrite",
        Mutability::WriteOnly => "writeOnly",
    }
}

fn returned_name(returned: Returned) -> &'static str {
    match returned {
        Returned::Always => "always",
        Returned::Default => "default",
        Returned::Never => "never",
    }
}
