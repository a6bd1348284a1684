//! Step 3: generating the SCIM token (shown once) and copying the base URL; regenerating,
//! and what that breaks.

use leptos::prelude::*;

use crate::engine::ScimStatus;
use crate::okta::Action;
use crate::ui::context::{BrowserEnv, Sandbox};
use crate::ui::erase::maybe;
use crate::ui::facts::{Assumed, Documented, WatchOut};
use crate::ui::preview::{PlanSource, PreviewPanel};

/// The SCIM credentials workspace.
#[component]
pub fn CredentialsStep(
    /// The sandbox.
    sandbox: Sandbox,
) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let scim = move || sandbox.state.with(|s| s.tenant.scim_status());
    let base_url = move || {
        sandbox
            .state
            .with(|s| s.tenant.base_url().map(str::to_string))
    };

    let generate = move |_| {
        let result = sandbox
            .state
            .try_update(|s| s.generate_credentials(&mut BrowserEnv));
        match result {
            Some(Ok(credentials)) => {
                sandbox.fresh_token.set(Some(credentials.token));
                error.set(None);
            }
            Some(Err(why)) => error.set(Some(why.to_string())),
            None => {}
        }
    };
    let had_token = move || base_url().is_some();
    // What Okta would get with the connection as it is now: after a regeneration this
    // turns into a 401, which is the lesson of this step.
    let preview: PlanSource = Box::new(move || {
        if base_url().is_none() {
            return Err("No SCIM endpoint exists until credentials are generated.".into());
        }
        sandbox.preview(&Action::TestCredentials)
    });
    view! {
        <div class="step-body">
            <div class="workspace">
                <p data-testid="scim-state">{move || scim_text(scim())}</p>
                <button type="button" data-testid="generate-token" on:click=generate>
                    {move || {
                        let label = if had_token() { "Regenerate" } else { "Generate" };
                        format!("{label} SCIM token")
                    }}
                </button>
                {move || maybe(had_token().then(|| view! {
                    <p class="notice warning">
                        "Regenerating issues a new token and the old one stops working at once: \
                         Okta keeps sending the old one until its connection is updated (step 4)."
                    </p>
                }))}
                {move || maybe(error.get().map(|e| view! {
                    <p class="notice error" role="alert" data-testid="gate-error">{e}</p>
                }))}
                {move || maybe(sandbox.fresh_token.get().map(|token| view! {
                    <Secret label="SCIM bearer token" value=token testid="token" />
                    <p class="notice warning" role="alert">
                        "Copy the token now: LeadIQ keeps only a hash of it, so it cannot be \
                         shown again. Lost it? Generate a new one."
                    </p>
                }))}
                {move || maybe(base_url().map(|url| view! {
                    <Secret label="SCIM base URL" value=url testid="base-url" />
                }))}
                <Documented text="The SCIM bearer token and tenant endpoint URL are generated \
                                  inside the LeadIQ admin UI and are not retrievable \
                                  programmatically." />
                <WatchOut index=0 />
                <Assumed ids=&["base-url", "token-storage", "regenerate-needs-sso"] />
            </div>
            <PreviewPanel sandbox=sandbox plan=preview />
        </div>
    }
}

fn scim_text(status: ScimStatus) -> String {
    match status {
        ScimStatus::NotSetUp => "No SCIM credentials yet.".to_string(),
        ScimStatus::Active => "SCIM is set up and answering.".to_string(),
        ScimStatus::Suspended(_) => {
            "SCIM credentials exist, but a gate closed: every SCIM request is refused until \
             it opens again."
                .to_string()
        }
    }
}

/// A read-only value with a copy button.
#[component]
pub fn Secret(
    /// What the value is.
    label: &'static str,
    /// The value.
    value: String,
    /// Hook for tests.
    testid: &'static str,
) -> impl IntoView {
    let copied = RwSignal::new(false);
    let to_copy = value.clone();
    view! {
        <div class="secret">
            <label>
                {label}
                <input type="text" readonly prop:value=value data-testid=testid />
            </label>
            <button type="button" on:click=move |_| {
                copy_to_clipboard(&to_copy);
                copied.set(true);
            }>
                {move || if copied.get() { "Copied".to_string() } else { "Copy".to_string() }}
            </button>
        </div>
    }
}

/// Puts text on the clipboard; where the browser refuses, the value stays selectable.
pub fn copy_to_clipboard(text: &str) {
    let clipboard = window().navigator().clipboard();
    // The promise's outcome is not awaited: a refusal leaves the visible text to copy.
    let _ = clipboard.write_text(text);
}
