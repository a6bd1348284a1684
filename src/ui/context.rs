//! The sandbox as the components see it: the snapshot in a signal, the browser's clock and
//! randomness, and the few values that must never be stored (a freshly generated token).

use leptos::prelude::*;

use crate::engine::{Env, GateError};
use crate::okta::{Action, ActionError, Outcome, Plan};
use crate::state::Snapshot;
use crate::storage::StorageProblem;

/// Time from `Date.now()` and bytes from `crypto.getRandomValues`.
pub struct BrowserEnv;

impl Env for BrowserEnv {
    fn now_millis(&mut self) -> u64 {
        // Date.now() is a whole number of milliseconds well inside f64's exact range.
        js_sys::Date::now() as u64
    }

    fn fill_random(&mut self, buf: &mut [u8]) {
        let filled = window()
            .crypto()
            .and_then(|c| c.get_random_values_with_u8_array(buf));
        if filled.is_err() {
            // No Web Crypto (very old browsers): fall back to Math.random, which is
            // enough for a training token that never leaves the page.
            for byte in buf.iter_mut() {
                *byte = (js_sys::Math::random() * 256.0) as u8;
            }
        }
    }
}

/// Handles every component gets as a prop (no context lookups that could fail).
#[derive(Clone, Copy)]
pub struct Sandbox {
    /// Everything that is stored.
    pub state: RwSignal<Snapshot>,
    /// What the trainee should know about storage, if anything.
    pub problem: RwSignal<Option<StorageProblem>>,
    /// The token generated in this visit, shown once; never stored.
    pub fresh_token: RwSignal<Option<String>>,
    /// Whether bearer tokens are shown unmasked in previews and the log.
    pub reveal: RwSignal<bool>,
    /// What the last Okta action produced, for the panel that shows answers.
    pub last_outcome: RwSignal<Option<Outcome>>,
}

impl Sandbox {
    /// Wraps a loaded snapshot.
    pub fn new(snapshot: Snapshot, problem: Option<StorageProblem>) -> Self {
        Self {
            state: RwSignal::new(snapshot),
            problem: RwSignal::new(problem),
            fresh_token: RwSignal::new(None),
            reveal: RwSignal::new(false),
            last_outcome: RwSignal::new(None),
        }
    }

    /// Performs an Okta action, logs its exchanges and keeps the outcome for display.
    pub fn perform(&self, action: &Action) -> Result<Outcome, ActionError> {
        // A disposed signal means the page is going away: there is nothing left to show.
        let result = self
            .state
            .try_update(|s| s.perform(action, &mut BrowserEnv))
            .unwrap_or_else(|| Ok(Outcome::default()));
        if let Ok(outcome) = &result {
            self.last_outcome.set(Some(outcome.clone()));
        }
        result
    }

    /// Applies a change that a LeadIQ gate may refuse; returns the refusal as the sentence
    /// the step shows, or `None` when it went through.
    pub fn gated(
        &self,
        change: impl FnOnce(&mut Snapshot) -> Result<(), GateError>,
    ) -> Option<String> {
        let result = self.state.try_update(change);
        result.and_then(Result::err).map(|e| e.to_string())
    }

    /// What an Okta action would send now, or why it cannot be planned.
    pub fn preview(&self, action: &Action) -> Result<Plan, String> {
        self.state.with(|s| s.plan(action)).map_err(|e| e.message())
    }
}
