//! Step 1: the tenant's plan and the SSO add-on, with its price, and why SCIM is out of
//! reach without both.

use leptos::prelude::*;

use super::radio;
use crate::engine::{addon_price, Plan};
use crate::ui::context::Sandbox;
use crate::ui::erase::{list, maybe};
use crate::ui::facts::{Assumed, Documented, WatchOut};
use crate::ui::preview::PreviewPanel;

/// The plan and add-on workspace.
#[component]
pub fn PlanStep(
    /// The sandbox.
    sandbox: Sandbox,
) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let plan = move || sandbox.state.with(|s| s.tenant.plan());

    let choose_plan = move |p: Plan| {
        sandbox.state.update(|s| s.set_plan(p));
        error.set(None);
    };
    let set_addon = move |bought: bool| error.set(sandbox.gated(|s| s.set_sso_addon(bought)));
    let plans = list(Plan::ALL.iter().map(|&p| {
        radio(
            "plan",
            p.label(),
            move || plan() == p,
            move || choose_plan(p),
        )
    }));
    view! {
        <div class="step-body">
            <div class="workspace">
                <fieldset>
                    <legend>"LeadIQ plan"</legend>
                    {plans}
                </fieldset>
                <fieldset>
                    <legend>"SSO add-on"</legend>
                    <label class="choice">
                        <input
                            type="checkbox"
                            data-testid="sso-addon"
                            prop:checked=move || sandbox.state.with(|s| s.tenant.sso_addon())
                            on:change=move |ev| {
                                set_addon(event_target_checked(&ev));
                                // A refused purchase leaves the state unchanged, so put the
                                // box back to what the tenant has by hand.
                                let bought = sandbox.state.with_untracked(|s| s.tenant.sso_addon());
                                event_target::<web_sys::HtmlInputElement>(&ev).set_checked(bought);
                            }
                        />
                        " SSO add-on (" {addon_price()} ")"
                    </label>
                </fieldset>
                {move || maybe(error.get().map(|e| view! {
                    <p class="notice error" role="alert" data-testid="gate-error">{e}</p>
                }))}
                <Documented text="SCIM requires the Enterprise plan, and SSO is a separate \
                                  $4,800/year add-on on top of it." />
                <WatchOut index=2 />
                <Assumed ids=&["plan-names", "addon-needs-enterprise", "scim-suspended"] />
            </div>
            <PreviewPanel
                sandbox=sandbox
                plan=Box::new(|| Err(
                    "Nothing is sent in this step: plans and add-ons are bought in LeadIQ's \
                     admin UI and billing, not over SCIM."
                        .to_string(),
                ))
            />
        </div>
    }
}
