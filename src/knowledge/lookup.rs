//! Finding an entry from what a person types for it: its id in any letter case, or a code the
//! entry carries (`AADSTS650057`); for a name that is neither, the ids it was probably meant
//! to be.

use super::{Entry, KnowledgeBase};

/// What a name given for an entry turned out to be.
#[derive(Debug, PartialEq)]
pub enum Lookup<'a> {
    /// The entry with this id, or the only entry with this code.
    Found(&'a Entry),
    /// A code several entries carry: their ids.
    SharedCode(Vec<&'a str>),
    /// Neither an id nor a code: the nearest ids, closest first (maybe none).
    Unknown(Vec<&'a str>),
}

/// How many suggestions a mistyped id gets.
const SUGGESTIONS: usize = 3;

impl KnowledgeBase {
    pub fn lookup(&self, name: &str) -> Lookup<'_> {
        let name = name.trim();
        if let Some(entry) = self.get(name) {
            return Lookup::Found(entry);
        }
        let ids = self.ids();
        if let Some(id) = ids.iter().find(|id| id.eq_ignore_ascii_case(name)) {
            return self
                .get(id)
                .map_or(Lookup::Unknown(Vec::new()), Lookup::Found);
        }
        let with_code: Vec<usize> = (0..self.len())
            .filter(|&n| {
                let entry = self.entries().get(n);
                entry
                    .codes
                    .iter()
                    .any(|code| code.eq_ignore_ascii_case(name))
            })
            .collect();
        match with_code.as_slice() {
            [only] => return Lookup::Found(self.entries().get(*only)),
            [] => {}
            several => return Lookup::SharedCode(several.iter().map(|&n| ids[n]).collect()),
        }
        Lookup::Unknown(nearest(&ids, name))
    }
}

/// The ids closest to `name` by edit distance, among those close enough to be a typo, and
/// those that contain it or that it contains.
fn nearest<'a>(ids: &[&'a str], name: &str) -> Vec<&'a str> {
    let name = name.to_ascii_lowercase();
    let allowed = (name.chars().count() / 4).max(2);
    let mut near: Vec<(usize, &str)> = ids
        .iter()
        .filter_map(|&id| {
            let lower = id.to_ascii_lowercase();
            let distance = strsim::levenshtein(&lower, &name);
            let contains = name.len() >= 4 && (lower.contains(&name) || name.contains(&lower));
            (distance <= allowed || contains).then_some((distance, id))
        })
        .collect();
    near.sort();
    near.into_iter()
        .take(SUGGESTIONS)
        .map(|(_, id)| id)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::Sources;

    fn shipped() -> KnowledgeBase {
        KnowledgeBase::load(&Sources::default()).0
    }

    fn found_id(lookup: Lookup) -> String {
        match lookup {
            Lookup::Found(entry) => entry.id.clone(),
            other => panic!("not found: {other:?}"),
        }
    }

    #[test]
    fn an_id_in_any_case_or_a_code_finds_its_entry() {
        let base = shipped();
        assert_eq!(
            found_id(base.lookup("signin.aadsts650057")),
            "signin.aadsts650057"
        );
        assert_eq!(
            found_id(base.lookup("SIGNIN.AADSTS650057")),
            "signin.aadsts650057"
        );
        assert_eq!(
            found_id(base.lookup(" AADSTS650057 ")),
            "signin.aadsts650057"
        );
        assert_eq!(found_id(base.lookup("aadsts650057")), "signin.aadsts650057");
    }

    #[test]
    fn a_mistyped_id_gets_the_nearest_ids() {
        let base = shipped();
        let Lookup::Unknown(near) = base.lookup("ios.acount-not-set-up") else {
            panic!("a typo is not an entry");
        };
        assert_eq!(near.first(), Some(&"ios.account-not-set-up"));
        assert!(near.len() <= SUGGESTIONS);
        assert_eq!(
            base.lookup("zzzz-nothing-like-it"),
            Lookup::Unknown(Vec::new())
        );
    }
}
