//! Where mamtriage keeps its files on this system: config, data (search history) and cache.

use directories::ProjectDirs;

/// The platform's folders for mamtriage (`~/.config/mamtriage`, `~/.local/share/mamtriage`,
/// `~/.cache/mamtriage` on Linux); `None` when the system has no home folder.
pub fn project_dirs() -> Option<ProjectDirs> {
    ProjectDirs::from("", "", "mamtriage")
}
