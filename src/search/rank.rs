//! Ranking: exact codes first, then word relevance, verbatim-message coverage and fuzzy titles.

use super::codes::CodeKind;
use super::index::{Field, SearchIndex};
use super::matcher::{typo_distance, TitleMatcher};
use super::query::Query;
use crate::knowledge::{Kind, Platform};

/// Narrows results to a platform and a kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Filter {
    pub platform: Option<Platform>,
    pub kind: Option<Kind>,
}

impl Filter {
    fn admits(&self, platform: Platform, kind: Kind) -> bool {
        self.platform.is_none_or(|p| p == platform) && self.kind.is_none_or(|k| k == kind)
    }
}

/// Why a result matched, so a person can trust it.
#[derive(Debug, Clone, PartialEq)]
pub enum Reason {
    /// A code in the query is one the entry declares.
    Code(String),
    /// The query contains this share of one of the entry's verbatim messages.
    Message { percent: u8 },
    /// Query words were found in these fields.
    Words(Vec<Field>),
    /// A query word was read as a typo of a known word.
    Typo { typed: String, known: String },
    /// The typed query matches the title fuzzily.
    FuzzyTitle,
}

/// One ranked result; `entry` indexes the entries the index was built from.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub entry: usize,
    pub score: f32,
    pub reasons: Vec<Reason>,
}

// Weights. A code written out outweighs any amount of word relevance; an HTTP status is
// shared by many entries, so it counts for less, and word relevance separates them.
const CODE_WEIGHT: f32 = 100.0;
const INFERRED_CODE_WEIGHT: f32 = 60.0;
const HTTP_WEIGHT: f32 = 40.0;
const SEGMENT_WEIGHT: f32 = 50.0;
const CODE_IN_TITLE_BONUS: f32 = 10.0;
const MESSAGE_BONUS: f32 = 25.0;
const MESSAGE_MIN_COVERAGE: f32 = 0.5;
const WHOLE_TITLE_BONUS: f32 = 4.0;
/// Dialog titles differ between platforms only in capitals ("App Not Set Up" on iOS, "App not
/// set up" on Android), so a title pasted with its exact capitals tells them apart.
const EXACT_TITLE_BONUS: f32 = 3.0;
const FUZZY_TITLE_WEIGHT: f32 = 6.0;
const TYPO_FACTOR: f32 = 0.6;
const PREFIX_FACTOR: f32 = 0.8;
const BM25_K1: f32 = 1.2;
const BM25_B: f32 = 0.4;
/// Results scoring under this share of the best are noise.
const RELATIVE_CUTOFF: f32 = 0.15;
/// Only this many best candidates get the (slower) fuzzy title score.
const FUZZY_CANDIDATES: usize = 200;
/// Without any word or code hit, short queries are fuzzy-matched against every title up to
/// this many entries.
const FUZZY_SCAN_LIMIT: usize = 20_000;

/// Per-entry tallies for one query.
#[derive(Debug, Clone, Default)]
struct Tally {
    code: f32,
    words: f32,
    bonus: f32,
    fields: u8,
    codes: Vec<String>,
    touched: bool,
}

impl Tally {
    fn total(&self) -> f32 {
        self.code + self.words + self.bonus
    }
}

/// Tallies of every entry, and which entries the query reached.
struct Tallies {
    by_entry: Vec<Tally>,
    touched: Vec<u32>,
}

impl Tallies {
    fn get(&mut self, entry: u32) -> &mut Tally {
        let tally = &mut self.by_entry[entry as usize];
        if !tally.touched {
            tally.touched = true;
            self.touched.push(entry);
        }
        tally
    }

    fn total(&self, entry: u32) -> f32 {
        self.by_entry[entry as usize].total()
    }
}

/// How query words map onto known terms.
struct Expansion {
    term: u32,
    factor: f32,
    typo_of: Option<String>,
}

impl SearchIndex {
    /// Ranks entries for a query, best first.
    pub fn search(
        &self,
        query: &Query,
        filter: Filter,
        limit: usize,
        matcher: &dyn TitleMatcher,
    ) -> Vec<Hit> {
        let mut tallies = Tallies {
            by_entry: vec![Tally::default(); self.docs.len()],
            touched: Vec::new(),
        };
        let admits = |entry: u32| {
            let doc = &self.docs[entry as usize];
            filter.admits(doc.platform, doc.kind)
        };

        for code in &query.codes {
            let Some(postings) = self.codes.get(&(code.kind, code.value.clone())) else {
                continue;
            };
            let base = match (code.kind, code.inferred) {
                (CodeKind::Http, _) => HTTP_WEIGHT,
                (CodeKind::Segment, _) => SEGMENT_WEIGHT,
                (_, true) => INFERRED_CODE_WEIGHT,
                (_, false) => CODE_WEIGHT,
            };
            let weight = base / (1.0 + (postings.len() as f32).ln());
            for posting in postings.iter().filter(|p| admits(p.entry)) {
                {
                    let tally = tallies.get(posting.entry);
                    tally.code += weight;
                    if posting.in_title {
                        tally.code += CODE_IN_TITLE_BONUS;
                    }
                    let label = code.label();
                    if !tally.codes.contains(&label) {
                        tally.codes.push(label);
                    }
                }
            }
        }

        let mut query_terms: Vec<u32> = Vec::new();
        let mut typos: Vec<(u32, String)> = Vec::new();
        let doc_count = self.docs.len() as f32;
        for (position, word) in query.words.iter().enumerate() {
            let is_last = position + 1 == query.words.len();
            for expansion in self.expand(word, is_last && query.last_word_partial) {
                if expansion.factor == 1.0 {
                    query_terms.push(expansion.term);
                }
                if let Some(typed) = expansion.typo_of {
                    typos.push((expansion.term, typed));
                }
                let postings = &self.postings[expansion.term as usize];
                let df = postings.len() as f32;
                let idf = (1.0 + (doc_count - df + 0.5) / (df + 0.5)).ln();
                for posting in postings.iter().filter(|p| admits(p.entry)) {
                    let doc = &self.docs[posting.entry as usize];
                    let norm = 1.0 - BM25_B + BM25_B * doc.length / self.average_length;
                    let tf = posting.weight;
                    let tally = tallies.get(posting.entry);
                    tally.words +=
                        expansion.factor * idf * tf * (BM25_K1 + 1.0) / (tf + BM25_K1 * norm);
                    tally.fields |= posting.fields;
                }
            }
        }
        query_terms.sort_unstable();
        query_terms.dedup();

        for index in 0..tallies.touched.len() {
            let entry = tallies.touched[index];
            let doc = &self.docs[entry as usize];
            let tally = tallies.get(entry);
            let coverage = doc
                .message_terms
                .iter()
                .filter(|terms| terms.len() >= 3)
                .map(|terms| share_in(terms, &query_terms))
                .fold(0.0, f32::max);
            if coverage >= MESSAGE_MIN_COVERAGE {
                tally.bonus += MESSAGE_BONUS * coverage.powi(3);
            }
            if !doc.title_terms.is_empty() && share_in(&doc.title_terms, &query_terms) >= 1.0 {
                tally.bonus += WHOLE_TITLE_BONUS;
                if query.text.contains(doc.title.as_str()) {
                    tally.bonus += EXACT_TITLE_BONUS;
                }
            }
        }

        if let Some(text) = &query.short_text {
            if tallies.touched.is_empty() && self.docs.len() <= FUZZY_SCAN_LIMIT {
                for entry in (0..self.docs.len() as u32).filter(|&e| admits(e)) {
                    tallies.get(entry);
                }
            }
            let mut best: Vec<u32> = tallies.touched.clone();
            best.sort_by(|&a, &b| tallies.total(b).total_cmp(&tallies.total(a)));
            for &entry in best.iter().take(FUZZY_CANDIDATES) {
                let score = matcher.score(&self.docs[entry as usize].title, text);
                tallies.get(entry).bonus += FUZZY_TITLE_WEIGHT * score.min(1.5);
            }
        }

        let mut hits: Vec<(u32, f32)> = tallies
            .touched
            .iter()
            .map(|&e| (e, tallies.total(e)))
            .filter(|&(_, score)| score > 0.0)
            .collect();
        hits.sort_by(|&(a, sa), &(b, sb)| {
            rounded(sb)
                .cmp(&rounded(sa))
                .then(
                    platform_rank(self.docs[a as usize].platform)
                        .cmp(&platform_rank(self.docs[b as usize].platform)),
                )
                .then(a.cmp(&b))
        });
        let top = hits.first().map_or(0.0, |&(_, s)| s);
        hits.into_iter()
            .take_while(|&(_, score)| score >= top * RELATIVE_CUTOFF)
            .take(limit)
            .map(|(entry, score)| Hit {
                entry: entry as usize,
                score,
                reasons: self.reasons(
                    &tallies.by_entry[entry as usize],
                    entry,
                    &query_terms,
                    &typos,
                    query,
                ),
            })
            .collect()
    }

    /// The known terms a query word stands for: itself, its completions while typing, or the
    /// words it is a typo of.
    fn expand(&self, word: &str, partial: bool) -> Vec<Expansion> {
        let mut out = Vec::new();
        let exact = self.term_ids.get(word).copied();
        if let Some(term) = exact {
            out.push(Expansion {
                term,
                factor: 1.0,
                typo_of: None,
            });
        }
        if partial && word.chars().count() >= 2 {
            for term in self.terms_with_prefix(word, 40) {
                if Some(term) != exact {
                    out.push(Expansion {
                        term,
                        factor: PREFIX_FACTOR,
                        typo_of: None,
                    });
                }
            }
        }
        let length = word.chars().count();
        if exact.is_none() && length >= 4 {
            let limit = if length <= 6 { 1 } else { 2 };
            for (term, text) in self.terms.iter().enumerate() {
                if typo_distance(word, text, limit).is_some() {
                    out.push(Expansion {
                        term: term as u32,
                        factor: TYPO_FACTOR,
                        typo_of: Some(word.to_string()),
                    });
                }
            }
        }
        out
    }

    fn reasons(
        &self,
        tally: &Tally,
        entry: u32,
        query_terms: &[u32],
        typos: &[(u32, String)],
        query: &Query,
    ) -> Vec<Reason> {
        let mut reasons: Vec<Reason> = tally.codes.iter().cloned().map(Reason::Code).collect();
        let doc = &self.docs[entry as usize];
        let coverage = doc
            .message_terms
            .iter()
            .filter(|terms| terms.len() >= 3)
            .map(|terms| share_in(terms, query_terms))
            .fold(0.0, f32::max);
        if coverage >= MESSAGE_MIN_COVERAGE {
            reasons.push(Reason::Message {
                percent: (coverage * 100.0).round() as u8,
            });
        }
        let fields: Vec<Field> = Field::ALL
            .into_iter()
            .filter(|f| tally.fields & f.bit() != 0)
            .collect();
        if !fields.is_empty() {
            reasons.push(Reason::Words(fields));
        }
        for (term, typed) in typos {
            let used = self.postings[*term as usize]
                .iter()
                .any(|p| p.entry == entry);
            if used {
                reasons.push(Reason::Typo {
                    typed: typed.clone(),
                    known: self.terms[*term as usize].clone(),
                });
            }
        }
        if query.short_text.is_some() && tally.words == 0.0 && tally.code == 0.0 {
            reasons.push(Reason::FuzzyTitle);
        }
        reasons
    }
}

/// The share of `terms` (distinct) found in the sorted `query_terms`.
fn share_in(terms: &[u32], query_terms: &[u32]) -> f32 {
    let found = terms
        .iter()
        .filter(|t| query_terms.binary_search(t).is_ok())
        .count();
    found as f32 / terms.len() as f32
}

/// Scores this close are a tie, broken by platform and then knowledge order.
fn rounded(score: f32) -> i64 {
    (score * 100.0).round() as i64
}

/// On a tie, the platform Mattermost supports Intune MAM on comes first.
fn platform_rank(platform: Platform) -> u8 {
    match platform {
        Platform::Ios => 0,
        Platform::Server => 1,
        Platform::Entra => 2,
        Platform::Any => 3,
        Platform::Android => 4,
    }
}
