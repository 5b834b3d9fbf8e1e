//! Search: finds the right entry from whatever was typed or pasted.
//!
//! [`Query::parse`] pulls codes and words out of the text; [`SearchIndex`] holds what ranking
//! needs, built once per knowledge base; [`Searcher`] ties both to the knowledge.

mod codes;
mod confidence;
mod index;
mod matcher;
mod query;
mod rank;
mod text;

pub use codes::{entry_code_keys, is_guid, query_codes, Code, CodeKind};
pub use confidence::{rate, Confidence};
pub use index::{ArchivedSearchIndex, Field, IndexArchive, SearchIndex};
pub use matcher::{typo_distance, SkimTitleMatcher, TitleMatcher};
pub use query::{Query, MAX_QUERY_BYTES};
pub use rank::{Filter, Hit, Reason};
pub use text::{stem, words};

use crate::knowledge::{Entry, KnowledgeBase};
use std::sync::Arc;

/// Search over one knowledge base.
pub struct Searcher {
    /// Shared with work that runs beside the search, such as a scan in the TUI.
    base: Arc<KnowledgeBase>,
    index: IndexArchive,
    matcher: Box<dyn TitleMatcher>,
}

impl Searcher {
    /// Search over knowledge loaded within the loader's limits. Panics if its index is too
    /// large to archive, which [`crate::cache::Loaded`] reports as a problem instead.
    pub fn new(base: KnowledgeBase) -> Searcher {
        let index = SearchIndex::build(base.entries())
            .archive()
            .expect("the index of knowledge within the limits archives");
        Searcher::with_index(base, index)
    }

    /// Search with an index built earlier (perhaps saved) from the same knowledge.
    pub fn with_index(base: KnowledgeBase, index: IndexArchive) -> Searcher {
        Searcher {
            base: Arc::new(base),
            index,
            matcher: Box::new(SkimTitleMatcher::default()),
        }
    }

    /// The knowledge this searches.
    pub fn base(&self) -> &KnowledgeBase {
        &self.base
    }

    /// The same knowledge, for a thread of its own.
    pub fn shared_base(&self) -> Arc<KnowledgeBase> {
        Arc::clone(&self.base)
    }

    /// What `query` was understood to carry, for a person to check (see [`Query::understood`]):
    /// names only where the knowledge declares them.
    pub fn understood(&self, query: &Query) -> Vec<String> {
        let index = self.index.get();
        query.understood(|code| !index.code_postings(code.kind, &code.value).is_empty())
    }

    /// Ranked results for a query text, best first.
    pub fn search(&self, text: &str, filter: Filter, limit: usize) -> Vec<(&Entry, Hit)> {
        self.search_query(&Query::parse(text), filter, limit)
    }

    /// Ranked results with how sure each is, best first.
    pub fn search_rated(
        &self,
        query: &Query,
        filter: Filter,
        limit: usize,
    ) -> Vec<(&Entry, Hit, Confidence)> {
        // The first result's confidence depends on the second, so there is always one to see.
        let mut results = self.search_query(query, filter, limit.max(2));
        let hits: Vec<Hit> = results.iter().map(|(_, hit)| hit.clone()).collect();
        results.truncate(limit);
        results
            .into_iter()
            .zip(rate(&hits))
            .map(|((entry, hit), confidence)| (entry, hit, confidence))
            .collect()
    }

    pub fn search_query(&self, query: &Query, filter: Filter, limit: usize) -> Vec<(&Entry, Hit)> {
        let index = self.index.get();
        let mut hits = index.search(query, filter, limit, self.matcher.as_ref());
        if filter != Filter::default() {
            // Weak matches are cut against the best match of all entries, not of the filtered
            // ones: a filter narrows the results, it never adds to them.
            let best = index.search(query, Filter::default(), 1, self.matcher.as_ref());
            let floor = best
                .first()
                .map_or(0.0, |hit| hit.score * rank::RELATIVE_CUTOFF);
            hits.retain(|hit| hit.score >= floor);
        }
        hits.into_iter()
            .map(|hit| (self.base.entries().get(hit.entry), hit))
            .collect()
    }
}

impl Reason {
    /// The reason in plain words, for someone new to the tool: "the code AADSTS53005",
    /// "86% of its message", "\"reach\" read as \"react\"".
    pub fn explain(&self) -> String {
        match self {
            Reason::Code(code) => format!("the code {code}"),
            Reason::Message { percent: 100 } => "its message, whole".to_string(),
            Reason::Message { percent } => format!("{percent}% of its message"),
            Reason::Symptom { percent: 100 } => "how people describe it".to_string(),
            Reason::Symptom { percent } => format!("most of how people describe it ({percent}%)"),
            Reason::Words(fields) => {
                let names: Vec<&str> = fields.iter().map(|f| f.name()).collect();
                match names.split_last() {
                    Some((last, [])) => format!("words in its {last}"),
                    Some((last, rest)) => format!("words in its {} and {last}", rest.join(", ")),
                    None => "words".to_string(),
                }
            }
            Reason::Typo { typed, known } => format!("\"{typed}\" read as \"{known}\""),
            Reason::FuzzyTitle => "its title, loosely".to_string(),
        }
    }

    /// A short phrase for people: `code AADSTS650057`, `message 100%`, `title, symptoms`.
    pub fn describe(&self) -> String {
        match self {
            Reason::Code(code) => format!("code {code}"),
            Reason::Message { percent } => format!("message {percent}%"),
            Reason::Symptom { percent } => format!("symptom {percent}%"),
            Reason::Words(fields) => fields
                .iter()
                .map(|f| f.name())
                .collect::<Vec<_>>()
                .join(", "),
            Reason::Typo { typed, known } => format!("typo {typed}~{known}"),
            Reason::FuzzyTitle => "title (fuzzy)".to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_read_as_plain_words() {
        assert_eq!(
            Reason::Code("AADSTS53005".into()).explain(),
            "the code AADSTS53005"
        );
        assert_eq!(
            Reason::Typo {
                typed: "reach".into(),
                known: "react".into()
            }
            .explain(),
            "\"reach\" read as \"react\""
        );
        assert_eq!(
            Reason::Words(vec![Field::Title, Field::Message]).explain(),
            "words in its title and message"
        );
        assert_eq!(
            Reason::Message { percent: 86 }.explain(),
            "86% of its message"
        );
    }
}
