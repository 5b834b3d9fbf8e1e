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
    let searcher = Searcher::new(base);
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

#[test]
fn the_search_command_answers_over_100000_generated_entries_with_and_without_the_cache() {
    const ENTRIES: usize = 100_000;
    let packs = tempfile::tempdir().unwrap();
    let an_hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    for (name, text) in synth::pack_files(ENTRIES) {
        let path = packs.path().join(name);
        std::fs::write(&path, text).unwrap();
        let file = std::fs::File::options().write(true).open(&path).unwrap();
        file.set_modified(an_hour_ago).unwrap();
    }
    let cache = tempfile::tempdir().unwrap();
    let search = |query: &str| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_mamtriage"))
            .args(["--knowledge", packs.path().to_str().unwrap()])
            .args(["search", "--json", "-n", "1", "--", query])
            .env_remove("MAMTRIAGE_KNOWLEDGE")
            // Not the config of whoever runs the tests.
            .env("MAMTRIAGE_CONFIG", "/nonexistent/mamtriage/config.yaml")
            .env("MAMTRIAGE_CACHE_DIR", cache.path())
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        let results: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        results[0]["id"].as_str().unwrap_or_default().to_string()
    };
    // The first run parses and saves; the later ones answer from the cache.
    assert_eq!(search(&synth::code_of(98_765)), "synth.e98765");
    assert_eq!(std::fs::read_dir(cache.path()).unwrap().count(), 1);
    assert_eq!(search(&synth::code_of(12)), "synth.e12");
    assert_eq!(search(&synth::message_of(54_321)), "synth.e54321");
    assert_eq!(search("AADSTS650057"), "signin.aadsts650057");
}
