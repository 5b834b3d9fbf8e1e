//! Ranking: exact codes first, then word relevance, verbatim-message coverage and fuzzy titles.

use super::codes::CodeKind;
use super::index::{template_matches, ArchivedSearchIndex, Field, TermId};
use super::matcher::{typo_distance, TitleMatcher};
use super::query::Query;
use crate::knowledge::{Kind, Platform};
use rustc_hash::FxHashMap;
use std::collections::HashMap;

/// Narrows results to a platform and a kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Filter {
    pub platform: Option<Platform>,
    pub kind: Option<Kind>,
}

impl Filter {
    /// Whether an entry of this platform and kind passes the filter.
    pub fn admits(&self, platform: Platform, kind: Kind) -> bool {
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
    /// The query contains this share of one of the entry's symptom phrases.
    Symptom { percent: u8 },
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
/// The code written with the same capitals: `not_compliant` (Mattermost's reason) is not
/// `NOT_COMPLIANT` (the Android SDK's status).
const CODE_EXACT_CASE_BONUS: f32 = 12.0;
const MESSAGE_BONUS: f32 = 25.0;
const MESSAGE_MIN_COVERAGE: f32 = 0.5;
/// The query is a message character for character: it tells apart messages whose words are
/// the same ("Please try again" with or without the final period).
const EXACT_MESSAGE_BONUS: f32 = 20.0;
const WHOLE_TITLE_BONUS: f32 = 4.0;
/// The title's words in a row in the query, any case: a dialog's title pasted or quoted
/// ("it says \"Account Not Set Up\""), not its words scattered through the paste.
const TITLE_PHRASE_BONUS: f32 = 8.0;
/// A run of words in the query's order inside a message: a partial or pasted message.
const PHRASE_BONUS: f32 = 15.0;
const PHRASE_MIN_RUN: usize = 3;
/// A symptom phrase the query contains (most of its words): the user's own description.
const SYMPTOM_BONUS: f32 = 10.0;
const SYMPTOM_MIN_COVERAGE: f32 = 0.75;
/// Phrase checks and fuzzy titles run on this many best candidates only.
const PHRASE_CANDIDATES: usize = 300;
/// Dialog titles differ between platforms only in capitals ("App Not Set Up" on iOS, "App not
/// set up" on Android), so a title pasted with its exact capitals tells them apart.
const EXACT_TITLE_BONUS: f32 = 3.0;
const FUZZY_TITLE_WEIGHT: f32 = 6.0;
const TYPO_FACTOR: f32 = 0.6;
/// A word being typed is completed from this many characters on; shorter ones match too much.
const MIN_PREFIX_CHARS: usize = 3;
/// Intune MAM for Mattermost is iOS only, so when a query fits an iOS and an Android entry
/// alike (the same dialog on both), the iOS one is the likelier answer.
const ANDROID_PRIOR: f32 = 0.9;
/// An entry of the mobile platform the paste points to.
const CUED_PLATFORM_BONUS: f32 = 1.2;
/// An iOS entry when the paste points to Android.
const OTHER_PLATFORM_PRIOR: f32 = 0.8;
const PREFIX_FACTOR: f32 = 0.8;
/// Results scoring under this share of the best are noise.
pub(crate) const RELATIVE_CUTOFF: f32 = 0.15;
/// Without any word or code hit, short queries are fuzzy-matched against every title up to
/// this many entries.
const FUZZY_SCAN_LIMIT: usize = 20_000;

/// What a query found of one candidate beyond its word score.
#[derive(Debug, Clone, Default)]
struct Extra {
    codes: Vec<String>,
    bonus: f32,
    /// Best share of a verbatim message found in the query (words, any order).
    message_coverage: f32,
    /// Best share of a symptom phrase found in the query.
    symptom_coverage: f32,
}

/// Every entry's score for one query, in flat arrays, so that a query over 100,000 entries
/// costs one add per posting; the few candidates that need more keep it in `extras`.
struct Scores {
    code: Vec<f32>,
    words: Vec<f32>,
    fields: Vec<u8>,
    seen: Vec<bool>,
    /// The entries the query reached, in the order it reached them.
    touched: Vec<u32>,
    extras: FxHashMap<u32, Extra>,
}

impl Scores {
    fn new(entries: usize) -> Scores {
        Scores {
            code: vec![0.0; entries],
            words: vec![0.0; entries],
            fields: vec![0; entries],
            seen: vec![false; entries],
            touched: Vec::new(),
            extras: FxHashMap::default(),
        }
    }

    fn touch(&mut self, entry: u32) {
        let seen = &mut self.seen[entry as usize];
        if !*seen {
            *seen = true;
            self.touched.push(entry);
        }
    }

    fn extra(&mut self, entry: u32) -> &mut Extra {
        self.extras.entry(entry).or_default()
    }

    fn total(&self, entry: u32) -> f32 {
        let index = entry as usize;
        let bonus = self.extras.get(&entry).map_or(0.0, |e| e.bonus);
        self.code[index] + self.words[index] + bonus
    }
}

/// How query words map onto known terms.
struct Expansion {
    term: u32,
    factor: f32,
    typo_of: Option<String>,
}

impl ArchivedSearchIndex {
    /// Ranks entries for a query, best first.
    pub fn search(
        &self,
        query: &Query,
        filter: Filter,
        limit: usize,
        matcher: &dyn TitleMatcher,
    ) -> Vec<Hit> {
        let mut scores = Scores::new(self.docs.len());
        let filtering = filter != Filter::default();
        let admits = |entry: u32| {
            let doc = &self.docs[entry as usize];
            !filtering || filter.admits(doc.platform(), doc.kind())
        };

        for code in &query.codes {
            let postings = self.code_postings(code.kind, &code.value);
            if postings.is_empty() {
                continue;
            }
            let base = match (code.kind, code.inferred) {
                (CodeKind::Http, _) => HTTP_WEIGHT,
                (CodeKind::Segment, _) => SEGMENT_WEIGHT,
                (_, true) => INFERRED_CODE_WEIGHT,
                (_, false) => CODE_WEIGHT,
            };
            let weight = base / (1.0 + (postings.len() as f32).ln());
            let label = code.label();
            for posting in postings.iter().filter(|p| admits(p.entry.to_native())) {
                let entry = posting.entry.to_native();
                scores.touch(entry);
                let mut score = weight;
                if posting.in_title {
                    score += CODE_IN_TITLE_BONUS;
                }
                if self.text(&posting.shown) == code.shown {
                    score += CODE_EXACT_CASE_BONUS;
                }
                scores.code[entry as usize] += score;
                let codes = &mut scores.extra(entry).codes;
                if !codes.contains(&label) {
                    codes.push(label.clone());
                }
            }
        }

        let mut query_terms: Vec<TermId> = Vec::new();
        let mut term_of_word: HashMap<&str, u32> = HashMap::new();
        let mut typos: Vec<(u32, String)> = Vec::new();
        for (position, word) in query.words.iter().enumerate() {
            let is_last = position + 1 == query.words.len();
            for expansion in self.expand(word, is_last && query.last_word_partial) {
                // The word itself, or what its typo stands for, counts for phrase checks.
                if expansion.factor == 1.0 || expansion.typo_of.is_some() {
                    query_terms.push(TermId::from_native(expansion.term));
                    term_of_word.entry(word.as_str()).or_insert(expansion.term);
                }
                if let Some(typed) = expansion.typo_of {
                    typos.push((expansion.term, typed));
                }
                let weight = expansion.factor * self.idf[expansion.term as usize].to_native();
                for posting in self.postings[expansion.term as usize].iter() {
                    let entry = posting.entry();
                    if admits(entry) {
                        scores.touch(entry);
                        scores.words[entry as usize] += weight * posting.weight();
                        scores.fields[entry as usize] |= posting.fields();
                    }
                }
            }
        }
        query_terms.sort_unstable();
        query_terms.dedup();
        let sequence: Vec<TermId> = query
            .sequence
            .iter()
            .map(|word| term_of_word.get(word.as_str()).copied().unwrap_or(u32::MAX))
            .map(TermId::from_native)
            .collect();

        // A short query that matched no word may still be a fuzzy title, as in fzf.
        let no_hits = scores.touched.is_empty();
        if query.short_text.is_some() && no_hits && self.docs.len() <= FUZZY_SCAN_LIMIT {
            for entry in (0..self.docs.len() as u32).filter(|&e| admits(e)) {
                scores.touch(entry);
            }
        }

        let mut best: Vec<u32> = scores.touched.clone();
        let by_score = |a: &u32, b: &u32| scores.total(*b).total_cmp(&scores.total(*a));
        if best.len() > PHRASE_CANDIDATES {
            best.select_nth_unstable_by(PHRASE_CANDIDATES - 1, by_score);
            best.truncate(PHRASE_CANDIDATES);
        }
        for &entry in &best {
            let doc = &self.docs[entry as usize];
            let mut extra = scores.extras.remove(&entry).unwrap_or_default();
            let messages = self.phrases(&doc.messages);
            extra.message_coverage = messages
                .iter()
                .map(|m| self.distinct(m))
                .filter(|distinct| distinct.len() >= 3)
                .map(|distinct| share_in(distinct, &query_terms))
                .fold(0.0, f32::max);
            if extra.message_coverage >= MESSAGE_MIN_COVERAGE {
                extra.bonus += MESSAGE_BONUS * extra.message_coverage.powi(3);
            }
            if let Some(collapsed) = &query.collapsed {
                if self
                    .templates(&doc.message_templates)
                    .any(|template| template_matches(template, collapsed))
                {
                    extra.bonus += EXACT_MESSAGE_BONUS;
                }
            }
            let phrase = messages
                .iter()
                .map(|m| run_share(self.sequence(m), &sequence))
                .fold(0.0, f32::max);
            extra.bonus += PHRASE_BONUS * phrase * phrase;
            extra.symptom_coverage = self
                .phrases(&doc.symptoms)
                .iter()
                .map(|p| self.distinct(p))
                .filter(|distinct| distinct.len() >= 2)
                .map(|distinct| self.weighted_share_in(distinct, &query_terms))
                .fold(0.0, f32::max);
            if extra.symptom_coverage >= SYMPTOM_MIN_COVERAGE {
                extra.bonus += SYMPTOM_BONUS * extra.symptom_coverage.powi(2);
            }
            let title_terms = self.distinct(&doc.title_terms);
            let title = self.text(&doc.title);
            if !title_terms.is_empty() && share_in(title_terms, &query_terms) >= 1.0 {
                extra.bonus += WHOLE_TITLE_BONUS;
                if run_share(self.sequence(&doc.title_terms), &sequence) >= 1.0 {
                    extra.bonus += TITLE_PHRASE_BONUS;
                }
                if query.text.contains(title) {
                    extra.bonus += EXACT_TITLE_BONUS;
                }
            }
            if let Some(text) = &query.short_text {
                let score = matcher.score(title, text);
                extra.bonus += FUZZY_TITLE_WEIGHT * score.min(1.5);
            }
            scores.extras.insert(entry, extra);
        }

        // Mattermost supports Intune MAM on iOS, so Android comes second unless the paste's
        // wording points to Android; then the other mobile platform does.
        let prior = |entry: u32| match (self.docs[entry as usize].platform(), query.platform_cue) {
            (Platform::Android, Some(Platform::Android)) | (Platform::Ios, Some(Platform::Ios)) => {
                CUED_PLATFORM_BONUS
            }
            (Platform::Ios, Some(Platform::Android)) => OTHER_PLATFORM_PRIOR,
            (Platform::Android, _) => ANDROID_PRIOR,
            _ => 1.0,
        };
        let mut hits: Vec<(u32, f32)> = best
            .iter()
            .map(|&e| (e, scores.total(e) * prior(e)))
            .filter(|&(_, score)| score > 0.0)
            .collect();
        hits.sort_by(|&(a, sa), &(b, sb)| {
            rounded(sb)
                .cmp(&rounded(sa))
                .then(
                    platform_rank(self.docs[a as usize].platform())
                        .cmp(&platform_rank(self.docs[b as usize].platform())),
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
                reasons: self.reasons(&scores, entry, &typos, query),
            })
            .collect()
    }

    /// The known terms a query word stands for: itself, its completions while typing, or the
    /// words it is a typo of.
    fn expand(&self, word: &str, partial: bool) -> Vec<Expansion> {
        let mut out = Vec::new();
        let exact = self.term_id(word);
        if let Some(term) = exact {
            out.push(Expansion {
                term,
                factor: 1.0,
                typo_of: None,
            });
        }
        if partial && word.chars().count() >= MIN_PREFIX_CHARS {
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
        // Words with digits are codes or noise, not misspelt words.
        let is_word = word.chars().all(char::is_alphabetic);
        if exact.is_none() && length >= 4 && is_word {
            let limit = if length <= 6 { 1 } else { 2 };
            let lengths = length.saturating_sub(limit)..=length + limit;
            let candidates = lengths
                .filter_map(|n| self.typo_candidates.get(n))
                .flat_map(|terms| terms.iter());
            for term in candidates.map(|term| term.to_native()) {
                if typo_distance(word, self.term(term), limit).is_some() {
                    out.push(Expansion {
                        term,
                        factor: TYPO_FACTOR,
                        typo_of: Some(word.to_string()),
                    });
                }
            }
        }
        out
    }

    /// Like [`share_in`], with each term counted by how telling it is (its IDF).
    fn weighted_share_in(&self, terms: &[TermId], query_terms: &[TermId]) -> f32 {
        let weight = |t: &TermId| self.idf[t.to_native() as usize].to_native();
        let total: f32 = terms.iter().map(weight).sum();
        let found: f32 = terms
            .iter()
            .filter(|t| query_terms.binary_search(t).is_ok())
            .map(weight)
            .sum();
        if total > 0.0 {
            found / total
        } else {
            0.0
        }
    }

    fn reasons(
        &self,
        scores: &Scores,
        entry: u32,
        typos: &[(u32, String)],
        query: &Query,
    ) -> Vec<Reason> {
        let extra = scores.extras.get(&entry).cloned().unwrap_or_default();
        let mut reasons: Vec<Reason> = extra.codes.into_iter().map(Reason::Code).collect();
        if extra.message_coverage >= MESSAGE_MIN_COVERAGE {
            reasons.push(Reason::Message {
                percent: percent(extra.message_coverage),
            });
        }
        if extra.symptom_coverage >= SYMPTOM_MIN_COVERAGE {
            reasons.push(Reason::Symptom {
                percent: percent(extra.symptom_coverage),
            });
        }
        let field_bits = scores.fields[entry as usize];
        let fields: Vec<Field> = Field::ALL
            .into_iter()
            .filter(|f| field_bits & f.bit() != 0)
            .collect();
        if !fields.is_empty() {
            reasons.push(Reason::Words(fields));
        }
        for (term, typed) in typos {
            // Postings are in entry order (built entry by entry).
            let postings = &self.postings[*term as usize];
            let used = postings.binary_search_by_key(&entry, |p| p.entry()).is_ok();
            if used {
                reasons.push(Reason::Typo {
                    typed: typed.clone(),
                    known: self.term(*term).to_string(),
                });
            }
        }
        let matched_nothing =
            scores.words[entry as usize] == 0.0 && scores.code[entry as usize] == 0.0;
        if query.short_text.is_some() && matched_nothing {
            reasons.push(Reason::FuzzyTitle);
        }
        reasons
    }
}

fn percent(share: f32) -> u8 {
    (share * 100.0).round() as u8
}

/// The longest run of `message` words that the query has in the same order, as a share of
/// the shorter of the two; runs under [`PHRASE_MIN_RUN`] words count for nothing.
fn run_share(message: &[TermId], query: &[TermId]) -> f32 {
    let shorter = message.len().min(query.len());
    if shorter < PHRASE_MIN_RUN {
        return 0.0;
    }
    // Longest common substring by dynamic programming over one row.
    let mut previous = vec![0usize; message.len() + 1];
    let mut current = vec![0usize; message.len() + 1];
    let mut longest = 0;
    for &word in query {
        for (j, &term) in message.iter().enumerate() {
            current[j + 1] = if word == term { previous[j] + 1 } else { 0 };
            longest = longest.max(current[j + 1]);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    if longest < PHRASE_MIN_RUN {
        0.0
    } else {
        longest as f32 / shorter as f32
    }
}

/// The share of `terms` (distinct) found in the sorted `query_terms`.
fn share_in(terms: &[TermId], query_terms: &[TermId]) -> f32 {
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
