//! Reading a log as it grows, as `tail -F` does: from its start, then every line appended,
//! through rotation (the file replaced by a new one) and truncation, until told to stop.

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// How long to wait before looking for more of the file.
const POLL: Duration = Duration::from_millis(200);

/// A reader over a growing file: at its end it waits for more, and reads a new file from its
/// start when the old one was rotated or truncated. It ends (reads 0) once `stop` is set.
pub struct Follower<'s> {
    path: PathBuf,
    file: File,
    position: u64,
    identity: Option<(u64, u64)>,
    stop: &'s AtomicBool,
    /// Set when a new file was opened; the reader of lines starts counting again.
    pub reopened: bool,
}

impl<'s> Follower<'s> {
    /// Opens a regular file to follow; anything else (a device, a pipe, a folder) is refused,
    /// as following it could read for ever without a line break.
    pub fn open(path: &Path, stop: &'s AtomicBool) -> io::Result<Follower<'s>> {
        let file = open_regular(path)?;
        Ok(Follower {
            path: path.to_path_buf(),
            identity: identity(&file),
            file,
            position: 0,
            stop,
            reopened: false,
        })
    }

    /// Whether the path now names another file, or the file got shorter than what was read.
    fn replaced(&self) -> bool {
        let Ok(metadata) = std::fs::metadata(&self.path) else {
            return false;
        };
        let other_file = identity_of(&metadata).is_some_and(|now| Some(now) != self.identity);
        other_file || metadata.len() < self.position
    }
}

impl Read for Follower<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            if self.stop.load(Ordering::Relaxed) {
                return Ok(0);
            }
            let n = self.file.read(buf)?;
            if n > 0 {
                self.position += n as u64;
                return Ok(n);
            }
            if self.replaced() {
                // A rotation that leaves a link to a device in its place is not followed.
                if let Ok(file) = open_regular(&self.path) {
                    self.identity = identity(&file);
                    self.file = file;
                    self.position = 0;
                    self.reopened = true;
                    continue;
                }
            }
            std::thread::sleep(POLL);
        }
    }
}

fn open_regular(path: &Path) -> io::Result<File> {
    let file = File::open(path)?;
    if !file.metadata()?.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a regular file (a device or a pipe)",
        ));
    }
    Ok(file)
}

fn identity(file: &File) -> Option<(u64, u64)> {
    file.metadata().ok().as_ref().and_then(identity_of)
}

#[cfg(unix)]
fn identity_of(metadata: &std::fs::Metadata) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    Some((metadata.dev(), metadata.ino()))
}

#[cfg(not(unix))]
fn identity_of(_: &std::fs::Metadata) -> Option<(u64, u64)> {
    None
}
