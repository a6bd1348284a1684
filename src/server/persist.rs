//! Reading a state file the browser sandbox exported, and writing one back atomically so
//! a crash or Ctrl-C mid-write never leaves a torn file behind.

use crate::state::{self, Snapshot};
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Reads and decodes a state file, with a message that names the file when it cannot.
pub fn load_state(path: &Path) -> Result<Snapshot, String> {
    let text = fs::read_to_string(path)
        .map_err(|e| format!("cannot read the state file {}: {e}", path.display()))?;
    state::decode(&text).map_err(|e| format!("cannot use {}: {e}", path.display()))
}

/// Writes `snapshot` to `path`: first to a temporary file beside it, flushed to disk,
/// then renamed over the old one, so readers see the old state or the new, never half.
pub fn save_state(path: &Path, snapshot: &Snapshot) -> io::Result<()> {
    let temporary = temporary_beside(path);
    let written = write_synced(&temporary, state::encode(snapshot).as_bytes());
    let renamed = written.and_then(|()| fs::rename(&temporary, path));
    if renamed.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    renamed
}

fn write_synced(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = fs::File::create(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// `dir/.name.tmp-<pid>`: the same directory, so the rename never crosses file systems.
fn temporary_beside(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "state.json".to_string());
    path.with_file_name(format!(".{name}.tmp-{}", std::process::id()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("leadiq-persist-{}", std::process::id()));
        let _ = fs::create_dir_all(&dir);
        dir.join(name)
    }

    #[test]
    fn a_saved_state_loads_back_with_every_field() {
        let path = scratch("round.json");
        let snapshot = Snapshot {
            current_step: "mapping".into(),
            ..Snapshot::fresh(&mut crate::engine::SeededEnv::new(1))
        };
        save_state(&path, &snapshot).expect("the scratch directory is writable");
        let loaded = load_state(&path).map(|s| state::encode(&s));
        assert_eq!(loaded, Ok(state::encode(&snapshot)));
        assert!(!temporary_beside(&path).exists());
        let _ = fs::remove_file(&path);
    }

    #[test]
    fn an_unreadable_or_foreign_file_is_named_in_the_error() {
        let missing = scratch("missing.json");
        let error = load_state(&missing).err().unwrap_or_default();
        assert!(error.contains("missing.json"), "{error}");
        let foreign = scratch("foreign.json");
        fs::write(&foreign, "{\"hello\": 1}").expect("the scratch directory is writable");
        let error = load_state(&foreign).err().unwrap_or_default();
        assert!(error.contains("no version number"), "{error}");
        let _ = fs::remove_file(&foreign);
    }
}
