//! Whole-sandbox actions: reset (with confirmation), export to a JSON file, and import of
//! a prepared scenario, validated before it replaces anything.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::context::{BrowserEnv, Sandbox};
use super::erase::maybe;
use super::save_now;
use super::shell::download_text;
use crate::state::{self, Snapshot};

/// The toolbar above the steps.
#[component]
pub fn Toolbar(
    /// The sandbox.
    sandbox: Sandbox,
) -> impl IntoView {
    let message = RwSignal::new(None::<(bool, String)>);
    let reset = move |_| {
        let sure = window()
            .confirm_with_message(
                "Reset the sandbox? The tenant, the Okta org and the activity log start \
                 over. Export first to keep a copy.",
            )
            .unwrap_or(false);
        if sure {
            sandbox.state.set(Snapshot::fresh(&mut BrowserEnv));
            sandbox.fresh_token.set(None);
            sandbox.last_outcome.set(None);
            save_now(sandbox);
            message.set(Some((true, "The sandbox was reset.".into())));
        }
    };
    let export = move |_| {
        let text = sandbox.state.with_untracked(state::encode);
        download_text("leadiq-scim-sandbox.json", &text);
    };
    let import = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        input.set_value("");
        leptos::task::spawn_local(async move {
            let text = wasm_bindgen_futures::JsFuture::from(file.text()).await;
            let Some(text) = text.ok().and_then(|t| t.as_string()) else {
                message.set(Some((false, "The file could not be read.".into())));
                return;
            };
            message.set(Some(import_text(sandbox, &text)));
        });
    };
    view! {
        <div class="toolbar" role="toolbar" aria-label="Sandbox">
            <button type="button" on:click=export data-testid="export">"Export"</button>
            <label class="button-like">
                "Import"
                <input
                    type="file"
                    accept="application/json,.json"
                    class="visually-hidden"
                    data-testid="import"
                    on:change=import
                />
            </label>
            <button type="button" class="danger" on:click=reset data-testid="reset">
                "Reset"
            </button>
            {move || maybe(message.get().map(|(ok, text)| {
                let class = if ok { "notice ok" } else { "notice error" };
                view! { <p class=class role="status" data-testid="toolbar-message">{text}</p> }
            }))}
        </div>
    }
}

/// Replaces the sandbox with an imported snapshot when the text is one; otherwise leaves
/// everything as it was. Returns whether it worked and what to tell the trainee.
fn import_text(sandbox: Sandbox, text: &str) -> (bool, String) {
    match state::decode(text) {
        Ok(snapshot) => {
            sandbox.state.set(snapshot);
            sandbox.fresh_token.set(None);
            sandbox.last_outcome.set(None);
            save_now(sandbox);
            (true, "Scenario imported.".to_string())
        }
        Err(why) => (
            false,
            format!("Import refused: {why}. Your sandbox is unchanged."),
        ),
    }
}
