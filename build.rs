//! Embeds the shipped knowledge packs so the binary works from any directory. Each pack is
//! parsed here, once, and embedded as JSON with the places its entries were written; a pack
//! that does not parse is embedded as YAML instead, so the tool reports its problems at run
//! time with file, line and column.

#[allow(dead_code)]
#[path = "src/knowledge/locate.rs"]
mod locate;
#[allow(dead_code)]
#[path = "src/knowledge/model.rs"]
mod model;
#[allow(dead_code)]
#[path = "src/knowledge/precompiled.rs"]
mod precompiled;

use precompiled::PrecompiledEntry;
use std::{env, fs, path::Path};

fn main() {
    println!("cargo::rerun-if-changed=knowledge");
    println!("cargo::rerun-if-changed=src/knowledge/model.rs");
    println!("cargo::rerun-if-changed=src/knowledge/locate.rs");
    println!("cargo::rerun-if-changed=src/knowledge/precompiled.rs");
    let manifest_dir = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let out_dir = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let knowledge = Path::new(&manifest_dir).join("knowledge");
    let mut names: Vec<String> = fs::read_dir(&knowledge)
        .expect("the knowledge/ directory ships with the crate")
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".yaml"))
        .collect();
    names.sort();
    let mut items = String::new();
    for name in &names {
        let path = knowledge.join(name);
        let text = fs::read_to_string(&path).unwrap_or_default();
        let (format, embedded) = match precompile(&text) {
            Some(entries) => {
                let json = serde_json::to_vec(&entries).expect("entries serialize");
                let out = Path::new(&out_dir).join(format!("{name}.json"));
                fs::write(&out, json).expect("OUT_DIR is writable");
                ("Precompiled", out)
            }
            None => ("Yaml", path),
        };
        items.push_str(&format!(
            "    ({name:?}, PackFormat::{format}, include_bytes!({:?})),\n",
            embedded.display().to_string()
        ));
    }
    let code =
        format!("pub(crate) const SHIPPED_PACKS: &[(&str, PackFormat, &[u8])] = &[\n{items}];\n");
    fs::write(Path::new(&out_dir).join("shipped_packs.rs"), code).expect("OUT_DIR is writable");
}

/// The entries of a block-style pack with their places, or `None` if it does not parse.
fn precompile(text: &str) -> Option<Vec<PrecompiledEntry>> {
    let entries: Vec<model::Entry> = serde_yaml::from_str(text).ok()?;
    let spans = locate::item_spans(text);
    if entries.len() != spans.len() {
        return None;
    }
    let precompiled = entries
        .into_iter()
        .zip(spans)
        .map(|(entry, span)| {
            let (line, column) =
                locate::key_position(text, span, "id").unwrap_or((span.line, span.column));
            let related = entry
                .related
                .iter()
                .map(|target| {
                    locate::list_value_position(text, span, "related", target)
                        .unwrap_or((line, column))
                })
                .collect();
            PrecompiledEntry {
                line,
                column,
                related,
                entry,
            }
        })
        .collect();
    Some(precompiled)
}
