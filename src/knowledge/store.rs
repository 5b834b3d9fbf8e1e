//! Entries kept encoded and decoded the first time each is read. A search over 100,000
//! entries shows ten of them: building the others as structs of strings would cost most of
//! the memory and, when they come from the cache, most of the start-up time.

use super::diagnostic::{Diagnostic, Location};
use super::model::{Entry, Kind, Platform};
use super::parse::{LocatedEntry, ParsedFile};
use std::sync::OnceLock;

/// One pack file's entries, encoded as soon as the file is parsed, so that a large load
/// never holds every entry as strings at once.
#[derive(Debug, Default)]
pub struct EncodedFile {
    bytes: Vec<u8>,
    pub entries: Vec<EncodedEntry>,
    pub diagnostics: Vec<Diagnostic>,
}

/// An entry of an [`EncodedFile`], with what merging needs of it in the clear.
#[derive(Debug)]
pub struct EncodedEntry {
    pub id: String,
    /// Kept apart from the encoded entry: merging checks links and adds the reverse ones.
    pub related: Vec<String>,
    /// Where the entry's `id` is written.
    pub location: Location,
    /// Where each `related` id is written.
    pub related_locations: Vec<Location>,
    facts: Facts,
    place: Place,
}

impl EncodedFile {
    /// The size of the file's entries, encoded.
    pub fn encoded_len(&self) -> usize {
        self.bytes.len()
    }

    pub fn new(parsed: ParsedFile) -> EncodedFile {
        let mut file = EncodedFile {
            diagnostics: parsed.diagnostics,
            ..EncodedFile::default()
        };
        file.entries.reserve_exact(parsed.entries.len());
        for LocatedEntry {
            mut entry,
            location,
            related_locations,
        } in parsed.entries
        {
            let related = std::mem::take(&mut entry.related);
            let start = file.bytes.len();
            file.bytes = postcard::to_extend(&entry, std::mem::take(&mut file.bytes))
                .expect("an entry always encodes");
            file.entries.push(EncodedEntry {
                id: entry.id,
                related,
                location,
                related_locations,
                facts: (entry.platform, entry.kind),
                place: Place {
                    chunk: 0,
                    start,
                    end: file.bytes.len(),
                },
            });
        }
        file.bytes.shrink_to_fit();
        file
    }
}

/// What listing by platform and kind needs of an entry.
pub type Facts = (Platform, Kind);

/// Where an encoded entry is: which chunk, and the byte range in it.
#[derive(Debug, Clone, Copy, Default)]
struct Place {
    chunk: usize,
    start: usize,
    end: usize,
}

/// The entries of a knowledge base, in order.
#[derive(Debug, Clone, Default)]
pub struct EntryStore {
    /// Encoded entries (postcard, `related` left out): one chunk per pack file, or one for all
    /// when read back from the cache.
    chunks: Vec<Vec<u8>>,
    places: Vec<Place>,
    /// What listing by platform and kind needs, without decoding.
    facts: Vec<Facts>,
    related: Vec<Vec<String>>,
    decoded: Vec<OnceLock<Box<Entry>>>,
}

/// A store as saved: the entries' bytes back to back, where each ends, their facts and links.
pub type SavedStore = (Vec<u8>, Vec<usize>, Vec<(Platform, Kind)>, Vec<Vec<String>>);

impl EntryStore {
    /// Takes on a file's encoded bytes; returns the chunk its entries are to name.
    pub fn add_file(&mut self, file: &mut EncodedFile) -> usize {
        self.chunks.push(std::mem::take(&mut file.bytes));
        self.chunks.len() - 1
    }

    /// Appends an entry of the file added as `chunk`.
    pub fn push(&mut self, chunk: usize, entry: EncodedEntry) {
        self.places.push(Place {
            chunk,
            ..entry.place
        });
        self.facts.push(entry.facts);
        self.related.push(entry.related);
        self.decoded.push(OnceLock::new());
    }

    /// Puts an entry of the file added as `chunk` in the place of entry `number`.
    pub fn replace(&mut self, number: usize, chunk: usize, entry: EncodedEntry) {
        self.places[number] = Place {
            chunk,
            ..entry.place
        };
        self.facts[number] = entry.facts;
        self.related[number] = entry.related;
        self.decoded[number] = OnceLock::new();
    }

    pub fn reserve_exact(&mut self, count: usize) {
        self.places.reserve_exact(count);
        self.facts.reserve_exact(count);
        self.related.reserve_exact(count);
        self.decoded.reserve_exact(count);
    }

    /// The related ids of entry `number`.
    pub fn related(&self, number: usize) -> &[String] {
        &self.related[number]
    }

    pub fn related_mut(&mut self, number: usize) -> &mut Vec<String> {
        self.decoded[number] = OnceLock::new();
        &mut self.related[number]
    }

    /// A store from saved parts; `None` if the parts do not fit together. (Whether the bytes
    /// are the ones saved is for the saver to check: decoding every entry here would undo
    /// the point of the store.)
    pub fn from_saved((encoded, ends, facts, related): SavedStore) -> Option<EntryStore> {
        let fits = ends.len() == facts.len()
            && ends.len() == related.len()
            && ends.is_sorted()
            && ends.last().copied().unwrap_or(0) == encoded.len();
        fits.then(|| EntryStore {
            places: (0..ends.len())
                .map(|number| Place {
                    chunk: 0,
                    start: number.checked_sub(1).map_or(0, |before| ends[before]),
                    end: ends[number],
                })
                .collect(),
            decoded: std::iter::repeat_with(OnceLock::new)
                .take(ends.len())
                .collect(),
            chunks: vec![encoded],
            facts,
            related,
        })
    }

    /// What is saved besides the bytes: where each entry will end, their facts and links.
    pub fn saved_parts(&self) -> (Vec<usize>, &[Facts], &[Vec<String>]) {
        let ends = self
            .places
            .iter()
            .scan(0, |end, place| {
                *end += place.end - place.start;
                Some(*end)
            })
            .collect();
        (ends, &self.facts, &self.related)
    }

    /// The entries' bytes in order, as saved.
    pub fn saved_bytes(&self) -> impl Iterator<Item = &[u8]> {
        (0..self.len()).map(|number| self.bytes_of(number))
    }

    fn bytes_of(&self, number: usize) -> &[u8] {
        let place = self.places[number];
        &self.chunks[place.chunk][place.start..place.end]
    }

    pub fn len(&self) -> usize {
        self.places.len()
    }

    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }

    /// Entry `number`, decoded once and kept. Panics if there is no such entry, like indexing.
    pub fn get(&self, number: usize) -> &Entry {
        self.decoded[number].get_or_init(|| Box::new(self.decode(number)))
    }

    /// Entry `number` decoded afresh and not kept: for passes over every entry.
    pub fn decode(&self, number: usize) -> Entry {
        let mut entry = postcard::from_bytes(self.bytes_of(number))
            .unwrap_or_else(|_| self.undecodable(number));
        entry.related.clone_from(&self.related[number]);
        entry
    }

    /// Stands in for an entry whose bytes were damaged after they were checked, so that
    /// the damage is shown instead of stopping the program.
    fn undecodable(&self, number: usize) -> Entry {
        let (platform, kind) = self.facts[number];
        Entry {
            id: format!("undecodable-entry-{number}"),
            kind,
            platform,
            title: "This entry could not be read back".to_string(),
            messages: Vec::new(),
            codes: Vec::new(),
            symptoms: Vec::new(),
            cause: "The saved knowledge is damaged.".to_string(),
            steps: vec!["Run the command again with --no-cache.".to_string()],
            verify: Vec::new(),
            notes: Vec::new(),
            order: None,
            server: None,
            related: Vec::new(),
            sources: Vec::new(),
        }
    }

    pub fn platform(&self, number: usize) -> Platform {
        self.facts[number].0
    }

    pub fn kind(&self, number: usize) -> Kind {
        self.facts[number].1
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = &Entry> + DoubleEndedIterator {
        (0..self.len()).map(|number| self.get(number))
    }
}

impl<'a> IntoIterator for &'a EntryStore {
    type Item = &'a Entry;
    type IntoIter = Box<dyn Iterator<Item = &'a Entry> + 'a>;

    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}

impl PartialEq for EntryStore {
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::parse_pack;

    const PACK: &str = "\
- id: team.proxy
  kind: admin-issue
  platform: entra
  title: Proxy blocks sign-in
  codes: [TEAM0001]
  cause: The proxy strips the token.
  steps: [Allow login.microsoftonline.com]
  related: [team.dns]
- id: team.dns
  kind: dialog
  platform: ios
  title: DNS filter blocks Intune
  cause: The filter drops the check-in.
  steps: [Allow the Intune endpoints]
";

    /// A store of the pack's entries, and the entries as parsed.
    fn stored(text: &str) -> (EntryStore, Vec<Entry>) {
        let parsed = parse_pack("team.yaml", text.as_bytes());
        let expected = parsed.entries.iter().map(|l| l.entry.clone()).collect();
        let mut file = EncodedFile::new(parsed);
        let mut store = EntryStore::default();
        let chunk = store.add_file(&mut file);
        for entry in file.entries {
            store.push(chunk, entry);
        }
        (store, expected)
    }

    fn saved(store: &EntryStore) -> SavedStore {
        let (ends, facts, related) = store.saved_parts();
        let bytes = store.saved_bytes().flatten().copied().collect();
        (bytes, ends, facts.to_vec(), related.to_vec())
    }

    #[test]
    fn entries_read_back_as_they_were_parsed() {
        let (store, expected) = stored(PACK);
        assert_eq!(store.len(), 2);
        for (number, entry) in expected.iter().enumerate().rev() {
            assert_eq!(store.get(number), entry);
            assert_eq!(&store.decode(number), entry);
            let facts = (store.platform(number), store.kind(number));
            assert_eq!(facts, (entry.platform, entry.kind));
        }
        assert_eq!(store.related(0), ["team.dns"]);
        assert_eq!(EntryStore::from_saved(saved(&store)), Some(store));
    }

    #[test]
    fn a_replaced_entry_and_changed_links_read_back_changed() {
        let (mut store, _) = stored(PACK);
        assert_eq!(store.get(0).codes, ["TEAM0001"]);
        let changed = PACK.replace("TEAM0001", "TEAM0009");
        let mut file = EncodedFile::new(parse_pack("other.yaml", changed.as_bytes()));
        let chunk = store.add_file(&mut file);
        store.replace(0, chunk, file.entries.remove(0));
        assert_eq!(store.get(0).codes, ["TEAM0009"]);
        assert!(store.get(1).related.is_empty());
        store.related_mut(1).push("team.proxy".to_string());
        assert_eq!(store.get(1).related, ["team.proxy"]);
        let read_back = EntryStore::from_saved(saved(&store)).expect("fits");
        assert_eq!(read_back.get(0).codes, ["TEAM0009"]);
        assert_eq!(read_back, store);
    }

    #[test]
    fn saved_parts_that_do_not_fit_are_refused() {
        let (encoded, ends, facts, related) = saved(&stored(PACK).0);
        let mut short = encoded.clone();
        short.pop();
        let refused = |parts: SavedStore| EntryStore::from_saved(parts).is_none();
        assert!(refused((
            short,
            ends.clone(),
            facts.clone(),
            related.clone()
        )));
        let unsorted = vec![ends[1], ends[0]];
        assert!(refused((
            encoded.clone(),
            unsorted,
            facts.clone(),
            related.clone()
        )));
        assert!(refused((
            encoded.clone(),
            ends.clone(),
            facts[1..].to_vec(),
            related.clone()
        )));
        assert!(refused((encoded, ends, facts, related[1..].to_vec())));
    }

    #[test]
    fn bytes_that_do_not_decode_show_as_a_damaged_entry() {
        let facts = vec![(Platform::Ios, Kind::Dialog)];
        let parts = (vec![0xff; 3], vec![3], facts, vec![Vec::new()]);
        let store = EntryStore::from_saved(parts).expect("fits");
        let entry = store.get(0);
        assert_eq!((entry.platform, entry.kind), (Platform::Ios, Kind::Dialog));
        assert!(entry.steps.concat().contains("--no-cache"), "{entry:?}");
    }
}
