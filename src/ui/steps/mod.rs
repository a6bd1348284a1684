//! The six documented setup steps: the navigation list with each step's state, and the
//! panel of the current step with its workspace.

mod admin;
mod assign;
mod credentials;
mod mapping;
mod okta_app;
mod plan;

use leptos::prelude::*;

use super::context::Sandbox;
use super::erase::{list, maybe};
use super::facts::Documented;
use super::step_href;
use crate::seed::{SetupStep, SETUP_STEPS};
use crate::state::StepStatus;

pub use admin::AdminStep;
pub use assign::AssignStep;
pub use credentials::{copy_to_clipboard, CredentialsStep};
pub use mapping::MappingStep;
pub use okta_app::OktaAppStep;
pub use plan::PlanStep;

/// The ordered list of setup steps with their state; choosing one makes it current.
#[component]
pub fn StepNav(
    /// The sandbox.
    sandbox: Sandbox,
    /// The step being shown.
    current: Memo<SetupStep>,
    /// Called with a step's slug when the trainee chooses it.
    on_select: impl Fn(&str) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let items = list(SETUP_STEPS.iter().map(|step| {
        let slug = step.slug;
        let is_current = move || current.get().slug == slug;
        let status = Memo::new(move |_| sandbox.state.with(|s| s.step_status(slug)));
        view! {
            <li>
                <a
                    href=step_href(step)
                    data-step=slug
                    class:current=move || current.get().slug == slug
                    aria-current=move || if is_current() { "step" } else { "false" }.to_string()
                    on:click=move |_| on_select(slug)
                >
                    <span class="step-number">{step.number.to_string()}</span>
                    <span class="step-title">{step.title}</span>
                    <span class=move || format!("step-status {}", status_class(&status.get()))
                        data-testid="step-status">
                        {move || status.get().label().to_string()}
                    </span>
                </a>
            </li>
        }
    }));
    view! {
        <nav class="step-nav" aria-label="Setup steps">
            <ol>{items}</ol>
        </nav>
    }
}

/// One option of a radio group named `group`: checked while `checked` holds, `choose`
/// called when the trainee picks it.
// A closure written out in `view!` is erased to the type all attribute closures share;
// passing `checked` itself would compile the attribute code again for each caller.
#[allow(clippy::redundant_closure)]
fn radio(
    group: &'static str,
    label: &'static str,
    checked: impl Fn() -> bool + Send + Sync + 'static,
    choose: impl Fn() + 'static,
) -> impl IntoView {
    view! {
        <label class="choice">
            <input
                type="radio"
                name=group
                value=label
                prop:checked=move || checked()
                on:change=move |_| choose()
            />
            " " {label}
        </label>
    }
}

fn status_class(status: &StepStatus) -> &'static str {
    match status {
        StepStatus::Locked(_) => "locked",
        StepStatus::Available => "available",
        StepStatus::Done => "done",
    }
}

/// The current step: its state, what LeadIQ documents for it, its workspace, and the way
/// to the neighbouring steps.
#[component]
pub fn StepPanel(
    /// The sandbox.
    sandbox: Sandbox,
    /// The step being shown.
    step: Memo<SetupStep>,
    /// Called with a step's slug when the trainee moves to another step.
    on_select: impl Fn(&str) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let status = Memo::new(move |_| sandbox.state.with(|s| s.step_status(step.get().slug)));
    let neighbour = move |offset: isize| {
        let index = usize::from(step.get().number) - 1;
        index
            .checked_add_signed(offset)
            .and_then(|i| SETUP_STEPS.get(i))
            .copied()
    };
    let link = move |offset: isize, label: &'static str| {
        maybe(neighbour(offset).map(|s| {
            view! {
                <a class="button secondary" href=step_href(&s) on:click=move |_| on_select(s.slug)>
                    {label} " " {s.title}
                </a>
            }
        }))
    };
    let lock_note = move || match status.get() {
        StepStatus::Locked(why) => view! {
            <p class="notice locked" role="status" data-testid="lock-reason">
                <strong>"Locked: "</strong> {why}
            </p>
        }
        .into_any(),
        _ => ().into_any(),
    };
    view! {
        <main class="step-panel" id="main" tabindex="-1">
            <div class="step-heading">
                <h2 data-testid="step-heading">
                    {move || {
                        let step = step.get();
                        format!("Step {}: {}", step.number, step.title)
                    }}
                </h2>
                <span class=move || format!("step-status {}", status_class(&status.get()))>
                    {move || status.get().label().to_string()}
                </span>
            </div>
            {move || view! { <Documented text=step.get().summary /> }.into_any()}
            {move || lock_note()}
            {move || workspace(sandbox, step.get().slug)}
            <div class="step-links">
                {move || link(-1, "Back to")}
                {move || link(1, "Next:")}
            </div>
        </main>
    }
}

fn workspace(sandbox: Sandbox, slug: &str) -> AnyView {
    match slug {
        "admin-settings" => view! { <AdminStep sandbox=sandbox /> }.into_any(),
        "credentials" => view! { <CredentialsStep sandbox=sandbox /> }.into_any(),
        "okta-app" => view! { <OktaAppStep sandbox=sandbox /> }.into_any(),
        "mapping" => view! { <MappingStep sandbox=sandbox /> }.into_any(),
        "assign" => view! { <AssignStep sandbox=sandbox /> }.into_any(),
        _ => view! { <PlanStep sandbox=sandbox /> }.into_any(),
    }
}
