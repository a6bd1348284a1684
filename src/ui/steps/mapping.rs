//! Step 5: the attribute mapping editor and the POST body it yields for a chosen person.

use leptos::prelude::*;

use crate::ui::context::Sandbox;
use crate::ui::facts::Documented;
use crate::ui::preview::PreviewPanel;

/// The attribute mapping workspace.
#[component]
pub fn MappingStep(
    /// The sandbox.
    sandbox: Sandbox,
) -> impl IntoView {
    let rules = Memo::new(move |_| {
        sandbox.state.with(|s| {
            s.okta
                .app()
                .mappings
                .rules()
                .iter()
                .map(|m| (m.target.scim_path(), m.expression()))
                .collect::<Vec<_>>()
        })
    });
    view! {
        <div class="step-body">
            <div class="workspace">
                <table class="mappings">
                    <thead><tr><th>"LeadIQ (SCIM) attribute"</th><th>"Okta source"</th></tr></thead>
                    <tbody>
                        {move || rules.get().into_iter().map(|(target, source)| view! {
                            <tr><td><code>{target}</code></td><td><code>{source}</code></td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
                <Documented text="Specific SCIM attribute mappings and supported schemas are \
                                  not publicly published." />
            </div>
            <PreviewPanel
                sandbox=sandbox
                plan=Signal::derive(|| Err("Mapping changes send nothing by themselves.".into()))
            />
        </div>
    }
}
