//! Likely findings: after the exact pass, each error that matched no pattern is searched in
//! the knowledge as a person would paste it. Where the search is sure (high confidence), the
//! group becomes a finding marked `likely`, with why, kept apart from exact ones. This runs
//! once per kind of unrecognised error, never per line, so it costs nothing on a big log.

use super::incident::ClueEntry;
use super::signals::OAUTH_ERRORS;
use super::{Finding, Match, Report};
use crate::knowledge::Platform;
use crate::search::{Confidence, Filter, Hit, Query, Reason, Searcher};
use std::collections::HashMap;

/// The share of one of an entry's messages a log line must hold to be read as that entry.
const MESSAGE_SHARE: u8 = 50;

/// Whether the match rests on what software writes (a message, a distinctive code), not on
/// what people type (symptoms and title words, which a short error line fills by chance:
/// "Intune device enrollment failed" from another product is every word of a symptom). An
/// OAuth error value (`invalid_resource`) stands for many problems, so it is no such code.
fn written_alike(hit: &Hit) -> bool {
    hit.reasons.iter().any(|reason| match reason {
        Reason::Code(code) => !OAUTH_ERRORS.contains(&code.as_str()),
        Reason::Message { percent } => *percent >= MESSAGE_SHARE,
        _ => false,
    })
}

/// Turns the unrecognised groups the knowledge matches with high confidence into likely
/// findings; the rest stay unrecognised.
pub fn attach_likely(report: &mut Report, searcher: &Searcher, platform: Option<Platform>) {
    let filter = Filter {
        platform,
        kind: None,
    };
    let mut still_unrecognised = Vec::new();
    let mut tied: HashMap<String, usize> = HashMap::new();
    for group in std::mem::take(&mut report.unrecognised) {
        let query = Query::parse(&group.signature);
        let best = searcher.search_rated(&query, filter, 1).into_iter().next();
        let Some((entry, hit, Confidence::High)) = best.filter(|(_, hit, _)| written_alike(hit))
        else {
            still_unrecognised.push(group);
            continue;
        };
        if let Some(number) = searcher.base().index_of(&entry.id) {
            tied.insert(group.signature.clone(), number);
        }
        let matched: Vec<String> = hit.reasons.iter().map(|r| r.describe()).collect();
        let existing = report
            .findings
            .iter_mut()
            .find(|f| f.id == entry.id && f.matched == Match::Likely);
        match existing {
            Some(finding) => {
                finding.count += group.count;
                let room = super::SAMPLES.saturating_sub(finding.samples.len());
                finding.samples.extend(group.samples.into_iter().take(room));
            }
            None => report.findings.push(Finding {
                id: entry.id.clone(),
                title: entry.title.clone(),
                platform: entry.platform,
                count: group.count,
                first_seen: None,
                last_seen: None,
                users: Vec::new(),
                samples: group.samples,
                first_step: entry.steps.first().cloned(),
                matched: Match::Likely,
                why: Some(format!(
                    "no known message or code; the error's words read like this entry \
                     (search, high confidence: {})",
                    matched.join("; ")
                )),
            }),
        }
    }
    report.unrecognised = still_unrecognised;
    for clue in &mut report.clues {
        if let ClueEntry::Unrecognised(signature) = &clue.entry {
            if let Some(&number) = tied.get(&**signature) {
                clue.entry = ClueEntry::Likely(number);
            }
        }
    }
}
