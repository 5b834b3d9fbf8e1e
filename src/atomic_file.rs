//! Writing a file (an export, the search history) whole or not at all, never over a file
//! without leave.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use thiserror::Error;

#[derive(Debug, Error)]
pub enum WriteError {
    #[error("{} already exists; choose another name or overwrite it with --force", .0.display())]
    Exists(PathBuf),
    #[error("{} is not a regular file (a device, a pipe or a folder); --force replaces only files", .0.display())]
    NotAFile(PathBuf),
    #[error("cannot write {}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

/// Writes `contents` to `path` through a temporary file in the same directory, renamed into
/// place once complete, so a crash or a full disk never leaves a partial file.
pub fn write_file(path: &Path, contents: &str, overwrite: bool) -> Result<(), WriteError> {
    write_file_with(path, overwrite, SHARED, |file| {
        file.write_all(contents.as_bytes())
    })
}

/// [`write_file`] for a file only its owner may read (the search history), overwriting.
pub fn write_private_file(path: &Path, contents: &str) -> Result<(), WriteError> {
    write_file_with(path, true, PRIVATE, |file| {
        file.write_all(contents.as_bytes())
    })
}

/// Readable as any new file would be (0666 less the umask), not only by its owner: a
/// colleague or a ticket tool may run as another user.
const SHARED: u32 = 0o666;
/// Readable and writable by its owner alone.
const PRIVATE: u32 = 0o600;

/// [`write_file`] with the writing itself passed in, so that a failure half way (a full
/// disk, an interruption) can be shown to leave nothing behind.
fn write_file_with(
    path: &Path,
    overwrite: bool,
    mode: u32,
    write: impl FnOnce(&mut std::fs::File) -> io::Result<()>,
) -> Result<(), WriteError> {
    let io_error = |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    };
    if let Ok(existing) = std::fs::metadata(path) {
        // Renaming over a device or a pipe would replace it with a file (as root, /dev/full).
        if !existing.is_file() {
            return Err(WriteError::NotAFile(path.to_path_buf()));
        }
        if !overwrite {
            return Err(WriteError::Exists(path.to_path_buf()));
        }
    }
    let directory = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".mamtriage-export-");
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(mode));
    #[cfg(not(unix))]
    let _ = mode;
    let mut temporary = builder.tempfile_in(directory).map_err(|err| {
        let folder = directory.display();
        io_error(io::Error::new(
            err.kind(),
            format!("cannot create a file in {folder}"),
        ))
    })?;
    write(temporary.as_file_mut()).map_err(io_error)?;
    temporary.as_file().sync_all().map_err(io_error)?;
    let persisted = if overwrite {
        temporary.persist(path)
    } else {
        temporary.persist_noclobber(path)
    };
    // On failure the temporary file is dropped with the error, which deletes it.
    persisted.map(drop).map_err(|err| match err.error.kind() {
        io::ErrorKind::AlreadyExists => WriteError::Exists(path.to_path_buf()),
        _ => io_error(err.error),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_whole_file_and_refuses_to_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("fix.txt");
        write_file(&path, "first", false).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "first");
        let err = write_file(&path, "second", false).unwrap_err();
        assert!(matches!(err, WriteError::Exists(_)), "{err}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "first");
        write_file(&path, "second", true).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "second");
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary file is left behind");
    }

    #[test]
    fn a_write_that_fails_half_way_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("fix.txt");
        let err = write_file_with(&path, false, SHARED, |file| {
            file.write_all(b"the first half")?;
            Err(io::Error::new(
                io::ErrorKind::StorageFull,
                "No space left on device",
            ))
        })
        .unwrap_err();
        assert!(
            err.to_string()
                .ends_with("fix.txt: No space left on device"),
            "{err}"
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[cfg(unix)]
    #[test]
    fn what_is_not_a_regular_file_is_never_replaced() {
        let err = write_file(Path::new("/dev/null"), "x", true).unwrap_err();
        assert!(matches!(err, WriteError::NotAFile(_)), "{err}");
        let dir = tempfile::tempdir().unwrap();
        let err = write_file(dir.path(), "x", true).unwrap_err();
        assert!(matches!(err, WriteError::NotAFile(_)), "{err}");
        assert!(dir.path().is_dir());
    }

    #[cfg(unix)]
    #[test]
    fn a_private_file_is_for_its_owner_alone() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("history");
        write_private_file(&path, "AADSTS50105\n").unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_directory_that_takes_no_files_is_a_clear_error() {
        // /proc takes no new files, even for root (who may write to any read-only folder).
        let err = write_file(Path::new("/proc/fix.txt"), "x", false).unwrap_err();
        assert_eq!(
            err.to_string(),
            "cannot write /proc/fix.txt: cannot create a file in /proc"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_read_only_directory_keeps_what_it_has() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("fix.txt");
        write_file(&path, "first", false).unwrap();
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o555)).unwrap();
        let result = write_file(&path, "second", true);
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        // Root may write anyway; either way the file is whole and nothing else is left.
        let now = std::fs::read_to_string(&path).unwrap();
        match result {
            Ok(()) => assert_eq!(now, "second"),
            Err(err) => {
                assert!(err.to_string().contains("cannot create a file in"), "{err}");
                assert_eq!(now, "first");
            }
        }
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_missing_directory_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("no-such-dir").join("fix.txt");
        let err = write_file(&path, "x", false).unwrap_err();
        assert!(err.to_string().starts_with("cannot write "), "{err}");
        assert!(err.to_string().contains("fix.txt"), "{err}");
    }
}
