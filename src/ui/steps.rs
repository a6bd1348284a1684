//! The six documented setup steps: the navigation list and the panel of the current step.

use leptos::prelude::*;

use super::step_href;
use crate::seed::{SetupStep, SETUP_STEPS};

/// The ordered list of setup steps; choosing one makes it current.
#[component]
pub fn StepNav(
    /// The step being shown.
    current: Memo<SetupStep>,
    /// Called with a step's slug when the trainee chooses it.
    on_select: impl Fn(&str) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let items = SETUP_STEPS
        .iter()
        .map(|step| {
            let slug = step.slug;
            let is_current = move || current.get().slug == slug;
            view! {
                <li>
                    <a
                        href=step_href(step)
                        data-step=slug
                        class:current=is_current
                        aria-current=move || is_current().then_some("step")
                        on:click=move |_| on_select(slug)
                    >
                        <span class="step-number">{step.number}</span>
                        <span class="step-title">{step.title}</span>
                    </a>
                </li>
            }
        })
        .collect_view();
    view! {
        <nav class="step-nav" aria-label="Setup steps">
            <ol>{items}</ol>
        </nav>
    }
}

/// The current step: what LeadIQ documents for it, and the way to the neighbouring steps.
#[component]
pub fn StepPanel(
    /// The step being shown.
    step: Memo<SetupStep>,
    /// Called with a step's slug when the trainee moves to another step.
    on_select: impl Fn(&str) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let neighbour = move |offset: isize| {
        let index = usize::from(step.get().number) - 1;
        index
            .checked_add_signed(offset)
            .and_then(|i| SETUP_STEPS.get(i))
            .copied()
    };
    let link = move |offset: isize, label: &'static str| {
        neighbour(offset).map(|s| {
            view! {
                <a class="button" href=step_href(&s) on:click=move |_| on_select(s.slug)>
                    {label} " " {s.title}
                </a>
            }
        })
    };
    view! {
        <main class="step-panel" id="main" tabindex="-1">
            <h2 data-testid="step-heading">
                "Step " {move || step.get().number} ": " {move || step.get().title}
            </h2>
            <section class="fact" aria-label="Documented by LeadIQ">
                <span class="badge documented">"Documented"</span>
                <p data-testid="step-summary">{move || step.get().summary}</p>
            </section>
            <div class="step-links">
                {move || link(-1, "Back to")}
                {move || link(1, "Next:")}
            </div>
        </main>
    }
}
