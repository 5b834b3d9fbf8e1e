//! User packs: every problem reported at its place, good entries kept, shipped entries
//! overridable.

use mamtriage::knowledge::{Effect, KnowledgeBase, Layer, LoadReport, PackFile, Sources};
use std::fs;
use std::path::Path;
use tempfile::TempDir;

const GOOD: &str = "\
- id: team.vpn-blocks-intune
  kind: admin-issue
  platform: ios
  title: VPN blocks the Intune service
  cause: The corporate VPN drops traffic to the MAM service.
  steps:
    - Allow the Intune endpoints through the VPN.
  related:
    - ios.connection-issue
";

fn pack_dir(files: &[(&str, &[u8])]) -> TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, content) in files {
        fs::write(dir.path().join(name), content).expect("write pack");
    }
    dir
}

fn load(dir: &Path, shipped: bool) -> (KnowledgeBase, LoadReport) {
    KnowledgeBase::load(&Sources {
        shipped,
        user: vec![dir.to_path_buf()],
    })
}

/// Every diagnostic as `file-name:line:col: message (effect)`, without the temp dir.
fn messages(report: &LoadReport, dir: &Path) -> Vec<String> {
    let prefix = format!("{}/", dir.display());
    report
        .diagnostics
        .iter()
        .map(|d| d.to_string().replace(&prefix, ""))
        .collect()
}

#[test]
fn a_good_pack_loads_next_to_the_shipped_knowledge() {
    let dir = pack_dir(&[("team.yaml", GOOD.as_bytes())]);
    let (base, report) = load(dir.path(), true);
    assert!(report.is_clean(), "{:?}", report.diagnostics);
    let entry = base.get("team.vpn-blocks-intune").expect("user entry");
    assert_eq!(entry.related, ["ios.connection-issue"]);
    assert!(base.get("ios.app-not-set-up").is_some());
    assert_eq!(
        base.origin("team.vpn-blocks-intune").unwrap().location.line,
        1
    );
}

#[test]
fn malformed_yaml_is_reported_at_its_line_and_the_file_skipped() {
    let dir = pack_dir(&[("broken.yaml", b"- id: a\n  title: [unclosed\n  kind: faq\n")]);
    let (base, report) = load(dir.path(), true);
    let messages = messages(&report, dir.path());
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(
        messages[0].starts_with("broken.yaml:3:7: invalid YAML: did not find expected ',' or ']'"),
        "{messages:?}"
    );
    assert!(messages[0].ends_with("(file skipped)"));
    assert!(
        base.get("ios.app-not-set-up").is_some(),
        "shipped knowledge stays"
    );
}

#[test]
fn every_broken_entry_is_reported_and_the_good_ones_kept() {
    let pack = format!(
        "{GOOD}\
- id: team.unknown-field
  kind: faq
  platform: any
  title: Colour
  colour: red
  cause: x
  steps: [x]
- id: team.wrong-kind
  kind: faqq
  platform: any
  title: Kind
  cause: x
  steps: [x]
- id: team.no-title
  kind: faq
  platform: any
  cause: x
  steps: [x]
- id: team.steps-not-a-list
  kind: faq
  platform: any
  title: Steps
  cause: x
  steps: 3
"
    );
    let dir = pack_dir(&[("mixed.yaml", pack.as_bytes())]);
    let (base, report) = load(dir.path(), true);
    let messages = messages(&report, dir.path());
    assert_eq!(
        messages,
        [
            "mixed.yaml:14:3: unknown field `colour`, expected one of `id`, `kind`, `platform`, `title`, `messages`, `codes`, `symptoms`, `cause`, `steps`, `verify`, `notes`, `order`, `server`, `related`, `sources`, `healthy` (entry skipped)",
            "mixed.yaml:18:9: kind: unknown variant `faqq`, expected one of `dialog`, `server-error`, `signin-error`, `admin-issue`, `faq`, `setup-step`, `workflow` (entry skipped)",
            "mixed.yaml:23:3: missing field `title` (entry skipped)",
            "mixed.yaml:33:10: steps: invalid type: integer `3`, expected a sequence (entry skipped)",
        ]
    );
    assert!(base.get("team.vpn-blocks-intune").is_some());
    assert!(base.get("team.no-title").is_none());
}

#[test]
fn semantic_problems_point_at_their_lines() {
    let pack = "\
- id: team.first
  kind: faq
  platform: any
  title: First
  cause: x
  steps: [x]
  related:
    - team.second
    - team.nowhere
    - team.first
- id: team.second
  kind: faq
  platform: any
  title: Second
  cause: x
- id: team.first
  kind: faq
  platform: any
  title: Again
  cause: x
  steps: [x]
- id: Team Bad Id
  kind: faq
  platform: any
  title: Bad
  cause: x
  steps: [x]
";
    let dir = pack_dir(&[("semantic.yaml", pack.as_bytes())]);
    let (base, report) = load(dir.path(), false);
    let messages = messages(&report, dir.path());
    let first = format!("{}/semantic.yaml:1:3", dir.path().display());
    assert_eq!(
        messages,
        [
            "semantic.yaml:9:7: entry `team.first` lists `team.nowhere` in `related`, but no entry has that id (link ignored)".to_string(),
            "semantic.yaml:10:7: entry `team.first` lists itself in `related` (link ignored)".to_string(),
            "semantic.yaml:11:3: entry `team.second` has no `steps`; add at least one remediation step (entry loaded anyway)".to_string(),
            format!("semantic.yaml:16:3: duplicate id `team.first`: it is already defined at {first} (entry skipped)").replace(&format!("{}/", dir.path().display()), ""),
            "semantic.yaml:22:3: invalid id `Team Bad Id`: use lowercase letters, digits, `.`, `_` and `-` (entry skipped)".to_string(),
        ]
    );
    assert_eq!(base.get("team.first").unwrap().related, ["team.second"]);
    assert_eq!(base.get("team.first").unwrap().title, "First");
}

#[test]
fn file_level_problems_skip_only_that_file() {
    let dir = pack_dir(&[
        ("empty.yaml", b"   \n"),
        ("latin1.yaml", b"- id: caf\xe9\n"),
        ("mapping.yaml", b"id: x\ntitle: y\n"),
        ("good.yaml", GOOD.as_bytes()),
    ]);
    let (base, report) = load(dir.path(), true);
    assert_eq!(
        messages(&report, dir.path()),
        [
            "empty.yaml:1:1: the file is empty; a pack file is a YAML list of entries (file skipped)",
            "latin1.yaml:1:10: not valid UTF-8 text; save the file as UTF-8 (file skipped)",
            "mapping.yaml:1:1: a pack file must be a YAML list of entries, each starting with `- id: ...` (file skipped)",
        ]
    );
    assert!(report
        .diagnostics
        .iter()
        .all(|d| d.effect == Effect::FileSkipped));
    assert!(base.get("team.vpn-blocks-intune").is_some());
}

#[test]
fn a_user_entry_replaces_the_shipped_one_with_its_id() {
    let pack = "\
- id: ios.app-not-set-up
  kind: dialog
  platform: ios
  title: App Not Set Up (our runbook)
  messages:
    - This app has not been set up for you to use. Contact your IT administrator for help.
  cause: Our Intune group sync lags by a day.
  steps:
    - Ask the identity team to force the group sync.
";
    let dir = pack_dir(&[("override.yaml", pack.as_bytes())]);
    let (base, report) = load(dir.path(), true);
    assert!(report.is_clean(), "{:?}", report.diagnostics);
    let entry = base.get("ios.app-not-set-up").unwrap();
    assert_eq!(entry.title, "App Not Set Up (our runbook)");
    let origin = base.origin("ios.app-not-set-up").unwrap();
    assert_eq!(origin.layer, Layer::User);
    assert_eq!(
        origin.replaces.as_ref().map(|l| l.file.as_str()),
        Some("shipped/ios-dialogs.yaml")
    );
    // Links from shipped entries to the replaced id still resolve.
    assert!(base
        .get("android.app-not-set-up")
        .unwrap()
        .related
        .contains(&"ios.app-not-set-up".to_string()));
}

#[test]
fn a_missing_directory_is_reported_not_fatal() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-dir");
    let (base, report) = load(&missing, true);
    assert_eq!(report.diagnostics.len(), 1);
    assert!(report.diagnostics[0].to_string().contains("cannot read"));
    assert!(!base.is_empty());
}

#[test]
fn shipped_packs_are_built_in_and_keep_their_places_with_user_packs_or_without() {
    use mamtriage::knowledge::{shipped_packs, PackContent};
    let packs = shipped_packs();
    assert!(packs.len() > 10, "{packs:?}");
    assert!(packs
        .iter()
        .all(|pack| matches!(pack.content, PackContent::Shipped(_))));
    // The recorded place is the `id` line of the YAML the pack was built from.
    let yaml = include_str!("../knowledge/ios-dialogs.yaml");
    let line = yaml
        .lines()
        .position(|l| l == "- id: ios.account-not-set-up")
        .expect("the entry is in the file")
        + 1;
    let expected = format!("shipped/ios-dialogs.yaml:{line}:3");
    let (shipped, report) = KnowledgeBase::load(&Sources::default());
    assert!(report.is_clean());
    let origin = shipped.origin("ios.account-not-set-up").unwrap();
    assert_eq!(origin.location.to_string(), expected);

    let dir = pack_dir(&[("team.yaml", GOOD.as_bytes())]);
    let (merged, report) = load(dir.path(), true);
    assert!(report.is_clean(), "{:?}", report.diagnostics);
    let origin = merged.origin("ios.account-not-set-up").unwrap();
    assert_eq!(origin.location.to_string(), expected);
    assert_eq!(merged.len(), shipped.len() + 1);
    let shipped_files = report.files.iter().filter(|f| f.layer == Layer::Shipped);
    assert_eq!(shipped_files.count(), packs.len());
    for id in shipped.ids() {
        let mut expected = shipped.get(id).unwrap().clone();
        if id == "ios.connection-issue" {
            expected.related.push("team.vpn-blocks-intune".to_string());
        }
        assert_eq!(merged.get(id), Some(&expected), "{id}");
    }
}

/// `count` small entries in one file; the entry at `bad` (if any) has a kind that does not exist.
fn one_file_of(count: usize, bad: Option<usize>) -> String {
    let mut pack = String::new();
    for n in 0..count {
        let kind = if Some(n) == bad { "bogus" } else { "faq" };
        pack.push_str(&format!(
            "- id: team.e{n}\n  kind: {kind}\n  platform: any\n  title: Entry {n}\n  cause: Cause {n}.\n  steps: [Step {n}.]\n"
        ));
    }
    pack
}

/// The quickest of three loads of one pack file.
fn quickest_load(pack: &str) -> (std::time::Duration, LoadReport) {
    let file = || PackFile::yaml("big.yaml", Layer::User, pack.as_bytes().to_vec());
    let mut quickest = None;
    let mut last_report = LoadReport::default();
    for _ in 0..3 {
        let mut report = LoadReport::default();
        let start = std::time::Instant::now();
        KnowledgeBase::from_packs(&[file()], &mut report);
        let took = start.elapsed();
        quickest = Some(quickest.map_or(took, |q: std::time::Duration| q.min(took)));
        last_report = report;
    }
    (quickest.unwrap(), last_report)
}

#[test]
fn one_bad_entry_in_a_large_file_costs_no_more_than_its_own_parse() {
    const COUNT: usize = 8000;
    let bad_at = 6543;
    let (clean_time, clean) = quickest_load(&one_file_of(COUNT, None));
    assert!(clean.is_clean());
    let (bad_time, report) = quickest_load(&one_file_of(COUNT, Some(bad_at)));
    let problems: Vec<String> = report.diagnostics.iter().map(ToString::to_string).collect();
    // Six lines an entry; `kind:` is the second line, its value at column 9.
    let line = bad_at * 6 + 2;
    assert_eq!(
        problems,
        [format!(
            "big.yaml:{line}:9: kind: unknown variant `bogus`, expected one of `dialog`, `server-error`, `signin-error`, `admin-issue`, `faq`, `setup-step`, `workflow` (entry skipped)"
        )]
    );
    // Re-parsing each entry behind its file's earlier lines made this 50 times slower at
    // 8,000 entries (and worse the larger the file); parsing each alone costs a few times one clean parse.
    assert!(
        bad_time < clean_time * 8,
        "clean {clean_time:?}, one bad entry {bad_time:?}"
    );
}
