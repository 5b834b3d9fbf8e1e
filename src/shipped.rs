//! The shipped knowledge as `build.rs` archived it: what loading the packs under
//! `knowledge/` found, their entries and their search index, embedded in the binary and read
//! in place like a cache file.

use crate::archive::ArchiveBytes;

/// Archives are read in place, so their bytes start at a multiple of 16.
#[repr(C, align(16))]
struct Aligned<Bytes: ?Sized>(Bytes);

macro_rules! embedded {
    ($file:literal) => {{
        static BYTES: &Aligned<[u8]> =
            &Aligned(*include_bytes!(concat!(env!("OUT_DIR"), "/", $file)));
        ArchiveBytes::embedded(&BYTES.0)
    }};
}

/// What loading the shipped packs found: the files and their problems.
pub fn report() -> ArchiveBytes {
    embedded!("shipped-report.bin")
}

pub fn entries() -> ArchiveBytes {
    embedded!("shipped-entries.bin")
}

pub fn index() -> ArchiveBytes {
    embedded!("shipped-index.bin")
}
