//! Whatever the bytes, scanning them never panics, counts no more records than lines, and
//! hands back only masked samples; whatever an archive holds, however damaged, opening it
//! ends with a report.

use mamtriage::knowledge::{KnowledgeBase, Sources};
use mamtriage::scan::{Input, ScanOptions, Scanner};
use proptest::prelude::*;
use std::sync::OnceLock;

mod common;
use common::archives::{gzip, tar_of, zip_of};

fn shipped() -> &'static KnowledgeBase {
    static BASE: OnceLock<KnowledgeBase> = OnceLock::new();
    BASE.get_or_init(|| KnowledgeBase::load(&Sources::default()).0)
}

/// Pieces real evidence is made of, so that generated input reaches every reader.
fn evidence_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(r#"{"timestamp":"2026-03-02 10:15:42.118 Z","level":"debug","msg":"Microsoft Intune authentication is not configured.","path":"/oauth/intune","http_code":400}"#.to_string()),
        Just("\"Date (UTC)\",\"Sign-in error code\",\"Failure reason\"".to_string()),
        Just("\"2026-03-02T10:15:39Z\",\"65001\",\"not consented".to_string()),
        Just("2026/03/02 10:15:44:517 ERROR nativeEntraLogin failed {".to_string()),
        Just("[{\"createdDateTime\": \"2026-03-02T10:15:39Z\", \"status\": {\"errorCode\": 50105".to_string()),
        Just("Bearer eyJhbGciOi.eyJzdWIi.c2ln AADSTS53005".to_string()),
        "\\PC{0,60}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(100))]

    #[test]
    fn any_evidence_scans_without_panicking(
        pieces in proptest::collection::vec(evidence_piece(), 0..12),
        separator in prop_oneof![Just("\n"), Just("\r\n"), Just(","), Just("")],
        trailing in proptest::collection::vec(any::<u8>(), 0..40),
    ) {
        let mut bytes = pieces.join(separator).into_bytes();
        bytes.extend_from_slice(&trailing);
        let lines = bytes.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
        let mut scanner = Scanner::new(shipped(), ScanOptions::default());
        scanner.scan_reader("input", &mut std::io::Cursor::new(bytes));
        let report = scanner.report(None);
        prop_assert_eq!(report.files.len(), 1);
        prop_assert!(report.files[0].records <= lines, "{} records in {} lines", report.files[0].records, lines);
        for finding in &report.findings {
            for sample in &finding.samples {
                prop_assert!(!sample.text.contains("eyJhbGciOi"), "a token in {:?}", sample.text);
            }
        }
    }
}

/// How evidence is packed: the shapes admins hand over, and nesting of them.
#[derive(Debug, Clone, Copy)]
enum Packing {
    Zip,
    Gzip,
    Tar,
}

fn pack(packing: Packing, name: &str, bytes: &[u8]) -> Vec<u8> {
    match packing {
        Packing::Zip => zip_of(&[(name, bytes), ("notes.txt", b"second member")]),
        Packing::Gzip => gzip(bytes),
        Packing::Tar => tar_of(&[(name, bytes)]),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_archive_however_damaged_scans_to_a_report(
        pieces in proptest::collection::vec(evidence_piece(), 1..8),
        packings in proptest::collection::vec(
            prop_oneof![Just(Packing::Zip), Just(Packing::Gzip), Just(Packing::Tar)], 1..4),
        damage in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..4),
        cut in proptest::option::of(any::<prop::sample::Index>()),
    ) {
        let mut bytes = pieces.join("\n").into_bytes();
        for (level, packing) in packings.iter().enumerate() {
            bytes = pack(*packing, &format!("level{level}.log"), &bytes);
        }
        for (at, value) in damage {
            let at = at.index(bytes.len());
            bytes[at] = value;
        }
        if let Some(cut) = cut {
            bytes.truncate(cut.index(bytes.len()).max(1));
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("evidence.bin");
        std::fs::write(&path, &bytes).unwrap();
        let mut scanner = Scanner::new(shipped(), ScanOptions::default());
        scanner.scan(&[Input::Path(path)]);
        let report = scanner.report(None);
        prop_assert!(report.files.len() + report.notes.len() >= 1, "the report says something");
        for finding in &report.findings {
            for sample in &finding.samples {
                prop_assert!(!sample.text.contains("eyJhbGciOi"), "a token in {:?}", sample.text);
            }
        }
    }
}
