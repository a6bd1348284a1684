//! The frame around every step: header, storage notice and footer.

use leptos::prelude::*;

use super::erase::{live, maybe};
use crate::storage::{self, StorageProblem};

/// The page header naming the sandbox.
#[component]
pub fn Header() -> impl IntoView {
    view! {
        <header class="site-header">
            <h1>"LeadIQ SCIM sandbox"</h1>
            <p class="tagline">
                "Practise provisioning users from Okta into LeadIQ with SCIM 2.0, and see \
                 every HTTP exchange, without touching a real tenant."
            </p>
        </header>
    }
}

/// A notice about where the trainee's work is (or is not) being kept, with the unreadable
/// copy to download when one was kept aside.
#[component]
pub fn StorageNotice(
    /// The current storage problem, if any.
    problem: RwSignal<Option<StorageProblem>>,
) -> impl IntoView {
    let download = move |_| {
        if let Some(text) = storage::unreadable_text() {
            download_text("leadiq-sandbox-unreadable.json", &text);
        }
    };
    live(move || {
        maybe(problem.get().map(|p| {
            let kept = matches!(
                p,
                StorageProblem::Unreadable {
                    kept_aside: true,
                    ..
                }
            );
            view! {
                <div class="notice warning" role="alert" data-testid="storage-notice">
                    <p>{p.to_string()}</p>
                    {maybe(kept.then(|| view! {
                        <button type="button" on:click=download data-testid="download-unreadable">
                            "Download the unreadable copy"
                        </button>
                    }))}
                    <button type="button" on:click=move |_| problem.set(None)>"Dismiss"</button>
                </div>
            }
        }))
    })
}

/// Offers text as a file download, without any network request.
pub fn download_text(file_name: &str, text: &str) {
    let parts = js_sys::Array::of1(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Ok(anchor) = document().create_element("a") {
        let _ = anchor.set_attribute("href", &url);
        let _ = anchor.set_attribute("download", file_name);
        if let Some(a) = wasm_bindgen::JsCast::dyn_ref::<web_sys::HtmlElement>(&anchor) {
            a.click();
        }
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// The page footer: what the sandbox is not, and that it sends nothing anywhere.
#[component]
pub fn Footer() -> impl IntoView {
    view! {
        <footer class="site-footer">
            <p>
                "This sandbox is not affiliated with LeadIQ or Okta. It runs entirely in your \
                 browser and sends nothing to LeadIQ, Okta or anyone else."
            </p>
            <p>"Facts about LeadIQ come from: " {crate::seed::SOURCE} "."</p>
        </footer>
    }
}
