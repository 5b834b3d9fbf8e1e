//! Packs written to break the loader: each gives a clear problem with its file and line, the
//! rest of the knowledge stays usable, and nothing hangs or panics.

use mamtriage::knowledge::{KnowledgeBase, Layer, LoadReport, PackFile, Sources, MAX_PACK_BYTES};
use proptest::prelude::*;
use std::fs;
use std::path::Path;

const GOOD: &str = "- id: team.good\n  kind: faq\n  platform: any\n  title: Still here\n  cause: Fine.\n  steps: [Nothing to do.]\n";

/// Loads a directory holding `good.yaml` and whatever `setup` adds, without shipped packs.
fn load_with(setup: impl FnOnce(&Path)) -> (KnowledgeBase, LoadReport, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("good.yaml"), GOOD).unwrap();
    setup(dir.path());
    let (base, report) = KnowledgeBase::load(&Sources {
        shipped: false,
        user: vec![dir.path().to_path_buf()],
    });
    (base, report, dir)
}

/// The single problem reported, as `file:line:col: message (effect)` without the directory.
fn only_problem(report: &LoadReport, dir: &Path) -> String {
    assert_eq!(report.diagnostics.len(), 1, "{:#?}", report.diagnostics);
    let prefix = format!("{}/", dir.display());
    report.diagnostics[0].to_string().replace(&prefix, "")
}

#[test]
fn an_alias_bomb_is_refused() {
    let mut bomb = String::from(
        "- id: bomb\n  kind: faq\n  platform: any\n  title: x\n  cause: y\n  steps:\n",
    );
    bomb.push_str("    - &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for level in 1..10 {
        let refs = vec![format!("*a{}", level - 1); 9].join(", ");
        bomb.push_str(&format!("    - &a{level} [{refs}]\n"));
    }
    let (base, report, dir) = load_with(|dir| fs::write(dir.join("bomb.yaml"), bomb).unwrap());
    let problem = only_problem(&report, dir.path());
    // Refused at the first nested list, before any alias is expanded.
    assert_eq!(
        problem,
        "bomb.yaml:7:7: steps[0]: invalid type: sequence, expected a string (entry skipped)"
    );
    assert!(base.get("bomb").is_none());
    assert!(base.get("team.good").is_some());
}

#[test]
fn deep_nesting_is_refused_before_parsing() {
    let deep = format!(
        "- id: deep\n  title: {}{}\n",
        "[".repeat(200_000),
        "]".repeat(200_000)
    );
    let (base, report, dir) = load_with(|dir| fs::write(dir.join("deep.yaml"), deep).unwrap());
    let problem = only_problem(&report, dir.path());
    assert_eq!(
        problem,
        "deep.yaml:2:74: brackets nest deeper than 64 levels; no pack needs that, so the file \
         was not parsed (file skipped)"
    );
    assert!(base.get("team.good").is_some());
}

#[test]
fn brackets_in_quotes_and_comments_do_not_count_as_nesting() {
    let brackets = "[".repeat(100);
    let pack = format!(
        "# {brackets}\n- id: team.quoted\n  kind: faq\n  platform: any\n  title: \"{brackets}\"\n  cause: '{brackets}'\n  steps: [\"a\"]\n"
    );
    let (base, report, _dir) = load_with(|dir| fs::write(dir.join("quoted.yaml"), pack).unwrap());
    assert!(report.is_clean(), "{:?}", report.diagnostics);
    assert_eq!(base.get("team.quoted").unwrap().title, brackets);
}

#[test]
fn a_huge_file_is_not_read() {
    let (base, report, dir) = load_with(|dir| {
        let file = fs::File::create(dir.join("huge.yaml")).unwrap();
        file.set_len(MAX_PACK_BYTES + 1).unwrap();
    });
    let problem = only_problem(&report, dir.path());
    assert!(
        problem.starts_with("huge.yaml:1:1: too large: 134217729 bytes"),
        "{problem}"
    );
    assert!(base.get("team.good").is_some());
}

#[test]
fn broken_files_each_get_one_clear_problem() {
    let cases: [(&str, &[u8], &str); 5] = [
        ("binary.yaml", b"- id: x\n  title: \xff\xfe\n", "binary.yaml:2:10: not valid UTF-8 text"),
        ("empty.yaml", b"  \n", "empty.yaml:1:1: the file is empty"),
        ("half.yaml", b"- id: half\n  kind: faq\n  title: \"unterminated\n", "half.yaml:4:1: invalid YAML: found unexpected end of stream, while scanning a quoted scalar at line 3 column 10"),
        ("types.yaml", b"- id: t\n  kind: faq\n  platform: any\n  title: [1, 2]\n  cause: c\n  steps: [s]\n", "types.yaml:4:10: "),
        ("unknown.yaml", b"- id: u\n  kind: faq\n  platform: any\n  title: t\n  cause: c\n  steps: [s]\n  colour: red\n", "unknown.yaml:7:3: "),
    ];
    for (name, content, expected) in cases {
        let (base, report, dir) = load_with(|dir| fs::write(dir.join(name), content).unwrap());
        let problem = only_problem(&report, dir.path());
        assert!(problem.starts_with(expected), "{name}: {problem}");
        assert!(base.get("team.good").is_some());
    }
}

#[test]
fn related_cycles_and_duplicate_ids_are_handled() {
    let pack = "- id: team.a\n  kind: faq\n  platform: any\n  title: A\n  cause: c\n  steps: [s]\n  related: [team.b]\n\
                - id: team.b\n  kind: faq\n  platform: any\n  title: B\n  cause: c\n  steps: [s]\n  related: [team.a]\n\
                - id: team.good\n  kind: faq\n  platform: any\n  title: Again\n  cause: c\n  steps: [s]\n";
    let (base, report, dir) = load_with(|dir| fs::write(dir.join("cycle.yaml"), pack).unwrap());
    let problem = only_problem(&report, dir.path());
    assert_eq!(
        problem,
        "good.yaml:1:3: duplicate id `team.good`: it is already defined at cycle.yaml:15:3 \
         (entry skipped)"
    );
    assert_eq!(base.get("team.a").unwrap().related, ["team.b"]);
    assert_eq!(base.get("team.b").unwrap().related, ["team.a"]);
}

#[cfg(unix)]
#[test]
fn symlink_loops_and_special_files_are_reported_not_followed() {
    let (base, report, dir) = load_with(|dir| {
        std::os::unix::fs::symlink(dir, dir.join("loop")).unwrap();
        std::os::unix::fs::symlink(dir.join("self.yaml"), dir.join("self.yaml")).unwrap();
        let fifo = dir.join("pipe.yaml");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    });
    let prefix = format!("{}/", dir.path().display());
    let problems: Vec<String> = report
        .diagnostics
        .iter()
        .map(|d| d.to_string().replace(&prefix, ""))
        .collect();
    assert_eq!(problems.len(), 2, "{problems:#?}");
    assert!(
        problems[0].starts_with("pipe.yaml:1:1: cannot read: not a regular file"),
        "{problems:?}"
    );
    assert!(
        problems[1].starts_with("self.yaml:1:1: cannot read: "),
        "{problems:?}"
    );
    assert_eq!(base.len(), 1);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// YAML-ish text built from the pieces packs are made of: never a panic, and every
    /// problem points into the file.
    #[test]
    fn any_yaml_ish_text_loads_without_panicking(
        pieces in proptest::collection::vec(
            prop_oneof![
                Just("- id: x\n".to_string()), Just("  kind: faq\n".to_string()),
                Just("  title: ".to_string()), Just("  steps:\n    - ".to_string()),
                Just("[".to_string()), Just("]".to_string()), Just("{".to_string()),
                Just("\"".to_string()), Just("'".to_string()), Just("&a ".to_string()),
                Just("*a ".to_string()), Just(": ".to_string()), Just("\n".to_string()),
                Just("  ".to_string()), Just("# ".to_string()), "\\PC{0,8}",
            ],
            0..60,
        )
    ) {
        let text = pieces.concat();
        let lines = text.lines().count().max(1);
        let pack = PackFile::yaml("fuzz.yaml", Layer::User, text.into_bytes());
        let mut report = LoadReport::default();
        let base = KnowledgeBase::from_packs(&[pack], &mut report);
        prop_assert!(base.len() <= lines);
        for diagnostic in &report.diagnostics {
            prop_assert!(diagnostic.location.line >= 1 && diagnostic.location.line <= lines + 1);
            prop_assert!(diagnostic.location.column >= 1);
        }
    }

    #[test]
    fn any_bytes_load_without_panicking(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        let pack = PackFile::yaml("bytes.yaml", Layer::User, bytes);
        let mut report = LoadReport::default();
        KnowledgeBase::from_packs(&[pack], &mut report);
    }
}
