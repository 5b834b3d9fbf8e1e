//! `mamtriage paths`: where knowledge comes from.

use mamtriage::knowledge::{KnowledgeBase, Layer, Sources, KNOWLEDGE_ENV};
use std::process::ExitCode;

pub fn run(sources: &Sources) -> ExitCode {
    let (base, report) = KnowledgeBase::load(sources);
    if sources.shipped {
        println!("shipped knowledge: embedded in the binary");
    } else {
        println!("shipped knowledge: left out (--no-shipped)");
    }
    if sources.user.is_empty() {
        println!("user knowledge: none (add with --knowledge DIR or ${KNOWLEDGE_ENV})");
    } else {
        println!("user knowledge (later wins):");
        for dir in &sources.user {
            println!("  {}", dir.display());
        }
    }
    println!("files loaded:");
    for file in &report.files {
        let layer = match file.layer {
            Layer::Shipped => "shipped",
            Layer::User => "user",
        };
        println!("  {:<7}  {:>4} entries  {}", layer, file.entries, file.name);
    }
    let overrides: Vec<_> = base
        .entries()
        .iter()
        .filter_map(|e| Some((&e.id, base.origin(&e.id)?)))
        .filter_map(|(id, origin)| Some((id, origin.replaces.as_ref()?, &origin.location)))
        .collect();
    if !overrides.is_empty() {
        println!("shipped entries replaced by user packs:");
        for (id, shipped, user) in overrides {
            println!("  {id}: {shipped} -> {user}");
        }
    }
    println!(
        "{} entries, {} problems",
        base.len(),
        report.diagnostics.len()
    );
    ExitCode::SUCCESS
}
