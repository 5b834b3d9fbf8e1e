//! Loaded knowledge saved between runs, so packs that have not changed are not parsed and
//! indexed again on every command.
//!
//! One file per set of sources holds the entries, what loading found and the search index. It
//! is used only while every pack file has the size and modification time it had when the
//! cache was written, and the binary is the same; anything else rebuilds it. A cache that
//! cannot be read or written never stops a command: the knowledge is loaded from the packs.

use crate::knowledge::{
    EntryStore, Kind, KnowledgeBase, LoadReport, PackFile, Platform, SavedBase, Sources,
};
use crate::search::{SearchIndex, Searcher};
use serde::Serialize;
use std::fs;
use std::hash::{Hash, Hasher};
use std::io::{BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Environment variable naming the cache directory (overrides the platform's default).
pub const CACHE_DIR_ENV: &str = "MAMTRIAGE_CACHE_DIR";

const MAGIC: &[u8; 16] = b"mamtriage-cache\0";
/// Raised whenever what is saved changes shape.
const FORMAT: u32 = 2;
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
    /// A searcher over the loaded knowledge, and what loading it reported.
    pub fn into_searcher(self) -> (Searcher, LoadReport) {
        (Searcher::with_index(self.base, self.index), self.report)
    }

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
            _ => crate::user_dirs::project_dirs().map(|dirs| dirs.cache_dir().to_path_buf()),
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

/// Everything saved but the entries' bytes, which follow it in the file.
type SavedParts = (
    LoadReport,
    SavedBase,
    (Vec<usize>, Vec<(Platform, Kind)>, Vec<Vec<String>>),
    SearchIndex,
);

/// The file: [`MAGIC`], the key's length and the key, then the parts (their length and
/// checksum first) and the encoded entries (their checksum first). The two are read and
/// checked one after the other, so that a large cache is never in memory twice over.
struct Header {
    parts_len: u64,
    parts_crc: u32,
    entries_crc: u32,
}

impl Header {
    const LEN: usize = 16;

    fn to_bytes(&self) -> [u8; Header::LEN] {
        let mut bytes = [0; Header::LEN];
        bytes[..8].copy_from_slice(&self.parts_len.to_le_bytes());
        bytes[8..12].copy_from_slice(&self.parts_crc.to_le_bytes());
        bytes[12..].copy_from_slice(&self.entries_crc.to_le_bytes());
        bytes
    }

    fn from_bytes(bytes: [u8; Header::LEN]) -> Header {
        let (parts_len, rest) = bytes.split_at(8);
        let (parts_crc, entries_crc) = rest.split_at(4);
        Header {
            parts_len: u64::from_le_bytes(parts_len.try_into().expect("8 bytes")),
            parts_crc: u32::from_le_bytes(parts_crc.try_into().expect("4 bytes")),
            entries_crc: u32::from_le_bytes(entries_crc.try_into().expect("4 bytes")),
        }
    }
}

/// The saved knowledge at `path` if it was saved under `key`; `None` if it is missing,
/// stale, or damaged.
fn read(path: &Path, key: &[u8]) -> Option<Loaded> {
    let file = fs::File::open(path).ok()?;
    let file_len = file.metadata().ok()?.len();
    let mut file = BufReader::new(file);
    let mut read_array = |bytes: &mut [u8]| file.read_exact(bytes).ok();
    let mut magic = [0; MAGIC.len()];
    read_array(&mut magic)?;
    let mut key_len = [0; 4];
    read_array(&mut key_len)?;
    if magic != *MAGIC || u32::from_le_bytes(key_len) as usize != key.len() {
        return None;
    }
    let mut saved_key = vec![0; key.len()];
    read_array(&mut saved_key)?;
    let mut header = [0; Header::LEN];
    read_array(&mut header)?;
    if saved_key != key {
        return None;
    }
    let header = Header::from_bytes(header);
    let before_entries = (MAGIC.len() + 4 + key.len() + Header::LEN) as u64 + header.parts_len;
    let entries_len = file_len.checked_sub(before_entries)?;
    let parts = read_checked(&mut file, header.parts_len, header.parts_crc)?;
    let (report, base, store, index): SavedParts = postcard::from_bytes(&parts).ok()?;
    drop(parts);
    let encoded = read_checked(&mut file, entries_len, header.entries_crc)?;
    let (ends, facts, related) = store;
    let entries = EntryStore::from_saved((encoded, ends, facts, related))?;
    let base = KnowledgeBase::from_saved(base, entries)?;
    (index.entry_count() == base.len()).then_some(Loaded {
        base,
        report,
        index,
    })
}

/// Reads `len` bytes whose checksum must be `crc`.
fn read_checked(file: &mut impl Read, len: u64, crc: u32) -> Option<Vec<u8>> {
    let mut bytes = Vec::new();
    bytes.try_reserve_exact(usize::try_from(len).ok()?).ok()?;
    file.take(len).read_to_end(&mut bytes).ok()?;
    (bytes.len() as u64 == len && crc32fast::hash(&bytes) == crc).then_some(bytes)
}

/// Saves atomically: a reader sees the old file or the new one, never half of one. The
/// parts are written as they are encoded, so saving holds no copy of them in memory.
fn write(dir: &Path, path: &Path, key: &[u8], loaded: &Loaded) -> std::io::Result<()> {
    fs::create_dir_all(dir)?;
    let mut file = tempfile::NamedTempFile::new_in(dir)?;
    let mut out = BufWriter::new(file.as_file_mut());
    out.write_all(MAGIC)?;
    out.write_all(&(key.len() as u32).to_le_bytes())?;
    out.write_all(key)?;
    let header_at = (MAGIC.len() + 4 + key.len()) as u64;
    out.write_all(&[0; Header::LEN])?;
    let parts = (
        &loaded.report,
        loaded.base.saved(),
        loaded.base.entries().saved_parts(),
        &loaded.index,
    );
    let mut checked = Checksummed::new(&mut out);
    postcard::to_io(&parts, &mut checked).map_err(std::io::Error::other)?;
    let (parts_len, parts_crc) = checked.finish();
    let mut checked = Checksummed::new(&mut out);
    for bytes in loaded.base.entries().saved_bytes() {
        checked.write_all(bytes)?;
    }
    let (_, entries_crc) = checked.finish();
    out.flush()?;
    drop(out);
    let header = Header {
        parts_len,
        parts_crc,
        entries_crc,
    };
    let file_mut = file.as_file_mut();
    file_mut.seek(SeekFrom::Start(header_at))?;
    file_mut.write_all(&header.to_bytes())?;
    file.persist(path).map_err(|err| err.error)?;
    Ok(())
}

/// Passes bytes on, counting them and working out their checksum.
struct Checksummed<W> {
    inner: W,
    len: u64,
    crc: crc32fast::Hasher,
}

impl<W: Write> Checksummed<W> {
    fn new(inner: W) -> Checksummed<W> {
        Checksummed {
            inner,
            len: 0,
            crc: crc32fast::Hasher::new(),
        }
    }

    fn finish(self) -> (u64, u32) {
        (self.len, self.crc.finalize())
    }
}

impl<W: Write> Write for Checksummed<W> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let written = self.inner.write(bytes)?;
        self.len += written as u64;
        self.crc.update(&bytes[..written]);
        Ok(written)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}
