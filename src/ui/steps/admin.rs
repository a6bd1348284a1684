//! Step 2: the admin settings, where the IdP is chosen, SSO is switched on, and the SCIM
//! section stays locked until SSO is active.

use leptos::prelude::*;

use super::radio;
use crate::engine::{missing_reason, Plan, SsoStatus};
use crate::okta::IdentityProvider;
use crate::ui::context::Sandbox;
use crate::ui::erase::{list, maybe};
use crate::ui::facts::{Documented, WatchOut};
use crate::ui::preview::PreviewPanel;

/// The SSO/SCIM admin settings workspace.
#[component]
pub fn AdminStep(
    /// The sandbox.
    sandbox: Sandbox,
) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let idp = move || sandbox.state.with(|s| s.idp);
    let sso = move || sandbox.state.with(|s| s.tenant.sso_status());
    let plan = move || sandbox.state.with(|s| s.tenant.plan());

    let switch_sso = move |on: bool| error.set(sandbox.gated(|s| s.set_sso(on)));
    let choices = list(IdentityProvider::ALL.iter().map(|&p| {
        let choose = move || sandbox.state.update(|s| s.idp = Some(p));
        radio("idp", p.name(), move || idp() == Some(p), choose)
    }));
    view! {
        <div class="step-body">
            <div class="workspace">
                <fieldset>
                    <legend>"Identity provider for SSO"</legend>
                    {choices}
                </fieldset>
                {move || maybe(idp().map(|p| view! { <IdpAnswer idp=p /> }))}
                <fieldset>
                    <legend>"Single sign-on"</legend>
                    <p data-testid="sso-state">{move || sso_text(sso(), plan())}</p>
                    <button
                        type="button"
                        data-testid="sso-toggle"
                        on:click=move |_| switch_sso(sso() == SsoStatus::Off)
                    >
                        {move || if sso() == SsoStatus::Off {
                            "Turn SSO on".to_string()
                        } else {
                            "Turn SSO off".to_string()
                        }}
                    </button>
                </fieldset>
                {move || maybe(error.get().map(|e| view! {
                    <p class="notice error" role="alert" data-testid="gate-error">{e}</p>
                }))}
                <fieldset>
                    <legend>"SCIM provisioning"</legend>
                    {move || if sso() == SsoStatus::On {
                        view! {
                            <p data-testid="scim-section">
                                "The SCIM section is open: generate the token and base URL in \
                                 the next step."
                            </p>
                        }.into_any()
                    } else {
                        view! {
                            <p class="notice locked" data-testid="scim-section">
                                "Locked: SCIM can be configured only while SSO is active."
                            </p>
                        }.into_any()
                    }}
                </fieldset>
                <Documented text="SSO must be enabled before SCIM can be configured." />
                <WatchOut index=1 />
            </div>
            <PreviewPanel
                sandbox=sandbox
                plan=Box::new(|| Err(
                    "Nothing is sent in this step: SSO and SCIM are switched on in LeadIQ's \
                     admin UI."
                        .to_string(),
                ))
            />
        </div>
    }
}

fn sso_text(status: SsoStatus, plan: Plan) -> String {
    match status {
        SsoStatus::Off => "SSO is off.".to_string(),
        SsoStatus::On => "SSO is on.".to_string(),
        SsoStatus::Suspended(missing) => format!(
            "SSO is switched on but not working: {}.",
            missing_reason(missing, plan)
        ),
    }
}

/// What choosing an identity provider means for SCIM into LeadIQ.
#[component]
fn IdpAnswer(idp: IdentityProvider) -> impl IntoView {
    let answer = idp.answer();
    let class = if answer.scim_supported {
        "notice ok"
    } else {
        "notice warning"
    };
    let steps = list(
        answer
            .manual_steps
            .iter()
            .map(|s| view! { <li>{s.clone()}</li> }),
    );
    view! {
        <div class=class data-testid="idp-answer">
            <p>{answer.answer.clone()}</p>
            {maybe((!answer.manual_steps.is_empty()).then(|| view! {
                <p><strong>"Manual fallback in LeadIQ's admin UI:"</strong></p>
                <ol>{steps}</ol>
            }))}
            {maybe((!answer.scim_supported).then(|| view! { <WatchOut index=3 /> }))}
        </div>
    }
}
