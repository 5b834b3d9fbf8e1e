//! The search index, built once when the knowledge is loaded.

use super::codes::{entry_code_keys, CodeKind};
use super::text::for_each_word;
use crate::archive::{self, ArchiveError, Checked};
use crate::knowledge::{Entries, Entry, Kind, Platform, MAX_ENTRIES};
use crate::work::in_order_on_all_cores;
use rkyv::with::Skip;
use rkyv::Archived;
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

/// Bits of [`Posting::entry_and_fields`] that hold the entry number; the top bits hold fields.
const ENTRY_BITS: u32 = 32 - Field::ALL.len() as u32;
const ENTRY_MASK: u32 = (1 << ENTRY_BITS) - 1;
// Loading refuses more entries than postings can number.
const _: () = assert!(MAX_ENTRIES <= ENTRY_MASK as usize);

/// One entry's use of one word. A term's postings are in entry order.
///
/// Eight bytes: a large pack has tens of millions of these.
#[derive(Debug, Clone, Copy, rkyv::Archive, rkyv::Serialize)]
pub(crate) struct Posting {
    entry_and_fields: u32,
    /// BM25's term-frequency weight of the word in the entry (occurrences weighted by field,
    /// normalised by the entry's length); the query multiplies in the word's IDF.
    pub weight: f32,
}

impl Posting {
    fn new(entry: u32, weight: f32, fields: u8) -> Posting {
        // Loading keeps within the limit; past it the entry would corrupt the field bits.
        assert!(entry <= ENTRY_MASK, "more entries than an index holds");
        Posting {
            entry_and_fields: entry | (u32::from(fields) << ENTRY_BITS),
            weight,
        }
    }

    pub fn entry(self) -> u32 {
        self.entry_and_fields & ENTRY_MASK
    }
}

impl ArchivedPosting {
    pub fn entry(&self) -> u32 {
        self.entry_and_fields.to_native() & ENTRY_MASK
    }

    /// The [`Field`] bits the word was found in.
    pub fn fields(&self) -> u8 {
        (self.entry_and_fields.to_native() >> ENTRY_BITS) as u8
    }

    pub fn weight(&self) -> f32 {
        self.weight.to_native()
    }
}

/// A run of items in one of the index's shared arrays.
#[derive(Debug, Clone, Copy, Default, rkyv::Archive, rkyv::Serialize)]
pub(crate) struct Span {
    start: u32,
    len: u32,
}

impl ArchivedSpan {
    fn range(&self) -> std::ops::Range<usize> {
        let start = self.start.to_native() as usize;
        start..start + self.len.to_native() as usize
    }
}

/// Appends `items` to `store` and returns where they are.
fn push_span<T: Clone>(store: &mut Vec<T>, items: &[T]) -> Span {
    let span = span_at(store.len(), items.len());
    store.extend_from_slice(items);
    span
}

/// A span of `len` items from `start`; loading keeps the knowledge small enough for 32 bits.
fn span_at(start: usize, len: usize) -> Span {
    let position = |n: usize| u32::try_from(n).expect("index arrays stay under 4 GiB");
    Span {
        start: position(start),
        len: position(start + len) - position(start),
    }
}

/// Appends `text` to `store` and returns where it is.
fn push_str(store: &mut String, text: &str) -> Span {
    let span = span_at(store.len(), text.len());
    store.push_str(text);
    span
}

/// How many parts a large knowledge base is indexed in: enough to keep every core busy and
/// the parts waiting to be joined small.
const PARTS: usize = 8;
/// Fewer entries than this are indexed in one part: starting a thread would cost more.
const MIN_ENTRIES_PER_PART: usize = 1_000;

/// An entry that declares a code.
#[derive(Debug, Clone, rkyv::Archive, rkyv::Serialize)]
pub(crate) struct CodePosting {
    pub entry: u32,
    /// The code is what the entry is about: its title names it.
    pub in_title: bool,
    /// The code as the entry writes it (in the index's text), for telling `not_compliant`
    /// from `NOT_COMPLIANT`.
    pub shown: Span,
}

/// A code key and the entries that declare it.
#[derive(Debug, Clone, Copy, rkyv::Archive, rkyv::Serialize)]
pub(crate) struct CodeKey {
    /// A [`CodeKind`] as a number.
    kind: u32,
    /// The normalised value, in the index's text.
    value: Span,
    /// Into `code_postings`.
    postings: Span,
}

/// A code of an entry, as found while indexing.
#[derive(Debug, Clone)]
struct FoundCode {
    kind: CodeKind,
    value: String,
    posting: CodePosting,
}

/// A short text of an entry (a message, a symptom) as term ids, for phrase checks: the term
/// ids in order, repeats kept, then the distinct ones sorted, back to back in the index.
#[derive(Debug, Clone, Copy, Default, rkyv::Archive, rkyv::Serialize)]
pub(crate) struct Phrase {
    start: u32,
    sequence_len: u32,
    distinct_len: u32,
}

/// What ranking needs of an entry, precomputed. Texts and lists live in the index's shared
/// arrays, so a document costs no allocations of its own.
#[derive(Debug, Clone, rkyv::Archive, rkyv::Serialize)]
pub(crate) struct Doc {
    pub platform: Platform,
    pub kind: Kind,
    /// Weighted number of words, for length normalisation.
    pub length: f32,
    pub title: Span,
    pub title_terms: Phrase,
    /// Into `phrases`.
    pub messages: Span,
    /// The verbatim messages as templates (see [`template_of`]), into `templates`.
    pub message_templates: Span,
    /// Into `phrases`.
    pub symptoms: Span,
}

/// Words, codes and per-entry facts of a knowledge base, as built. Search reads it archived
/// ([`ArchivedSearchIndex`]), straight from its bytes.
#[derive(Debug, Clone, Default, rkyv::Archive, rkyv::Serialize)]
pub struct SearchIndex {
    /// Only for building: search finds terms in `sorted_terms`.
    #[rkyv(with = Skip)]
    term_ids: FxHashMap<Box<str>, u32>,
    pub(crate) terms: Vec<Box<str>>,
    /// Term ids in the order of their text, for exact and prefix lookups.
    pub(crate) sorted_terms: Vec<u32>,
    pub(crate) postings: Vec<Vec<Posting>>,
    /// Codes found while indexing, until [`SearchIndex::finish`] sorts them into `code_keys`.
    #[rkyv(with = Skip)]
    found_codes: Vec<FoundCode>,
    /// Code keys sorted by kind and value, for a binary search.
    code_keys: Vec<CodeKey>,
    code_postings: Vec<CodePosting>,
    /// Alphabetic terms by length in characters: where typos are looked for.
    pub(crate) typo_candidates: Vec<Vec<u32>>,
    pub(crate) docs: Vec<Doc>,
    #[rkyv(with = Skip)]
    average_length: f32,
    /// Inverse document frequency of each term: how telling a word is.
    pub(crate) idf: Vec<f32>,
    /// Titles, templates and shown codes, back to back.
    text: String,
    /// Term ids of every [`Phrase`].
    phrase_terms: Vec<u32>,
    phrases: Vec<Phrase>,
    templates: Vec<Span>,
}

/// A search index in its archived form, ready to search.
pub type IndexArchive = Checked<ArchivedSearchIndex>;

impl SearchIndex {
    pub fn archive(&self) -> Result<IndexArchive, ArchiveError> {
        archive::archive(self, self.archived_size())
    }

    /// About how many bytes the index takes archived.
    fn archived_size(&self) -> usize {
        let postings: usize = self.postings.iter().map(|p| 8 + 8 * p.len()).sum();
        let terms: usize = self.terms.iter().map(|term| 12 + term.len()).sum();
        let typos: usize = self.typo_candidates.iter().map(|t| 8 + 4 * t.len()).sum();
        postings
            + terms
            + typos
            + size_of::<ArchivedCodeKey>() * self.code_keys.len()
            + size_of::<ArchivedCodePosting>() * self.code_postings.len()
            + size_of::<ArchivedDoc>() * self.docs.len()
            + 4 * (self.sorted_terms.len() + self.idf.len() + self.phrase_terms.len())
            + size_of::<ArchivedPhrase>() * self.phrases.len()
            + size_of::<ArchivedSpan>() * self.templates.len()
            + self.text.len()
    }

    pub fn build(entries: &Entries) -> SearchIndex {
        let chunk = entries.len().div_ceil(PARTS).max(MIN_ENTRIES_PER_PART);
        SearchIndex::build_in_parts(entries, chunk)
    }

    /// Indexes runs of `chunk` entries on all cores and joins the parts in order as they come
    /// in, so that at most a few parts wait beside the joined index.
    fn build_in_parts(entries: &Entries, chunk: usize) -> SearchIndex {
        let chunk = chunk.max(1);
        let part_count = entries.len().div_ceil(chunk);
        let numbers = |part: usize| part * chunk..entries.len().min((part + 1) * chunk);
        if part_count <= 1 {
            return SearchIndex::of_part(entries, numbers(0)).finish();
        }
        let mut joined: Option<SearchIndex> = None;
        in_order_on_all_cores(
            part_count,
            |part| SearchIndex::of_part(entries, numbers(part)),
            |index| match &mut joined {
                None => joined = Some(index),
                Some(joined) => joined.append(index),
            },
        );
        joined.unwrap_or_default().finish()
    }

    /// Indexes some of the entries, without the figures that need every entry. Entries are
    /// decoded one at a time and dropped, so indexing holds no second copy of the knowledge.
    fn of_part(entries: &Entries, numbers: std::ops::Range<usize>) -> SearchIndex {
        let mut index = SearchIndex::default();
        index.docs.reserve_exact(numbers.len());
        let mut counts = FxHashMap::default();
        let mut scratch = Vec::new();
        for number in numbers {
            let entry = entries.decode(number);
            index.add(number as u32, &entry, &mut counts, &mut scratch);
        }
        index
    }

    /// Adds the index of the entries that follow this one's. Term ids stay in order of first
    /// use, as if the entries had been indexed one after the other.
    fn append(&mut self, part: SearchIndex) {
        let SearchIndex {
            terms,
            postings,
            found_codes,
            docs,
            text,
            phrase_terms,
            phrases,
            templates,
            ..
        } = part;
        let global: Vec<u32> = terms.iter().map(|term| self.term_id(term)).collect();
        // Exact sizes: the joined index is most of the memory, and doubling would waste a third.
        for (term, postings) in global.iter().zip(postings) {
            let joined = &mut self.postings[*term as usize];
            joined.reserve_exact(postings.len());
            joined.extend_from_slice(&postings);
        }
        self.text.reserve_exact(text.len());
        self.phrase_terms.reserve_exact(phrase_terms.len());
        self.phrases.reserve_exact(phrases.len());
        self.templates.reserve_exact(templates.len());
        self.docs.reserve_exact(docs.len());
        let text_start = self.text.len() as u32;
        self.text.push_str(&text);
        let moved_text = |span: Span| Span {
            start: span.start + text_start,
            ..span
        };
        self.found_codes.reserve_exact(found_codes.len());
        self.found_codes
            .extend(found_codes.into_iter().map(|found| FoundCode {
                posting: CodePosting {
                    shown: moved_text(found.posting.shown),
                    ..found.posting
                },
                ..found
            }));
        let phrase_terms_start = self.phrase_terms.len() as u32;
        self.phrase_terms
            .extend(phrase_terms.iter().map(|&term| global[term as usize]));
        let moved_phrase = |phrase: Phrase| Phrase {
            start: phrase.start + phrase_terms_start,
            ..phrase
        };
        let phrases_start = self.phrases.len() as u32;
        self.phrases.extend(phrases.into_iter().map(moved_phrase));
        let templates_start = self.templates.len() as u32;
        self.templates.extend(templates.into_iter().map(moved_text));
        let docs_start = self.docs.len();
        let moved_span = |span: Span, by: u32| Span {
            start: span.start + by,
            ..span
        };
        self.docs.extend(docs.into_iter().map(|doc| Doc {
            title: moved_text(doc.title),
            title_terms: moved_phrase(doc.title_terms),
            messages: moved_span(doc.messages, phrases_start),
            message_templates: moved_span(doc.message_templates, templates_start),
            symptoms: moved_span(doc.symptoms, phrases_start),
            ..doc
        }));
        // Renumbered terms are no longer sorted within each phrase's distinct part.
        for phrase in self.phrases[phrases_start as usize..]
            .iter()
            .chain(self.docs[docs_start..].iter().map(|doc| &doc.title_terms))
        {
            let start = (phrase.start + phrase.sequence_len) as usize;
            self.phrase_terms[start..start + phrase.distinct_len as usize].sort_unstable();
        }
    }

    /// Works out what depends on every entry: typo candidates, BM25 weights, term order, IDF.
    fn finish(self) -> SearchIndex {
        let mut index = self;
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
            postings.shrink_to_fit();
            for posting in postings.iter_mut() {
                let length = index.docs[posting.entry() as usize].length;
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
        index.sort_codes();
        index.text.shrink_to_fit();
        index.phrase_terms.shrink_to_fit();
        index.phrases.shrink_to_fit();
        index.templates.shrink_to_fit();
        index
    }

    /// Adds an entry; `counts` and `sequence` are scratch space reused between entries.
    fn add(
        &mut self,
        number: u32,
        entry: &Entry,
        counts: &mut FxHashMap<u32, (f32, u8)>,
        sequence: &mut Vec<u32>,
    ) {
        counts.clear();
        let mut length = 0.0;
        // Titles, messages and symptoms keep their words in order for phrase checks.
        let keeps_phrase =
            |field: Field| matches!(field, Field::Title | Field::Message | Field::Symptom);
        let mut add_text = |index: &mut SearchIndex, text: &str, field: Field| -> Phrase {
            sequence.clear();
            for_each_word(text, |word| {
                let term = index.term_id(word);
                let count = counts.entry(term).or_insert((0.0, 0));
                count.0 += field.weight();
                count.1 |= field.bit();
                length += field.weight();
                sequence.push(term);
            });
            if keeps_phrase(field) {
                index.push_phrase(sequence)
            } else {
                Phrase::default()
            }
        };
        let title_terms = add_text(self, &entry.title, Field::Title);
        let message_phrases: Vec<Phrase> = entry
            .messages
            .iter()
            .map(|m| add_text(self, m, Field::Message))
            .collect();
        for code in &entry.codes {
            add_text(self, code, Field::Code);
        }
        let symptom_phrases: Vec<Phrase> = entry
            .symptoms
            .iter()
            .map(|symptom| add_text(self, symptom, Field::Symptom))
            .collect();
        add_text(self, &entry.cause, Field::Cause);
        for step in &entry.steps {
            add_text(self, step, Field::Steps);
        }
        for (&term, &(weight, fields)) in counts.iter() {
            self.postings[term as usize].push(Posting::new(number, weight, fields));
        }
        let title_lower = entry.title.to_lowercase();
        let first_code = self.found_codes.len();
        for code in &entry.codes {
            for key in entry_code_keys(code) {
                let seen = self.found_codes[first_code..]
                    .iter()
                    .any(|found| found.kind == key.kind && found.value == key.value);
                if seen {
                    continue;
                }
                let posting = CodePosting {
                    entry: number,
                    in_title: title_lower.contains(&key.shown.to_lowercase()),
                    shown: push_str(&mut self.text, &key.shown),
                };
                self.found_codes.push(FoundCode {
                    kind: key.kind,
                    value: key.value,
                    posting,
                });
            }
        }
        let templates: Vec<Span> = entry
            .messages
            .iter()
            .map(|m| push_str(&mut self.text, &template_of(m)))
            .collect();
        let doc = Doc {
            platform: entry.platform,
            kind: entry.kind,
            length,
            title: push_str(&mut self.text, &entry.title),
            title_terms,
            messages: push_span(&mut self.phrases, &message_phrases),
            message_templates: push_span(&mut self.templates, &templates),
            symptoms: push_span(&mut self.phrases, &symptom_phrases),
        };
        self.docs.push(doc);
    }

    /// Groups the codes found into sorted keys. The sort is stable, so each key's entries
    /// stay in knowledge order.
    fn sort_codes(&mut self) {
        let mut found = std::mem::take(&mut self.found_codes);
        found.sort_by(|a, b| (a.kind, &a.value).cmp(&(b.kind, &b.value)));
        self.code_postings.reserve_exact(found.len());
        for group in found.chunk_by(|a, b| a.kind == b.kind && a.value == b.value) {
            let start = self.code_postings.len() as u32;
            self.code_postings
                .extend(group.iter().map(|found| found.posting.clone()));
            self.code_keys.push(CodeKey {
                kind: group[0].kind as u32,
                value: push_str(&mut self.text, &group[0].value),
                postings: Span {
                    start,
                    len: group.len() as u32,
                },
            });
        }
        self.code_keys.shrink_to_fit();
    }

    fn push_phrase(&mut self, sequence: &[u32]) -> Phrase {
        let start = self.phrase_terms.len();
        self.phrase_terms.extend_from_slice(sequence);
        self.phrase_terms.extend_from_slice(sequence);
        let distinct = &mut self.phrase_terms[start + sequence.len()..];
        distinct.sort_unstable();
        let mut kept = 0;
        for i in 0..distinct.len() {
            if i == 0 || distinct[i] != distinct[kept - 1] {
                distinct[kept] = distinct[i];
                kept += 1;
            }
        }
        self.phrase_terms.truncate(start + sequence.len() + kept);
        Phrase {
            start: start as u32,
            sequence_len: sequence.len() as u32,
            distinct_len: kept as u32,
        }
    }

    fn term_id(&mut self, word: &str) -> u32 {
        if let Some(&id) = self.term_ids.get(word) {
            return id;
        }
        let id = self.terms.len() as u32;
        self.terms.push(word.into());
        self.term_ids.insert(word.into(), id);
        self.postings.push(Vec::new());
        id
    }
}

/// A term id as archived.
pub(crate) type TermId = Archived<u32>;

impl ArchivedSearchIndex {
    /// The entries that declare a code, in knowledge order.
    pub(crate) fn code_postings(&self, kind: CodeKind, value: &str) -> &[ArchivedCodePosting] {
        let key = (kind as u32, value);
        match self
            .code_keys
            .binary_search_by(|code| (code.kind.to_native(), self.text(&code.value)).cmp(&key))
        {
            Ok(found) => &self.code_postings[self.code_keys[found].postings.range()],
            Err(_) => &[],
        }
    }

    /// How many entries the index covers.
    pub fn entry_count(&self) -> usize {
        self.docs.len()
    }

    pub(crate) fn text(&self, span: &ArchivedSpan) -> &str {
        &self.text[span.range()]
    }

    pub(crate) fn term(&self, term: u32) -> &str {
        &self.terms[term as usize]
    }

    /// A phrase's term ids in order, repeats kept.
    pub(crate) fn sequence(&self, phrase: &ArchivedPhrase) -> &[TermId] {
        let start = phrase.start.to_native() as usize;
        &self.phrase_terms[start..start + phrase.sequence_len.to_native() as usize]
    }

    /// A phrase's distinct term ids, sorted.
    pub(crate) fn distinct(&self, phrase: &ArchivedPhrase) -> &[TermId] {
        let start = (phrase.start.to_native() + phrase.sequence_len.to_native()) as usize;
        &self.phrase_terms[start..start + phrase.distinct_len.to_native() as usize]
    }

    pub(crate) fn phrases(&self, span: &ArchivedSpan) -> &[ArchivedPhrase] {
        &self.phrases[span.range()]
    }

    pub(crate) fn templates(&self, span: &ArchivedSpan) -> impl Iterator<Item = &str> {
        self.templates[span.range()]
            .iter()
            .map(|template| self.text(template))
    }

    /// The id of a term, if the index knows it.
    pub(crate) fn term_id(&self, word: &str) -> Option<u32> {
        let at = self
            .sorted_terms
            .partition_point(|id| self.term(id.to_native()) < word);
        let id = self.sorted_terms.get(at)?.to_native();
        (self.term(id) == word).then_some(id)
    }

    /// Term ids whose text starts with `prefix`, at most `limit` of them.
    pub(crate) fn terms_with_prefix(&self, prefix: &str, limit: usize) -> Vec<u32> {
        let start = self
            .sorted_terms
            .partition_point(|id| self.term(id.to_native()) < prefix);
        self.sorted_terms[start..]
            .iter()
            .map(|id| id.to_native())
            .take_while(|&id| self.term(id).starts_with(prefix))
            .take(limit)
            .collect()
    }
}

impl ArchivedDoc {
    pub fn platform(&self) -> Platform {
        self.platform.native()
    }

    pub fn kind(&self) -> Kind {
        self.kind.native()
    }
}

/// `text` with runs of whitespace made single spaces and the ends trimmed.
pub(crate) fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Marks where a placeholder was in a template.
const PLACEHOLDER: char = '\0';

/// A verbatim message as a template: whitespace collapsed and each placeholder
/// (`{organization}`, `%@`, `%d`) replaced by [`PLACEHOLDER`], which stands for any text.
pub(crate) fn template_of(message: &str) -> String {
    let collapsed = collapse_whitespace(message);
    let mut template = String::with_capacity(collapsed.len());
    let mut rest = collapsed.as_str();
    while let Some(start) = rest.find(['{', '%', PLACEHOLDER]) {
        let (before, from) = rest.split_at(start);
        template.push_str(before);
        let placeholder_len = if from.starts_with('{') {
            from.find('}').map(|end| end + 1)
        } else if from.starts_with("%@") || from.starts_with("%d") {
            Some(2)
        } else {
            None
        };
        match placeholder_len {
            Some(len) => {
                template.push(PLACEHOLDER);
                rest = &from[len..];
            }
            None => {
                // A stray `%` or `{` is literal; a NUL in the text is dropped so that it cannot
                // pass for a placeholder.
                if !from.starts_with(PLACEHOLDER) {
                    template.push_str(&from[..1]);
                }
                rest = &from[1..];
            }
        }
    }
    template.push_str(rest);
    template
}

/// Whether `text` (whitespace collapsed) is the template's message, placeholders filled in.
pub(crate) fn template_matches(template: &str, text: &str) -> bool {
    let mut parts = template.split(PLACEHOLDER);
    let first = parts.next().unwrap_or_default();
    let Some(mut remaining) = text.strip_prefix(first) else {
        return false;
    };
    let Some(last) = parts.next_back() else {
        return remaining.is_empty();
    };
    for part in parts {
        match remaining.find(part) {
            Some(at) => remaining = &remaining[at + part.len()..],
            None => return false,
        }
    }
    remaining.len() >= last.len() && remaining.ends_with(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Everything an index says once archived, with the positions in its shared arrays
    /// resolved.
    fn resolved(built: &SearchIndex) -> Vec<String> {
        let archived = built.archive().expect("archives");
        let index = archived.get();
        let native = |ids: &[TermId]| ids.iter().map(|id| id.to_native()).collect::<Vec<_>>();
        let terms: Vec<&str> = index.terms.iter().map(|term| &**term).collect();
        let mut lines = vec![format!("terms {terms:?}")];
        lines.extend(index.postings.iter().map(|postings| {
            let postings: Vec<_> = postings
                .iter()
                .map(|p| (p.entry(), p.fields(), p.weight()))
                .collect();
            format!("{postings:?}")
        }));
        let idf: Vec<f32> = index.idf.iter().map(|idf| idf.to_native()).collect();
        lines.push(format!(
            "idf {idf:?} sorted {:?}",
            native(&index.sorted_terms)
        ));
        let typos: Vec<_> = index.typo_candidates.iter().map(|t| native(t)).collect();
        lines.push(format!("typos {typos:?}"));
        for key in index.code_keys.iter() {
            let postings: Vec<_> = index.code_postings[key.postings.range()]
                .iter()
                .map(|p| (p.entry.to_native(), p.in_title, index.text(&p.shown)))
                .collect();
            lines.push(format!(
                "{} {:?} {postings:?}",
                key.kind.to_native(),
                index.text(&key.value)
            ));
        }
        let phrase = |phrase: &ArchivedPhrase| {
            (
                native(index.sequence(phrase)),
                native(index.distinct(phrase)),
            )
        };
        for doc in index.docs.iter() {
            let messages: Vec<_> = index.phrases(&doc.messages).iter().map(phrase).collect();
            let symptoms: Vec<_> = index.phrases(&doc.symptoms).iter().map(phrase).collect();
            let templates: Vec<_> = index.templates(&doc.message_templates).collect();
            lines.push(format!(
                "{:?} {:?} {} {:?} {:?} {messages:?} {symptoms:?} {templates:?}",
                doc.platform(),
                doc.kind(),
                doc.length.to_native(),
                index.text(&doc.title),
                phrase(&doc.title_terms),
            ));
        }
        lines
    }

    #[test]
    fn an_index_built_in_parts_is_the_index_built_in_one() {
        let (base, _) = crate::knowledge::KnowledgeBase::load(&Default::default());
        let entries = base.entries();
        let whole = resolved(&SearchIndex::build_in_parts(entries, entries.len()));
        for chunk in [1, 7, entries.len() / 2 + 1] {
            let parts = resolved(&SearchIndex::build_in_parts(entries, chunk));
            assert_eq!(parts, whole, "built {chunk} entries at a time");
        }
    }

    #[test]
    fn templates_match_filled_in_placeholders() {
        let matches = |message: &str, text: &str| template_matches(&template_of(message), text);
        let declined = "{organization} requires enrollment. You can retry.";
        assert!(matches(
            declined,
            "Contoso Ltd requires enrollment. You can retry."
        ));
        assert!(!matches(declined, "Contoso requires enrollment."));
        let log = "[Intune] Enrollment failed with code: %d for domain: %@";
        assert!(matches(
            log,
            "[Intune] Enrollment failed with code: 200 for domain: contoso.com"
        ));
        let plain = "Login was canceled. Please try again";
        assert!(matches(plain, "Login was canceled. Please try again"));
        assert!(!matches(plain, "Login was canceled. Please try again."));
        assert!(matches("100% sure {x}", "100% sure y"));
        assert!(!matches("no\0placeholder", "no text placeholder"));
    }
}
