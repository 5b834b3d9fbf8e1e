//! The loaded knowledge: shipped packs, overridden and extended by the user's packs.

use super::diagnostic::{Diagnostic, Effect, Location, Problem};
use super::model::{Entry, Kind, Platform};
use super::source::{shipped_packs, user_packs, Layer, PackFile};
use super::store::{EncodedEntry, EncodedFile, EntryStore};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Parses and encodes pack files on all cores; files are independent until their entries
/// are merged. Each worker takes the next unparsed file, so one large file does not leave a
/// core idle.
fn parse_in_parallel(packs: &[PackFile]) -> Vec<EncodedFile> {
    let parse = |pack: &PackFile| EncodedFile::new(pack.parse());
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if threads < 2 || packs.len() < 2 {
        return packs.iter().map(parse).collect();
    }
    let next = AtomicUsize::new(0);
    let take_files = || {
        let mut parsed = Vec::new();
        loop {
            let number = next.fetch_add(1, Ordering::Relaxed);
            let Some(pack) = packs.get(number) else {
                return parsed;
            };
            parsed.push((number, parse(pack)));
        }
    };
    let mut parsed: Vec<(usize, EncodedFile)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads.min(packs.len()))
            .map(|_| scope.spawn(take_files))
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| worker.join().expect("parsing never panics"))
            .collect()
    });
    parsed.sort_unstable_by_key(|&(number, _)| number);
    parsed.into_iter().map(|(_, file)| file).collect()
}

/// Which packs to load.
#[derive(Debug, Clone)]
pub struct Sources {
    /// Load the packs embedded in the binary.
    pub shipped: bool,
    /// User pack directories or files, in order; later ones win over earlier ones.
    pub user: Vec<PathBuf>,
}

impl Default for Sources {
    fn default() -> Self {
        Sources {
            shipped: true,
            user: Vec::new(),
        }
    }
}

impl Sources {
    /// The pack files the sources name, in load order (nothing is read yet), and the
    /// directories that could not be listed.
    pub fn packs(&self) -> (Vec<PackFile>, Vec<Diagnostic>) {
        let mut packs = Vec::new();
        let mut problems = Vec::new();
        if self.shipped {
            packs.extend(shipped_packs());
        }
        for dir in &self.user {
            let (files, found) = user_packs(dir);
            packs.extend(files);
            problems.extend(found);
        }
        (packs, problems)
    }
}

/// Where a loaded entry came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Origin {
    pub location: Location,
    pub layer: Layer,
    /// The shipped entry this one replaces, if any.
    pub replaces: Option<Location>,
}

/// One file that was read, and how many entries it gave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileReport {
    pub name: String,
    pub path: Option<PathBuf>,
    pub layer: Layer,
    pub entries: usize,
}

/// Everything the loader read and every problem it found.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct LoadReport {
    pub files: Vec<FileReport>,
    pub diagnostics: Vec<Diagnostic>,
}

impl LoadReport {
    pub fn is_clean(&self) -> bool {
        self.diagnostics.is_empty()
    }

    /// Adds problems found outside the files (folders that could not be listed).
    pub fn add_problems(&mut self, problems: Vec<Diagnostic>) {
        self.diagnostics.extend(problems);
        self.put_in_file_order();
    }

    fn put_in_file_order(&mut self) {
        self.diagnostics.sort_by(|a, b| a.location.cmp(&b.location));
    }
}

/// The knowledge the tool answers from.
#[derive(Debug, Clone, Default)]
pub struct KnowledgeBase {
    entries: EntryStore,
    origins: Vec<Origin>,
    by_id: HashMap<String, usize>,
}

/// What a knowledge base keeps besides its entries, as saved.
pub type SavedBase = (Vec<Origin>, HashMap<String, usize>);

impl KnowledgeBase {
    /// Loads the packs named by `sources`. Problems never stop the load: they are reported.
    pub fn load(sources: &Sources) -> (KnowledgeBase, LoadReport) {
        let (packs, problems) = sources.packs();
        let mut report = LoadReport {
            diagnostics: problems,
            ..LoadReport::default()
        };
        let base = Self::from_packs(&packs, &mut report);
        (base, report)
    }

    /// Builds the knowledge from pack files already in memory.
    pub fn from_packs(packs: &[PackFile], report: &mut LoadReport) -> KnowledgeBase {
        let mut merged = Merged::default();
        let mut related_locations = Vec::new();
        let files = parse_in_parallel(packs);
        // Sized once: growing a vector of 100,000 entries by doubling holds two copies at once.
        let count = files.iter().map(|file| file.entries.len()).sum();
        merged.store.reserve_exact(count);
        merged.ids.reserve_exact(count);
        merged.origins.reserve_exact(count);
        merged.by_id.reserve(count);
        for (pack, mut file) in packs.iter().zip(files) {
            report.diagnostics.append(&mut file.diagnostics);
            report.files.push(FileReport {
                name: pack.name.clone(),
                path: pack.path.clone(),
                layer: pack.layer,
                entries: file.entries.len(),
            });
            let chunk = merged.store.add_file(&mut file);
            for entry in file.entries {
                if let Some(locations) = merged.insert(entry, chunk, pack.layer, report) {
                    related_locations.push(locations);
                }
            }
        }
        merged.drop_broken_links(related_locations, report);
        merged.add_reverse_links();
        report.put_in_file_order();
        KnowledgeBase {
            entries: merged.store,
            origins: merged.origins,
            by_id: merged.by_id,
        }
    }

    /// A knowledge base from saved parts; `None` if they do not fit together.
    pub fn from_saved((origins, by_id): SavedBase, entries: EntryStore) -> Option<KnowledgeBase> {
        let fits = origins.len() == entries.len()
            && by_id.len() == entries.len()
            && by_id.values().all(|&number| number < entries.len());
        fits.then_some(KnowledgeBase {
            entries,
            origins,
            by_id,
        })
    }

    /// What is saved besides the entries.
    pub fn saved(&self) -> (&[Origin], &HashMap<String, usize>) {
        (&self.origins, &self.by_id)
    }

    pub fn entries(&self) -> &EntryStore {
        &self.entries
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.by_id.get(id).map(|&index| self.entries.get(index))
    }

    /// The position of an entry in [`KnowledgeBase::entries`].
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// Every id, in knowledge order, without decoding the entries.
    pub fn ids(&self) -> Vec<&str> {
        let mut ids = vec![""; self.len()];
        for (id, &number) in &self.by_id {
            ids[number] = id;
        }
        ids
    }

    pub fn origin(&self, id: &str) -> Option<&Origin> {
        self.by_id.get(id).map(|&index| &self.origins[index])
    }

    /// Positions of the entries of a platform and kind, in knowledge order; nothing is
    /// decoded to find them.
    pub fn filtered_positions(
        &self,
        platform: Option<Platform>,
        kind: Option<Kind>,
    ) -> impl Iterator<Item = usize> + '_ {
        (0..self.entries.len()).filter(move |&number| {
            platform.is_none_or(|p| self.entries.platform(number) == p)
                && kind.is_none_or(|k| self.entries.kind(number) == k)
        })
    }

    /// Entries narrowed by platform and kind, in knowledge order.
    pub fn filtered(
        &self,
        platform: Option<Platform>,
        kind: Option<Kind>,
    ) -> impl Iterator<Item = &Entry> {
        self.filtered_positions(platform, kind)
            .map(|number| self.entries.get(number))
    }

    /// The setup steps in the order an admin follows them.
    pub fn setup_guide(&self) -> Vec<&Entry> {
        let mut steps: Vec<&Entry> = self.filtered(None, Some(Kind::SetupStep)).collect();
        steps.sort_by_key(|entry| entry.order.unwrap_or(u32::MAX));
        steps
    }
}

/// Entries being gathered from packs: overrides applied, duplicates refused, links checked.
#[derive(Default)]
struct Merged {
    store: EntryStore,
    /// The id of each entry in the store.
    ids: Vec<String>,
    origins: Vec<Origin>,
    by_id: HashMap<String, usize>,
}

impl Merged {
    /// Makes every `related` link mutual: whoever lands on either entry can walk to the other.
    fn add_reverse_links(&mut self) {
        let links: Vec<(usize, usize)> = (0..self.store.len())
            .flat_map(|from| {
                self.store
                    .related(from)
                    .iter()
                    .filter_map(|id| self.by_id.get(id).map(|&to| (from, to)))
                    .collect::<Vec<_>>()
            })
            .collect();
        for (from, to) in links {
            let back = &self.ids[from];
            if !self.store.related(to).contains(back) {
                self.store.related_mut(to).push(back.clone());
            }
        }
    }

    /// Adds an entry of the file added as `chunk`; returns its `related` locations (keyed by
    /// id) if it was kept.
    fn insert(
        &mut self,
        mut entry: EncodedEntry,
        chunk: usize,
        layer: Layer,
        report: &mut LoadReport,
    ) -> Option<(String, Vec<Location>)> {
        let id = std::mem::take(&mut entry.id);
        let related_locations = std::mem::take(&mut entry.related_locations);
        let mut origin = Origin {
            location: entry.location.clone(),
            layer,
            replaces: None,
        };
        match self.by_id.get(&id).copied() {
            Some(index) if self.origins[index].layer == Layer::Shipped && layer == Layer::User => {
                origin.replaces = Some(self.origins[index].location.clone());
                self.store.replace(index, chunk, entry);
                self.origins[index] = origin;
            }
            Some(index) => {
                report.diagnostics.push(Diagnostic::new(
                    origin.location,
                    Problem::DuplicateId {
                        id,
                        first: self.origins[index].location.clone(),
                    },
                    Effect::EntrySkipped,
                ));
                return None;
            }
            None => {
                self.by_id.insert(id.clone(), self.store.len());
                self.ids.push(id.clone());
                self.store.push(chunk, entry);
                self.origins.push(origin);
            }
        }
        Some((id, related_locations))
    }

    /// Removes `related` links that point nowhere, reporting each at its line.
    fn drop_broken_links(
        &mut self,
        related_locations: Vec<(String, Vec<Location>)>,
        report: &mut LoadReport,
    ) {
        // The last record of an id is the one that stayed (a user override replaces shipped).
        let locations: HashMap<String, Vec<Location>> = related_locations.into_iter().collect();
        for index in 0..self.store.len() {
            let id = self.ids[index].clone();
            let related = std::mem::take(self.store.related_mut(index));
            let mut kept = Vec::with_capacity(related.len());
            for (position, target) in related.into_iter().enumerate() {
                let problem = if target == id {
                    Some(Problem::SelfRelated { id: id.clone() })
                } else if !self.by_id.contains_key(&target) {
                    Some(Problem::UnknownRelated {
                        id: id.clone(),
                        target: target.clone(),
                    })
                } else {
                    None
                };
                match problem {
                    Some(problem) => {
                        let location = locations
                            .get(&id)
                            .and_then(|l| l.get(position))
                            .cloned()
                            .unwrap_or_else(|| self.origins[index].location.clone());
                        report.diagnostics.push(Diagnostic::new(
                            location,
                            problem,
                            Effect::LinkIgnored,
                        ));
                    }
                    None if kept.contains(&target) => {}
                    None => kept.push(target),
                }
            }
            *self.store.related_mut(index) = kept;
        }
    }
}
