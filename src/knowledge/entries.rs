//! The entries of a knowledge base, read in place from their archive. A search over 100,000
//! entries shows ten of them, so an entry is decoded into an [`Entry`] only when it is asked
//! for; listing by id, platform or kind reads the archive itself.

use super::model::{Entry, Kind, Platform};
use super::report::Origin;
use crate::archive::{self, ArchiveBytes, ArchiveError, Checked};
use std::sync::OnceLock;

/// About how many bytes an entry takes archived (its text, and a generous allowance for each
/// string's and list's place): what keeps the archive within its 32-bit offsets.
pub(super) fn archived_size(entry: &Entry) -> usize {
    const PER_STRING: usize = 16;
    const PER_ENTRY: usize = 256;
    let lists = [
        &entry.messages,
        &entry.codes,
        &entry.symptoms,
        &entry.steps,
        &entry.verify,
        &entry.notes,
        &entry.related,
        &entry.sources,
    ];
    let strings = [&entry.id, &entry.title, &entry.cause]
        .into_iter()
        .chain(lists.into_iter().flatten())
        .chain(entry.server.iter().flat_map(|server| &server.user_message));
    PER_ENTRY + strings.map(|text| text.len() + PER_STRING).sum::<usize>()
}

/// The knowledge as archived.
#[derive(rkyv::Archive, rkyv::Serialize)]
pub(super) struct Contents {
    pub entries: Vec<Entry>,
    /// Where each entry came from.
    pub origins: Vec<Origin>,
    /// Entry numbers in the order of their ids, for lookups by binary search.
    pub by_id: Vec<u32>,
}

impl Contents {
    /// The contents of `entries`, ids sorted for lookups.
    pub fn new(entries: Vec<Entry>, origins: Vec<Origin>) -> Contents {
        let mut by_id: Vec<u32> = (0..entries.len() as u32).collect();
        by_id.sort_unstable_by(|&a, &b| entries[a as usize].id.cmp(&entries[b as usize].id));
        Contents {
            entries,
            origins,
            by_id,
        }
    }
}

/// The entries of a knowledge base, in order.
#[derive(Debug, Clone)]
pub struct Entries {
    contents: Checked<ArchivedContents>,
    decoded: Vec<OnceLock<Box<Entry>>>,
}

impl Default for Entries {
    fn default() -> Entries {
        Entries::archive(&Contents::new(Vec::new(), Vec::new())).expect("nothing always archives")
    }
}

impl Entries {
    pub(super) fn archive(contents: &Contents) -> Result<Entries, ArchiveError> {
        const PER_ORIGIN: usize = 64;
        let entries: usize = contents.entries.iter().map(archived_size).sum();
        let size_hint = entries + contents.origins.len() * PER_ORIGIN;
        archive::archive(contents, size_hint).map(Entries::from_checked)
    }

    /// Entries from saved bytes, if they hold knowledge that fits together.
    pub(super) fn from_bytes(bytes: ArchiveBytes) -> Option<Entries> {
        let contents = Checked::<ArchivedContents>::check(bytes).ok()?;
        let archived = contents.get();
        let count = archived.entries.len();
        let fits = archived.origins.len() == count
            && archived.by_id.len() == count
            && archived
                .by_id
                .iter()
                .all(|n| (n.to_native() as usize) < count)
            && archived.by_id.windows(2).all(|pair| {
                let id =
                    |n: &rkyv::Archived<u32>| archived.entries[n.to_native() as usize].id.as_str();
                id(&pair[0]) < id(&pair[1])
            });
        fits.then(|| Entries::from_checked(contents))
    }

    fn from_checked(contents: Checked<ArchivedContents>) -> Entries {
        let count = contents.get().entries.len();
        Entries {
            decoded: std::iter::repeat_with(OnceLock::new).take(count).collect(),
            contents,
        }
    }

    pub(super) fn contents(&self) -> &ArchivedContents {
        self.contents.get()
    }

    /// The archive's bytes, as saved.
    pub fn bytes(&self) -> &[u8] {
        self.contents.bytes()
    }

    pub fn len(&self) -> usize {
        self.decoded.len()
    }

    pub fn is_empty(&self) -> bool {
        self.decoded.is_empty()
    }

    /// Entry `number`, decoded once and kept. Panics if there is no such entry, like indexing.
    pub fn get(&self, number: usize) -> &Entry {
        self.decoded[number].get_or_init(|| Box::new(self.decode(number)))
    }

    /// Entry `number` decoded afresh and not kept: for passes over every entry.
    pub fn decode(&self, number: usize) -> Entry {
        let archived = &self.contents().entries[number];
        // Reading checked strings and lists back cannot fail.
        rkyv::deserialize::<Entry, ArchiveError>(archived).expect("a checked entry decodes")
    }

    /// Where entry `number` came from.
    pub fn origin(&self, number: usize) -> Origin {
        let archived = &self.contents().origins[number];
        // Reading checked strings back cannot fail.
        rkyv::deserialize::<Origin, ArchiveError>(archived).expect("a checked origin decodes")
    }

    pub fn id(&self, number: usize) -> &str {
        &self.contents().entries[number].id
    }

    pub fn platform(&self, number: usize) -> Platform {
        self.contents().entries[number].platform.native()
    }

    pub fn kind(&self, number: usize) -> Kind {
        self.contents().entries[number].kind.native()
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = &Entry> + DoubleEndedIterator {
        (0..self.len()).map(|number| self.get(number))
    }
}

impl<'a> IntoIterator for &'a Entries {
    type Item = &'a Entry;
    type IntoIter = Box<dyn Iterator<Item = &'a Entry> + 'a>;

    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}

impl PartialEq for Entries {
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}
