//! The sandbox snapshot: everything the app keeps between visits, as one versioned serde
//! value, with the rules for reading it back. Plain Rust; the browser side is `storage`.

use serde::{Deserialize, Serialize};

use crate::engine::Tenant;
use crate::seed::SETUP_STEPS;

/// Version of the snapshot format this build writes and reads.
pub const STATE_VERSION: u32 = 1;

/// Everything the sandbox remembers.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Snapshot {
    /// Format version; always [`STATE_VERSION`] when written by this build.
    pub version: u32,
    /// Slug of the setup step the trainee last looked at.
    pub current_step: String,
    /// The LeadIQ tenant: its gates, credentials and users.
    pub tenant: Tenant,
}

impl Default for Snapshot {
    fn default() -> Self {
        Self {
            version: STATE_VERSION,
            current_step: SETUP_STEPS[0].slug.to_string(),
            tenant: Tenant::new(),
        }
    }
}

/// Why stored text could not be used as a snapshot.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// The text is not JSON at all.
    NotJson(String),
    /// JSON, but without a numeric `version` field.
    NoVersion,
    /// Written by a newer build of the sandbox than this one.
    NewerVersion(u32),
    /// A version this build does not know how to read.
    UnknownVersion(u32),
    /// The right version, but fields are missing or of the wrong type.
    WrongShape(String),
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NotJson(why) => write!(f, "the saved sandbox is not valid JSON ({why})"),
            Self::NoVersion => write!(f, "the saved sandbox has no version number"),
            Self::NewerVersion(v) => write!(
                f,
                "the saved sandbox was written by a newer version of this app \
                 (format {v}, this app reads {STATE_VERSION})"
            ),
            Self::UnknownVersion(v) => write!(f, "the saved sandbox has unknown format {v}"),
            Self::WrongShape(why) => write!(f, "the saved sandbox is incomplete ({why})"),
        }
    }
}

/// Reads a snapshot from its stored text, checking the version before the shape so a
/// newer format is reported as such rather than as damage.
pub fn decode(text: &str) -> Result<Snapshot, DecodeError> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| DecodeError::NotJson(e.to_string()))?;
    let version = value
        .get("version")
        .and_then(serde_json::Value::as_u64)
        .ok_or(DecodeError::NoVersion)?;
    let version = u32::try_from(version).map_err(|_| DecodeError::UnknownVersion(u32::MAX))?;
    if version > STATE_VERSION {
        return Err(DecodeError::NewerVersion(version));
    }
    if version != STATE_VERSION {
        return Err(DecodeError::UnknownVersion(version));
    }
    let mut snapshot: Snapshot =
        serde_json::from_value(value).map_err(|e| DecodeError::WrongShape(e.to_string()))?;
    if !SETUP_STEPS.iter().any(|s| s.slug == snapshot.current_step) {
        // A step that no longer exists is not worth refusing the whole state for.
        snapshot.current_step = SETUP_STEPS[0].slug.to_string();
    }
    Ok(snapshot)
}

/// The stored text of a snapshot: compact JSON.
pub fn encode(snapshot: &Snapshot) -> String {
    // Serializing plain strings and integers cannot fail; an empty object keeps the
    // signature infallible should that ever change.
    serde_json::to_string(snapshot).unwrap_or_else(|_| String::from("{}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_snapshot_survives_encode_and_decode() {
        let snapshot = Snapshot {
            current_step: "mapping".into(),
            ..Snapshot::default()
        };
        let text = encode(&snapshot);
        let decoded = decode(&text).map(|s| encode(&s));
        assert_eq!(decoded, Ok(text));
    }

    #[test]
    fn text_that_is_not_json_is_reported_as_such() {
        assert!(matches!(
            decode("{\"version\":1,"),
            Err(DecodeError::NotJson(_))
        ));
    }

    #[test]
    fn a_newer_format_is_told_apart_from_damage() {
        let text = r#"{"version":99,"somethingNew":true}"#;
        assert!(matches!(decode(text), Err(DecodeError::NewerVersion(99))));
        assert!(DecodeError::NewerVersion(99)
            .to_string()
            .contains("newer version"));
    }

    #[test]
    fn a_missing_version_or_field_is_refused() {
        let no_version = decode(r#"{"current_step":"plan"}"#);
        assert!(matches!(no_version, Err(DecodeError::NoVersion)));
        let old = decode(r#"{"version":0}"#);
        assert!(matches!(old, Err(DecodeError::UnknownVersion(0))));
        assert!(matches!(
            decode(r#"{"version":1}"#),
            Err(DecodeError::WrongShape(_))
        ));
    }

    #[test]
    fn an_unknown_step_falls_back_to_the_first() {
        let stored = Snapshot {
            current_step: "gone".into(),
            ..Snapshot::default()
        };
        let decoded = decode(&encode(&stored));
        assert_eq!(decoded.map(|s| s.current_step), Ok("plan".to_string()));
    }
}
