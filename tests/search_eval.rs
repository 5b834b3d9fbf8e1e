//! The evaluation set: realistic queries, each with the entry it must find.
//! Fails when top-1 accuracy drops under 95% or an expected entry falls out of the top 3.

use mamtriage::cache::Loaded;
use mamtriage::knowledge::{Kind, KnowledgeBase, Platform, Sources};
use mamtriage::search::{Filter, Searcher};
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
