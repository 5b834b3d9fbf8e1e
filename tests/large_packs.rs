//! Large generated packs load cleanly and search correctly (speed itself is measured by the
//! benchmarks, never by tests).

#[path = "../examples/support/synth.rs"]
mod synth;

use mamtriage::knowledge::{KnowledgeBase, Sources};
use mamtriage::search::{Filter, Searcher};

const ENTRIES: usize = 10_000;

#[test]
fn ten_thousand_generated_entries_load_and_search_correctly() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in synth::pack_files(ENTRIES) {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let (base, report) = KnowledgeBase::load(&Sources {
        shipped: true,
        user: vec![dir.path().to_path_buf()],
    });
    assert!(
        report.is_clean(),
        "{:?}",
        &report.diagnostics[..3.min(report.diagnostics.len())]
    );
    assert!(base.len() >= ENTRIES + 190);
    let searcher = Searcher::new(&base);
    for n in [0, 4242, ENTRIES - 1] {
        let by_code = searcher.search(&synth::code_of(n), Filter::default(), 3);
        assert_eq!(by_code[0].0.id, format!("synth.e{n}"), "code of entry {n}");
        let by_message = searcher.search(&synth::message_of(n), Filter::default(), 3);
        assert_eq!(
            by_message[0].0.id,
            format!("synth.e{n}"),
            "message of entry {n}"
        );
    }
    // The shipped knowledge still answers next to the large pack.
    let shipped = searcher.search("AADSTS650057", Filter::default(), 1);
    assert_eq!(shipped[0].0.id, "signin.aadsts650057");
}
