//! `GET /Users/{id}` and `POST /Users`, plus what every request with a body or an ETag
//! precondition shares: media type, JSON parsing, the `schemas` check, `If-Match`.

use super::env::Env;
use super::error::{json_response, ScimError, ScimType};
use super::http::{HttpRequest, HttpResponse};
use super::json;
use super::projection::Projection;
use super::query::Target;
use super::schema::USER_URN;
use super::store::Users;
use super::tenant::new_id;
use super::user::{canonicalize, User};
use serde_json::Value;

/// Answers `GET /Users/{id}`, with 304 when `If-None-Match` names the current version.
pub(crate) fn get(
    store: &dyn Users,
    base_url: &str,
    id: &str,
    req: &HttpRequest,
    target: &Target,
) -> Result<HttpResponse, ScimError> {
    let projection = Projection::from_target(target)?;
    let user = find(store, id)?;
    if let Some(tags) = req.header("If-None-Match") {
        if etag_listed(tags, &user.etag()) {
            let headers = vec![("ETag".to_string(), user.etag())];
            return Ok(HttpResponse {
                status: 304,
                headers,
                body: String::new(),
            });
        }
    }
    Ok(user_response(200, user, base_url, &projection))
}

/// Answers `POST /Users`: 201 with the new user, or 409 when the userName is taken.
pub(crate) fn create(
    store: &mut dyn Users,
    base_url: &str,
    req: &HttpRequest,
    target: &Target,
    env: &mut dyn Env,
) -> Result<HttpResponse, ScimError> {
    let projection = Projection::from_target(target)?;
    let body = json_body(req)?;
    require_schema(&body, USER_URN, "User")?;
    let mut attrs = canonicalize(&body)?;
    if let Value::Object(map) = &mut attrs {
        // Assumed (default-active): a user created without `active` is active.
        map.entry("active").or_insert(Value::Bool(true));
    }
    let user_name = attrs["userName"].as_str().unwrap_or_default();
    if let Some(taken) = store.by_user_name(user_name).and_then(|i| store.get(i)) {
        return Err(ScimError::new(
            409,
            format!(
                "A user with userName `{}` already exists (id {}); userNames are compared \
                 case-insensitively.",
                taken.user_name(),
                taken.id()
            ),
        )
        .with_type(ScimType::Uniqueness));
    }
    let id = fresh_id(&*store, env)?;
    let user = User::new(id, env.now_millis(), attrs);
    let index = store.push(user);
    let user = store.get(index).ok_or_else(internal)?;
    Ok(user_response(201, user, base_url, &projection))
}

/// The user with `id`, or 404 with the RFC error body.
pub(crate) fn find<'a>(store: &'a dyn Users, id: &str) -> Result<&'a User, ScimError> {
    store.by_id(id).and_then(|i| store.get(i)).ok_or_else(|| {
        ScimError::new(
            404,
            format!("No user has the id `{id}` in this tenant (ids are case-sensitive)."),
        )
    })
}

/// A user as a response: its projected resource, `ETag` and `Location` (as in the
/// examples of RFC 7644 §3.3 and §3.4.1).
pub(crate) fn user_response(
    status: u16,
    user: &User,
    base_url: &str,
    projection: &Projection,
) -> HttpResponse {
    let headers = vec![
        ("ETag".to_string(), user.etag()),
        (
            "Location".to_string(),
            format!("{base_url}/Users/{}", user.id()),
        ),
    ];
    let body = match projection {
        Projection::All => {
            let mut text = String::new();
            user.view(base_url).push_json(&mut text);
            text
        }
        _ => json::to_compact(&projection.apply(user.resource(base_url))),
    };
    json_response(status, body, headers)
}

fn fresh_id(store: &dyn Users, env: &mut dyn Env) -> Result<String, ScimError> {
    // 122 random bits make a clash all but impossible; the bound keeps a broken Env finite.
    for _ in 0..16 {
        let id = new_id(env);
        if store.by_id(&id).is_none() {
            return Ok(id);
        }
    }
    Err(ScimError::new(500, "Could not draw an unused user id."))
}

fn internal() -> ScimError {
    ScimError::new(500, "The new user could not be read back.")
}

/// The body as JSON, after the media-type check.
pub(crate) fn json_body(req: &HttpRequest) -> Result<Value, ScimError> {
    check_content_type(req)?;
    if req.body.trim().is_empty() {
        return Err(ScimError::bad_request(
            ScimType::InvalidSyntax,
            format!("{} needs a JSON body, and this one is empty.", req.method),
        ));
    }
    super::json::parse(&req.body).map_err(|e| {
        ScimError::bad_request(
            ScimType::InvalidSyntax,
            format!("The body is not valid JSON: {e}."),
        )
    })
}

/// Refuses bodies that are not JSON. Assumed (content-type): a body without a
/// Content-Type header is read as JSON, like most SCIM servers do.
fn check_content_type(req: &HttpRequest) -> Result<(), ScimError> {
    let Some(value) = req.header("Content-Type") else {
        return Ok(());
    };
    let mut parts = value.split(';');
    let media = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
    let charset_ok = parts.all(|param| match param.split_once('=') {
        Some((name, v)) if name.trim().eq_ignore_ascii_case("charset") => {
            let v = v.trim().trim_matches('"');
            v.eq_ignore_ascii_case("utf-8") || v.eq_ignore_ascii_case("utf8")
        }
        _ => true,
    });
    let media_ok = media == "application/scim+json" || media == "application/json";
    if media_ok && charset_ok {
        return Ok(());
    }
    Err(ScimError::new(
        415,
        format!(
            "Content-Type `{value}` is not accepted: send application/scim+json \
             (or application/json) in UTF-8."
        ),
    ))
}

/// Requires `schemas` to be an array that lists `urn`.
pub(crate) fn require_schema(body: &Value, urn: &str, what: &str) -> Result<(), ScimError> {
    let listed = body
        .get("schemas")
        .and_then(Value::as_array)
        .is_some_and(|items| {
            items
                .iter()
                .any(|s| s.as_str().is_some_and(|s| s.eq_ignore_ascii_case(urn)))
        });
    if listed {
        return Ok(());
    }
    Err(ScimError::bad_request(
        ScimType::InvalidSyntax,
        format!("A {what} body must have \"schemas\": [\"{urn}\"]."),
    ))
}

/// Checks `If-Match` against the user's version. SCIM (RFC 7644 §3.14) uses weak ETags
/// with If-Match, so the comparison is weak.
pub(crate) fn check_if_match(req: &HttpRequest, user: &User) -> Result<(), ScimError> {
    let Some(tags) = req.header("If-Match") else {
        return Ok(());
    };
    if etag_listed(tags, &user.etag()) {
        return Ok(());
    }
    Err(ScimError::new(
        412,
        format!(
            "If-Match `{tags}` does not match the user's current version {}: read the user \
             again and retry.",
            user.etag()
        ),
    ))
}

/// Whether a comma-separated ETag list (or `*`) names `etag`, comparing weakly.
fn etag_listed(list: &str, etag: &str) -> bool {
    let opaque = |tag: &str| tag.trim().trim_start_matches("W/").to_string();
    let want = opaque(etag);
    list.split(',')
        .any(|tag| tag.trim() == "*" || opaque(tag) == want)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn etags_compare_weakly_and_star_matches_any() {
        assert!(etag_listed("W/\"2\"", "W/\"2\""));
        assert!(etag_listed("\"2\"", "W/\"2\""));
        assert!(etag_listed("W/\"1\", W/\"2\"", "W/\"2\""));
        assert!(etag_listed("*", "W/\"9\""));
        assert!(!etag_listed("W/\"1\"", "W/\"2\""));
    }

    #[test]
    fn json_and_scim_json_are_accepted_other_types_are_not() {
        let with = |ct: &str| HttpRequest::new("POST", "/Users").with_header("Content-Type", ct);
        let ok = [
            "application/scim+json; charset=utf-8",
            "application/json",
            "Application/JSON",
        ];
        for ct in ok {
            assert!(check_content_type(&with(ct)).is_ok(), "{ct}");
        }
        for ct in [
            "text/plain",
            "application/xml",
            "application/json; charset=latin1",
        ] {
            assert_eq!(
                check_content_type(&with(ct)).err().map(|e| e.status),
                Some(415)
            );
        }
    }
}
