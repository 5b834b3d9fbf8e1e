//! The query parser and search never panic and stay within their limits, whatever the input.

use mamtriage::knowledge::{KnowledgeBase, Sources};
use mamtriage::search::{query_codes, Filter, Query, Searcher, MAX_QUERY_BYTES};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn parsing_any_unicode_never_panics(text in "\\PC{0,300}") {
        let query = Query::parse(&text);
        prop_assert!(query.words.len() <= 256);
        prop_assert!(!query.truncated);
    }

    #[test]
    fn parsing_any_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = Query::parse(&text);
        let _ = query_codes(&text);
    }

    #[test]
    fn codes_survive_surrounding_noise(
        prefix in "[ a-zA-Z:\\n{}\"]{0,40}",
        code in 10_000u32..999_999,
        suffix in "[ a-zA-Z.\\n}\"]{0,40}",
    ) {
        let text = format!("{prefix} AADSTS{code}: {suffix}");
        let codes = query_codes(&text);
        prop_assert!(codes.iter().any(|c| c.value == code.to_string() && !c.inferred), "{codes:?}");
    }
}

#[test]
fn search_over_arbitrary_text_stays_within_the_limit() {
    let (base, _) = KnowledgeBase::load(&Sources::default());
    let searcher = Searcher::new(base);
    let ids = |results: &[(&mamtriage::knowledge::Entry, _)]| -> Vec<String> {
        results.iter().map(|(entry, _)| entry.id.clone()).collect()
    };
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig::with_cases(64));
    runner
        .run(&"\\PC{0,200}", |text| {
            let top = searcher.search(&text, Filter::default(), 5);
            let more = searcher.search(&text, Filter::default(), 50);
            // A smaller limit gives the head of the longer list, not another ranking.
            prop_assert_eq!(top.len(), more.len().min(5));
            prop_assert_eq!(ids(&top), ids(&more[..top.len()]));
            let mut unique = ids(&more);
            unique.sort();
            unique.dedup();
            prop_assert_eq!(unique.len(), more.len(), "an entry listed twice");
            // Scores within 0.01 are a tie, ordered by platform; otherwise best first.
            prop_assert!(more.windows(2).all(|w| w[0].1.score >= w[1].1.score - 0.01));
            Ok(())
        })
        .unwrap();
    let huge = "é".repeat(MAX_QUERY_BYTES);
    assert!(Query::parse(&huge).truncated);
}
