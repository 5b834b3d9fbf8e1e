//! Embeds the shipped knowledge packs so the binary works from any directory.

use std::{env, fs, path::Path};

fn main() {
    println!("cargo::rerun-if-changed=knowledge");
    let manifest_dir = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let knowledge = Path::new(&manifest_dir).join("knowledge");
    let mut names: Vec<String> = fs::read_dir(&knowledge)
        .expect("the knowledge/ directory ships with the crate")
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".yaml"))
        .collect();
    names.sort();
    let items: String = names
        .iter()
        .map(|name| {
            let path = knowledge.join(name);
            format!(
                "    ({name:?}, include_bytes!({:?})),\n",
                path.display().to_string()
            )
        })
        .collect();
    let code = format!("pub(crate) const SHIPPED_PACKS: &[(&str, &[u8])] = &[\n{items}];\n");
    let out = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("shipped_packs.rs");
    fs::write(out, code).expect("OUT_DIR is writable");
}
