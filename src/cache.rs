//! Loaded knowledge saved between runs, so packs that have not changed are not parsed and
//! indexed again on every command.
//!
//! One file per set of sources holds what loading found, the entries and the search index,
//! each in the archived form the program reads in place, so a cached start maps the file and
//! checks it instead of decoding it. It is used only while every pack file has the size and
//! modification time it had when the cache was written, and the binary is the same; anything
//! else rebuilds it. A cache that cannot be read or written never stops a command: the
//! knowledge is loaded from the packs.

use crate::archive::{self, ArchiveBytes, Checked};
use crate::knowledge::{
    ArchivedLoadReport, Diagnostic, Effect, KnowledgeBase, LoadReport, Location, PackFile, Problem,
    Sources,
};
use crate::search::{ArchivedSearchIndex, IndexArchive, SearchIndex, Searcher};
use std::fs;
use std::hash::{Hash, Hasher};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Environment variable naming the cache directory (overrides the platform's default).
pub const CACHE_DIR_ENV: &str = "MAMTRIAGE_CACHE_DIR";

const MAGIC: &[u8; 16] = b"mamtriage-cache\0";
/// Raised whenever what is saved changes shape.
const FORMAT: u32 = 3;
/// A file changed this recently could change again within the same timestamp tick, so a
/// cache is not written over it until it has settled (as git does with its index).
const SETTLE: Duration = Duration::from_secs(2);

/// Knowledge ready to search: the entries, what loading found, and the search index.
#[derive(Debug)]
pub struct Loaded {
    pub base: KnowledgeBase,
    pub report: LoadReport,
    pub index: IndexArchive,
}

impl Loaded {
    /// A searcher over the loaded knowledge, and what loading it reported.
    pub fn into_searcher(self) -> (Searcher, LoadReport) {
        (Searcher::with_index(self.base, self.index), self.report)
    }

    /// Parses and indexes everything the sources name; the shipped knowledge alone is read
    /// in place from the binary.
    pub fn build(sources: &Sources) -> Loaded {
        if sources.user.is_empty() && sources.shipped {
            let (base, report) = KnowledgeBase::shipped();
            let index = Checked::<ArchivedSearchIndex>::check(crate::shipped::index())
                .expect("build.rs archives the shipped index with these types");
            return Loaded {
                base,
                report,
                index,
            };
        }
        let (packs, problems) = sources.packs();
        let mut loaded = Loaded::from_packs(&packs);
        loaded.report.add_problems(problems);
        loaded
    }

    fn from_packs(packs: &[PackFile]) -> Loaded {
        let mut report = LoadReport::default();
        let base = KnowledgeBase::from_packs(packs, &mut report);
        let index = SearchIndex::build(base.entries())
            .archive()
            .unwrap_or_else(|err| {
                report.diagnostics.push(Diagnostic::new(
                    Location::new("search index", 1, 1),
                    Problem::IndexTooLarge(err.to_string()),
                    Effect::NotSearchable,
                ));
                SearchIndex::default()
                    .archive()
                    .expect("an empty index archives")
            });
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
#[derive(Debug, Clone, PartialEq)]
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

/// Everything the saved knowledge depends on; its `Debug` text is the cache's key.
#[derive(Debug)]
#[allow(dead_code, reason = "the fields are read as the key's text")]
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
        let key = format!("{fingerprint:?}").into_bytes();
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

/// The file: [`MAGIC`], the key's length and the key, the [`Header`], then the archives of
/// what loading found, the entries and the search index, each from a 16-byte boundary.
struct Header {
    report_len: u64,
    entries_len: u64,
    index_len: u64,
    /// Of everything after the header. Checking the archives proves they are safe to read,
    /// not that they are what was written: a changed letter is still a valid string.
    crc: u32,
}

/// Archives start at multiples of this, as reading them in place needs.
const ALIGN: usize = 16;

impl Header {
    const LEN: usize = 28;

    fn to_bytes(&self) -> [u8; Header::LEN] {
        let mut bytes = [0; Header::LEN];
        bytes[..8].copy_from_slice(&self.report_len.to_le_bytes());
        bytes[8..16].copy_from_slice(&self.entries_len.to_le_bytes());
        bytes[16..24].copy_from_slice(&self.index_len.to_le_bytes());
        bytes[24..].copy_from_slice(&self.crc.to_le_bytes());
        bytes
    }

    fn from_bytes(bytes: &[u8]) -> Option<Header> {
        let u64_at = |at: usize| Some(u64::from_le_bytes(bytes.get(at..at + 8)?.try_into().ok()?));
        Some(Header {
            report_len: u64_at(0)?,
            entries_len: u64_at(8)?,
            index_len: u64_at(16)?,
            crc: u32::from_le_bytes(bytes.get(24..28)?.try_into().ok()?),
        })
    }

    /// Where each archive is, from the start of the file whose header ends at `end`.
    fn ranges(&self, end: usize) -> Option<[std::ops::Range<usize>; 3]> {
        let mut at = end;
        let mut next = |len: u64| {
            let start = at.next_multiple_of(ALIGN);
            let end = start.checked_add(usize::try_from(len).ok()?)?;
            at = end;
            Some(start..end)
        };
        Some([
            next(self.report_len)?,
            next(self.entries_len)?,
            next(self.index_len)?,
        ])
    }
}

/// The saved knowledge at `path` if it was saved under `key`; `None` if it is missing,
/// stale, or damaged.
fn read(path: &Path, key: &[u8]) -> Option<Loaded> {
    let file = fs::File::open(path).ok()?;
    // SAFETY: cache files are written whole and renamed into place, never changed where they
    // are, so the mapped bytes stay as they were checked (see `archive::Storage`).
    let map = unsafe { memmap2::Mmap::map(&file) }.ok()?;
    let bytes = ArchiveBytes::mapped(map);
    let file = bytes.as_slice();
    let key_at = MAGIC.len() + 4;
    let header_at = key_at + key.len();
    let saved_key_len = u32::from_le_bytes(file.get(MAGIC.len()..key_at)?.try_into().ok()?);
    if !file.starts_with(MAGIC)
        || saved_key_len as usize != key.len()
        || file.get(key_at..header_at)? != key
    {
        return None;
    }
    let header = Header::from_bytes(file.get(header_at..header_at + Header::LEN)?)?;
    let [report, entries, index] = header.ranges(header_at + Header::LEN)?;
    if index.end != file.len() || crc32fast::hash(&file[header_at + Header::LEN..]) != header.crc {
        return None;
    }
    let report = Checked::<ArchivedLoadReport>::check(bytes.slice(report)?).ok()?;
    let report = rkyv::deserialize::<LoadReport, archive::ArchiveError>(report.get()).ok()?;
    let base = KnowledgeBase::from_bytes(bytes.slice(entries)?)?;
    let index = Checked::<ArchivedSearchIndex>::check(bytes.slice(index)?).ok()?;
    (index.get().entry_count() == base.len()).then_some(Loaded {
        base,
        report,
        index,
    })
}

/// Saves atomically: a reader sees the old file or the new one, never half of one.
fn write(dir: &Path, path: &Path, key: &[u8], loaded: &Loaded) -> std::io::Result<()> {
    let report = archive::archive(&loaded.report, 0).map_err(std::io::Error::other)?;
    let archives = [
        report.bytes(),
        loaded.base.entries().bytes(),
        loaded.index.bytes(),
    ];
    let header_end = MAGIC.len() + 4 + key.len() + Header::LEN;
    let mut header = Header {
        report_len: archives[0].len() as u64,
        entries_len: archives[1].len() as u64,
        index_len: archives[2].len() as u64,
        crc: 0,
    };
    let ranges = header.ranges(header_end).ok_or_else(|| {
        std::io::Error::other("the knowledge is too large for a cache file on this machine")
    })?;
    // What follows the header, padding included, as `read` finds it.
    let mut body: Vec<&[u8]> = Vec::new();
    let mut at = header_end;
    for (range, archive) in ranges.into_iter().zip(archives) {
        body.push(&[0; ALIGN][..range.start - at]);
        body.push(archive);
        at = range.end;
    }
    let mut crc = crc32fast::Hasher::new();
    body.iter().for_each(|piece| crc.update(piece));
    header.crc = crc.finalize();
    fs::create_dir_all(dir)?;
    let mut file = tempfile::NamedTempFile::new_in(dir)?;
    let mut out = BufWriter::new(file.as_file_mut());
    out.write_all(MAGIC)?;
    out.write_all(&(key.len() as u32).to_le_bytes())?;
    out.write_all(key)?;
    out.write_all(&header.to_bytes())?;
    for piece in body {
        out.write_all(piece)?;
    }
    out.flush()?;
    drop(out);
    file.persist(path).map_err(|err| err.error)?;
    Ok(())
}
