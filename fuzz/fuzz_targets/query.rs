//! Any bytes as a pasted query over the shipped knowledge: search never panics and returns
//! at most what was asked for.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mamtriage::knowledge::{KnowledgeBase, Sources};
use mamtriage::search::{Filter, Searcher};

thread_local! {
    // Built once: the knowledge is the same for every input.
    static SEARCHER: Searcher = Searcher::new(KnowledgeBase::load(&Sources::default()).0);
}

fuzz_target!(|bytes: &[u8]| {
    let text = String::from_utf8_lossy(bytes);
    SEARCHER.with(|searcher| {
        let results = searcher.search(&text, Filter::default(), 5);
        assert!(results.len() <= 5);
    });
});
