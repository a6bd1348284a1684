//! How Okta reads LeadIQ's answers: list responses, users, errors, and the reason phrases
//! its task errors quote.

use serde::Deserialize;
use serde_json::Value;

use crate::engine::http::HttpResponse;

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

/// The parts of a ListResponse Okta reads; everything else is skipped unparsed.
#[derive(Deserialize)]
struct ListBody {
    #[serde(rename = "totalResults")]
    total: Option<u64>,
    #[serde(rename = "Resources", default)]
    resources: Vec<UserBody>,
}

/// The parts of a SCIM user Okta reads.
#[derive(Deserialize)]
struct UserBody {
    id: Option<String>,
    #[serde(rename = "userName")]
    user_name: Option<String>,
    active: Option<bool>,
    #[serde(default)]
    emails: Vec<EmailBody>,
}

#[derive(Deserialize)]
struct EmailBody {
    value: Option<String>,
    primary: Option<bool>,
}

fn read_list(body: &str) -> Answer {
    let list: ListBody = match serde_json::from_str(body) {
        Ok(list) => list,
        Err(_) => return Answer::Garbled("the body is not a SCIM ListResponse".to_string()),
    };
    let Some(total) = list.total else {
        return Answer::Garbled("the ListResponse has no totalResults".to_string());
    };
    let count = list.resources.len();
    let users: Vec<RemoteUser> = list.resources.into_iter().filter_map(remote).collect();
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
    let user = serde_json::from_str::<UserBody>(body).ok().and_then(remote);
    match user {
        Some(user) => Answer::User(user),
        None => Answer::Garbled("the body is not a SCIM user with an id".to_string()),
    }
}

fn remote(user: UserBody) -> Option<RemoteUser> {
    let primary = user.emails.iter().find(|e| e.primary == Some(true));
    let email = primary
        .or(user.emails.first())
        .and_then(|e| e.value.clone());
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
    let value = serde_json::from_str::<Value>(body).unwrap_or(Value::Null);
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
    fn no_content_is_done() {
        assert_eq!(interpret(&response(204, ""), Expect::Nothing), Answer::Done);
    }
}
