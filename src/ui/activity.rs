//! The activity log: every exchange of the session, newest first, filterable by step,
//! method and status, each one expandable to the full request and answer.

use leptos::prelude::*;

use super::context::Sandbox;
use super::erase::{list, maybe};
use super::preview::ExchangeView;
use super::steps::copy_to_clipboard;
use crate::seed::SETUP_STEPS;
use crate::state::ActivityEntry;

/// How many entries are drawn before "Show more".
const PAGE: usize = 50;

/// The filterable log of exchanges.
#[component]
pub fn ActivityLog(
    /// The sandbox.
    sandbox: Sandbox,
) -> impl IntoView {
    let step = RwSignal::new(String::new());
    let method = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    let shown = RwSignal::new(PAGE);

    let matching = Memo::new(move |_| {
        let (step, method, status) = (step.get(), method.get(), status.get());
        sandbox.state.with(|s| {
            s.activity
                .iter()
                .rev()
                .filter(|e| step.is_empty() || e.step == step)
                .filter(|e| method.is_empty() || e.exchange.request.method == method)
                .filter(|e| status.is_empty() || status_class(e) == status)
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let step_options = list(SETUP_STEPS.iter().map(|s| {
        view! { <option value=s.slug>{s.number.to_string()} ". " {s.title}</option> }
    }));
    view! {
        <section class="activity" aria-label="Activity log" data-testid="activity">
            <h2>"Activity log"</h2>
            <div class="filters">
                <label>"Step "
                    <select on:change=move |ev| step.set(event_target_value(&ev))>
                        <option value="">"All"</option>
                        {step_options}
                    </select>
                </label>
                <label>"Method "
                    <select on:change=move |ev| method.set(event_target_value(&ev))>
                        <option value="">"All"</option>
                        {list(["GET", "POST", "PATCH", "PUT"].map(|m| view! {
                            <option value=m>{m}</option>
                        }))}
                    </select>
                </label>
                <label>"Status "
                    <select
                        data-testid="status-filter"
                        on:change=move |ev| status.set(event_target_value(&ev))
                    >
                        <option value="">"All"</option>
                        <option value="2xx">"2xx success"</option>
                        <option value="4xx">"4xx refused"</option>
                        <option value="5xx">"5xx not supported"</option>
                        <option value="none">"No answer"</option>
                    </select>
                </label>
            </div>
            {move || maybe(matching.with(|m| m.is_empty()).then(|| view! {
                <p class="muted">"No exchanges yet."</p>
            }))}
            <ol class="entries">
                {move || {
                    list(
                        matching
                            .get()
                            .into_iter()
                            .take(shown.get())
                            .map(|e| view! { <Entry entry=e sandbox=sandbox /> }),
                    )
                }}
            </ol>
            {move || maybe((matching.with(Vec::len) > shown.get()).then(|| view! {
                <button type="button" on:click=move |_| shown.update(|n| *n += PAGE)>
                    "Show more"
                </button>
            }))}
        </section>
    }
}

/// The status class a filter matches: `2xx`, `4xx`, `5xx`, or `none` for no answer.
fn status_class(entry: &ActivityEntry) -> String {
    entry
        .status()
        .map_or_else(|| "none".to_string(), |s| format!("{}xx", s / 100))
}

#[component]
fn Entry(entry: ActivityEntry, sandbox: Sandbox) -> impl IntoView {
    let status = entry
        .status()
        .map_or_else(|| "—".to_string(), |s| s.to_string());
    let path = entry.exchange.request.path.clone();
    let summary_class = format!("status status-{}", status_class(&entry));
    // The request path is relative to the base URL Okta used, so the URL ends with it.
    let base = entry
        .exchange
        .url
        .strip_suffix(&path)
        .unwrap_or(&entry.exchange.url)
        .to_string();
    let curl = entry.exchange.request.to_curl(&base);
    let copied = RwSignal::new(false);
    view! {
        <li class="entry" data-testid="activity-entry">
            <details>
                <summary>
                    <span class="seq">"#" {entry.seq.to_string()}</span>
                    <span class="method">{entry.exchange.request.method.clone()}</span>
                    <span class="path">{path}</span>
                    <span class=summary_class>{status}</span>
                </summary>
                <ExchangeView exchange=entry.exchange reveal=sandbox.reveal />
                <button
                    type="button"
                    class="secondary"
                    data-testid="copy-curl"
                    title="Runs unchanged against the native server when LEADIQ_SCIM_BASE is set"
                    on:click=move |_| {
                        copy_to_clipboard(&curl);
                        copied.set(true);
                    }
                >
                    {move || {
                        let label = if copied.get() { "Copied" } else { "Copy as curl" };
                        label.to_string()
                    }}
                </button>
            </details>
        </li>
    }
}
