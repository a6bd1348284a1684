//! `/ServiceProviderConfig`, `/ResourceTypes` and `/Schemas` (RFC 7644 §4): what the engine
//! really does, generated from the same schema table and limits the endpoint enforces.

use super::error::{json_response, ScimError};
use super::http::HttpResponse;
use super::json;
use super::list::MAX_RESULTS;
use super::query::Target;
use super::schema::{self, Attr, Kind, Mutability, Returned, Schema, LIST_URN};
use super::schema::{ENTERPRISE_URN, USER_URN};
use serde_json::{json, Value};

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

fn list(resources: Vec<Value>) -> Value {
    json!({
        "schemas": [LIST_URN],
        "totalResults": resources.len(),
        "startIndex": 1,
        "itemsPerPage": resources.len(),
        "Resources": resources,
    })
}

fn meta(kind: &str, location: String) -> Value {
    json!({"resourceType": kind, "location": location})
}

fn service_provider_config(base_url: &str) -> Value {
    json!({
        "schemas": [SPC_URN],
        "patch": {"supported": true},
        "bulk": {"supported": false, "maxOperations": 0, "maxPayloadSize": 0},
        "filter": {"supported": true, "maxResults": MAX_RESULTS},
        "changePassword": {"supported": false},
        "sort": {"supported": false},
        "etag": {"supported": true},
        "authenticationSchemes": [{
            "type": "oauthbearertoken",
            "name": "OAuth Bearer Token",
            "description": "The bearer token generated in LeadIQ's SSO/SCIM admin settings, \
                            sent as `Authorization: Bearer <token>`.",
            "specUri": "https://www.rfc-editor.org/info/rfc6750",
            "primary": true
        }],
        "meta": meta("ServiceProviderConfig", format!("{base_url}/ServiceProviderConfig")),
    })
}

fn user_type(base_url: &str) -> Value {
    json!({
        "schemas": [RESOURCE_TYPE_URN],
        "id": "User",
        "name": "User",
        "endpoint": "/Users",
        "description": "A LeadIQ user: created by POST, deactivated by PATCH active.",
        "schema": USER_URN,
        "schemaExtensions": [{"schema": ENTERPRISE_URN, "required": false}],
        "meta": meta("ResourceType", format!("{base_url}/ResourceTypes/User")),
    })
}

fn schema_doc(schema: &Schema, base_url: &str) -> Value {
    let attributes: Vec<Value> = schema.attributes.iter().map(attribute).collect();
    json!({
        "schemas": [SCHEMA_URN],
        "id": schema.id,
        "name": schema.name,
        "description": schema.description,
        "attributes": attributes,
        "meta": meta("Schema", format!("{base_url}/Schemas/{}", schema.id)),
    })
}

fn attribute(attr: &Attr) -> Value {
    let mut doc = json!({
        "name": attr.name,
        "type": kind_name(attr.kind),
        "multiValued": attr.multi,
        "description": attr.description,
        "required": attr.required,
        "caseExact": attr.case_exact,
        "mutability": mutability_name(attr.mutability),
        "returned": returned_name(attr.returned),
        "uniqueness": if attr.unique { "server" } else { "none" },
    });
    if !attr.sub.is_empty() {
        doc["subAttributes"] = attr.sub.iter().map(attribute).collect();
    }
    if !attr.canonical.is_empty() {
        doc["canonicalValues"] = json!(attr.canonical);
    }
    if !attr.refs.is_empty() {
        doc["referenceTypes"] = json!(attr.refs);
    }
    doc
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
