//! The loaded knowledge: shipped packs, overridden and extended by the user's packs.

use super::diagnostic::{Diagnostic, Effect, Location, Problem};
use super::model::{Entry, Kind, Platform};
use super::parse::{LocatedEntry, ParsedFile};
use super::source::{shipped_packs, user_packs, Layer, PackFile};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::PathBuf;

/// Parses pack files on all cores; files are independent until their entries are merged.
fn parse_in_parallel(packs: &[PackFile]) -> Vec<ParsedFile> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if threads < 2 || packs.len() < 2 {
        return packs.iter().map(PackFile::parse).collect();
    }
    let chunk = packs.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let workers: Vec<_> = packs
            .chunks(chunk)
            .map(|files| scope.spawn(move || files.iter().map(PackFile::parse).collect::<Vec<_>>()))
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| worker.join().expect("parsing never panics"))
            .collect()
    })
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
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct KnowledgeBase {
    entries: Vec<Entry>,
    origins: Vec<Origin>,
    by_id: HashMap<String, usize>,
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
        let mut base = KnowledgeBase::default();
        let mut related_locations = Vec::new();
        let parsed_files = parse_in_parallel(packs);
        // Sized once: growing a vector of 100,000 entries by doubling holds two copies at once.
        let count = parsed_files.iter().map(|p| p.entries.len()).sum();
        base.entries.reserve_exact(count);
        base.origins.reserve_exact(count);
        base.by_id.reserve(count);
        for (pack, parsed) in packs.iter().zip(parsed_files) {
            report.diagnostics.extend(parsed.diagnostics);
            report.files.push(FileReport {
                name: pack.name.clone(),
                path: pack.path.clone(),
                layer: pack.layer,
                entries: parsed.entries.len(),
            });
            for located in parsed.entries {
                if let Some(locations) = base.insert(located, pack.layer, report) {
                    related_locations.push(locations);
                }
            }
        }
        base.drop_broken_links(related_locations, report);
        base.add_reverse_links();
        report.put_in_file_order();
        base
    }

    /// Makes every `related` link mutual: whoever lands on either entry can walk to the other.
    fn add_reverse_links(&mut self) {
        let links: Vec<(usize, usize)> = self
            .entries
            .iter()
            .enumerate()
            .flat_map(|(from, entry)| {
                entry
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

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.by_id.get(id).map(|&index| &self.entries[index])
    }

    /// The position of an entry in [`KnowledgeBase::entries`].
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    pub fn origin(&self, id: &str) -> Option<&Origin> {
        self.by_id.get(id).map(|&index| &self.origins[index])
    }

    /// Entries narrowed by platform and kind, in knowledge order.
    pub fn filtered(
        &self,
        platform: Option<Platform>,
        kind: Option<Kind>,
    ) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(move |entry| {
            platform.is_none_or(|p| entry.platform == p) && kind.is_none_or(|k| entry.kind == k)
        })
    }

    /// The setup steps in the order an admin follows them.
    pub fn setup_guide(&self) -> Vec<&Entry> {
        let mut steps: Vec<&Entry> = self.filtered(None, Some(Kind::SetupStep)).collect();
        steps.sort_by_key(|entry| entry.order.unwrap_or(u32::MAX));
        steps
    }
}
