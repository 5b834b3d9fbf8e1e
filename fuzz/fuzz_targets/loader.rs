//! Any bytes as a user pack: the loader reports problems, it never panics or hangs.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mamtriage::knowledge::{KnowledgeBase, Layer, LoadReport, PackFile};

fuzz_target!(|bytes: &[u8]| {
    let pack = PackFile::yaml("fuzz.yaml", Layer::User, bytes.to_vec());
    let mut report = LoadReport::default();
    let base = KnowledgeBase::from_packs(&[pack], &mut report);
    for diagnostic in &report.diagnostics {
        assert!(diagnostic.location.line >= 1 && diagnostic.location.column >= 1);
    }
    let _ = base.len();
});
