//! Fuzzy matching behind a small interface, so the matcher can be swapped.

use fuzzy_matcher::skim::SkimMatcherV2;
use fuzzy_matcher::FuzzyMatcher;

/// Scores how well a short typed pattern matches a text, fzf-style.
pub trait TitleMatcher: Send + Sync {
    /// A score from 0.0 (no match) up, about 1.0 for a clean match of every pattern character.
    fn score(&self, text: &str, pattern: &str) -> f32;
}

/// The skim algorithm from `fuzzy-matcher`.
pub struct SkimTitleMatcher(SkimMatcherV2);

impl Default for SkimTitleMatcher {
    fn default() -> Self {
        SkimTitleMatcher(SkimMatcherV2::default().ignore_case())
    }
}

/// Skim gives about 16 points a matched character when the match is clean.
const SKIM_POINTS_PER_CHAR: f32 = 16.0;

impl TitleMatcher for SkimTitleMatcher {
    fn score(&self, text: &str, pattern: &str) -> f32 {
        let chars = pattern.chars().filter(|c| !c.is_whitespace()).count();
        if chars == 0 {
            return 0.0;
        }
        self.0.fuzzy_match(text, pattern).map_or(0.0, |score| {
            score as f32 / (chars as f32 * SKIM_POINTS_PER_CHAR)
        })
    }
}

/// Edit distance with adjacent swaps (optimal string alignment), giving up past `limit`.
pub fn typo_distance(a: &str, b: &str, limit: usize) -> Option<usize> {
    if a.is_ascii() && b.is_ascii() {
        distance(a.as_bytes(), b.as_bytes(), limit)
    } else {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        distance(&a, &b, limit)
    }
}

/// Longest words compared; longer ones are not words (see `text.rs`).
const MAX_LEN: usize = 64;

fn distance<T: PartialEq>(a: &[T], b: &[T], limit: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > limit || a.len() > MAX_LEN || b.len() > MAX_LEN {
        return None;
    }
    // Three rows on the stack: the one before last (for swaps), the last, and this one.
    let mut before = [0usize; MAX_LEN + 1];
    let mut last = [0usize; MAX_LEN + 1];
    let mut row = [0usize; MAX_LEN + 1];
    for (j, cell) in last.iter_mut().enumerate().take(b.len() + 1) {
        *cell = j;
    }
    for i in 1..=a.len() {
        row[0] = i;
        let mut row_min = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (last[j] + 1).min(row[j - 1] + 1).min(last[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(before[j - 2] + 1);
            }
            row[j] = best;
            row_min = row_min.min(best);
        }
        if row_min > limit {
            return None;
        }
        before = last;
        last = row;
    }
    Some(last[b.len()]).filter(|&d| d <= limit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typo_distance_counts_edits_and_swaps() {
        assert_eq!(typo_distance("acount", "account", 2), Some(1));
        assert_eq!(typo_distance("lisence", "license", 2), Some(2));
        assert_eq!(typo_distance("recieve", "receive", 2), Some(1));
        assert_eq!(typo_distance("policy", "device", 2), None);
    }

    #[test]
    fn skim_scores_subsequences_of_titles() {
        let matcher = SkimTitleMatcher::default();
        let good = matcher.score("Account Not Set Up", "acct not set");
        let poor = matcher.score("Accessing Your Organization's Data", "acct not set");
        assert!(good > poor, "{good} vs {poor}");
        assert_eq!(matcher.score("Alert", "zzz"), 0.0);
    }
}
