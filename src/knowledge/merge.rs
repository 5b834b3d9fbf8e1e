//! Entries gathered from parsed pack files: user entries replace shipped ones, duplicates
//! are refused, links are checked and made mutual. The same merge runs in `build.rs` for the
//! shipped packs and at run time for the user's.

use super::diagnostic::{Diagnostic, Effect, Location, Problem};
use super::entries::{archived_size, Contents};
use super::model::Entry;
use super::parse::{LocatedEntry, ParsedFile};
use super::report::{FileReport, Layer, LoadReport, Origin};
use std::collections::HashMap;

/// How much knowledge one load may hold.
#[derive(Debug, Clone, Copy)]
pub struct KnowledgeLimits {
    pub entries: usize,
    /// Archived entry bytes, as [`archived_size`] counts them.
    pub bytes: usize,
}

impl KnowledgeLimits {
    /// What the search index can number (entries in 26 bits) and what an archive can hold
    /// (offsets in 32 bits; the index can be several times the size of the entries).
    pub const INDEX: KnowledgeLimits = KnowledgeLimits {
        entries: MAX_ENTRIES,
        bytes: 256 << 20,
    };
}

/// The most entries one load may hold: the search index numbers entries in 26 bits.
pub const MAX_ENTRIES: usize = (1 << 26) - 1;

/// Merges parsed files in load order, each with the line it gets in the report (its `entries`
/// filled in here). A file that would pass `limits` is skipped with a problem.
pub fn merge(
    files: Vec<(FileReport, ParsedFile)>,
    report: &mut LoadReport,
    limits: KnowledgeLimits,
) -> Contents {
    let mut merged = Merged::default();
    let mut taken = KnowledgeLimits {
        entries: 0,
        bytes: 0,
    };
    let mut related_locations = Vec::new();
    // Sized once: growing a vector of 100,000 entries by doubling holds two copies at once.
    let count = files.iter().map(|(_, file)| file.entries.len()).sum();
    merged.entries.reserve_exact(count);
    merged.origins.reserve_exact(count);
    merged.by_id.reserve(count);
    for (mut file_report, mut file) in files {
        report.diagnostics.append(&mut file.diagnostics);
        let bytes: usize = file.entries.iter().map(|e| archived_size(&e.entry)).sum();
        let fits = taken.entries + file.entries.len() <= limits.entries
            && taken.bytes + bytes <= limits.bytes;
        if fits {
            taken.entries += file.entries.len();
            taken.bytes += bytes;
        } else {
            report.diagnostics.push(Diagnostic::new(
                Location::new(&file_report.name, 1, 1),
                Problem::KnowledgeFull {
                    entries: limits.entries,
                    bytes: limits.bytes,
                },
                Effect::FileSkipped,
            ));
            file.entries.clear();
        }
        file_report.entries = file.entries.len();
        let layer = file_report.layer;
        report.files.push(file_report);
        for entry in file.entries {
            if let Some(locations) = merged.insert(entry, layer, report) {
                related_locations.push(locations);
            }
        }
    }
    merged.drop_broken_links(related_locations, report);
    merged.add_reverse_links();
    report.put_in_file_order();
    Contents::new(merged.entries, merged.origins)
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
