//! Every string a user, admin or log can show (tests/data/field-strings.tsv) finds its entry
//! first. The list goes through the same search the `search` command runs; one string also
//! goes through the command itself.

use mamtriage::knowledge::{KnowledgeBase, Sources};
use mamtriage::search::{Filter, Searcher};
use std::process::Command;

/// (string, ids any of which must come first)
fn field_strings() -> Vec<(&'static str, Vec<&'static str>)> {
    include_str!("data/field-strings.tsv")
        .lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            let (text, expected) = line.split_once('\t').expect("string<TAB>expected ids");
            (text, expected.split('|').collect())
        })
        .collect()
}

#[test]
fn every_field_string_finds_its_entry_first() {
    let (base, report) = KnowledgeBase::load(&Sources::default());
    assert!(report.is_clean());
    let searcher = Searcher::new(base);
    let base = searcher.base();
    let strings = field_strings();
    let mut misses = Vec::new();
    for (text, expected) in &strings {
        for id in expected {
            assert!(base.get(id).is_some(), "the list names unknown id {id}");
        }
        let ids: Vec<&str> = searcher
            .search(text, Filter::default(), 3)
            .iter()
            .map(|(entry, _)| entry.id.as_str())
            .collect();
        if !ids.first().is_some_and(|id| expected.contains(id)) {
            misses.push(format!("{text:?} -> expected {expected:?}, got {ids:?}"));
        }
    }
    println!(
        "field strings: {} of {} found first",
        strings.len() - misses.len(),
        strings.len()
    );
    assert!(
        strings.len() >= 180,
        "only {} strings listed",
        strings.len()
    );
    assert!(
        misses.is_empty(),
        "{} misses:\n{}",
        misses.len(),
        misses.join("\n")
    );
}

#[test]
fn the_search_command_answers_a_field_string_the_same_way() {
    let output = Command::new(env!("CARGO_BIN_EXE_mamtriage"))
        .arg("--no-cache")
        .args([
            "search",
            "--json",
            "-n",
            "1",
            "--",
            "SecurityManager: Compliance failed",
        ])
        .env_remove("MAMTRIAGE_KNOWLEDGE")
        // Not the config of whoever runs the tests.
        .env("MAMTRIAGE_CONFIG", "/nonexistent/mamtriage/config.yaml")
        .output()
        .expect("run mamtriage");
    let results: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(results[0]["id"], "mobile.compliance-not-compliant");
}
