//! Values kept in their archived form (rkyv) and read in place: the knowledge and its search
//! index are never decoded as a whole, whether their bytes were built in memory a moment ago
//! or mapped from the cache.

use rkyv::api::high::{HighSerializer, HighValidator};
use rkyv::bytecheck::CheckBytes;
use rkyv::rancor;
use rkyv::ser::allocator::ArenaHandle;
use rkyv::util::AlignedVec;
use rkyv::Portable;
use std::marker::PhantomData;
use std::ops::Range;
use std::sync::Arc;

/// Where archived bytes live.
#[derive(Debug)]
enum Storage {
    Built(AlignedVec),
    /// Built into the binary by `build.rs`.
    Embedded(&'static [u8]),
    /// A file mapped read-only. Files mapped here are only ever replaced by renaming a new
    /// file over them, which leaves the mapped one unchanged.
    Mapped(memmap2::Mmap),
}

impl Storage {
    fn bytes(&self) -> &[u8] {
        match self {
            Storage::Built(bytes) => bytes,
            Storage::Embedded(bytes) => bytes,
            Storage::Mapped(map) => map,
        }
    }
}

/// A run of bytes in storage that several archives can share (a cache file holds three).
#[derive(Debug, Clone)]
pub struct ArchiveBytes {
    storage: Arc<Storage>,
    range: Range<usize>,
}

impl ArchiveBytes {
    fn whole(storage: Storage) -> ArchiveBytes {
        let range = 0..storage.bytes().len();
        ArchiveBytes {
            storage: Arc::new(storage),
            range,
        }
    }

    pub fn embedded(bytes: &'static [u8]) -> ArchiveBytes {
        ArchiveBytes::whole(Storage::Embedded(bytes))
    }

    pub fn mapped(map: memmap2::Mmap) -> ArchiveBytes {
        ArchiveBytes::whole(Storage::Mapped(map))
    }

    pub fn as_slice(&self) -> &[u8] {
        &self.storage.bytes()[self.range.clone()]
    }

    /// Bytes `range` of these, sharing their storage; `None` if it is out of bounds.
    pub fn slice(&self, range: Range<usize>) -> Option<ArchiveBytes> {
        let start = self.range.start.checked_add(range.start)?;
        let end = self.range.start.checked_add(range.end)?;
        (start <= end && end <= self.range.end).then(|| ArchiveBytes {
            storage: Arc::clone(&self.storage),
            range: start..end,
        })
    }
}

/// Bytes known to hold an archived `T`, read in place.
pub struct Checked<T> {
    bytes: ArchiveBytes,
    archived: PhantomData<fn() -> T>,
}

impl<T> Clone for Checked<T> {
    fn clone(&self) -> Self {
        Checked {
            bytes: self.bytes.clone(),
            archived: PhantomData,
        }
    }
}

impl<T> std::fmt::Debug for Checked<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let name = std::any::type_name::<T>();
        write!(f, "Checked<{name}>({} bytes)", self.bytes.as_slice().len())
    }
}

/// What archiving or checking reports.
pub type ArchiveError = rancor::Error;

impl<T> Checked<T>
where
    T: Portable + for<'a> CheckBytes<HighValidator<'a, ArchiveError>>,
{
    /// Takes on bytes from outside (a file) after checking that they hold a valid `T`:
    /// every offset in bounds, every string UTF-8, every enum a known variant.
    pub fn check(bytes: ArchiveBytes) -> Result<Checked<T>, ArchiveError> {
        rkyv::access::<T, ArchiveError>(bytes.as_slice())?;
        Ok(Checked {
            bytes,
            archived: PhantomData,
        })
    }
}

impl<T: Portable> Checked<T> {
    pub fn get(&self) -> &T {
        // SAFETY: the bytes were either written by `archive` from a value of the type `T` is
        // the archived form of, or checked by `check`; they cannot change afterwards (see
        // `Storage`). Either way they hold a valid `T` at the root position.
        unsafe { rkyv::access_unchecked::<T>(self.bytes.as_slice()) }
    }

    /// The bytes, as they are saved.
    pub fn bytes(&self) -> &[u8] {
        self.bytes.as_slice()
    }
}

/// Archives a value in memory. `size_hint` is about how many bytes the archive will take:
/// large archives grown by doubling would hold up to three times their size at once.
pub fn archive<V>(value: &V, size_hint: usize) -> Result<Checked<V::Archived>, ArchiveError>
where
    V: rkyv::Archive
        + for<'a> rkyv::Serialize<HighSerializer<AlignedVec, ArenaHandle<'a>, ArchiveError>>,
{
    let buffer = AlignedVec::with_capacity(size_hint.min(AlignedVec::<16>::MAX_CAPACITY));
    let mut bytes = rkyv::api::high::to_bytes_in::<_, ArchiveError>(value, buffer)?;
    bytes.shrink_to_fit();
    Ok(Checked {
        bytes: ArchiveBytes::whole(Storage::Built(bytes)),
        archived: PhantomData,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_are_read_in_place_and_damage_is_refused() {
        let value = vec!["proxy".to_string(), "dns".to_string()];
        let built = archive(&value, 0).expect("archives");
        assert_eq!(built.get().as_slice(), ["proxy", "dns"]);

        let file = tempfile::NamedTempFile::new().expect("temp file");
        std::fs::write(file.path(), built.bytes()).expect("write");
        let map = || {
            // SAFETY: the temporary file is not changed while mapped.
            let map = unsafe { memmap2::Mmap::map(file.as_file()) }.expect("map");
            ArchiveBytes::mapped(map)
        };
        let read = Checked::<rkyv::Archived<Vec<String>>>::check(map()).expect("valid");
        assert_eq!(read.get().as_slice(), ["proxy", "dns"]);

        let len = built.bytes().len();
        let cut = map().slice(0..len - 1).expect("in bounds");
        assert!(Checked::<rkyv::Archived<Vec<String>>>::check(cut).is_err());
        assert!(map().slice(1..len + 1).is_none());
    }
}
