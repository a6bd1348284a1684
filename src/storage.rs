//! The only module that touches browser storage: loads, saves and recovers the snapshot.
//!
//! Failures are values, never panics: with localStorage missing (some private modes and
//! embedded browsers) or full, the app keeps working in memory and tells the trainee.

use crate::state::{self, Snapshot};

/// The one key the snapshot lives under.
pub const KEY: &str = "leadiq-scim-sandbox";

/// Where unreadable stored text is kept aside so the trainee can still download it.
pub const UNREADABLE_KEY: &str = "leadiq-scim-sandbox.unreadable";

/// Something the trainee should know about where their work is kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StorageProblem {
    /// The browser offers no localStorage: changes last until the tab closes.
    Unavailable,
    /// The stored state could not be read (damaged, or written by another version of the
    /// sandbox); the app started fresh.
    Unreadable {
        /// Why it could not be read.
        reason: String,
        /// Whether the unreadable text was copied under [`UNREADABLE_KEY`].
        kept_aside: bool,
    },
    /// The browser refused to store more (its quota is about 5 million characters).
    Full,
    /// Any other refusal, with the browser's own words.
    WriteFailed(String),
}

impl std::fmt::Display for StorageProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Unavailable => write!(
                f,
                "This browser offers no local storage here, so the sandbox runs in memory: \
                 changes will not be kept after this tab closes."
            ),
            Self::Unreadable {
                reason,
                kept_aside: true,
            } => write!(
                f,
                "Your saved sandbox could not be read: {reason}. It was kept aside \
                 unchanged, so you can download it, and the sandbox started fresh."
            ),
            Self::Unreadable {
                reason,
                kept_aside: false,
            } => write!(
                f,
                "Your saved sandbox could not be read: {reason}. There was no room to keep \
                 a copy aside; the sandbox started fresh, and changes may not be kept."
            ),
            Self::Full => write!(
                f,
                "The browser's storage for this site is full, so recent changes will not \
                 be kept after a reload."
            ),
            Self::WriteFailed(why) => write!(
                f,
                "The browser refused to save the sandbox ({why}); changes will not be kept."
            ),
        }
    }
}

/// What loading produced: the stored snapshot if one could be used, and maybe a problem.
#[derive(Clone, Debug)]
pub struct Loaded {
    /// The stored snapshot; `None` when there was none or it could not be used.
    pub snapshot: Option<Snapshot>,
    /// What went wrong, if anything.
    pub problem: Option<StorageProblem>,
}

/// The browser's localStorage, probed without panicking: some private modes and embedded
/// browsers have none, or refuse access to it.
fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Loads the snapshot, keeping unreadable text aside instead of discarding it.
pub fn load() -> Loaded {
    let Some(storage) = local_storage() else {
        return fresh(Some(StorageProblem::Unavailable));
    };
    let text = match storage.get_item(KEY) {
        Ok(Some(text)) => text,
        Ok(None) => return fresh(None),
        Err(_) => return fresh(Some(StorageProblem::Unavailable)),
    };
    match state::decode(&text) {
        Ok(snapshot) => Loaded {
            snapshot: Some(snapshot),
            problem: None,
        },
        Err(why) => {
            let kept_aside = storage.set_item(UNREADABLE_KEY, &text).is_ok();
            if kept_aside {
                web_sys::console::warn_1(&format!("sandbox state unreadable: {why}").into());
            }
            fresh(Some(StorageProblem::Unreadable {
                reason: why.to_string(),
                kept_aside,
            }))
        }
    }
}

/// Saves the snapshot under [`KEY`], in the form `state::encode` writes.
pub fn save(snapshot: &Snapshot) -> Result<(), StorageProblem> {
    let Some(storage) = local_storage() else {
        return Err(StorageProblem::Unavailable);
    };
    storage
        .set_item(KEY, &state::encode(snapshot))
        .map_err(|error| {
            let field = |name: &str| {
                js_sys::Reflect::get(&error, &name.into())
                    .ok()
                    .and_then(|v| v.as_string())
                    .unwrap_or_default()
            };
            match field("name").as_str() {
                "QuotaExceededError" => StorageProblem::Full,
                name => StorageProblem::WriteFailed(format!("{name}: {}", field("message"))),
            }
        })
}

/// The text kept aside by [`load`], if any.
pub fn unreadable_text() -> Option<String> {
    local_storage()?.get_item(UNREADABLE_KEY).ok().flatten()
}

fn fresh(problem: Option<StorageProblem>) -> Loaded {
    Loaded {
        snapshot: None,
        problem,
    }
}
