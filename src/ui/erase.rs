//! One output type for the changing parts of the UI. Every reactive child returns an
//! [`AnyView`] (or a `String` for text), so Leptos compiles its rendering and effect code
//! once for all of them instead of once per output type: about twenty distinct types
//! had cost 13.6 KB of the gzip bundle (README, Figures).

use leptos::prelude::*;

/// `view` when there is one, nothing otherwise.
pub fn maybe<V: IntoAny>(view: Option<V>) -> AnyView {
    view.map_or_else(|| ().into_any(), IntoAny::into_any)
}

/// A list of views, each erased, as one view.
pub fn list<V: IntoAny>(items: impl IntoIterator<Item = V>) -> AnyView {
    items
        .into_iter()
        .map(IntoAny::into_any)
        .collect::<Vec<_>>()
        .into_any()
}

/// A component's whole output, redrawn whenever what `draw` reads changes. Returning the
/// closure itself would compile the rendering code once more for its own type; written
/// out inside `view!`, it is erased to the closure type every reactive child shares.
pub fn live(draw: impl Fn() -> AnyView + Send + Sync + 'static) -> AnyView {
    view! { {move || draw()} }.into_any()
}
