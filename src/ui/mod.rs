//! The Leptos user interface: the app shell, the six steps, the preview panel and the
//! activity log, on top of the sandbox state. Browser-only; storage goes through
//! `crate::storage` and nothing else.

mod activity;
pub mod context;
mod erase;
mod facts;
mod preview;
mod shell;
mod steps;
mod toolbar;

use std::time::Duration;

use leptos::prelude::*;

use crate::seed::{SetupStep, SETUP_STEPS};
use crate::state::Snapshot;
use crate::storage::{self, StorageProblem};
use context::{BrowserEnv, Sandbox};

pub use activity::ActivityLog;
pub use shell::{Footer, Header, StorageNotice};
pub use steps::{StepNav, StepPanel};
pub use toolbar::Toolbar;

/// How long the state must stay unchanged before it is written, so typing does not
/// rewrite the whole snapshot on every key.
pub const SAVE_DELAY: Duration = Duration::from_millis(300);

/// The whole sandbox page.
#[component]
pub fn App() -> impl IntoView {
    let loaded = storage::load();
    let mut initial = loaded
        .snapshot
        .unwrap_or_else(|| Snapshot::fresh(&mut BrowserEnv));
    if let Some(slug) = step_from_hash() {
        initial.current_step = slug.to_string();
    }
    let sandbox = Sandbox::new(initial, loaded.problem);
    let set_current = move |slug: &str| {
        if sandbox.state.with_untracked(|s| s.current_step != slug) {
            sandbox.state.update(|s| s.current_step = slug.to_string());
        }
    };

    // The address names the step, so links, back and forward work. Listeners on the
    // window outlive the app unless removed with it.
    let listener = window_event_listener(leptos::ev::hashchange, move |_| {
        if let Some(slug) = step_from_hash() {
            set_current(slug);
        }
    });
    on_cleanup(move || listener.remove());
    persist(sandbox);

    // The one memo of the page frame: the workspace below is rebuilt only when the step
    // changes, not on every change of the sandbox.
    let step = Memo::new(move |_| sandbox.state.with(|s| step_by_slug(&s.current_step)));
    view! {
        <Header />
        <StorageNotice problem=sandbox.problem />
        <Toolbar sandbox=sandbox />
        <div class="layout">
            <StepNav sandbox=sandbox current=step on_select=set_current />
            <StepPanel sandbox=sandbox step=step on_select=set_current />
        </div>
        <ActivityLog sandbox=sandbox />
        <facts::AllAssumptions />
        <Footer />
    }
}

/// The one place state goes to storage: debounced while the trainee types, flushed when
/// the page is hidden. A failure is shown, never fatal.
fn persist(sandbox: Sandbox) {
    let pending = StoredValue::new(None::<TimeoutHandle>);
    Effect::new(move |_| {
        sandbox.state.track();
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        let handle = set_timeout_with_handle(move || save_now(sandbox), SAVE_DELAY);
        pending.set_value(handle.ok());
    });
    let listener = window_event_listener(leptos::ev::pagehide, move |_| save_now(sandbox));
    on_cleanup(move || listener.remove());
}

/// Writes the snapshot now, reporting a refusal on the page.
pub fn save_now(sandbox: Sandbox) {
    let Some(Err(why)) = sandbox.state.try_with_untracked(storage::save) else {
        return;
    };
    sandbox.problem.update(|p| {
        // An unreadable-state notice matters more than a later write failure.
        if !matches!(p, Some(StorageProblem::Unreadable { .. })) {
            *p = Some(why);
        }
    });
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
