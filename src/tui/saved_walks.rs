//! Walks kept between runs: every mark is saved as it is made, so a walk survives quitting,
//! Ctrl-C, a terminal that went away and a crash, and is offered again when its entry opens.

use mamtriage::walkthrough::{StepOutcome, Walkthrough};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// How many walks are kept; the least recently marked go first.
const KEPT: usize = 200;

/// One entry's walk as saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct SavedWalk {
    entry: String,
    /// The entry's steps when the walk was saved: a walk of other steps means nothing.
    steps: u32,
    outcomes: Vec<Option<StepOutcome>>,
    current: usize,
}

#[derive(Debug, Clone, Default)]
pub struct SavedWalks {
    /// Where walks are saved; `None` keeps them for this run only.
    file: Option<PathBuf>,
    /// Least recently marked first.
    walks: Vec<SavedWalk>,
}

impl SavedWalks {
    /// The walks saved in `file` (none if it does not exist or cannot be read).
    pub fn load(file: PathBuf) -> SavedWalks {
        let walks = std::fs::read_to_string(&file)
            .ok()
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default();
        SavedWalks {
            file: Some(file),
            walks,
        }
    }

    /// `$XDG_DATA_HOME/mamtriage/walks.json` or the platform's equivalent.
    pub fn default_file() -> Option<PathBuf> {
        mamtriage::user_dirs::project_dirs().map(|dirs| dirs.data_dir().join("walks.json"))
    }

    /// The walk saved for `entry` with these `steps`, if one was started.
    pub fn walk(&self, entry: &str, steps: &[String]) -> Option<Walkthrough> {
        let saved = self.walks.iter().find(|walk| walk.entry == entry)?;
        (saved.steps == fingerprint(steps) && saved.outcomes.len() == steps.len())
            .then(|| Walkthrough::resume(saved.outcomes.clone(), saved.current))
    }

    /// Saves `walk` of `entry` (forgetting it once no step has an outcome). Saving is best
    /// effort: the walk on screen stays whatever the disk does.
    pub fn save(&mut self, entry: &str, steps: &[String], walk: &Walkthrough) {
        self.walks.retain(|saved| saved.entry != entry);
        if walk.is_started() {
            self.walks.push(SavedWalk {
                entry: entry.to_string(),
                steps: fingerprint(steps),
                outcomes: walk.outcomes().to_vec(),
                current: walk.current(),
            });
        }
        let excess = self.walks.len().saturating_sub(KEPT);
        self.walks.drain(..excess);
        if let Some(file) = &self.file {
            if let Some(dir) = file.parent() {
                let _ = std::fs::create_dir_all(dir);
            }
            let text = serde_json::to_string(&self.walks).expect("walks serialise");
            let _ = crate::atomic_file::write_private_file(file, &text);
        }
    }
}

/// A checksum of an entry's steps, so an edited entry does not resume an old walk.
fn fingerprint(steps: &[String]) -> u32 {
    let mut hasher = crc32fast::Hasher::new();
    for step in steps {
        hasher.update(step.as_bytes());
        hasher.update(b"\n");
    }
    hasher.finalize()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn steps(texts: &[&str]) -> Vec<String> {
        texts.iter().map(|t| t.to_string()).collect()
    }

    #[test]
    fn a_walk_is_saved_as_marked_and_resumed_only_for_the_same_steps() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("data/walks.json");
        let two = steps(&["Check the licence.", "Grant consent."]);
        let mut walk = Walkthrough::new(2);
        walk.mark(StepOutcome::Done);
        SavedWalks::load(file.clone()).save("entra.x", &two, &walk);

        let again = SavedWalks::load(file.clone());
        let resumed = again.walk("entra.x", &two).expect("the walk comes back");
        assert_eq!(resumed.outcomes(), [Some(StepOutcome::Done), None]);
        assert_eq!(resumed.current(), 1);
        // The entry's steps changed since: the old walk is not applied to them.
        assert!(again
            .walk(
                "entra.x",
                &steps(&["Check the licence.", "Grant admin consent."])
            )
            .is_none());

        // Cleared to nothing, it is forgotten.
        let mut again = again;
        again.save("entra.x", &two, &Walkthrough::new(2));
        assert!(SavedWalks::load(file.clone())
            .walk("entra.x", &two)
            .is_none());
        // A damaged file is no walks, not an error.
        std::fs::write(&file, "{not json").unwrap();
        assert!(SavedWalks::load(file).walk("entra.x", &two).is_none());
    }
}
