//! Recent searches, kept between runs: Up and Down in the empty search box go through them.

use mamtriage::scan::secrets::mask_secrets;
use mamtriage::search::query_codes;
use std::borrow::Cow;
use std::path::PathBuf;

/// How many searches are kept.
const KEPT: usize = 100;

#[derive(Debug, Clone, Default)]
pub struct History {
    /// Where the searches are saved; `None` keeps them for this run only.
    file: Option<PathBuf>,
    /// Oldest first.
    searches: Vec<String>,
    /// The search being shown, counted from the newest; `None` while typing.
    recalled: Option<usize>,
}

impl History {
    /// The searches saved in `file` (none if it does not exist or cannot be read).
    pub fn load(file: PathBuf) -> History {
        // Files written before searches were trimmed may hold pastes with secrets in them.
        let searches = std::fs::read_to_string(&file)
            .map(|text| {
                text.lines()
                    .filter_map(|line| worth_keeping(&unescape(line)))
                    .collect()
            })
            .unwrap_or_default();
        History {
            file: Some(file),
            searches,
            recalled: None,
        }
    }

    /// `$XDG_DATA_HOME/mamtriage/history` or the platform's equivalent.
    pub fn default_file() -> Option<PathBuf> {
        mamtriage::user_dirs::project_dirs().map(|dirs| dirs.data_dir().join("history"))
    }

    /// Remembers a search (moving it to the newest place) and saves the list. Saving is best
    /// effort: history is a convenience and never interrupts work.
    pub fn record(&mut self, search: &str) {
        self.recalled = None;
        let Some(search) = worth_keeping(search) else {
            return;
        };
        self.searches.retain(|kept| *kept != search);
        self.searches.push(search);
        let excess = self.searches.len().saturating_sub(KEPT);
        self.searches.drain(..excess);
        if let Some(file) = &self.file {
            let text: String = self.searches.iter().map(|s| escape(s) + "\n").collect();
            if let Some(dir) = file.parent() {
                let _ = std::fs::create_dir_all(dir);
            }
            let _ = crate::atomic_file::write_private_file(file, &text);
        }
    }

    /// One search further back, if there is one.
    pub fn older(&mut self) -> Option<&str> {
        let next = self.recalled.map_or(0, |n| n + 1);
        if next >= self.searches.len() {
            return None;
        }
        self.recalled = Some(next);
        self.searches
            .get(self.searches.len() - 1 - next)
            .map(String::as_str)
    }

    /// One search forward; past the newest, back to an empty box (`Some("")`).
    pub fn newer(&mut self) -> Option<&str> {
        match self.recalled? {
            0 => {
                self.recalled = None;
                Some("")
            }
            n => {
                self.recalled = Some(n - 1);
                self.searches
                    .get(self.searches.len() - n)
                    .map(String::as_str)
            }
        }
    }

    /// Whether a recalled search is in the box (so Up and Down keep going through them).
    pub fn is_recalling(&self) -> bool {
        self.recalled.is_some()
    }

    /// The box was edited: the next Up starts from the newest again.
    pub fn stop_recalling(&mut self) {
        self.recalled = None;
    }
}

/// The longest search kept, in characters.
const LONGEST: usize = 120;

/// What of a search is kept, if anything: a paste is cut down to its codes (or its first
/// line), control characters and mail addresses are taken out, and a search that carries a
/// secret is not kept at all. History is a file on disk; it must not become a copy of logs.
fn worth_keeping(search: &str) -> Option<String> {
    if carries_secret(search) {
        return None;
    }
    let search = search.trim();
    let pasted = search.contains('\n') || search.chars().count() > LONGEST;
    let codes: Vec<String> = query_codes(search)
        .into_iter()
        .filter(|code| !code.inferred)
        .map(|code| code.shown)
        .collect();
    let kept = if pasted && !codes.is_empty() {
        codes.join(" ")
    } else {
        search
            .lines()
            .find(|line| !line.trim().is_empty())?
            .to_string()
    };
    let kept: String = kept
        .split_whitespace()
        .map(|word| if word.contains('@') { "[user]" } else { word })
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .filter(|c| !c.is_control())
        .take(LONGEST)
        .collect();
    (!kept.is_empty()).then_some(kept)
}

/// Whether text holds what looks like a credential, in any form scan masks.
fn carries_secret(text: &str) -> bool {
    matches!(mask_secrets(text), Cow::Owned(_))
}

/// Pasted searches span lines; each is saved on one line.
fn escape(search: &str) -> String {
    search.replace('\\', "\\\\").replace('\n', "\\n")
}

fn unescape(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match (c, c == '\\') {
            (_, true) => match chars.next() {
                Some('n') => out.push('\n'),
                Some(other) => out.push(other),
                None => out.push('\\'),
            },
            (c, false) => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn searches_come_back_newest_first_and_survive_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("data").join("history");
        let mut history = History::load(file.clone());
        history.record("AADSTS650057");
        history.record("Account Not Set Up\nYour organization");
        history.record("AADSTS650057");
        let mut again = History::load(file);
        assert_eq!(again.older(), Some("AADSTS650057"));
        assert!(again.is_recalling());
        // A paste is remembered by its first line.
        assert_eq!(again.older(), Some("Account Not Set Up"));
        assert_eq!(again.older(), None);
        assert_eq!(again.newer(), Some("AADSTS650057"));
        assert_eq!(again.newer(), Some(""));
        assert_eq!(again.newer(), None);
        assert!(!again.is_recalling());
    }

    #[test]
    fn only_the_most_recent_are_kept() {
        let mut history = History::default();
        for n in 0..KEPT + 5 {
            history.record(&format!("search {n}"));
        }
        assert_eq!(history.searches.len(), KEPT);
        assert_eq!(history.older(), Some("search 104"));
    }

    #[test]
    fn pastes_are_kept_short_and_without_secrets_or_users() {
        let mut history = History::default();
        let pasted = format!(
            "AADSTS650057: Invalid resource.\nTrace ID: 0b1c\nCorrelation ID: 9f2e\n{}",
            "x".repeat(50_000)
        );
        history.record(&pasted);
        history.record("Account Not Set Up\nYour organization has not set up your account.");
        history.record("token for ana@contoso.com rejected\x1b[2J");
        history.record("Authorization: Bearer abc.def.ghi");
        history.record("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl failed");
        history.record("https://admin:hunter2@mm.contoso.com/login");
        history.record("client_secret=s3cr3t&grant_type=client_credentials");
        history.record("blob?sv=2020-08-04&sig=AbC%2Bdef&se=1");
        history.record("BlobEndpoint=x;AccountKey=a+b/c==;");
        history.record("Authorization: Basic bW11c2VyOmh1bnRlcjI=");
        history.record("reset?token=abcdef123456");
        assert_eq!(
            history.searches,
            [
                "AADSTS650057",
                "Account Not Set Up",
                "token for [user] rejected[2J",
            ]
        );
        assert!(history
            .searches
            .iter()
            .all(|s| s.chars().count() <= LONGEST));
    }

    #[test]
    fn secrets_in_an_older_history_file_are_not_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("history");
        std::fs::write(&file, "AADSTS50105\nBearer eyJ0.eyJ1.c2ln\n").unwrap();
        let mut history = History::load(file);
        assert_eq!(history.older(), Some("AADSTS50105"));
        assert_eq!(history.older(), None);
    }

    #[test]
    fn backslashes_and_line_breaks_round_trip() {
        for search in ["a\\nb", "line\nnext", "trailing\\"] {
            assert_eq!(unescape(&escape(search)), search);
        }
    }
}
