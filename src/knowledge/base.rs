//! The loaded knowledge: shipped packs, overridden and extended by the user's packs.

use super::diagnostic::{Diagnostic, Effect, Location, Problem};
use super::entries::{archived_size, Contents, Entries};
use super::model::{Entry, Kind, Platform};
use super::parse::{LocatedEntry, ParsedFile};
use super::source::{shipped_packs, user_packs, Layer, PackFile};
use crate::archive::{ArchiveBytes, ArchiveError};
use crate::work::in_order_on_all_cores;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::PathBuf;

/// Parses pack files on all cores; files are independent until their entries are merged.
fn parse_in_parallel(packs: &[PackFile]) -> Vec<ParsedFile> {
    let mut parsed = Vec::with_capacity(packs.len());
    in_order_on_all_cores(
        packs.len(),
        |number| packs[number].parse(),
        |file| parsed.push(file),
    );
    parsed
}

/// How much knowledge one load may hold.
#[derive(Debug, Clone, Copy)]
struct KnowledgeLimits {
    entries: usize,
    /// Archived entry bytes, as [`archived_size`] counts them.
    bytes: usize,
}

impl KnowledgeLimits {
    /// What the search index can number (entries in 26 bits) and what an archive can hold
    /// (offsets in 32 bits; the index can be several times the size of the entries).
    const INDEX: KnowledgeLimits = KnowledgeLimits {
        entries: MAX_ENTRIES,
        bytes: 256 << 20,
    };
}

/// The most entries one load may hold: the search index numbers entries in 26 bits.
pub const MAX_ENTRIES: usize = (1 << 26) - 1;

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
#[derive(
    Debug,
    Clone,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    rkyv::Archive,
    rkyv::Serialize,
    rkyv::Deserialize,
)]
pub struct Origin {
    pub location: Location,
    pub layer: Layer,
    /// The shipped entry this one replaces, if any.
    pub replaces: Option<Location>,
}

/// One file that was read, and how many entries it gave.
#[derive(
    Debug,
    Clone,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    rkyv::Archive,
    rkyv::Serialize,
    rkyv::Deserialize,
)]
pub struct FileReport {
    pub name: String,
    /// Archived as text: a path that is not UTF-8 keeps the knowledge out of the cache.
    #[rkyv(with = rkyv::with::Map<rkyv::with::AsString>)]
    pub path: Option<PathBuf>,
    pub layer: Layer,
    pub entries: usize,
}

/// Everything the loader read and every problem it found.
#[derive(
    Debug, Clone, Default, Serialize, Deserialize, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize,
)]
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

/// The knowledge the tool answers from, in its archived form.
#[derive(Debug, Clone, Default)]
pub struct KnowledgeBase {
    entries: Entries,
}

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
        KnowledgeBase::from_packs_within(packs, report, KnowledgeLimits::INDEX)
    }

    /// [`KnowledgeBase::from_packs`] within `limits`: a file that would pass them is skipped
    /// with a problem, so the search index is never built over more than it can number.
    fn from_packs_within(
        packs: &[PackFile],
        report: &mut LoadReport,
        limits: KnowledgeLimits,
    ) -> KnowledgeBase {
        let mut merged = Merged::default();
        let mut taken = KnowledgeLimits {
            entries: 0,
            bytes: 0,
        };
        let mut related_locations = Vec::new();
        let files = parse_in_parallel(packs);
        // Sized once: growing a vector of 100,000 entries by doubling holds two copies at once.
        let count = files.iter().map(|file| file.entries.len()).sum();
        merged.entries.reserve_exact(count);
        merged.origins.reserve_exact(count);
        merged.by_id.reserve(count);
        for (pack, mut file) in packs.iter().zip(files) {
            report.diagnostics.append(&mut file.diagnostics);
            let bytes: usize = file.entries.iter().map(|e| archived_size(&e.entry)).sum();
            let fits = taken.entries + file.entries.len() <= limits.entries
                && taken.bytes + bytes <= limits.bytes;
            if fits {
                taken.entries += file.entries.len();
                taken.bytes += bytes;
            } else {
                report.diagnostics.push(Diagnostic::new(
                    Location::new(&pack.name, 1, 1),
                    Problem::KnowledgeFull {
                        entries: limits.entries,
                        bytes: limits.bytes,
                    },
                    Effect::FileSkipped,
                ));
                file.entries.clear();
            }
            report.files.push(FileReport {
                name: pack.name.clone(),
                path: pack.path.clone(),
                layer: pack.layer,
                entries: file.entries.len(),
            });
            for entry in file.entries {
                if let Some(locations) = merged.insert(entry, pack.layer, report) {
                    related_locations.push(locations);
                }
            }
        }
        merged.drop_broken_links(related_locations, report);
        merged.add_reverse_links();
        report.put_in_file_order();
        let contents = Contents::new(merged.entries, merged.origins);
        KnowledgeBase {
            // The limits above keep every offset within what an archive holds.
            entries: Entries::archive(&contents).expect("knowledge within the limits archives"),
        }
    }

    /// A knowledge base from saved bytes; `None` if they do not hold knowledge.
    pub fn from_bytes(bytes: ArchiveBytes) -> Option<KnowledgeBase> {
        Entries::from_bytes(bytes).map(|entries| KnowledgeBase { entries })
    }

    pub fn entries(&self) -> &Entries {
        &self.entries
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.index_of(id).map(|index| self.entries.get(index))
    }

    /// The position of an entry in [`KnowledgeBase::entries`].
    pub fn index_of(&self, id: &str) -> Option<usize> {
        let by_id = &self.entries.contents().by_id;
        let found = by_id.binary_search_by(|n| self.entries.id(n.to_native() as usize).cmp(id));
        found.ok().map(|at| by_id[at].to_native() as usize)
    }

    /// Every id, in knowledge order, without decoding the entries.
    pub fn ids(&self) -> Vec<&str> {
        (0..self.len())
            .map(|number| self.entries.id(number))
            .collect()
    }

    pub fn origin(&self, id: &str) -> Option<Origin> {
        let archived = &self.entries.contents().origins[self.index_of(id)?];
        // Reading checked strings back cannot fail.
        Some(rkyv::deserialize::<Origin, ArchiveError>(archived).expect("a checked origin decodes"))
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
    entries: Vec<Entry>,
    origins: Vec<Origin>,
    by_id: HashMap<String, usize>,
}

impl Merged {
    /// Makes every `related` link mutual: whoever lands on either entry can walk to the other.
    fn add_reverse_links(&mut self) {
        let links: Vec<(usize, usize)> = (0..self.entries.len())
            .flat_map(|from| {
                self.entries[from]
                    .related
                    .iter()
                    .filter_map(|id| self.by_id.get(id).map(|&to| (from, to)))
                    .collect::<Vec<_>>()
            })
            .collect();
        for (from, to) in links {
            let back = self.entries[from].id.clone();
            if !self.entries[to].related.contains(&back) {
                self.entries[to].related.push(back);
            }
        }
    }

    /// Adds an entry; returns its `related` locations (keyed by id) if it was kept.
    fn insert(
        &mut self,
        located: LocatedEntry,
        layer: Layer,
        report: &mut LoadReport,
    ) -> Option<(String, Vec<Location>)> {
        let LocatedEntry {
            entry,
            location,
            related_locations,
        } = located;
        let id = entry.id.clone();
        let mut origin = Origin {
            location,
            layer,
            replaces: None,
        };
        match self.by_id.get(&id).copied() {
            Some(index) if self.origins[index].layer == Layer::Shipped && layer == Layer::User => {
                origin.replaces = Some(self.origins[index].location.clone());
                self.entries[index] = entry;
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
                self.by_id.insert(id.clone(), self.entries.len());
                self.entries.push(entry);
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
        for index in 0..self.entries.len() {
            let id = self.entries[index].id.clone();
            let related = std::mem::take(&mut self.entries[index].related);
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
            self.entries[index].related = kept;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pack(name: &str, ids: &[&str]) -> PackFile {
        let text: String = ids
            .iter()
            .map(|id| {
                format!("- id: {id}\n  kind: faq\n  platform: any\n  title: T\n  cause: C\n  steps: [S]\n")
            })
            .collect();
        PackFile::yaml(name, Layer::User, text.into_bytes())
    }

    #[test]
    fn a_file_past_the_index_limits_is_skipped_with_a_problem() {
        let packs = [
            pack("a.yaml", &["a.1", "a.2"]),
            pack("b.yaml", &["b.1", "b.2"]),
            pack("c.yaml", &["c.1"]),
        ];
        let mut report = LoadReport::default();
        let limits = KnowledgeLimits {
            entries: 3,
            bytes: usize::MAX,
        };
        let base = KnowledgeBase::from_packs_within(&packs, &mut report, limits);
        assert_eq!(base.ids(), ["a.1", "a.2", "c.1"]);
        let problems: Vec<String> = report.diagnostics.iter().map(ToString::to_string).collect();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].starts_with("b.yaml:1:1: the packs loaded before this one fill what the search index holds (3 entries"), "{}", problems[0]);
        assert!(problems[0].ends_with("(file skipped)"), "{}", problems[0]);

        let mut report = LoadReport::default();
        let tight = KnowledgeLimits {
            entries: usize::MAX,
            bytes: 1,
        };
        assert!(KnowledgeBase::from_packs_within(&packs, &mut report, tight).is_empty());
        assert_eq!(report.diagnostics.len(), 3);
    }
}
