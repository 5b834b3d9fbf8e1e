//! How sure a ranking is of each result: high, medium or low, from what matched and how far
//! the result stands above the rest. The thresholds are calibrated on the evaluation set and
//! the tuned real pastes (`tests/search_eval.rs` checks them, with the held-out pastes
//! reported apart): of first results marked high, at least 97% must be right, and at least
//! 80% of right first results must be marked high.

use super::rank::{Hit, Reason};
use serde::Serialize;

/// How sure a result is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    /// Nothing ties it to the query but a few common words: the closest entry, not a match.
    Low,
    Medium,
    /// A code, a message or the user's own description matched, and no other entry is close.
    High,
}

impl Confidence {
    pub fn name(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
    }
}

/// How far the first result must score above the second when a code or message matched.
const CODE_MARGIN: f32 = 1.1;
/// A message this much of which is in the query counts like a code.
const WHOLE_MESSAGE: u8 = 80;
/// A symptom phrase the query holds whole, and the margin it needs.
const WHOLE_SYMPTOM: u8 = 100;
const WHOLE_SYMPTOM_MARGIN: f32 = 1.3;
/// Most of a symptom phrase, and the margin it needs.
const MOST_OF_SYMPTOM: u8 = 80;
const MOST_OF_SYMPTOM_MARGIN: f32 = 2.0;
/// Words alone make a high match only far ahead of the rest, with a score this high.
const WORDS_MARGIN: f32 = 2.5;
const WORDS_SCORE: f32 = 25.0;
/// Under this score, with nothing but words, a first result is a guess.
const GUESS_SCORE: f32 = 12.0;
/// Results scoring within this of each other are a tie.
const TIE_MARGIN: f32 = 1.02;
/// A result after the first is medium when it scores at least this share of the first.
const RUNNER_UP_SHARE: f32 = 0.5;

/// What matched in one hit.
struct Evidence {
    code: bool,
    message: u8,
    symptom: u8,
}

impl Evidence {
    fn of(hit: &Hit) -> Evidence {
        let mut evidence = Evidence {
            code: false,
            message: 0,
            symptom: 0,
        };
        for reason in &hit.reasons {
            match reason {
                Reason::Code(_) => evidence.code = true,
                Reason::Message { percent } => evidence.message = evidence.message.max(*percent),
                Reason::Symptom { percent } => evidence.symptom = evidence.symptom.max(*percent),
                _ => {}
            }
        }
        evidence
    }

    /// More than words: a code, half a message or most of a symptom phrase.
    fn some(&self) -> bool {
        self.code || self.message >= 50 || self.symptom >= 75
    }
}

/// The confidence of each of `hits`, ranked best first as search returns them.
pub fn rate(hits: &[Hit]) -> Vec<Confidence> {
    let Some(first) = hits.first() else {
        return Vec::new();
    };
    let second = hits.get(1).map_or(0.0, |hit| hit.score);
    let margin = if second > 0.0 {
        first.score / second
    } else {
        f32::INFINITY
    };
    let top = rate_first(first, margin);
    let mut rated = vec![top];
    rated.extend(hits[1..].iter().map(|hit| {
        if hit.score >= first.score * RUNNER_UP_SHARE && top != Confidence::Low {
            Confidence::Medium
        } else {
            Confidence::Low
        }
    }));
    rated
}

fn rate_first(hit: &Hit, margin: f32) -> Confidence {
    let evidence = Evidence::of(hit);
    let high = ((evidence.code || evidence.message >= WHOLE_MESSAGE) && margin >= CODE_MARGIN)
        || (evidence.symptom >= WHOLE_SYMPTOM && margin >= WHOLE_SYMPTOM_MARGIN)
        || (evidence.symptom >= MOST_OF_SYMPTOM && margin >= MOST_OF_SYMPTOM_MARGIN)
        || (margin >= WORDS_MARGIN && hit.score >= WORDS_SCORE);
    if high {
        Confidence::High
    } else if (!evidence.some() && hit.score < GUESS_SCORE)
        || (margin < TIE_MARGIN && !evidence.some())
    {
        Confidence::Low
    } else {
        Confidence::Medium
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(score: f32, reasons: Vec<Reason>) -> Hit {
        Hit {
            entry: 0,
            score,
            reasons,
        }
    }

    #[test]
    fn a_code_well_ahead_is_high_and_a_few_words_are_low() {
        let code = hit(120.0, vec![Reason::Code("AADSTS53005".into())]);
        let next = hit(40.0, vec![]);
        assert_eq!(rate(&[code, next]), [Confidence::High, Confidence::Low]);
        let words = hit(7.7, vec![]);
        let close = hit(6.1, vec![]);
        assert_eq!(rate(&[words, close]), [Confidence::Low, Confidence::Low]);
    }

    #[test]
    fn a_code_shared_by_two_entries_is_not_high() {
        let one = hit(100.0, vec![Reason::Code("HTTP 403".into())]);
        let other = hit(98.0, vec![Reason::Code("HTTP 403".into())]);
        assert_eq!(
            rate(&[one, other]),
            [Confidence::Medium, Confidence::Medium]
        );
    }
}
