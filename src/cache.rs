//! Loaded knowledge saved between runs, so packs that have not changed are not parsed and
//! indexed again on every command.
//!
//! One file per set of sources holds the entries, what loading found and the search index. It
//! is used only while every pack file has the size and modification time it had when the
//! cache was written, and the binary is the same; anything else rebuilds it. A cache that
//! cannot be read or written never stops a command: the knowledge is loaded from the packs.

use crate::knowledge::{KnowledgeBase, LoadReport, PackFile, Sources};
use crate::search::SearchIndex;
use serde::Serialize;
use std::fs;
use std::hash::{Hash, Hasher};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Environment variable naming the cache directory (overrides the platform's default).
pub const CACHE_DIR_ENV: &str = "MAMTRIAGE_CACHE_DIR";

const MAGIC: &[u8; 16] = b"mamtriage-cache\0";
/// Raised whenever what is saved changes shape.
const FORMAT: u32 = 1;
/// A file changed this recently could change again within the same timestamp tick, so a
/// cache is not written over it until it has settled (as git does with its index).
const SETTLE: Duration = Duration::from_secs(2);

/// Knowledge ready to search: the entries, what loading found, and the search index.
#[derive(Debug)]
pub struct Loaded {
    pub base: KnowledgeBase,
    pub report: LoadReport,
    pub index: SearchIndex,
}

impl Loaded {
    /// Parses and indexes everything the sources name.
    pub fn build(sources: &Sources) -> Loaded {
        let (packs, problems) = sources.packs();
        let mut loaded = Loaded::from_packs(&packs);
        loaded.report.add_problems(problems);
        loaded
    }

    fn from_packs(packs: &[PackFile]) -> Loaded {
        let mut report = LoadReport::default();
        let base = KnowledgeBase::from_packs(packs, &mut report);
        let index = SearchIndex::build(base.entries());
        Loaded {
            base,
            report,
            index,
        }
    }
}

/// What the cache did for one load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CacheStatus {
    /// Only the shipped knowledge, which is embedded ready to use, was loaded.
    NotNeeded,
    /// The saved knowledge was still current and was used.
    Used,
    /// The packs were loaded and the result saved for the next run.
    Saved,
    /// The packs were loaded; the result was not saved, for this reason.
    NotSaved(String),
}

/// Where saved knowledge is kept.
#[derive(Debug, Clone)]
pub struct KnowledgeCache {
    dir: PathBuf,
}

/// Size and modification time of a file, which say whether it changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
struct Stamp {
    len: u64,
    modified_ns: u128,
}

impl Stamp {
    fn of(path: &Path) -> Option<(Stamp, SystemTime)> {
        let metadata = fs::metadata(path).ok()?;
        let modified = metadata.modified().ok()?;
        let since_epoch = modified.duration_since(UNIX_EPOCH).ok()?;
        let stamp = Stamp {
            len: metadata.len(),
            modified_ns: since_epoch.as_nanos(),
        };
        Some((stamp, modified))
    }
}

/// Everything the saved knowledge depends on.
#[derive(Debug, Serialize)]
struct Fingerprint {
    format: u32,
    version: &'static str,
    /// The binary carries the shipped knowledge and the index layout.
    binary: Option<Stamp>,
    shipped: bool,
    packs: Vec<(PathBuf, Option<Stamp>)>,
}

impl KnowledgeCache {
    pub fn new(dir: impl Into<PathBuf>) -> KnowledgeCache {
        KnowledgeCache { dir: dir.into() }
    }

    /// `$MAMTRIAGE_CACHE_DIR`, else the platform's cache directory (`~/.cache/mamtriage`
    /// on Linux).
    pub fn default_dir() -> Option<PathBuf> {
        match std::env::var_os(CACHE_DIR_ENV) {
            Some(dir) if !dir.is_empty() => Some(PathBuf::from(dir)),
            _ => directories::ProjectDirs::from("", "", "mamtriage")
                .map(|dirs| dirs.cache_dir().to_path_buf()),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Loads the sources, from saved knowledge when it is current.
    pub fn load(&self, sources: &Sources) -> (Loaded, CacheStatus) {
        if sources.user.is_empty() {
            return (Loaded::build(sources), CacheStatus::NotNeeded);
        }
        let (packs, problems) = sources.packs();
        let mut newest = UNIX_EPOCH;
        let user_packs = packs.iter().filter_map(|pack| pack.path.as_ref());
        let fingerprint = Fingerprint {
            format: FORMAT,
            version: env!("CARGO_PKG_VERSION"),
            binary: std::env::current_exe()
                .ok()
                .and_then(|exe| Stamp::of(&exe))
                .map(|(stamp, _)| stamp),
            shipped: sources.shipped,
            packs: user_packs
                .map(|path| {
                    let stamp = Stamp::of(path).map(|(stamp, modified)| {
                        newest = newest.max(modified);
                        stamp
                    });
                    (path.clone(), stamp)
                })
                .collect(),
        };
        let key = postcard::to_stdvec(&fingerprint).expect("a fingerprint always serialises");
        let path = self.file_for(sources);
        let (mut loaded, status) = match read(&path, &key) {
            Some(loaded) => (loaded, CacheStatus::Used),
            None => {
                let loaded = Loaded::from_packs(&packs);
                let settled = SystemTime::now()
                    .duration_since(newest)
                    .is_ok_and(|age| age >= SETTLE);
                let status = if !settled {
                    let why = "a pack file changed in the last two seconds";
                    CacheStatus::NotSaved(why.to_string())
                } else {
                    match write(&self.dir, &path, &key, &loaded) {
                        Ok(()) => CacheStatus::Saved,
                        Err(err) => CacheStatus::NotSaved(format!("{}: {err}", self.dir.display())),
                    }
                };
                (loaded, status)
            }
        };
        // Directories that could not be listed are looked at afresh on every run.
        loaded.report.add_problems(problems);
        (loaded, status)
    }

    /// One file per set of sources, so switching between pack sets does not thrash.
    fn file_for(&self, sources: &Sources) -> PathBuf {
        let mut hasher = rustc_hash::FxHasher::default();
        sources.shipped.hash(&mut hasher);
        for dir in &sources.user {
            fs::canonicalize(dir)
                .unwrap_or_else(|_| dir.clone())
                .hash(&mut hasher);
        }
        self.dir
            .join(format!("knowledge-{:016x}.bin", hasher.finish()))
    }
}

/// The saved knowledge at `path` if it was saved under `key`; `None` if it is missing,
/// stale, or damaged.
fn read(path: &Path, key: &[u8]) -> Option<Loaded> {
    let bytes = fs::read(path).ok()?;
    let rest = bytes.strip_prefix(MAGIC.as_slice())?;
    let (key_len, rest) = rest.split_first_chunk::<4>()?;
    let key_len = u32::from_le_bytes(*key_len) as usize;
    let (saved_key, payload) = rest.split_at_checked(key_len)?;
    if saved_key != key {
        return None;
    }
    let (base, report, index) = postcard::from_bytes(payload).ok()?;
    Some(Loaded {
        base,
        report,
        index,
    })
}

/// Saves atomically: a reader sees the old file or the new one, never half of one.
fn write(dir: &Path, path: &Path, key: &[u8], loaded: &Loaded) -> std::io::Result<()> {
    fs::create_dir_all(dir)?;
    let payload = postcard::to_stdvec(&(&loaded.base, &loaded.report, &loaded.index))
        .map_err(std::io::Error::other)?;
    let mut file = tempfile::NamedTempFile::new_in(dir)?;
    file.write_all(MAGIC)?;
    file.write_all(&(key.len() as u32).to_le_bytes())?;
    file.write_all(key)?;
    file.write_all(&payload)?;
    file.persist(path).map_err(|err| err.error)?;
    Ok(())
}
