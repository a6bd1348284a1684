//! The preview panel: the requests the next action will send, as the trainee edits, and
//! the answers the last action got. Exchanges are drawn here for the activity log too.

use leptos::prelude::*;

use super::context::Sandbox;
use super::erase::{list, live, maybe};
use crate::engine::http::reason_phrase;
use crate::engine::{HttpRequest, HttpResponse};
use crate::okta::{Exchange, Plan};
use crate::present::{display_header, pretty_json};

/// A request as on the wire: method and full URL, headers (the token masked unless
/// revealed), and the body re-indented.
#[component]
pub fn RequestView(
    /// The request.
    request: HttpRequest,
    /// The full URL it goes to.
    url: String,
    /// Whether to show the bearer token in clear.
    reveal: RwSignal<bool>,
) -> impl IntoView {
    let headers = request.headers.clone();
    let body = (!request.body.is_empty()).then(|| pretty_json(&request.body));
    view! {
        <div class="http request">
            <p class="request-line">
                <span class="method">{request.method.clone()}</span>
                " "
                <span class="url">{url}</span>
            </p>
            <pre class="headers">
                {move || {
                    headers
                        .iter()
                        .map(|(n, v)| format!("{n}: {}\n", display_header(n, v, reveal.get())))
                        .collect::<String>()
                }}
            </pre>
            {maybe(body.map(|b| view! { <pre class="body">{b}</pre> }))}
        </div>
    }
}

/// A response: status line, headers and body; or a note that nothing answered.
#[component]
pub fn ResponseView(
    /// The response, `None` when the request never reached LeadIQ.
    response: Option<HttpResponse>,
) -> impl IntoView {
    let Some(response) = response else {
        return view! {
            <div class="http response unreachable">
                <p>"No answer: Okta could not reach this URL."</p>
            </div>
        }
        .into_any();
    };
    let class = format!("http response status-{}xx", response.status / 100);
    let status_line = format!(
        "HTTP/1.1 {} {}",
        response.status,
        reason_phrase(response.status).unwrap_or("")
    );
    let headers: String = response
        .headers
        .iter()
        .map(|(n, v)| format!("{n}: {v}\n"))
        .collect();
    let body = (!response.body.is_empty()).then(|| pretty_json(&response.body));
    view! {
        <div class=class>
            <p class="status-line" data-testid="status-line">{status_line}</p>
            <pre class="headers">{headers}</pre>
            {maybe(body.map(|b| view! { <pre class="body">{b}</pre> }))}
        </div>
    }
    .into_any()
}

/// One exchange: request, answer and what Okta concluded.
#[component]
pub fn ExchangeView(
    /// The exchange.
    exchange: Exchange,
    /// Whether to show the bearer token in clear.
    reveal: RwSignal<bool>,
) -> impl IntoView {
    view! {
        <div class="exchange">
            <RequestView request=exchange.request url=exchange.url reveal=reveal />
            <ResponseView response=exchange.response />
            <p class="conclusion"><strong>"Okta: "</strong> {exchange.conclusion}</p>
        </div>
    }
}

/// The checkbox that shows bearer tokens in clear in every preview and the log.
#[component]
pub fn RevealToggle(
    /// Whether tokens are shown.
    reveal: RwSignal<bool>,
) -> impl IntoView {
    view! {
        <label class="reveal">
            <input
                type="checkbox"
                prop:checked=move || reveal.get()
                on:change=move |ev| reveal.set(event_target_checked(&ev))
            />
            " Show token"
        </label>
    }
}

/// Where the preview panel reads its plan: a boxed function rather than a `Signal`, whose
/// conversions cost the bundle more than this one indirection.
pub type PlanSource = Box<dyn Fn() -> Result<Plan, String> + Send + Sync>;

/// The panel beside a step: what the next action will send, then what the last one got.
#[component]
pub fn PreviewPanel(
    /// The sandbox.
    sandbox: Sandbox,
    /// The plan of the step's next action, or why there is none.
    plan: PlanSource,
) -> impl IntoView {
    let reveal = sandbox.reveal;
    view! {
        <aside class="preview" aria-label="Request preview" data-testid="preview">
            <div class="preview-head">
                <h3>"Next requests"</h3>
                <RevealToggle reveal=reveal />
            </div>
            {move || match plan() {
                Err(why) => view! { <p class="muted">{why}</p> }.into_any(),
                Ok(plan) => view! { <PlanView plan=plan reveal=reveal /> }.into_any(),
            }}
            <LastOutcome sandbox=sandbox />
        </aside>
    }
}

/// The test hook of a planned request: a lookup, a create, or another request.
fn step_hook(request: &HttpRequest) -> &'static str {
    match request.method.as_str() {
        "GET" => "preview-lookup",
        "POST" => "preview-post",
        _ => "preview-request",
    }
}

/// A plan: each task's requests with what Okta will conclude from LeadIQ's answer, how the
/// task ends, and what Okta does without a request.
#[component]
pub fn PlanView(
    /// The plan.
    plan: Plan,
    /// Whether to show the bearer token in clear.
    reveal: RwSignal<bool>,
) -> impl IntoView {
    let empty = plan.tasks.iter().all(|t| t.steps.is_empty());
    let tasks = list(plan.tasks.into_iter().map(|task| {
        let steps = list(task.steps.into_iter().map(|step| {
            let hook = step_hook(&step.request);
            view! {
                <li data-testid=hook>
                    <RequestView request=step.request url=step.url reveal=reveal />
                    <p class="expectation">{step.expectation}</p>
                </li>
            }
        }));
        view! {
            <section class="task">
                <h4>{task.title}</h4>
                <ol class="steps">{steps}</ol>
                <p class="outcome" data-testid="preview-outcome">{task.outcome}</p>
            </section>
        }
    }));
    let notes = list(plan.notes.into_iter().map(|n| view! { <li>{n}</li> }));
    view! {
        {maybe(empty.then(|| view! {
            <p class="muted">"This action sends no request to LeadIQ."</p>
        }))}
        {tasks}
        <ul class="notes">{notes}</ul>
    }
}

#[component]
fn LastOutcome(sandbox: Sandbox) -> impl IntoView {
    let reveal = sandbox.reveal;
    live(move || {
        maybe(sandbox.last_outcome.get().map(|outcome| {
            let exchanges = list(
                outcome
                    .exchanges
                    .into_iter()
                    .map(|e| view! { <ExchangeView exchange=e reveal=reveal /> }),
            );
            let notes = list(outcome.notes.into_iter().map(|n| view! { <li>{n}</li> }));
            view! {
                <section class="last-outcome" data-testid="last-outcome">
                    <h3>"Last answers"</h3>
                    {exchanges}
                    <ul class="notes">{notes}</ul>
                </section>
            }
        }))
    })
}
