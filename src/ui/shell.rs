//! The frame around every step: header, storage notice and footer.

use leptos::prelude::*;

use crate::storage::StorageProblem;

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

/// A notice about where the trainee's work is (or is not) being kept.
#[component]
pub fn StorageNotice(
    /// The current storage problem, if any.
    problem: ReadSignal<Option<StorageProblem>>,
) -> impl IntoView {
    move || {
        problem.get().map(|p| {
            view! {
                <p class="notice warning" role="alert" data-testid="storage-notice">
                    {p.to_string()}
                </p>
            }
        })
    }
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
