//! Okta's provisioning tasks as small state machines of requests.
//!
//! A task knows the request it sends first and, from each answer, what Okta concludes
//! and what it sends next. The same machine runs twice: on a forecast of LeadIQ's answers
//! when an action is planned, and on the engine's real answers when it is performed, so a
//! preview and the action it previews cannot drift apart.

use crate::engine::http::{HttpRequest, HttpResponse};

use super::answers::{describe_refusal, Answer, Expect, RemoteUser};
use super::connection::Route;
use super::requests::{
    import_page_path, lookup_path, okta_request, set_active_body, test_credentials_path,
    user_path, PAGE_SIZE,
};

/// The app's name in Okta's messages.
pub const APP_NAME: &str = "LeadIQ";

/// Imports stop after this many pages (100,000 users) whatever the server claims, so a
/// server that keeps promising more cannot keep Okta paging forever.
pub(crate) const MAX_IMPORT_PAGES: u64 = 1_000;

/// What a task does.
// Known shortcoming: only Okta Integration Network behaviour is modelled; custom (AIW)
// apps, which deactivate with PUT active:false, and Okta's automatic retries are not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TaskKind {
    /// "Test API Credentials" on the Integration tab.
    TestCredentials,
    /// Look the person up by userName, then create or link a LeadIQ account.
    Provision,
    /// Deactivate the person's LeadIQ account.
    Deactivate,
    /// Reactivate the person's deactivated LeadIQ account.
    Reactivate,
    /// Push a profile edit (Update User Attributes).
    PushProfile,
    /// Import LeadIQ's users, page by page.
    Import,
}

/// One task, with everything its requests need already worked out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Task {
    pub(crate) kind: TaskKind,
    /// Okta id of the person the task is about.
    pub(crate) person: Option<String>,
    /// The person's name for messages.
    pub(crate) subject: String,
    /// The mapped `userName`.
    pub(crate) user_name: String,
    /// LeadIQ's id of the person's account, when Okta knows it.
    pub(crate) leadiq_id: String,
    /// Create or replace body.
    pub(crate) body: String,
    /// Whether a deactivated LeadIQ user found by the lookup is reactivated on linking
    /// (Deactivate Users on).
    pub(crate) activate_matches: bool,
}

impl Task {
    /// A task about the whole app rather than one person.
    pub(crate) fn app(kind: TaskKind) -> Self {
        Self {
            kind,
            person: None,
            subject: String::new(),
            user_name: String::new(),
            leadiq_id: String::new(),
            body: String::new(),
            activate_matches: false,
        }
    }

    /// A short title, e.g. "Provision Ada Lovelace (ada@example.com)".
    pub(crate) fn title(&self) -> String {
        let who = format!("{} ({})", self.subject, self.user_name);
        match self.kind {
            TaskKind::TestCredentials => "Test API Credentials".to_string(),
            TaskKind::Provision => format!("Provision {who}"),
            TaskKind::Deactivate => format!("Deactivate {who} in {APP_NAME}"),
            TaskKind::Reactivate => format!("Reactivate {who} in {APP_NAME}"),
            TaskKind::PushProfile => format!("Push the profile of {who} to {APP_NAME}"),
            TaskKind::Import => format!("Import users from {APP_NAME}"),
        }
    }

    /// The Okta message a failure of this task starts with.
    // Assumed (okta-messages): only the provisioning pattern is Okta's own wording.
    fn failure(&self, reason: &str) -> String {
        let who = &self.subject;
        match self.kind {
            TaskKind::TestCredentials => format!("Error authenticating: {reason}"),
            TaskKind::Provision => {
                format!("Automatic provisioning of user {who} to app {APP_NAME} failed: {reason}")
            }
            TaskKind::Deactivate => {
                format!("Automatic deactivation of user {who} in app {APP_NAME} failed: {reason}")
            }
            TaskKind::Reactivate => {
                format!("Automatic reactivation of user {who} in app {APP_NAME} failed: {reason}")
            }
            TaskKind::PushProfile => {
                format!("Automatic profile push of user {who} to app {APP_NAME} failed: {reason}")
            }
            TaskKind::Import => format!("Import of users from app {APP_NAME} failed: {reason}"),
        }
    }

    fn first_stage(&self) -> Stage {
        match self.kind {
            TaskKind::TestCredentials => Stage::Probe,
            TaskKind::Provision => Stage::Lookup,
            TaskKind::Deactivate => Stage::Deactivate,
            TaskKind::Reactivate => Stage::Reactivate,
            TaskKind::PushProfile => Stage::Fetch,
            TaskKind::Import => Stage::Page(1),
        }
    }

    fn request(&self, stage: &Stage, authorization: &str) -> HttpRequest {
        let (method, path, body) = match stage {
            Stage::Probe => ("GET", test_credentials_path(), String::new()),
            Stage::Lookup => ("GET", lookup_path(&self.user_name), String::new()),
            Stage::Create => ("POST", "/Users".to_string(), self.body.clone()),
            Stage::ActivateMatch(id) => ("PATCH", user_path(id), set_active_body(true)),
            Stage::Deactivate => ("PATCH", user_path(&self.leadiq_id), set_active_body(false)),
            Stage::Reactivate => ("PATCH", user_path(&self.leadiq_id), set_active_body(true)),
            Stage::Fetch => ("GET", user_path(&self.leadiq_id), String::new()),
            Stage::Replace => ("PUT", user_path(&self.leadiq_id), self.body.clone()),
            Stage::Page(start) => ("GET", import_page_path(*start), String::new()),
        };
        okta_request(method, &path, body, authorization)
    }
}

/// Where a task stands: the request it is about to send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Stage {
    Probe,
    Lookup,
    Create,
    /// Reactivate the deactivated LeadIQ user the lookup found.
    ActivateMatch(String),
    Deactivate,
    Reactivate,
    Fetch,
    Replace,
    /// One import page starting at this 1-based index.
    Page(u64),
}

impl Stage {
    pub(crate) fn expect(&self) -> Expect {
        match self {
            Self::Probe | Self::Lookup | Self::Page(_) => Expect::List,
            Self::Create | Self::Fetch => Expect::User,
            _ => Expect::Nothing,
        }
    }
}

/// What a finished task changes on Okta's side.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Effect {
    /// The lookup found an account and Okta linked it (`active` after any reactivation).
    Linked { id: String, active: bool },
    /// LeadIQ created the account.
    Created { id: String },
    /// The account is deactivated.
    Deactivated,
    /// The account is active again.
    Reactivated,
    /// The profile push went through.
    Pushed,
    /// The credentials work.
    Verified,
    /// The import ended; `complete` is false when it stopped at the page cap.
    Imported {
        users: Vec<RemoteUser>,
        complete: bool,
    },
    /// The task failed with this Okta message.
    Failed(String),
}

/// One request of a run, with the answer and what Okta concluded from it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Step {
    pub(crate) request: HttpRequest,
    pub(crate) url: String,
    pub(crate) response: Option<HttpResponse>,
    /// Okta's conclusion, followed by the hint when there is one.
    pub(crate) conclusion: String,
    /// The sandbox's explanation when the cause lies in the connection.
    pub(crate) hint: Option<String>,
}

/// All a task sent, and how it ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Run {
    pub(crate) steps: Vec<Step>,
    pub(crate) effect: Effect,
}

/// Delivers a request and reads the answer: the engine when performing, a forecast when
/// planning.
pub(crate) trait Transport {
    /// Sends `request` (its path relative to the typed base) at `stage`.
    fn send(&mut self, stage: &Stage, request: &HttpRequest) -> (Option<HttpResponse>, Answer);
}

enum Next {
    Send(Stage),
    Finish(Effect),
}

/// Counts what an import has seen so far.
#[derive(Default)]
struct Progress {
    users: Vec<RemoteUser>,
    seen: u64,
    pages: u64,
}

/// Runs `task` to its end through `transport`.
pub(crate) fn run(
    task: &Task,
    route: &Route,
    authorization: &str,
    transport: &mut dyn Transport,
) -> Run {
    if let Route::Malformed(problem) = route {
        let reason = format!("the base URL is not valid: {}.", problem.message());
        return Run {
            steps: Vec::new(),
            effect: Effect::Failed(task.failure(&reason)),
        };
    }

    let mut steps = Vec::new();
    let mut progress = Progress::default();
    let mut stage = task.first_stage();
    loop {
        let request = task.request(&stage, authorization);
        let url = route.url(&request.path);
        let (response, answer) = transport.send(&stage, &request);
        let (mut conclusion, next) = conclude(task, &stage, answer, &url, &mut progress);
        let hint = hint(route, response.as_ref(), authorization);
        if let Some(hint) = &hint {
            conclusion.push_str(" Sandbox hint: ");
            conclusion.push_str(hint);
        }
        steps.push(Step {
            request,
            url,
            response,
            conclusion,
            hint,
        });
        match next {
            Next::Send(following) => stage = following,
            Next::Finish(effect) => return Run { steps, effect },
        }
    }
}

/// What the sandbox adds to Okta's conclusion when the cause is in the connection.
fn hint(route: &Route, response: Option<&HttpResponse>, authorization: &str) -> Option<String> {
    match (route, response.map(|r| r.status)) {
        (_, Some(401)) => Some(authorization_hint(authorization)),
        (
            Route::Engine {
                exact: false,
                expected,
                ..
            },
            Some(404),
        ) => Some(format!(
            "the host is LeadIQ's but the path is not its SCIM base; LeadIQ's base URL is \
             {expected}."
        )),
        (Route::Unreachable { host, .. }, None) => Some(format!(
            "no LeadIQ tenant answers at {host}: paste the base URL exactly as LeadIQ's \
             SSO/SCIM settings show it."
        )),
        _ => None,
    }
}

/// Why LeadIQ may have refused the typed authorization value.
fn authorization_hint(authorization: &str) -> String {
    let words: Vec<&str> = authorization.split_whitespace().collect();
    let hint = match words.as_slice() {
        [] => "the Authorization field is empty, so Okta sent no Authorization header.",
        [first, second, ..] if is_bearer(first) && is_bearer(second) => {
            "the value says \"Bearer\" twice: type \"Bearer \" once, then the token."
        }
        [first, ..] if !is_bearer(first) => {
            "the value has no \"Bearer \" prefix, and Okta sends the field exactly as typed."
        }
        [_] => "the value is \"Bearer\" with no token after it.",
        _ => {
            "the token is not LeadIQ's current one: it may have been regenerated since; \
              copy it again from LeadIQ's SSO/SCIM settings."
        }
    };
    hint.to_string()
}

fn is_bearer(word: &str) -> bool {
    word.eq_ignore_ascii_case("Bearer")
}

/// What Okta concludes from `answer` at `stage`, and what it does next.
fn conclude(
    task: &Task,
    stage: &Stage,
    answer: Answer,
    url: &str,
    progress: &mut Progress,
) -> (String, Next) {
    let failed = |what: &str, reason: String| {
        let message = task.failure(&format!("{what}{reason}"));
        (message.clone(), Next::Finish(Effect::Failed(message)))
    };
    let reason = match answer {
        Answer::Unreachable => format!("could not connect to {url}: nothing answered there."),
        Answer::Refused { status, detail } => describe_refusal(status, &detail),
        Answer::Garbled(what) => format!("unexpected response from {APP_NAME}: {what}."),
        ok => return conclude_success(task, stage, ok, progress),
    };
    let user = &task.user_name;
    let id = &task.leadiq_id;
    match stage {
        Stage::Probe => failed("", reason),
        Stage::Lookup => failed(&format!("Error while looking up user {user}: "), reason),
        Stage::Create => failed(&format!("Error while creating user {user}: "), reason),
        Stage::ActivateMatch(found) => {
            failed(&format!("Error while activating user {found}: "), reason)
        }
        Stage::Deactivate => failed(&format!("Error while deactivating user {id}: "), reason),
        Stage::Reactivate => failed(&format!("Error while activating user {id}: "), reason),
        Stage::Fetch => failed(&format!("Error while reading user {id}: "), reason),
        Stage::Replace => failed(&format!("Error while updating user {user}: "), reason),
        Stage::Page(start) => failed(&format!("Error at startIndex {start}: "), reason),
    }
}

fn conclude_success(
    task: &Task,
    stage: &Stage,
    answer: Answer,
    progress: &mut Progress,
) -> (String, Next) {
    let unexpected = || {
        let message = task.failure(&format!("unexpected response from {APP_NAME}."));
        (message.clone(), Next::Finish(Effect::Failed(message)))
    };
    let id = &task.leadiq_id;
    match (stage, answer) {
        (Stage::Probe, Answer::List { total, .. }) => finish(
            format!("{APP_NAME} was verified successfully! ({total} users listed.)"),
            Effect::Verified,
        ),
        (Stage::Lookup, Answer::List { total, users, .. }) => after_lookup(task, total, users),
        (Stage::Create, Answer::User(user)) => created(task, &user.id),
        (Stage::ActivateMatch(found), _) => finish(
            format!(
                "{APP_NAME} reactivated user {found}: {} is linked.",
                task.subject
            ),
            Effect::Linked {
                id: found.clone(),
                active: true,
            },
        ),
        (Stage::Deactivate, _) => finish(
            format!("{APP_NAME} deactivated user {id}: Okta marks it deprovisioned."),
            Effect::Deactivated,
        ),
        (Stage::Reactivate, _) => finish(
            format!("{APP_NAME} reactivated user {id}: the account is active again."),
            Effect::Reactivated,
        ),
        (Stage::Fetch, Answer::User(_)) => (
            format!("Okta read user {id}; it now sends the whole updated object."),
            Next::Send(Stage::Replace),
        ),
        (Stage::Replace, _) => finish(
            format!("{APP_NAME} accepted the update of {}.", task.user_name),
            Effect::Pushed,
        ),
        (
            Stage::Page(start),
            Answer::List {
                total,
                received,
                users,
            },
        ) => next_page(*start, total, received, users, progress),
        _ => unexpected(),
    }
}

fn finish(conclusion: String, effect: Effect) -> (String, Next) {
    (conclusion, Next::Finish(effect))
}

// Assumed (inactive-match): a deactivated match is linked, and reactivated if
// Deactivate Users is on.
fn after_lookup(task: &Task, total: u64, users: Vec<RemoteUser>) -> (String, Next) {
    let name = &task.user_name;
    match (total, users.as_slice()) {
        (0, []) => (
            format!("No {APP_NAME} user has userName \"{name}\": Okta creates one."),
            Next::Send(Stage::Create),
        ),
        (_, [found]) if found.active => (
            format!(
                "{APP_NAME} already has \"{}\" ({}): Okta links {} to it instead of \
                 creating a duplicate.",
                found.user_name,
                id_phrase(&found.id),
                task.subject
            ),
            Next::Finish(Effect::Linked {
                id: found.id.clone(),
                active: true,
            }),
        ),
        (_, [found]) if task.activate_matches => (
            format!(
                "{APP_NAME} has \"{}\" (id {}) but deactivated: Okta links it and \
                 reactivates it.",
                found.user_name, found.id
            ),
            Next::Send(Stage::ActivateMatch(found.id.clone())),
        ),
        (_, [found]) => (
            format!(
                "{APP_NAME} has \"{}\" (id {}) but deactivated: Okta links it; with \
                 Deactivate Users off it does not reactivate it.",
                found.user_name, found.id
            ),
            Next::Finish(Effect::Linked {
                id: found.id.clone(),
                active: false,
            }),
        ),
        _ => {
            let message = task.failure(&format!(
                "Error while looking up user {name}: {total} {APP_NAME} users match; Okta \
                 cannot tell which one to link."
            ));
            (message.clone(), Next::Finish(Effect::Failed(message)))
        }
    }
}

/// How a conclusion names a LeadIQ id; a plan leaves out the ids of users it creates, as
/// the real ones are drawn when the action is performed.
fn id_phrase(id: &str) -> String {
    if id.is_empty() {
        "created earlier in this plan".to_string()
    } else {
        format!("id {id}")
    }
}

fn created(task: &Task, id: &str) -> (String, Next) {
    let conclusion = if id.is_empty() {
        format!(
            "{APP_NAME} creates \"{}\": {} is provisioned.",
            task.user_name, task.subject
        )
    } else {
        format!(
            "{APP_NAME} created \"{}\" with id {id}: {} is provisioned.",
            task.user_name, task.subject
        )
    };
    let effect = Effect::Created { id: id.to_string() };
    (conclusion, Next::Finish(effect))
}

fn next_page(
    start: u64,
    total: u64,
    received: u64,
    users: Vec<RemoteUser>,
    progress: &mut Progress,
) -> (String, Next) {
    progress.users.extend(users);
    progress.seen = progress.seen.saturating_add(received);
    progress.pages += 1;

    let last = start.saturating_add(received).saturating_sub(1);
    let next = start.saturating_add(PAGE_SIZE);
    let page = format!("Page {}: users {start}–{last} of {total}", progress.pages);
    let finish = |complete: bool, why: &str, progress: &mut Progress| {
        let users = std::mem::take(&mut progress.users);
        (
            format!("{page}; {why}"),
            Next::Finish(Effect::Imported { users, complete }),
        )
    };
    if received == 0 || next > total {
        let why = format!("the import is complete ({} users read).", progress.seen);
        finish(true, &why, progress)
    } else if progress.pages >= MAX_IMPORT_PAGES {
        let why = format!("Okta stops after {MAX_IMPORT_PAGES} pages.");
        finish(false, &why, progress)
    } else {
        (
            format!("{page}; Okta asks for the next page."),
            Next::Send(Stage::Page(next)),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::okta::answers::interpret;

    const BASE: &str = "https://acme.scim.leadiq.example/scim/v2";

    /// Answers with canned responses, in order.
    struct Script(Vec<HttpResponse>);

    impl Transport for Script {
        fn send(&mut self, stage: &Stage, _: &HttpRequest) -> (Option<HttpResponse>, Answer) {
            if self.0.is_empty() {
                return (None, Answer::Unreachable);
            }
            let response = self.0.remove(0);
            let answer = interpret(&response, stage.expect());
            (Some(response), answer)
        }
    }

    fn reply(status: u16, body: &str) -> HttpResponse {
        HttpResponse {
            status,
            headers: Vec::new(),
            body: body.to_string(),
        }
    }

    fn provision() -> Task {
        Task {
            kind: TaskKind::Provision,
            person: Some("00u1".into()),
            subject: "Ada Lovelace".into(),
            user_name: "ada@example.com".into(),
            leadiq_id: String::new(),
            body: "{}".into(),
            activate_matches: true,
        }
    }

    fn route() -> Route {
        Route::resolve(BASE, Some(BASE))
    }

    fn methods(run: &Run) -> Vec<&str> {
        run.steps
            .iter()
            .map(|s| s.request.method.as_str())
            .collect()
    }

    #[test]
    fn an_empty_lookup_leads_to_a_create() {
        let mut script = Script(vec![
            reply(200, r#"{"totalResults":0,"Resources":[]}"#),
            reply(201, r#"{"id":"L1","userName":"ada@example.com"}"#),
        ]);
        let run = run(&provision(), &route(), "Bearer t", &mut script);
        assert_eq!(methods(&run), ["GET", "POST"]);
        assert_eq!(run.effect, Effect::Created { id: "L1".into() });
    }

    #[test]
    fn one_active_match_is_linked_without_a_create() {
        let body = r#"{"totalResults":1,"Resources":[{"id":"L7","userName":"ADA@example.com"}]}"#;
        let run = run(
            &provision(),
            &route(),
            "Bearer t",
            &mut Script(vec![reply(200, body)]),
        );
        assert_eq!(methods(&run), ["GET"]);
        assert_eq!(
            run.effect,
            Effect::Linked {
                id: "L7".into(),
                active: true
            }
        );
    }

    #[test]
    fn a_deactivated_match_is_linked_and_reactivated() {
        let body = r#"{"totalResults":1,"Resources":[{"id":"L7","userName":"a","active":false}]}"#;
        let mut script = Script(vec![reply(200, body), reply(200, "{}")]);
        let run = run(&provision(), &route(), "Bearer t", &mut script);
        assert_eq!(methods(&run), ["GET", "PATCH"]);
        assert_eq!(run.steps[1].request.path, "/Users/L7");
        assert_eq!(
            run.effect,
            Effect::Linked {
                id: "L7".into(),
                active: true
            }
        );
    }

    #[test]
    fn a_refused_lookup_is_an_okta_task_error_with_a_hint() {
        let body = r#"{"status":"401","detail":"Invalid token"}"#;
        let run = run(
            &provision(),
            &route(),
            "tok",
            &mut Script(vec![reply(401, body)]),
        );
        let expected = "Automatic provisioning of user Ada Lovelace to app LeadIQ failed: \
                        Error while looking up user ada@example.com: 401 Unauthorized. \
                        Errors reported by remote server: Invalid token";
        assert_eq!(run.effect, Effect::Failed(expected.into()));
        assert!(run.steps[0]
            .conclusion
            .ends_with("Okta sends the field exactly as typed."));
    }

    #[test]
    fn a_malformed_base_sends_nothing() {
        let route = Route::resolve("acme.example", Some(BASE));
        let run = run(&provision(), &route, "Bearer t", &mut Script(Vec::new()));
        assert!(run.steps.is_empty());
        let Effect::Failed(message) = run.effect else {
            panic!("not failed");
        };
        assert!(message.ends_with("not valid: the URL must start with https://."));
    }

    #[test]
    fn an_unreachable_host_records_a_request_without_answer() {
        let route = Route::resolve("https://elsewhere.example/scim/v2", Some(BASE));
        let run = run(&provision(), &route, "Bearer t", &mut Script(Vec::new()));
        assert_eq!(run.steps.len(), 1);
        assert!(run.steps[0].response.is_none());
        assert!(run.steps[0]
            .url
            .starts_with("https://elsewhere.example/scim/v2/Users?filter="));
    }

    #[test]
    fn import_pages_until_the_total_is_read() {
        let page = |n: usize, total: usize| {
            let users: Vec<String> = (0..n)
                .map(|i| format!(r#"{{"id":"L{i}","userName":"u{i}@x.io"}}"#))
                .collect();
            reply(
                200,
                &format!(
                    r#"{{"totalResults":{total},"Resources":[{}]}}"#,
                    users.join(",")
                ),
            )
        };
        let mut script = Script(vec![page(100, 150), page(50, 150)]);
        let run = run(
            &Task::app(TaskKind::Import),
            &route(),
            "Bearer t",
            &mut script,
        );
        let paths: Vec<_> = run.steps.iter().map(|s| s.request.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "/Users?startIndex=1&count=100",
                "/Users?startIndex=101&count=100"
            ]
        );
        let Effect::Imported { users, complete } = run.effect else {
            panic!("not imported");
        };
        assert_eq!((users.len(), complete), (150, true));
    }

    #[test]
    fn hints_name_each_authorization_mistake() {
        assert!(authorization_hint("").contains("empty"));
        assert!(authorization_hint("Bearer Bearer abc").contains("twice"));
        assert!(authorization_hint("abc").contains("no \"Bearer \" prefix"));
        assert!(authorization_hint("Bearer").contains("no token"));
        assert!(authorization_hint("Bearer abc").contains("regenerated"));
    }
}
