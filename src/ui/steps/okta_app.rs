//! Step 4: the LeadIQ app in Okta: base URL and token as typed, Test API Credentials with
//! Okta's message for every mistake, and the To App feature toggles.

use leptos::prelude::*;

use crate::okta::{Action, Connection, Features};
use crate::ui::context::Sandbox;
use crate::ui::erase::{list, maybe};
use crate::ui::facts::{Assumed, Documented};
use crate::ui::preview::{PlanSource, PreviewPanel};

/// The Okta app workspace.
#[component]
pub fn OktaAppStep(
    /// The sandbox.
    sandbox: Sandbox,
) -> impl IntoView {
    // Plain closures rather than memos: each is cheap to recompute, and every memo type
    // costs the bundle about half a kilobyte.
    let connection = move || sandbox.state.with(|s| s.okta.app().connection.clone());
    let features = move || sandbox.state.with(|s| s.okta.app().features);
    let last_test = move || sandbox.state.with(|s| s.okta.app().last_test.clone());

    // Okta sends what is typed, so the fields write straight into the connection and the
    // preview follows every keystroke.
    let edit = move |change: &dyn Fn(&mut Connection)| {
        sandbox.state.update(|s| {
            let mut next = s.okta.app().connection.clone();
            change(&mut next);
            s.okta.set_connection(next);
        });
    };
    let set_feature = move |change: &dyn Fn(&mut Features)| {
        sandbox.state.update(|s| {
            let mut next = s.okta.app().features;
            change(&mut next);
            s.okta.set_features(next);
        });
    };
    let test = move |_| {
        let _ = sandbox.perform(&Action::TestCredentials);
    };
    let preview: PlanSource = Box::new(move || sandbox.preview(&Action::TestCredentials));
    view! {
        <div class="step-body">
            <div class="workspace">
                <fieldset>
                    <legend>"Provisioning → Integration (Okta)"</legend>
                    <label class="field">
                        "SCIM connector base URL"
                        <input
                            type="url"
                            data-testid="okta-base-url"
                            spellcheck="false"
                            prop:value=move || connection().base_url
                            on:input=move |ev| {
                                let value = event_target_value(&ev);
                                edit(&|c| c.base_url = value.clone());
                            }
                        />
                    </label>
                    <label class="field">
                        "Authorization header value"
                        <input
                            type="text"
                            data-testid="okta-authorization"
                            spellcheck="false"
                            autocomplete="off"
                            placeholder="Bearer <token from LeadIQ>"
                            prop:value=move || connection().authorization
                            on:input=move |ev| {
                                let value = event_target_value(&ev);
                                edit(&|c| c.authorization = value.clone());
                            }
                        />
                    </label>
                    <button type="button" data-testid="test-credentials" on:click=test>
                        "Test API Credentials"
                    </button>
                    {move || maybe(last_test().map(|check| {
                        let class = if check.ok { "notice ok" } else { "notice error" };
                        view! {
                            <div class=class role="status" data-testid="test-result">
                                <p>{check.message}</p>
                                {maybe(check.hint.map(|h| view! { <p class="hint">{h}</p> }))}
                            </div>
                        }
                    }))}
                </fieldset>
                <fieldset>
                    <legend>"Provisioning → To App (Okta)"</legend>
                    {move || list(features().consequences().into_iter().enumerate().map(
                        |(i, (name, on, consequence))| view! {
                            <label class="choice feature">
                                <input
                                    type="checkbox"
                                    data-testid=format!("feature-{i}")
                                    prop:checked=on
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        set_feature(&|f| match i {
                                            0 => f.create_users = on,
                                            1 => f.update_user_attributes = on,
                                            _ => f.deactivate_users = on,
                                        });
                                    }
                                />
                                " " <strong>{name}</strong>
                                <span class="consequence">{consequence}</span>
                            </label>
                        }
                    ))}
                </fieldset>
                <Documented text="Supported SCIM operations are limited to Create user and \
                                  Deactivate user." />
                <Assumed ids=&["auth-header-verbatim", "test-credentials-request",
                               "features-default-off"] />
            </div>
            <PreviewPanel sandbox=sandbox plan=preview />
        </div>
    }
}
