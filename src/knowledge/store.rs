//! Entries kept encoded and decoded the first time each is read. A search over 100,000
//! entries shows ten of them: building the others as structs of strings would cost most of
//! the memory and, when they come from the cache, most of the start-up time.

use super::model::{Entry, Kind, Platform};
use std::sync::OnceLock;

/// The entries of a knowledge base, in order.
#[derive(Debug, Clone, Default)]
pub struct EntryStore {
    /// Every entry encoded with postcard, back to back.
    encoded: Vec<u8>,
    /// Where each entry's encoding ends in `encoded`.
    ends: Vec<usize>,
    /// What listing by platform and kind needs, without decoding.
    facts: Vec<(Platform, Kind)>,
    decoded: Vec<OnceLock<Box<Entry>>>,
}

/// The parts of a store as saved: the encoded entries, then where each ends and its facts.
pub type SavedStore = (Vec<u8>, Vec<usize>, Vec<(Platform, Kind)>);

impl EntryStore {
    pub fn new(entries: Vec<Entry>) -> EntryStore {
        let mut store = EntryStore::default();
        store.ends.reserve_exact(entries.len());
        store.facts.reserve_exact(entries.len());
        for entry in entries {
            store.encoded = postcard::to_extend(&entry, std::mem::take(&mut store.encoded))
                .expect("an entry always encodes");
            store.ends.push(store.encoded.len());
            store.facts.push((entry.platform, entry.kind));
        }
        store.encoded.shrink_to_fit();
        store.decoded = std::iter::repeat_with(OnceLock::new)
            .take(store.ends.len())
            .collect();
        store
    }

    /// A store from saved parts; `None` if the parts do not fit together. (Whether the bytes
    /// are the ones saved is for the saver to check: decoding every entry here would undo
    /// the point of the store.)
    pub fn from_saved((encoded, ends, facts): SavedStore) -> Option<EntryStore> {
        let fits = ends.len() == facts.len()
            && ends.is_sorted()
            && ends.last().copied().unwrap_or(0) == encoded.len();
        fits.then(|| EntryStore {
            decoded: std::iter::repeat_with(OnceLock::new)
                .take(ends.len())
                .collect(),
            encoded,
            ends,
            facts,
        })
    }

    pub fn into_saved(self) -> SavedStore {
        (self.encoded, self.ends, self.facts)
    }

    /// The saved parts, borrowed.
    pub fn saved(&self) -> (&[u8], &[usize], &[(Platform, Kind)]) {
        (&self.encoded, &self.ends, &self.facts)
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Entry `number`, decoded once and kept. Panics if there is no such entry, like indexing.
    pub fn get(&self, number: usize) -> &Entry {
        self.decoded[number].get_or_init(|| Box::new(self.decode(number)))
    }

    /// Entry `number` decoded afresh and not kept: for passes over every entry.
    pub fn decode(&self, number: usize) -> Entry {
        let start = number.checked_sub(1).map_or(0, |before| self.ends[before]);
        postcard::from_bytes(&self.encoded[start..self.ends[number]])
            .unwrap_or_else(|_| self.undecodable(number))
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
    use crate::knowledge::{KnowledgeBase, Sources};

    fn shipped_entries() -> Vec<Entry> {
        let (base, _) = KnowledgeBase::load(&Sources::default());
        base.entries().iter().cloned().collect()
    }

    #[test]
    fn entries_read_back_as_they_were_stored() {
        let entries = shipped_entries();
        let store = EntryStore::new(entries.clone());
        assert_eq!(store.len(), entries.len());
        for (number, entry) in entries.iter().enumerate().rev() {
            assert_eq!(store.get(number), entry);
            assert_eq!(&store.decode(number), entry);
            assert_eq!(
                (store.platform(number), store.kind(number)),
                (entry.platform, entry.kind)
            );
        }
        let (encoded, ends, facts) = store.saved();
        let saved = (encoded.to_vec(), ends.to_vec(), facts.to_vec());
        assert_eq!(EntryStore::from_saved(saved), Some(store));
    }

    #[test]
    fn saved_parts_that_do_not_fit_are_refused() {
        let (encoded, ends, facts) = EntryStore::new(shipped_entries()).into_saved();
        let mut short = encoded.clone();
        short.pop();
        assert!(EntryStore::from_saved((short, ends.clone(), facts.clone())).is_none());
        let mut unsorted = ends.clone();
        unsorted.swap(0, 1);
        assert!(EntryStore::from_saved((encoded.clone(), unsorted, facts.clone())).is_none());
        assert!(EntryStore::from_saved((encoded, ends, facts[1..].to_vec())).is_none());
    }

    #[test]
    fn bytes_that_do_not_decode_show_as_a_damaged_entry() {
        let facts = vec![(Platform::Ios, Kind::Dialog)];
        let store = EntryStore::from_saved((vec![0xff; 3], vec![3], facts)).expect("fits");
        let entry = store.get(0);
        assert_eq!((entry.platform, entry.kind), (Platform::Ios, Kind::Dialog));
        assert!(entry.steps.concat().contains("--no-cache"), "{entry:?}");
    }
}
