//! The Leptos user interface: the app shell and its components, on top of the engine,
//! the Okta model and the storage module. Browser-only.

mod shell;
mod steps;

use leptos::prelude::*;

use crate::seed::{SetupStep, SETUP_STEPS};
use crate::storage::{self, StorageProblem};

pub use shell::{Footer, Header, StorageNotice};
pub use steps::{StepNav, StepPanel};

/// The whole sandbox page.
#[component]
pub fn App() -> impl IntoView {
    let loaded = storage::load();
    let mut initial = loaded.snapshot;
    if let Some(slug) = step_from_hash() {
        initial.current_step = slug.to_string();
    }
    let sandbox = RwSignal::new(initial);
    let (problem, set_problem) = signal(loaded.problem);
    let current = Memo::new(move |_| sandbox.with(|s| s.current_step.clone()));
    let set_current = move |slug: String| sandbox.update(|s| s.current_step = slug);

    // The address is the source of truth for the step, so links, back and forward work.
    let _listener = window_event_listener(leptos::ev::hashchange, move |_| {
        if let Some(slug) = step_from_hash() {
            set_current(slug.to_string());
        }
    });

    // The one place state goes to storage; a failure is shown, never fatal.
    Effect::new(move |_| {
        if let Err(why) = sandbox.with(storage::save) {
            set_problem.update(|p| {
                // An unreadable-state notice matters more than a later write failure.
                if !matches!(p, Some(StorageProblem::Unreadable { .. })) {
                    *p = Some(why);
                }
            });
        }
    });

    let step = Memo::new(move |_| step_by_slug(&current.get()));
    view! {
        <Header />
        <StorageNotice problem=problem />
        <div class="layout">
            <StepNav current=step on_select=move |slug: &str| set_current(slug.into()) />
            <StepPanel step=step on_select=move |slug: &str| set_current(slug.into()) />
        </div>
        <Footer />
    }
}

/// The step a slug names, or the first step for an unknown slug.
fn step_by_slug(slug: &str) -> SetupStep {
    SETUP_STEPS
        .iter()
        .find(|s| s.slug == slug)
        .copied()
        .unwrap_or(SETUP_STEPS[0])
}

/// The step named by the address's fragment (`#/credentials`), if it names one.
fn step_from_hash() -> Option<&'static str> {
    let hash = window().location().hash().ok()?;
    let slug = hash.trim_start_matches('#').trim_start_matches('/');
    SETUP_STEPS.iter().find(|s| s.slug == slug).map(|s| s.slug)
}

/// The fragment that addresses a step; it works on any static host, no rewrites needed.
pub fn step_href(step: &SetupStep) -> String {
    format!("#/{}", step.slug)
}
