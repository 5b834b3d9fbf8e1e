//! Builds the shipped knowledge into the binary. The packs under `knowledge/` are parsed,
//! checked and merged by the library's own modules (included below), then written as the
//! archives the program reads in place: what loading found, the entries and the search index.
//! Problems in a shipped pack are printed as build warnings and kept in the report, so the
//! program shows them with file, line and column as it does for user packs.

// The library's modules, of which the build uses a part.
#![allow(dead_code)]

#[path = "src/archive.rs"]
mod archive;
#[path = "src/search/codes.rs"]
mod codes;
#[path = "src/knowledge/diagnostic.rs"]
mod diagnostic;
#[path = "src/knowledge/entries.rs"]
mod entries;
#[path = "src/search/index.rs"]
mod index;
#[path = "src/knowledge/locate.rs"]
mod locate;
#[path = "src/knowledge/merge.rs"]
mod merge;
#[path = "src/knowledge/model.rs"]
mod model;
#[path = "src/knowledge/parse.rs"]
mod parse;
#[path = "src/knowledge/report.rs"]
mod report;
#[path = "src/search/text.rs"]
mod text;
#[path = "src/work.rs"]
mod work;

/// What the included modules know as `crate::knowledge`.
mod knowledge {
    pub use crate::entries::Entries;
    pub use crate::merge::MAX_ENTRIES;
    pub use crate::model::{Entry, Kind, Platform};
}

use entries::Entries;
use index::SearchIndex;
use merge::KnowledgeLimits;
use report::{FileReport, Layer, LoadReport};
use std::{env, fs, path::Path};

const MODULES: &[&str] = &[
    "src/archive.rs",
    "src/search/codes.rs",
    "src/knowledge/diagnostic.rs",
    "src/knowledge/entries.rs",
    "src/search/index.rs",
    "src/knowledge/locate.rs",
    "src/knowledge/merge.rs",
    "src/knowledge/model.rs",
    "src/knowledge/parse.rs",
    "src/knowledge/report.rs",
    "src/search/text.rs",
    "src/work.rs",
];

fn main() {
    println!("cargo::rerun-if-changed=knowledge");
    for module in MODULES {
        println!("cargo::rerun-if-changed={module}");
    }
    let manifest_dir = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let out_dir = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let knowledge = Path::new(&manifest_dir).join("knowledge");
    let mut names: Vec<String> = fs::read_dir(&knowledge)
        .expect("the knowledge/ directory ships with the crate")
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".yaml"))
        .collect();
    names.sort();
    let files = names
        .iter()
        .map(|name| {
            let name = format!("shipped/{name}");
            let text = fs::read(knowledge.join(&name["shipped/".len()..]))
                .unwrap_or_else(|err| panic!("cannot read {name}: {err}"));
            let parsed = parse::parse_pack(&name, &text);
            let file = FileReport {
                name,
                path: None,
                layer: Layer::Shipped,
                entries: 0,
            };
            (file, parsed)
        })
        .collect();
    let mut report = LoadReport::default();
    let contents = merge::merge(files, &mut report, KnowledgeLimits::INDEX);
    for problem in &report.diagnostics {
        println!("cargo::warning={problem}");
    }
    let entries = Entries::archive(&contents).expect("the shipped knowledge archives");
    let index = SearchIndex::build(&entries)
        .archive()
        .expect("the shipped index archives");
    let report = archive::archive(&report, 0).expect("the shipped report archives");
    let out = Path::new(&out_dir);
    for (file, bytes) in [
        ("shipped-report.bin", report.bytes()),
        ("shipped-entries.bin", entries.bytes()),
        ("shipped-index.bin", index.bytes()),
    ] {
        fs::write(out.join(file), bytes).expect("OUT_DIR is writable");
    }
}
