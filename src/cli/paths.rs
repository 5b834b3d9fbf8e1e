//! `mamtriage paths`: where knowledge comes from.

use super::error::CliResult;
use super::output::outln;
use super::settings::UserConfig;
use super::KnowledgeSetup;
use mamtriage::cache::{CacheStatus, Loaded, CACHE_DIR_ENV};
use mamtriage::knowledge::{Layer, KNOWLEDGE_ENV};
use std::process::ExitCode;

pub fn run(setup: &KnowledgeSetup, config: &UserConfig) -> CliResult {
    let sources = &setup.sources;
    match &config.path {
        Some(path) if path.exists() => outln!("config: {}", path.display())?,
        Some(path) => outln!("config: {} (not there; defaults apply)", path.display())?,
        None => outln!("config: none (no config directory on this system)")?,
    }
    match config.history_file() {
        Some(file) => outln!("search history: {}", file.display())?,
        None => outln!("search history: off")?,
    }
    let (Loaded { base, report, .. }, status) = setup.load();
    if sources.shipped {
        outln!("shipped knowledge: embedded in the binary")?;
    } else {
        outln!("shipped knowledge: left out (--no-shipped)")?;
    }
    if sources.user.is_empty() {
        outln!("user knowledge: none (add with --knowledge DIR or ${KNOWLEDGE_ENV})")?;
    } else {
        outln!("user knowledge (later wins):")?;
        for dir in &sources.user {
            outln!("  {}", dir.display())?;
        }
    }
    outln!("files loaded:")?;
    for file in &report.files {
        let layer = match file.layer {
            Layer::Shipped => "shipped",
            Layer::User => "user",
        };
        outln!("  {:<7}  {:>4} entries  {}", layer, file.entries, file.name)?;
    }
    let overrides: Vec<_> = base
        .ids()
        .into_iter()
        .filter_map(|id| Some((id, base.origin(id)?)))
        .filter_map(|(id, origin)| Some((id, origin.replaces?, origin.location)))
        .collect();
    if !overrides.is_empty() {
        outln!("shipped entries replaced by user packs:")?;
        for (id, shipped, user) in overrides {
            outln!("  {id}: {shipped} -> {user}")?;
        }
    }
    match &setup.cache {
        Some(cache) => outln!(
            "cache: {} (${CACHE_DIR_ENV} moves it, --no-cache skips it)",
            cache.dir().display()
        )?,
        None => outln!("cache: none")?,
    }
    let used = match status {
        CacheStatus::NotNeeded => "not needed for the shipped knowledge alone".to_string(),
        CacheStatus::Used => "used; the packs had not changed".to_string(),
        CacheStatus::Saved => "packs loaded and saved for the next run".to_string(),
        CacheStatus::NotSaved(why) => format!("not saved: {why}"),
    };
    outln!("  this run: {used}")?;
    outln!(
        "{} entries, {} problems",
        base.len(),
        report.diagnostics.len()
    )?;
    Ok(ExitCode::SUCCESS)
}
