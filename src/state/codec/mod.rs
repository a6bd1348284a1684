//! Snapshot format 2: the sandbox as one compact JSON text, written and read by hand.
//!
//! The text is one object whose `version` is read first, so a text from another version
//! is told apart from damage. The large collections (tenant users, Okta people, groups,
//! assignments, the activity log) are rows under a column list, so keys are not repeated
//! per item, and what can be derived (a user's `meta`, `schemas`, ETag, the indexes) is
//! not stored. Decoding never trusts the text: every value is checked where it is read,
//! and the tenant and the org are checked as their own operations keep them before the
//! snapshot is used.
//!
//! ```text
//! {"version":2,"currentStep":"assign","idp":"okta",
//!  "tenant":{"slug":…,"plan":"Enterprise",…,"userColumns":[…],"users":[[…],…]},
//!  "okta":{"secret":…,"personColumns":[…],"people":[…],"groupColumns":[…],"groups":[…],
//!          "app":{…,"userColumns":[…],"users":[…]}},
//!  "activity":{"nextSeq":…,"strings":[…],"columns":[…],"entries":[…]}}
//! ```
//!
//! Every character of the text comes from `text::JsonText`; reading goes through
//! the engine's JSON reader into a `Value`, then through the checked accessors of `read`.

mod activity;
mod okta;
mod read;
mod table;
mod tenant;
mod text;

use crate::engine::json;
use serde_json::Value;

use super::{Snapshot, STATE_VERSION};
use crate::okta::IdentityProvider;
use crate::seed::SETUP_STEPS;
use read::Obj;
use text::JsonText;

/// Why stored text could not be used as a snapshot.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// The text is not JSON at all.
    NotJson(String),
    /// JSON, but without a numeric `version` field.
    NoVersion,
    /// Written by a newer build of the sandbox than this one.
    NewerVersion(u32),
    /// Written by an earlier build, in a format this build no longer reads.
    OlderVersion(u32),
    /// A version no build of the sandbox ever wrote.
    UnknownVersion(u32),
    /// The right version, but fields are missing, of the wrong type or inconsistent.
    WrongShape(String),
}

/// Each reason reads on its own after "could not be read:" or "Import refused:".
impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NotJson(why) => write!(f, "it is not valid JSON ({why})"),
            Self::NoVersion => write!(f, "it has no version number, so it is not a saved sandbox"),
            Self::NewerVersion(v) => write!(
                f,
                "it was written by a newer version of the sandbox (format {v}; this version \
                 reads format {STATE_VERSION})"
            ),
            Self::OlderVersion(v) => write!(
                f,
                "it was written by an earlier version of the sandbox, in format {v}, which \
                 this version no longer reads"
            ),
            Self::UnknownVersion(v) => {
                write!(
                    f,
                    "it has format {v}, which no version of the sandbox wrote"
                )
            }
            Self::WrongShape(why) => write!(f, "it is damaged ({why})"),
        }
    }
}

/// The earliest format a build of the sandbox wrote.
const FIRST_VERSION: u32 = 1;

/// The stored names of the identity providers.
const IDPS: [(IdentityProvider, &str); 4] = [
    (IdentityProvider::Okta, "okta"),
    (IdentityProvider::EntraId, "entraId"),
    (IdentityProvider::GoogleWorkspace, "googleWorkspace"),
    (IdentityProvider::OneLogin, "oneLogin"),
];

/// The stored text of a snapshot.
pub fn encode(snapshot: &Snapshot) -> String {
    let rough_size = 200 * (snapshot.tenant.users().len() + snapshot.okta.people().len());
    let mut w = JsonText::with_capacity(rough_size + 4096);
    w.open_object();
    w.key("version").uint(u64::from(STATE_VERSION));
    w.key("currentStep").str(&snapshot.current_step);
    w.key("idp");
    match snapshot
        .idp
        .and_then(|i| IDPS.iter().find(|(p, _)| *p == i))
    {
        Some((_, name)) => w.str(name),
        None => w.null(),
    }
    w.key("tenant");
    tenant::encode(&mut w, &snapshot.tenant);
    w.key("okta");
    okta::encode(&mut w, &snapshot.okta, &snapshot.tenant);
    w.key("activity");
    activity::encode(&mut w, &snapshot.activity, snapshot.next_seq);
    w.close_object();
    w.finish()
}

/// Reads a snapshot from its stored text, checking the version before the shape so a
/// text from another version is reported as such rather than as damage.
pub fn decode(text: &str) -> Result<Snapshot, DecodeError> {
    let value =
        crate::engine::json::parse(text).map_err(|e| DecodeError::NotJson(e.to_string()))?;
    check_version(&value)?;
    let obj = Obj::of(&value, "the snapshot")?;
    let idp = match obj.optional_str("idp")? {
        None => None,
        Some(name) => Some(
            IDPS.iter()
                .find(|(_, n)| *n == name)
                .map(|(p, _)| *p)
                .ok_or_else(|| {
                    obj.wrong(format!("idp {} is not a provider", json::quote(name)))
                })?,
        ),
    };
    let tenant = tenant::decode(obj.get("tenant")?)?;
    let okta = okta::decode(obj.get("okta")?, &tenant)?;
    let (activity, next_seq) = activity::decode(obj.get("activity")?)?;
    let mut current_step = obj.str("currentStep")?.to_string();
    if !SETUP_STEPS.iter().any(|s| s.slug == current_step) {
        // A step that no longer exists is not worth refusing the whole state for.
        current_step = SETUP_STEPS[0].slug.to_string();
    }
    Ok(Snapshot {
        version: STATE_VERSION,
        current_step,
        tenant,
        okta,
        idp,
        activity,
        next_seq,
    })
}

fn check_version(value: &Value) -> Result<(), DecodeError> {
    let version = value
        .get("version")
        .and_then(Value::as_u64)
        .ok_or(DecodeError::NoVersion)?;
    let version = u32::try_from(version).map_err(|_| DecodeError::NewerVersion(u32::MAX))?;
    match version {
        v if v > STATE_VERSION => Err(DecodeError::NewerVersion(v)),
        v if v == STATE_VERSION => Ok(()),
        v if v >= FIRST_VERSION => Err(DecodeError::OlderVersion(v)),
        v => Err(DecodeError::UnknownVersion(v)),
    }
}
