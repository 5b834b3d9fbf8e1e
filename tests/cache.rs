//! The knowledge cache: used while packs are unchanged, rebuilt when they change, and never
//! in the way when it is missing, damaged or cannot be written.

use mamtriage::cache::{CacheStatus, KnowledgeCache, Loaded};
use mamtriage::knowledge::Sources;
use mamtriage::search::Filter;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};
use tempfile::TempDir;

fn entry(id: &str, title: &str, code: &str) -> String {
    format!(
        "- id: {id}\n  kind: admin-issue\n  platform: ios\n  title: {title}\n  codes: [{code}]\n  \
         cause: Something is set up wrong.\n  steps:\n    - Set it up right.\n"
    )
}

/// Writes a pack dated an hour ago, as a pack that has settled would be.
fn write_settled(path: &Path, content: &str) {
    fs::write(path, content).expect("write pack");
    let file = fs::File::options()
        .write(true)
        .open(path)
        .expect("open pack");
    let an_hour_ago = SystemTime::now() - Duration::from_secs(3600);
    file.set_modified(an_hour_ago).expect("set time");
}

struct Setup {
    packs: TempDir,
    cache_dir: TempDir,
}

impl Setup {
    fn new() -> Setup {
        let setup = Setup {
            packs: tempfile::tempdir().expect("temp dir"),
            cache_dir: tempfile::tempdir().expect("temp dir"),
        };
        write_settled(
            &setup.pack(),
            &entry("team.proxy", "Proxy blocks sign-in", "TEAM0001"),
        );
        setup
    }

    fn pack(&self) -> PathBuf {
        self.packs.path().join("team.yaml")
    }

    fn sources(&self) -> Sources {
        Sources {
            shipped: true,
            user: vec![self.packs.path().to_path_buf()],
        }
    }

    fn load(&self) -> (Loaded, CacheStatus) {
        KnowledgeCache::new(self.cache_dir.path()).load(&self.sources())
    }
}

fn top_hit(loaded: Loaded, query: &str) -> Option<String> {
    let (searcher, _) = loaded.into_searcher();
    let results = searcher.search(query, Filter::default(), 1);
    results.first().map(|(entry, _)| entry.id.clone())
}

#[test]
fn unchanged_packs_are_loaded_from_the_cache_with_the_same_answers() {
    let setup = Setup::new();
    let (built, status) = setup.load();
    assert_eq!(status, CacheStatus::Saved);
    let (cached, status) = setup.load();
    assert_eq!(status, CacheStatus::Used);
    assert_eq!(built.base.entries(), cached.base.entries());
    assert_eq!(built.report.files, cached.report.files);
    for query in [
        "TEAM0001",
        "proxy blocks",
        "AADSTS650057",
        "Account Not Set Up",
    ] {
        assert_eq!(
            top_hit(Loaded::build(&setup.sources()), query),
            top_hit(setup.load().0, query),
            "{query}"
        );
    }
    assert_eq!(top_hit(cached, "TEAM0001").as_deref(), Some("team.proxy"));
}

#[test]
fn an_edited_pack_is_read_again() {
    let setup = Setup::new();
    setup.load();
    write_settled(
        &setup.pack(),
        &entry("team.proxy", "Proxy blocks sign-in", "TEAM0002"),
    );
    let (loaded, status) = setup.load();
    assert_eq!(status, CacheStatus::Saved);
    assert_eq!(top_hit(loaded, "TEAM0002").as_deref(), Some("team.proxy"));
}

#[test]
fn a_new_pack_file_is_noticed() {
    let setup = Setup::new();
    setup.load();
    write_settled(
        &setup.packs.path().join("more.yaml"),
        &entry("team.dns", "DNS filter blocks Intune", "TEAM0003"),
    );
    let (loaded, status) = setup.load();
    assert_eq!(status, CacheStatus::Saved);
    assert!(loaded.base.get("team.dns").is_some());
}

#[test]
fn a_pack_written_just_now_is_not_cached_yet() {
    let setup = Setup::new();
    fs::write(
        setup.pack(),
        entry("team.proxy", "Proxy blocks sign-in", "TEAM0004"),
    )
    .expect("write pack");
    let (loaded, status) = setup.load();
    assert!(matches!(status, CacheStatus::NotSaved(_)), "{status:?}");
    assert_eq!(top_hit(loaded, "TEAM0004").as_deref(), Some("team.proxy"));
}

#[test]
fn a_damaged_cache_is_rebuilt() {
    let setup = Setup::new();
    setup.load();
    for file in fs::read_dir(setup.cache_dir.path()).expect("cache dir") {
        let path = file.expect("cache file").path();
        let mut bytes = fs::read(&path).expect("read cache");
        bytes.truncate(bytes.len() / 2);
        fs::write(&path, bytes).expect("damage cache");
    }
    let (loaded, status) = setup.load();
    assert_eq!(status, CacheStatus::Saved);
    assert_eq!(top_hit(loaded, "TEAM0001").as_deref(), Some("team.proxy"));
    assert_eq!(setup.load().1, CacheStatus::Used);
}

#[test]
fn a_cache_with_a_changed_byte_is_rebuilt() {
    let setup = Setup::new();
    setup.load();
    let path = fs::read_dir(setup.cache_dir.path())
        .expect("cache dir")
        .next()
        .expect("a cache file")
        .expect("cache file")
        .path();
    let len = fs::read(&path).expect("read cache").len();
    // What loading found and the entries near the start, the middle, and the search index
    // at the end.
    for at in [len / 3, len / 2, len - 1] {
        let mut bytes = fs::read(&path).expect("read cache");
        bytes[at] ^= 0x55;
        fs::write(&path, bytes).expect("damage cache");
        let (loaded, status) = setup.load();
        assert_eq!(status, CacheStatus::Saved, "byte {at} of {len} changed");
        assert_eq!(top_hit(loaded, "TEAM0001").as_deref(), Some("team.proxy"));
        assert_eq!(setup.load().1, CacheStatus::Used);
    }
}

/// The one cache file of a setup that has loaded once.
fn cache_file(setup: &Setup) -> PathBuf {
    let mut files: Vec<PathBuf> = fs::read_dir(setup.cache_dir.path())
        .expect("cache dir")
        .map(|file| file.expect("cache file").path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    files.remove(0)
}

#[test]
fn a_cache_of_another_format_version_or_build_is_rebuilt() {
    let setup = Setup::new();
    setup.load();
    // Each names what the cache depends on; the digit after it is changed as another format,
    // another version or another build of the program would have written it.
    for marker in [
        "format: ",
        "version: \"",
        "binary: Some(Stamp { len: ",
        "modified_ns: ",
    ] {
        let path = cache_file(&setup);
        let mut bytes = fs::read(&path).expect("read cache");
        let at = bytes
            .windows(marker.len())
            .position(|window| window == marker.as_bytes())
            .unwrap_or_else(|| panic!("the cache's key names {marker}"))
            + marker.len();
        assert!(bytes[at].is_ascii_digit(), "{marker}");
        bytes[at] = if bytes[at] == b'9' {
            b'1'
        } else {
            bytes[at] + 1
        };
        fs::write(&path, bytes).expect("edit cache");
        let (loaded, status) = setup.load();
        assert_eq!(status, CacheStatus::Saved, "{marker}");
        assert_eq!(top_hit(loaded, "TEAM0001").as_deref(), Some("team.proxy"));
        assert_eq!(setup.load().1, CacheStatus::Used);
    }
}

#[test]
fn a_cache_that_cannot_be_written_does_not_stop_the_load() {
    let setup = Setup::new();
    let blocker = setup.cache_dir.path().join("not-a-dir");
    fs::write(&blocker, "a file where the cache directory would be").expect("write file");
    let (loaded, status) = KnowledgeCache::new(&blocker).load(&setup.sources());
    assert!(matches!(status, CacheStatus::NotSaved(_)), "{status:?}");
    assert_eq!(top_hit(loaded, "TEAM0001").as_deref(), Some("team.proxy"));
}

#[test]
fn the_shipped_knowledge_alone_needs_no_cache() {
    let cache_dir = tempfile::tempdir().expect("temp dir");
    let (loaded, status) = KnowledgeCache::new(cache_dir.path()).load(&Sources::default());
    assert_eq!(status, CacheStatus::NotNeeded);
    assert!(!loaded.base.is_empty());
    assert_eq!(fs::read_dir(cache_dir.path()).expect("dir").count(), 0);
}
