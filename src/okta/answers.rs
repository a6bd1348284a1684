//! How Okta reads LeadIQ's answers: list responses, users, errors, and the reason phrases
//! its task errors quote.

use serde_json::Value;

use crate::engine::http::HttpResponse;
use crate::engine::json;

/// A LeadIQ user as Okta reads it from an answer.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RemoteUser {
    /// LeadIQ's `id`.
    pub id: String,
    /// `userName`.
    pub user_name: String,
    /// `active`; a user without the attribute counts as active.
    pub active: bool,
    /// The primary (or first) email.
    pub email: String,
}

/// What an answer means to Okta, whatever its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Answer {
    /// No answer: nothing listens at that host.
    Unreachable,
    /// A ListResponse: `total` results, of which `users` came on this page. A forecast
    /// knows only how many came, in `received`, and leaves `users` empty.
    List {
        total: u64,
        received: u64,
        users: Vec<RemoteUser>,
    },
    /// A single user.
    User(RemoteUser),
    /// A success with nothing Okta needs from the body.
    Done,
    /// An error status, with what the server said.
    Refused { status: u16, detail: String },
    /// A success whose body is not what Okta expects.
    Garbled(String),
}

/// What Okta expects a request to come back with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Expect {
    List,
    User,
    Nothing,
}

/// Reads `response` the way Okta does for a request that expects `expect`.
pub(crate) fn interpret(response: &HttpResponse, expect: Expect) -> Answer {
    if !(200..300).contains(&response.status) {
        return Answer::Refused {
            status: response.status,
            detail: error_detail(&response.body),
        };
    }
    match expect {
        Expect::Nothing => Answer::Done,
        Expect::List => read_list(&response.body),
        Expect::User => read_user_body(&response.body),
    }
}

/// The parts of a SCIM user Okta reads. A member of the wrong type makes the whole body
/// unreadable, as it does for Okta; members Okta does not read are ignored.
struct UserBody {
    id: Option<String>,
    user_name: Option<String>,
    active: Option<bool>,
    /// Each email's `value` and `primary`.
    emails: Vec<(Option<String>, Option<bool>)>,
}

/// A member that may be absent or null, and otherwise must be a string.
fn text_member(object: &Value, name: &str) -> Result<Option<String>, ()> {
    match object.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.clone())),
        Some(_) => Err(()),
    }
}

/// A member that may be absent or null, and otherwise must be a boolean.
fn flag_member(object: &Value, name: &str) -> Result<Option<bool>, ()> {
    match object.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(flag)) => Ok(Some(*flag)),
        Some(_) => Err(()),
    }
}

/// The objects of an array member; absent means none, anything else but an array of
/// objects is unreadable.
fn object_items<'a>(object: &'a Value, name: &str) -> Result<Vec<&'a Value>, ()> {
    match object.get(name) {
        None => Ok(Vec::new()),
        Some(Value::Array(items)) if items.iter().all(Value::is_object) => {
            Ok(items.iter().collect())
        }
        Some(_) => Err(()),
    }
}

impl UserBody {
    fn read(value: &Value) -> Result<Self, ()> {
        if !value.is_object() {
            return Err(());
        }
        let emails = object_items(value, "emails")?
            .into_iter()
            .map(|e| Ok((text_member(e, "value")?, flag_member(e, "primary")?)))
            .collect::<Result<_, ()>>()?;
        Ok(Self {
            id: text_member(value, "id")?,
            user_name: text_member(value, "userName")?,
            active: flag_member(value, "active")?,
            emails,
        })
    }
}

/// The parts of a ListResponse Okta reads: `totalResults` (absent is told apart from
/// wrong) and the users in `Resources`.
fn read_list_body(body: &str) -> Result<(Option<u64>, Vec<UserBody>), ()> {
    let value = json::parse(body).map_err(|_| ())?;
    if !value.is_object() {
        return Err(());
    }
    let total = match value.get("totalResults") {
        None | Some(Value::Null) => None,
        Some(total) => Some(total.as_u64().ok_or(())?),
    };
    let resources = object_items(&value, "Resources")?
        .into_iter()
        .map(UserBody::read)
        .collect::<Result<_, ()>>()?;
    Ok((total, resources))
}

fn read_list(body: &str) -> Answer {
    let Ok((total, resources)) = read_list_body(body) else {
        return Answer::Garbled("the body is not a SCIM ListResponse".to_string());
    };
    let Some(total) = total else {
        return Answer::Garbled("the ListResponse has no totalResults".to_string());
    };
    let count = resources.len();
    let users: Vec<RemoteUser> = resources.into_iter().filter_map(remote).collect();
    if users.len() != count {
        return Answer::Garbled("a listed user has no id or userName".to_string());
    }
    Answer::List {
        total,
        received: users.len() as u64,
        users,
    }
}

fn read_user_body(body: &str) -> Answer {
    let parsed = json::parse(body).map_err(|_| ());
    let user = parsed
        .and_then(|v| UserBody::read(&v))
        .ok()
        .and_then(remote);
    match user {
        Some(user) => Answer::User(user),
        None => Answer::Garbled("the body is not a SCIM user with an id".to_string()),
    }
}

fn remote(user: UserBody) -> Option<RemoteUser> {
    let primary = user.emails.iter().find(|e| e.1 == Some(true));
    let email = primary.or(user.emails.first()).and_then(|e| e.0.clone());
    Some(RemoteUser {
        id: user.id.filter(|id| !id.is_empty())?,
        user_name: user.user_name?,
        active: user.active.unwrap_or(true),
        email: email.unwrap_or_default(),
    })
}

/// The server's own words from an RFC 7644 error body (`detail`, else `scimType`), or
/// the start of whatever else it sent.
fn error_detail(body: &str) -> String {
    let value = json::parse(body).unwrap_or(Value::Null);
    let field = |key: &str| value.get(key).and_then(Value::as_str).map(str::to_string);
    field("detail")
        .or_else(|| field("scimType"))
        .unwrap_or_else(|| body.chars().take(200).collect())
}

/// "401 Unauthorized. Errors reported by remote server: <detail>", Okta's way of quoting
/// an error answer.
pub(crate) fn describe_refusal(status: u16, detail: &str) -> String {
    let phrase = crate::engine::http::reason_phrase(status).unwrap_or("Unexpected Status");
    let mut text = format!("{status} {phrase}");
    if !detail.is_empty() {
        text.push_str(". Errors reported by remote server: ");
        text.push_str(detail);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(status: u16, body: &str) -> HttpResponse {
        HttpResponse {
            status,
            headers: Vec::new(),
            body: body.to_string(),
        }
    }

    fn garbled(body: &str, expect: Expect) -> String {
        match interpret(&response(200, body), expect) {
            Answer::Garbled(why) => why,
            other => format!("not garbled: {other:?}"),
        }
    }

    #[test]
    fn an_empty_list_has_no_users() {
        let body = r#"{"schemas":["x"],"totalResults":0,"startIndex":1,"itemsPerPage":0}"#;
        let answer = interpret(&response(200, body), Expect::List);
        let empty = Answer::List {
            total: 0,
            received: 0,
            users: Vec::new(),
        };
        assert_eq!(answer, empty);
    }

    #[test]
    fn listed_users_are_read_with_their_primary_email() {
        let body = r#"{"totalResults":3,"Resources":[{"id":"a1","userName":"ada@x.io",
            "active":false,"emails":[{"value":"o@x.io"},{"value":"p@x.io","primary":true}]}]}"#;
        let Answer::List { total, users, .. } = interpret(&response(200, body), Expect::List)
        else {
            panic!("not a list");
        };
        assert_eq!(total, 3);
        assert_eq!(users[0].email, "p@x.io");
        assert!(!users[0].active);
    }

    #[test]
    fn a_list_with_a_string_total_is_garbled() {
        let answer = interpret(&response(200, r#"{"totalResults":"1"}"#), Expect::List);
        assert!(matches!(answer, Answer::Garbled(_)));
    }

    #[test]
    fn errors_quote_the_scim_detail() {
        let body = r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],
            "status":"409","scimType":"uniqueness","detail":"userName is taken"}"#;
        let answer = interpret(&response(409, body), Expect::User);
        let Answer::Refused { status, detail } = answer else {
            panic!("not refused");
        };
        assert_eq!(
            describe_refusal(status, &detail),
            "409 Conflict. Errors reported by remote server: userName is taken"
        );
    }

    #[test]
    fn a_created_user_without_id_is_garbled() {
        let answer = interpret(&response(201, r#"{"userName":"a"}"#), Expect::User);
        assert!(matches!(answer, Answer::Garbled(_)));
    }

    #[test]
    fn a_member_of_the_wrong_type_makes_a_user_unreadable() {
        for body in [
            r#"{"id":"u1","userName":"a","active":"yes"}"#,
            r#"{"id":7,"userName":"a"}"#,
            r#"{"id":"u1","userName":"a","emails":{"value":"a@x.io"}}"#,
            r#"{"id":"u1","userName":"a","emails":["a@x.io"]}"#,
            r#"["u1","a"]"#,
        ] {
            let answer = interpret(&response(200, body), Expect::User);
            assert!(matches!(answer, Answer::Garbled(_)), "{body}");
        }
    }

    #[test]
    fn null_members_count_as_absent() {
        let body = r#"{"id":"u1","userName":"a","active":null,"emails":[{"value":null}]}"#;
        let Answer::User(user) = interpret(&response(200, body), Expect::User) else {
            panic!("not a user");
        };
        assert!(user.active);
        assert_eq!(user.email, "");
    }

    #[test]
    fn a_list_with_an_unreadable_resource_is_garbled() {
        let body = r#"{"totalResults":1,"Resources":[{"id":"u1","userName":false}]}"#;
        let answer = interpret(&response(200, body), Expect::List);
        assert_eq!(
            answer,
            Answer::Garbled("the body is not a SCIM ListResponse".into())
        );
    }

    #[test]
    fn a_null_total_is_a_missing_total() {
        let why = garbled(r#"{"totalResults":null,"Resources":[]}"#, Expect::List);
        assert_eq!(why, "the ListResponse has no totalResults");
    }

    #[test]
    fn resources_of_the_wrong_type_make_the_list_garbled() {
        for body in [
            r#"{"totalResults":1,"Resources":null}"#,
            r#"{"totalResults":1,"Resources":[{"id":"a","userName":"b","active":"no"}]}"#,
            r#"{"totalResults":1,"Resources":[{"id":"a","userName":"b","emails":{}}]}"#,
            r#"{"totalResults":-1}"#,
            r#"[1]"#,
        ] {
            assert_eq!(
                garbled(body, Expect::List),
                "the body is not a SCIM ListResponse"
            );
        }
    }

    #[test]
    fn a_listed_user_without_user_name_makes_the_list_garbled() {
        let why = garbled(
            r#"{"totalResults":1,"Resources":[{"id":"a"}]}"#,
            Expect::List,
        );
        assert_eq!(why, "a listed user has no id or userName");
    }

    #[test]
    fn no_content_is_done() {
        assert_eq!(interpret(&response(204, ""), Expect::Nothing), Answer::Done);
    }
}
