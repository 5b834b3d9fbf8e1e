//! Speed targets (README, "Speed"): loading and indexing and the three query shapes, at 200,
//! 10,000 and 100,000 entries, and scanning a server log. A keystroke in the TUI is measured in
//! `benches/tui.rs`; scanning beside ripgrep, whole process, in `benches/compare_ripgrep.sh`.

#[path = "../examples/support/attempts.rs"]
mod attempts;
#[path = "../examples/support/server_log.rs"]
mod server_log;
#[path = "../examples/support/synth.rs"]
mod synth;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use mamtriage::cache::{CacheStatus, KnowledgeCache};
use mamtriage::knowledge::{KnowledgeBase, Layer, LoadReport, PackFile, Sources};
use mamtriage::scan::{join_incidents, ScanOptions, Scanner};
use mamtriage::search::{Filter, Query, SearchIndex, Searcher};
use std::hint::black_box;
use std::time::{Duration, SystemTime};

const SIZES: [usize; 3] = [200, 10_000, 100_000];

fn packs(count: usize) -> Vec<PackFile> {
    synth::pack_files(count)
        .into_iter()
        .map(|(name, text)| PackFile::yaml(name, Layer::User, text.into_bytes()))
        .collect()
}

fn base(count: usize) -> KnowledgeBase {
    KnowledgeBase::from_packs(&packs(count), &mut LoadReport::default())
}

fn load_and_index(c: &mut Criterion) {
    let mut group = c.benchmark_group("load_and_index");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    for size in SIZES {
        let files = packs(size);
        group.bench_with_input(BenchmarkId::new("parse", size), &files, |b, files| {
            b.iter(|| KnowledgeBase::from_packs(black_box(files), &mut LoadReport::default()))
        });
        let loaded = base(size);
        group.bench_with_input(BenchmarkId::new("index", size), &loaded, |b, loaded| {
            b.iter(|| SearchIndex::build(black_box(loaded.entries())))
        });
        let (_packs_dir, sources) = packs_on_disk(size);
        let cache_dir = tempfile::tempdir().expect("temp dir");
        let cache = KnowledgeCache::new(cache_dir.path());
        assert_eq!(cache.load(&sources).1, CacheStatus::Saved);
        group.bench_with_input(
            BenchmarkId::new("from_cache", size),
            &sources,
            |b, sources| b.iter(|| cache.load(black_box(sources))),
        );
    }
    group.finish();
}

/// Generated packs written to a directory, dated as settled files so the cache takes them.
fn packs_on_disk(count: usize) -> (tempfile::TempDir, Sources) {
    let dir = tempfile::tempdir().expect("temp dir");
    let an_hour_ago = SystemTime::now() - Duration::from_secs(3600);
    for (name, text) in synth::pack_files(count) {
        let path = dir.path().join(name);
        std::fs::write(&path, text).expect("write pack");
        let file = std::fs::File::options()
            .write(true)
            .open(&path)
            .expect("open");
        file.set_modified(an_hour_ago).expect("set time");
    }
    let sources = Sources {
        shipped: false,
        user: vec![dir.path().to_path_buf()],
    };
    (dir, sources)
}

fn search(c: &mut Criterion) {
    let mut group = c.benchmark_group("search");
    group.sample_size(30);
    for size in SIZES {
        let searcher = Searcher::new(base(size));
        let target = size / 2;
        let queries = [
            ("code", synth::code_of(target)),
            ("typed", "token expird sesion".to_string()),
            ("pasted", synth::message_of(target)),
        ];
        for (shape, text) in &queries {
            // Parsing the query is part of every keystroke, so it is measured too.
            group.bench_with_input(BenchmarkId::new(*shape, size), text, |b, text| {
                b.iter(|| {
                    searcher.search_query(&Query::parse(black_box(text)), Filter::default(), 50)
                })
            });
        }
    }
    group.finish();
}

/// Scanning a generated 64 MiB server log held in memory, from building the patterns of the
/// shipped knowledge to the report.
fn scan(c: &mut Criterion) {
    let mut log = Vec::new();
    let written = server_log::write_log(&mut log, 64 << 20, 300).expect("writing to memory");
    let (base, _) = KnowledgeBase::load(&Sources::default());
    let mut group = c.benchmark_group("scan");
    group
        .sample_size(10)
        .throughput(criterion::Throughput::Bytes(written.bytes));
    group.bench_function("server_log_64MiB", |b| {
        b.iter(|| {
            let mut scanner = Scanner::new(&base, ScanOptions::default());
            scanner.scan_reader("mattermost.log", &mut std::io::Cursor::new(black_box(&log)));
            let report = scanner.report(None);
            assert_eq!(report.files[0].records, written.lines);
            let found: u64 = report.findings.iter().map(|f| f.count).sum();
            assert_eq!(found, written.errors);
        })
    });
    group.finish();
}

/// What joining incidents costs: a generated server log (64 MiB, or `MAMTRIAGE_BENCH_MB`)
/// with one refused sign-in per 2,000 lines and the Entra sign-ins before them, scanned
/// without keeping anything for incidents, then scanned and joined. The target: joining
/// stays within 2x of the scan alone (README, "Speed").
fn incidents(c: &mut Criterion) {
    let megabytes: u64 = std::env::var("MAMTRIAGE_BENCH_MB")
        .ok()
        .and_then(|mb| mb.parse().ok())
        .unwrap_or(64);
    let attempts = (megabytes << 20) / 230 / 2_000;
    let (mut log, mut sign_ins) = (Vec::new(), Vec::new());
    let written = attempts::write_attempts(&mut log, &mut sign_ins, megabytes << 20, attempts)
        .expect("writing to memory");
    let (base, _) = KnowledgeBase::load(&Sources::default());
    let run = |skip_incidents: bool| {
        let options = ScanOptions {
            skip_incidents,
            ..ScanOptions::default()
        };
        let mut scanner = Scanner::new(&base, options);
        scanner.scan_reader("mattermost.log", &mut std::io::Cursor::new(black_box(&log)));
        scanner.scan_reader(
            "InteractiveSignIns.csv",
            &mut std::io::Cursor::new(black_box(&sign_ins)),
        );
        let mut report = scanner.report(None);
        join_incidents(&mut report, &base, None);
        report
    };
    let joined = run(false);
    assert_eq!(joined.incidents.len() as u64, written.errors);
    assert!(joined.incidents.iter().all(|i| i.events.len() == 2));
    let mut group = c.benchmark_group("incidents");
    group
        .sample_size(10)
        .throughput(criterion::Throughput::Bytes(
            written.bytes + sign_ins.len() as u64,
        ));
    group.bench_function(BenchmarkId::new("scan_only", megabytes), |b| {
        b.iter(|| run(true))
    });
    group.bench_function(BenchmarkId::new("scan_and_join", megabytes), |b| {
        b.iter(|| run(false))
    });
    group.finish();
}

criterion_group!(benches, load_and_index, search, scan, incidents);
criterion_main!(benches);
