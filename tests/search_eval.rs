//! The evaluation set: realistic queries, each with the entry it must find.
//! Fails when top-1 accuracy drops under 95% or an expected entry falls out of the top 3.

use mamtriage::cache::Loaded;
use mamtriage::knowledge::{Kind, KnowledgeBase, Platform, Sources};
use mamtriage::search::{Confidence, Filter, Query, Searcher};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    query: String,
    expect: String,
    platform: Option<Platform>,
    kind: Option<Kind>,
}

const MIN_TOP1: f64 = 0.95;
const MIN_CASES: usize = 80;

fn cases() -> Vec<Case> {
    serde_yaml::from_str(include_str!("data/eval.yaml")).expect("eval.yaml parses")
}

impl Case {
    fn filter(&self) -> Filter {
        Filter {
            platform: self.platform,
            kind: self.kind,
        }
    }
}

#[test]
fn the_index_built_into_the_binary_answers_as_one_built_at_run_time() {
    let (embedded, report) = Loaded::build(&Sources::default()).into_searcher();
    assert!(report.is_clean());
    let (base, _) = KnowledgeBase::load(&Sources::default());
    let built_now = Searcher::new(base);
    for case in cases() {
        let answers = |searcher: &Searcher| -> Vec<(String, String)> {
            let results = searcher.search(&case.query, case.filter(), 10);
            let described = |(entry, hit): &(&mamtriage::knowledge::Entry, _)| {
                (entry.id.clone(), format!("{hit:?}"))
            };
            results.iter().map(described).collect()
        };
        assert_eq!(answers(&embedded), answers(&built_now), "{}", case.query);
    }
}

#[test]
fn evaluation_set_finds_the_right_entry() {
    let cases = cases();
    assert!(cases.len() >= MIN_CASES, "only {} cases", cases.len());
    let (base, report) = KnowledgeBase::load(&Sources::default());
    assert!(report.is_clean());
    let searcher = Searcher::new(base);
    let base = searcher.base();

    let mut top1 = 0;
    let mut misses = Vec::new();
    let mut out_of_top3 = Vec::new();
    for case in &cases {
        assert!(
            base.get(&case.expect).is_some(),
            "eval expects unknown id {}",
            case.expect
        );
        let ids: Vec<&str> = searcher
            .search(&case.query, case.filter(), 3)
            .iter()
            .map(|(entry, _)| entry.id.as_str())
            .collect();
        match ids.iter().position(|id| *id == case.expect) {
            Some(0) => top1 += 1,
            Some(rank) => misses.push(format!(
                "rank {}: {:?} -> expected {}, got {:?}",
                rank + 1,
                case.query,
                case.expect,
                ids
            )),
            None => out_of_top3.push(format!(
                "not in top 3: {:?} -> expected {}, got {:?}",
                case.query, case.expect, ids
            )),
        }
    }
    let accuracy = top1 as f64 / cases.len() as f64;
    println!(
        "search evaluation: top-1 {top1}/{} = {:.1}%",
        cases.len(),
        accuracy * 100.0
    );
    for miss in misses.iter().chain(&out_of_top3) {
        println!("  {miss}");
    }
    assert!(
        out_of_top3.is_empty(),
        "{} expected entries outside the top 3",
        out_of_top3.len()
    );
    assert!(
        accuracy >= MIN_TOP1,
        "top-1 accuracy {:.1}% < 95%",
        accuracy * 100.0
    );
}

/// A real paste from a public tracker, verbatim, with its source and its part of the split.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RealPaste {
    source: String,
    split: Split,
    expect: String,
    query: String,
}

#[derive(Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
enum Split {
    Tune,
    HeldOut,
}

/// How one part of the real pastes fared: right entry first, in the top 3, and the misses.
struct Tally {
    cases: usize,
    top1: usize,
    top3: usize,
    misses: Vec<String>,
}

impl Tally {
    fn percent(count: usize, of: usize) -> f64 {
        count as f64 * 100.0 / of.max(1) as f64
    }
}

#[test]
fn real_pastes_find_their_entry_in_the_tuned_and_the_held_out_part() {
    let pastes: Vec<RealPaste> =
        serde_yaml::from_str(include_str!("data/real-pastes.yaml")).expect("real-pastes.yaml");
    let (base, _) = KnowledgeBase::load(&Sources::default());
    let searcher = Searcher::new(base);
    let mut tallies = Vec::new();
    for split in [Split::Tune, Split::HeldOut] {
        let mut tally = Tally {
            cases: 0,
            top1: 0,
            top3: 0,
            misses: Vec::new(),
        };
        for (index, paste) in pastes.iter().enumerate().filter(|(_, p)| p.split == split) {
            // Every third paste, in the order collected, is held out: fixed when it is added.
            assert_eq!(
                paste.split == Split::HeldOut,
                index % 3 == 2,
                "paste {index} ({}) breaks the every-third split",
                paste.source
            );
            assert!(
                paste.source.starts_with("https://") && !paste.source.contains("learn.microsoft"),
                "a real paste names its public source: {}",
                paste.source
            );
            assert!(
                searcher.base().get(&paste.expect).is_some(),
                "{}",
                paste.expect
            );
            let ids: Vec<String> = searcher
                .search(&paste.query, Filter::default(), 3)
                .iter()
                .map(|(entry, _)| entry.id.clone())
                .collect();
            tally.cases += 1;
            match ids.iter().position(|id| *id == paste.expect) {
                Some(0) => tally.top1 += 1,
                Some(_) => tally.top3 += 1,
                None => {}
            }
            if ids.first() != Some(&paste.expect) {
                tally
                    .misses
                    .push(format!("{} -> {:?} ({})", paste.expect, ids, paste.source));
            }
        }
        tally.top3 += tally.top1;
        println!(
            "real pastes, {split:?}: top-1 {}/{} = {:.0}%, top-3 {}/{} = {:.0}%",
            tally.top1,
            tally.cases,
            Tally::percent(tally.top1, tally.cases),
            tally.top3,
            tally.cases,
            Tally::percent(tally.top3, tally.cases)
        );
        for miss in &tally.misses {
            println!("  {miss}");
        }
        tallies.push((split, tally));
    }
    for (split, tally) in &tallies {
        let (min_top1, min_top3) = match split {
            Split::Tune => (95.0, 100.0),
            Split::HeldOut => HELD_OUT_FLOORS,
        };
        assert!(tally.cases >= 5, "{split:?}: too few pastes to measure");
        assert!(
            Tally::percent(tally.top1, tally.cases) >= min_top1,
            "{split:?}: top-1 under {min_top1}%"
        );
        assert!(
            Tally::percent(tally.top3, tally.cases) >= min_top3,
            "{split:?}: top-3 under {min_top3}%"
        );
    }
}

/// The held-out part is never tuned on, so its floor sits under what it measured when last
/// raised (2026-12-06: 32/33 first and in the top 3), below the aim of 95% and 100%; a change
/// that lowers it is a regression, and one that lifts it is real.
const HELD_OUT_FLOORS: (f64, f64) = (95.0, 95.0);

/// How the first results of one set were rated: marked high and right, marked high, right.
#[derive(Default)]
struct Calibration {
    high_right: usize,
    high: usize,
    right: usize,
}

impl Calibration {
    fn add(&mut self, right: bool, confidence: Confidence) {
        let high = confidence == Confidence::High;
        self.high += usize::from(high);
        self.right += usize::from(right);
        self.high_right += usize::from(high && right);
    }

    /// Of first results marked high, the share that is right.
    fn precision(&self) -> f64 {
        Tally::percent(self.high_right, self.high)
    }

    /// Of right first results, the share marked high.
    fn recall(&self) -> f64 {
        Tally::percent(self.high_right, self.right)
    }
}

#[test]
fn confidence_marks_high_only_what_is_right_and_most_of_it() {
    let (base, _) = KnowledgeBase::load(&Sources::default());
    let searcher = Searcher::new(base);
    let first = |query: &str, filter: Filter| {
        let results = searcher.search_rated(&Query::parse(query), filter, 1);
        results
            .first()
            .map(|(entry, _, confidence)| (entry.id.clone(), *confidence))
    };
    // Calibrated on the evaluation set and the tuned real pastes; the held-out pastes are
    // only measured.
    let mut calibrated = Calibration::default();
    for case in cases() {
        if let Some((id, confidence)) = first(&case.query, case.filter()) {
            calibrated.add(id == case.expect, confidence);
        }
    }
    let pastes: Vec<RealPaste> =
        serde_yaml::from_str(include_str!("data/real-pastes.yaml")).expect("real-pastes.yaml");
    let mut held_out = Calibration::default();
    for paste in &pastes {
        if let Some((id, confidence)) = first(&paste.query, Filter::default()) {
            match paste.split {
                Split::Tune => calibrated.add(id == paste.expect, confidence),
                Split::HeldOut => held_out.add(id == paste.expect, confidence),
            }
        }
    }
    for (name, figures) in [("calibrated on", &calibrated), ("held out", &held_out)] {
        println!(
            "confidence, {name}: high and right {:.1}% of {} marked high; {:.1}% of {} right \
             first results marked high",
            figures.precision(),
            figures.high,
            figures.recall(),
            figures.right
        );
    }
    for figures in [&calibrated, &held_out] {
        assert!(figures.precision() >= 97.0, "high but wrong too often");
        assert!(
            figures.recall() >= 80.0,
            "right but not marked high too often"
        );
    }
    // Error lines no entry knows (constructed): none may look like a confident match.
    for noise in [
        r#"{"timestamp":"2024-01-01 11:19:00.000 Z","level":"error","msg":"Database connection lost","caller":"sqlstore/store.go:1"}"#,
        "Failed to upload file: disk quota exceeded after 1234 bytes",
        "websocket connection closed unexpectedly",
        "Failed to send push notification: connection refused",
        "my phone screen is cracked",
    ] {
        let (id, confidence) = first(noise, Filter::default()).expect("a closest entry");
        assert_eq!(confidence, Confidence::Low, "{noise} -> {id}");
    }
}
