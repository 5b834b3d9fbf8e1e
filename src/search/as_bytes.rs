//! Arrays of plain numbers saved as their bytes. A cached start decodes millions of
//! postings and term ids; one copy of the bytes is far quicker than one value at a time.
//! (The cache is only read by the binary that wrote it, so the byte order is the machine's.)

use bytemuck::Pod;
use serde::de::{Deserializer, Error, SeqAccess, Visitor};
use serde::ser::{Serialize, Serializer};
use std::fmt;
use std::marker::PhantomData;

pub fn serialize<T: Pod, S: Serializer>(items: &[T], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_bytes(bytemuck::cast_slice(items))
}

pub fn deserialize<'de, T: Pod, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<T>, D::Error> {
    deserializer.deserialize_bytes(BytesVisitor(PhantomData))
}

struct BytesVisitor<T>(PhantomData<T>);

impl<T: Pod> Visitor<'_> for BytesVisitor<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "bytes of {}-byte items", size_of::<T>())
    }

    fn visit_bytes<E: Error>(self, bytes: &[u8]) -> Result<Vec<T>, E> {
        if !bytes.len().is_multiple_of(size_of::<T>()) {
            return Err(E::invalid_length(bytes.len(), &self));
        }
        Ok(bytemuck::pod_collect_to_vec(bytes))
    }
}

/// The same for a list of arrays.
pub mod nested {
    use super::*;
    use serde::Deserialize;

    /// One array, saved as bytes.
    struct Items<T>(Vec<T>);

    struct ItemsRef<'a, T>(&'a [T]);

    impl<T: Pod> Serialize for ItemsRef<'_, T> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            super::serialize(self.0, serializer)
        }
    }

    impl<'de, T: Pod> Deserialize<'de> for Items<T> {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            super::deserialize(deserializer).map(Items)
        }
    }

    pub fn serialize<T: Pod, S: Serializer>(
        lists: &[Vec<T>],
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(lists.iter().map(|items| ItemsRef(items)))
    }

    pub fn deserialize<'de, T: Pod, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Vec<Vec<T>>, D::Error> {
        deserializer.deserialize_seq(ListsVisitor(PhantomData))
    }

    struct ListsVisitor<T>(PhantomData<T>);

    impl<'de, T: Pod> Visitor<'de> for ListsVisitor<T> {
        type Value = Vec<Vec<T>>;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a list of byte arrays")
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<Vec<T>>, A::Error> {
            // The length is the file's word, so it only hints at how much to reserve.
            let mut lists = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
            while let Some(Items(items)) = seq.next_element()? {
                lists.push(items);
            }
            Ok(lists)
        }
    }
}
