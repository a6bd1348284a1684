//! Step 6: assigning people and groups in Okta, and the LeadIQ user list beside Okta's
//! provisioning status.

use leptos::prelude::*;

use crate::okta::Action;
use crate::ui::context::Sandbox;
use crate::ui::facts::Documented;
use crate::ui::preview::PreviewPanel;

/// The assignment workspace.
#[component]
pub fn AssignStep(
    /// The sandbox.
    sandbox: Sandbox,
) -> impl IntoView {
    let people = Memo::new(move |_| {
        sandbox.state.with(|s| {
            s.okta
                .people()
                .iter()
                .map(|p| (p.id.clone(), p.profile.login.clone()))
                .collect::<Vec<_>>()
        })
    });
    let chosen = RwSignal::new(None::<String>);
    let plan = Signal::derive(move || match chosen.get() {
        Some(id) => sandbox
            .state
            .with(|s| s.plan(&Action::AssignPerson(id)))
            .map_err(|e| e.message()),
        None => Err("Choose a person to see what assigning them sends.".into()),
    });
    view! {
        <div class="step-body">
            <div class="workspace">
                <ul class="people">
                    {move || people.get().into_iter().map(|(id, login)| {
                        let pick = id.clone();
                        let assign = id.clone();
                        view! {
                            <li>
                                <button type="button" on:click=move |_| chosen.set(Some(pick.clone()))>
                                    {login}
                                </button>
                                <button type="button" data-testid="assign" on:click=move |_| {
                                    let _ = sandbox.perform(&Action::AssignPerson(assign.clone()));
                                }>"Assign"</button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
                <Documented text="Assign users or groups in Okta to trigger provisioning to LeadIQ." />
            </div>
            <PreviewPanel sandbox=sandbox plan=plan />
        </div>
    }
}
