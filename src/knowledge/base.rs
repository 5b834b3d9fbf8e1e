//! The loaded knowledge: shipped packs, overridden and extended by the user's packs.

use super::diagnostic::Diagnostic;
use super::entries::Entries;
use super::merge::{merge, KnowledgeLimits};
use super::model::{Entry, Kind, Platform};
use super::parse::ParsedFile;
use super::report::{ArchivedLoadReport, FileReport, LoadReport, Origin};
use super::source::{shipped_packs, user_packs, PackFile};
use crate::archive::{ArchiveBytes, ArchiveError, Checked};
use crate::work::in_order_on_all_cores;
use std::path::PathBuf;
use std::sync::LazyLock;

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

/// The knowledge the tool answers from, in its archived form.
#[derive(Debug, Clone, Default)]
pub struct KnowledgeBase {
    entries: Entries,
}

impl KnowledgeBase {
    /// Loads the packs named by `sources`. Problems never stop the load: they are reported.
    pub fn load(sources: &Sources) -> (KnowledgeBase, LoadReport) {
        if sources.user.is_empty() && sources.shipped {
            return KnowledgeBase::shipped();
        }
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
        let files = parse_in_parallel(packs)
            .into_iter()
            .zip(packs)
            .map(|(file, pack)| {
                let file_report = FileReport {
                    name: pack.name.clone(),
                    path: pack.path.clone(),
                    layer: pack.layer,
                    entries: 0,
                };
                (file_report, file)
            })
            .collect();
        let contents = merge(files, report, limits);
        KnowledgeBase {
            // The limits keep every offset within what an archive holds.
            entries: Entries::archive(&contents).expect("knowledge within the limits archives"),
        }
    }

    /// The shipped knowledge alone, read in place from the binary, and what building it found.
    pub fn shipped() -> (KnowledgeBase, LoadReport) {
        KnowledgeBase::shipped_once().clone()
    }

    /// The shipped knowledge, checked once per process.
    pub(super) fn shipped_once() -> &'static (KnowledgeBase, LoadReport) {
        static SHIPPED: LazyLock<(KnowledgeBase, LoadReport)> = LazyLock::new(|| {
            let built = "build.rs archives the shipped knowledge with these types";
            let base = KnowledgeBase::from_bytes(crate::shipped::entries()).expect(built);
            let report = crate::shipped::report();
            let report = Checked::<ArchivedLoadReport>::check(report).expect(built);
            let report = rkyv::deserialize::<LoadReport, ArchiveError>(report.get()).expect(built);
            (base, report)
        });
        &SHIPPED
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
        self.index_of(id).map(|number| self.entries.origin(number))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::Layer;

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
