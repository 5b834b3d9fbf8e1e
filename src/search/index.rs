//! The search index, built once when the knowledge is loaded.

use super::codes::{entry_code_keys, CodeKind};
use super::text::for_each_word;
use crate::knowledge::{Entry, Kind, Platform};
use rustc_hash::FxHashMap;

/// The entry fields words are matched in, as bits of a mask.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Title,
    Message,
    Code,
    Symptom,
    Cause,
    Steps,
}

impl Field {
    pub const ALL: [Field; 6] = [
        Field::Title,
        Field::Message,
        Field::Code,
        Field::Symptom,
        Field::Cause,
        Field::Steps,
    ];

    pub fn bit(self) -> u8 {
        1 << (self as u8)
    }

    /// How much a word in this field counts; titles and verbatim messages say most.
    fn weight(self) -> f32 {
        match self {
            Field::Title => 3.0,
            Field::Message | Field::Code | Field::Symptom => 2.0,
            Field::Cause => 1.0,
            Field::Steps => 0.3,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Message => "message",
            Field::Code => "codes",
            Field::Symptom => "symptoms",
            Field::Cause => "cause",
            Field::Steps => "steps",
        }
    }
}

const BM25_K1: f32 = 1.2;
const BM25_B: f32 = 0.4;

/// One entry's use of one word. A term's postings are in entry order.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Posting {
    pub entry: u32,
    /// BM25's term-frequency weight of the word in the entry (occurrences weighted by field,
    /// normalised by the entry's length); the query multiplies in the word's IDF.
    pub weight: f32,
    pub fields: u8,
}

/// An entry that declares a code.
#[derive(Debug, Clone)]
pub(crate) struct CodePosting {
    pub entry: u32,
    /// The code is what the entry is about: its title names it.
    pub in_title: bool,
    /// The code as the entry writes it, for telling `not_compliant` from `NOT_COMPLIANT`.
    pub shown: Box<str>,
}

/// A short text of an entry (a message, a symptom) as term ids, for phrase checks.
#[derive(Debug, Clone, Default)]
pub(crate) struct Phrase {
    /// Term ids in order, repeats kept.
    pub sequence: Vec<u32>,
    /// The distinct term ids, sorted.
    pub distinct: Vec<u32>,
}

impl Phrase {
    fn new(sequence: Vec<u32>) -> Phrase {
        let mut distinct = sequence.clone();
        distinct.sort_unstable();
        distinct.dedup();
        Phrase { sequence, distinct }
    }
}

/// What ranking needs of an entry, precomputed.
#[derive(Debug, Clone)]
pub(crate) struct Doc {
    pub platform: Platform,
    pub kind: Kind,
    /// Weighted number of words, for length normalisation.
    pub length: f32,
    pub title: String,
    pub title_terms: Phrase,
    pub messages: Vec<Phrase>,
    /// The verbatim messages as templates, for exact-text matches.
    pub message_templates: Vec<Template>,
    pub symptoms: Vec<Phrase>,
}

/// Words, codes and per-entry facts of a knowledge base.
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    pub(crate) term_ids: FxHashMap<Box<str>, u32>,
    pub(crate) terms: Vec<String>,
    /// Term ids in the order of their text, for prefix lookups.
    pub(crate) sorted_terms: Vec<u32>,
    pub(crate) postings: Vec<Vec<Posting>>,
    pub(crate) codes: FxHashMap<(CodeKind, String), Vec<CodePosting>>,
    /// Alphabetic terms by length in characters: where typos are looked for.
    pub(crate) typo_candidates: Vec<Vec<u32>>,
    pub(crate) docs: Vec<Doc>,
    pub(crate) average_length: f32,
    /// Inverse document frequency of each term: how telling a word is.
    pub(crate) idf: Vec<f32>,
}

impl SearchIndex {
    pub fn build(entries: &[Entry]) -> SearchIndex {
        let mut index = SearchIndex::default();
        let mut counts = FxHashMap::default();
        for (number, entry) in entries.iter().enumerate() {
            index.add(number as u32, entry, &mut counts);
        }
        for (id, term) in index.terms.iter().enumerate() {
            if term.chars().all(char::is_alphabetic) {
                let length = term.chars().count();
                if index.typo_candidates.len() <= length {
                    index.typo_candidates.resize(length + 1, Vec::new());
                }
                index.typo_candidates[length].push(id as u32);
            }
        }
        let total: f32 = index.docs.iter().map(|d| d.length).sum();
        index.average_length = total / index.docs.len().max(1) as f32;
        // BM25's term-frequency part depends only on the entry, so it is paid once here.
        for postings in &mut index.postings {
            for posting in postings.iter_mut() {
                let length = index.docs[posting.entry as usize].length;
                let norm = 1.0 - BM25_B + BM25_B * length / index.average_length;
                let tf = posting.weight;
                posting.weight = tf * (BM25_K1 + 1.0) / (tf + BM25_K1 * norm);
            }
        }
        let mut sorted: Vec<u32> = (0..index.terms.len() as u32).collect();
        sorted.sort_by(|&a, &b| index.terms[a as usize].cmp(&index.terms[b as usize]));
        index.sorted_terms = sorted;
        let doc_count = index.docs.len() as f32;
        index.idf = index
            .postings
            .iter()
            .map(|postings| {
                let df = postings.len() as f32;
                (1.0 + (doc_count - df + 0.5) / (df + 0.5)).ln()
            })
            .collect();
        index
    }

    /// Adds an entry; `counts` is scratch space reused between entries.
    fn add(&mut self, number: u32, entry: &Entry, counts: &mut FxHashMap<u32, (f32, u8)>) {
        counts.clear();
        let mut length = 0.0;
        // Titles, messages and symptoms keep their words in order for phrase checks.
        let keeps_phrase =
            |field: Field| matches!(field, Field::Title | Field::Message | Field::Symptom);
        let mut add_text = |index: &mut SearchIndex, text: &str, field: Field| -> Phrase {
            let mut sequence = Vec::new();
            let keep = keeps_phrase(field);
            for_each_word(text, |word| {
                let term = index.term_id(word);
                let count = counts.entry(term).or_insert((0.0, 0));
                count.0 += field.weight();
                count.1 |= field.bit();
                length += field.weight();
                if keep {
                    sequence.push(term);
                }
            });
            Phrase::new(sequence)
        };
        let title_terms = add_text(self, &entry.title, Field::Title);
        let messages = entry
            .messages
            .iter()
            .map(|m| add_text(self, m, Field::Message))
            .collect();
        for code in &entry.codes {
            add_text(self, code, Field::Code);
        }
        let symptoms = entry
            .symptoms
            .iter()
            .map(|symptom| add_text(self, symptom, Field::Symptom))
            .collect();
        add_text(self, &entry.cause, Field::Cause);
        for step in &entry.steps {
            add_text(self, step, Field::Steps);
        }
        for (&term, &(weight, fields)) in counts.iter() {
            self.postings[term as usize].push(Posting {
                entry: number,
                weight,
                fields,
            });
        }
        let title_lower = entry.title.to_lowercase();
        for code in &entry.codes {
            for key in entry_code_keys(code) {
                let in_title = title_lower.contains(&key.shown.to_lowercase());
                let postings = self.codes.entry((key.kind, key.value)).or_default();
                if postings.last().is_none_or(|p| p.entry != number) {
                    postings.push(CodePosting {
                        entry: number,
                        in_title,
                        shown: key.shown.into(),
                    });
                }
            }
        }
        self.docs.push(Doc {
            platform: entry.platform,
            kind: entry.kind,
            length,
            title: entry.title.clone(),
            title_terms,
            messages,
            message_templates: entry.messages.iter().map(|m| Template::new(m)).collect(),
            symptoms,
        });
    }

    fn term_id(&mut self, word: &str) -> u32 {
        if let Some(&id) = self.term_ids.get(word) {
            return id;
        }
        let id = self.terms.len() as u32;
        self.terms.push(word.to_string());
        self.term_ids.insert(word.into(), id);
        self.postings.push(Vec::new());
        id
    }

    /// Term ids whose text starts with `prefix`, at most `limit` of them.
    pub(crate) fn terms_with_prefix(&self, prefix: &str, limit: usize) -> Vec<u32> {
        let start = self
            .sorted_terms
            .partition_point(|&id| self.terms[id as usize].as_str() < prefix);
        self.sorted_terms[start..]
            .iter()
            .take_while(|&&id| self.terms[id as usize].starts_with(prefix))
            .take(limit)
            .copied()
            .collect()
    }
}

/// `text` with runs of whitespace made single spaces and the ends trimmed.
pub(crate) fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A verbatim message whose placeholders (`{organization}`, `%@`, `%d`) stand for any text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Template {
    /// The literal text around the placeholders, whitespace collapsed.
    parts: Vec<String>,
}

impl Template {
    pub fn new(message: &str) -> Template {
        let collapsed = collapse_whitespace(message);
        let mut parts = vec![String::new()];
        let mut rest = collapsed.as_str();
        while let Some(start) = rest.find(['{', '%']) {
            let (before, from) = rest.split_at(start);
            let placeholder_len = if from.starts_with('{') {
                from.find('}').map(|end| end + 1)
            } else if from.starts_with("%@") || from.starts_with("%d") {
                Some(2)
            } else {
                None
            };
            let last = parts.last_mut().expect("parts start with one");
            last.push_str(before);
            match placeholder_len {
                Some(len) => {
                    parts.push(String::new());
                    rest = &from[len..];
                }
                None => {
                    last.push_str(&from[..1]);
                    rest = &from[1..];
                }
            }
        }
        parts
            .last_mut()
            .expect("parts start with one")
            .push_str(rest);
        Template { parts }
    }

    /// Whether `text` (whitespace collapsed) is this message, placeholders filled in.
    pub fn matches(&self, text: &str) -> bool {
        let (first, rest) = self.parts.split_first().expect("a template has a part");
        let Some(mut remaining) = text.strip_prefix(first.as_str()) else {
            return false;
        };
        let Some((last, middle)) = rest.split_last() else {
            return remaining.is_empty();
        };
        for part in middle {
            match remaining.find(part.as_str()) {
                Some(at) => remaining = &remaining[at + part.len()..],
                None => return false,
            }
        }
        remaining.len() >= last.len() && remaining.ends_with(last.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_match_filled_in_placeholders() {
        let declined = Template::new("{organization} requires enrollment. You can retry.");
        assert!(declined.matches("Contoso Ltd requires enrollment. You can retry."));
        assert!(!declined.matches("Contoso requires enrollment."));
        let log = Template::new("[Intune] Enrollment failed with code: %d for domain: %@");
        assert!(log.matches("[Intune] Enrollment failed with code: 200 for domain: contoso.com"));
        let plain = Template::new("Login was canceled. Please try again");
        assert!(plain.matches("Login was canceled. Please try again"));
        assert!(!plain.matches("Login was canceled. Please try again."));
        assert!(Template::new("100% sure {x}").matches("100% sure y"));
    }
}
