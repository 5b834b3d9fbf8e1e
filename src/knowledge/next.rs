//! What to try when a step did not help: the next entry, on the same platform and layer as the
//! one walked, following its own order of related entries, then the layer below it (the app,
//! then the Mattermost server, then Entra and Intune).

use super::{Entry, KnowledgeBase, Platform};

/// Where a platform sits in the chain a sign-in goes through; lower is nearer the user.
fn layer(platform: Platform) -> Option<u8> {
    match platform {
        Platform::Ios | Platform::Android => Some(0),
        Platform::Server => Some(1),
        Platform::Entra => Some(2),
        Platform::Any => None,
    }
}

impl KnowledgeBase {
    /// The entry to try after `entry` did not help: its first related entry on the same
    /// platform (or one for any platform), else its first related entry on the layer below
    /// it. Never a caveat, never one for the other mobile platform.
    pub fn next_after(&self, entry: &Entry) -> Option<&Entry> {
        let related: Vec<&Entry> = entry
            .related
            .iter()
            .filter_map(|id| self.get(id))
            .filter(|next| !next.is_caveat() && !next.healthy)
            .collect();
        let same = related
            .iter()
            .find(|next| next.platform == entry.platform || next.platform == Platform::Any);
        let below = || {
            let here = layer(entry.platform)?;
            related
                .iter()
                .filter(|next| layer(next.platform).is_some_and(|there| there > here))
                .min_by_key(|next| layer(next.platform))
        };
        same.or_else(below).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::Sources;

    #[test]
    fn next_stays_on_the_platform_then_goes_a_layer_down() {
        let (base, _) = KnowledgeBase::load(&Sources::default());
        for entry in base.entries().iter() {
            let Some(next) = base.next_after(entry) else {
                continue;
            };
            assert!(!next.is_caveat(), "{} -> {}", entry.id, next.id);
            let crosses_mobile = matches!(
                (entry.platform, next.platform),
                (Platform::Ios, Platform::Android) | (Platform::Android, Platform::Ios)
            );
            assert!(!crosses_mobile, "{} -> {}", entry.id, next.id);
        }
        // An iOS dialog whose first related entry is the Android one.
        let ios = base.get("ios.app-not-set-up").unwrap();
        let next = base.next_after(ios).unwrap();
        assert_ne!(next.platform, Platform::Android, "{}", next.id);
    }
}
