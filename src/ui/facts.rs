//! How a statement shows where it comes from: documented by LeadIQ, assumed by the
//! sandbox, or one of the seed's "watch out" points.

use leptos::prelude::*;

use super::erase::{list, maybe};
use crate::engine::{Assumption, ASSUMPTIONS};
use crate::okta::OKTA_ASSUMPTIONS;
use crate::seed::WATCH_OUT;

/// A fact from LeadIQ's documentation.
#[component]
pub fn Documented(
    /// The fact, as the seed document states it.
    text: &'static str,
) -> impl IntoView {
    view! {
        <p class="fact documented">
            <span class="badge documented" title=crate::seed::SOURCE>"Documented"</span>
            " "
            {text}
        </p>
    }
}

/// The sandbox's assumptions with the given ids (engine's or Okta model's).
#[component]
pub fn Assumed(
    /// Ids of the assumptions to show.
    ids: &'static [&'static str],
) -> impl IntoView {
    let items = list(ids.iter().filter_map(|id| find_assumption(id)).map(assumed));
    view! { <div class="assumptions">{items}</div> }
}

/// One assumption with its badge.
fn assumed(a: &'static Assumption) -> impl IntoView {
    view! {
        <p class="fact assumed" data-assumption=a.id>
            <span class="badge assumed">"Assumed"</span>
            " "
            {a.text}
        </p>
    }
}

/// One of the seed document's warnings, placed where it bites.
#[component]
pub fn WatchOut(
    /// Index into the seed's list of warnings.
    index: usize,
) -> impl IntoView {
    maybe(WATCH_OUT.get(index).map(|text| {
        view! {
            <p class="fact watch-out" role="note">
                <span class="badge watch">"Watch out"</span>
                " "
                {*text}
            </p>
        }
    }))
}

/// Every assumption of the engine and the Okta model in one collapsed list, so that the
/// ones no step quotes (paging, ETags, PATCH details and the like) are labelled too.
#[component]
pub fn AllAssumptions() -> impl IntoView {
    let all = || ASSUMPTIONS.iter().chain(OKTA_ASSUMPTIONS.iter());
    let summary = format!(
        "All {} assumptions the sandbox makes where LeadIQ is silent",
        all().count()
    );
    view! {
        <details class="all-assumptions" data-testid="all-assumptions">
            <summary>{summary}</summary>
            {list(all().map(assumed))}
        </details>
    }
}

fn find_assumption(id: &str) -> Option<&'static Assumption> {
    ASSUMPTIONS
        .iter()
        .chain(OKTA_ASSUMPTIONS.iter())
        .find(|a| a.id == id)
}
