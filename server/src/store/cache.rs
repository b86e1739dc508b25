//! Recently merged documents kept in memory, so that a sync round about a record that
//! was just synced need not read and parse its snapshot and changes again.
//!
//! An entry is only ever used at exactly the heads the database holds: a round takes
//! it out, and puts the merged document back only after its transaction committed. A
//! document that some other path changed in the database (a review written by the
//! township centre, say) no longer matches and is simply reloaded.

use std::num::NonZeroUsize;
use std::sync::{Mutex, PoisonError};

use automerge::AutoCommit;
use baolian_shared::inspection::heads_to_hex;
use lru::LruCache;

/// How many documents the cache holds: small records of tens of KiB each, so a few
/// thousand stay well under 100 MiB.
pub const CACHED_DOCUMENTS: usize = 2048;

/// The cache; one per server, shared by every round.
pub struct DocCache {
    docs: Mutex<LruCache<String, (Vec<String>, AutoCommit)>>,
}

impl std::fmt::Debug for DocCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DocCache").finish_non_exhaustive()
    }
}

impl Default for DocCache {
    fn default() -> DocCache {
        DocCache::new(CACHED_DOCUMENTS)
    }
}

impl DocCache {
    /// A cache of at most `capacity` documents (at least one).
    pub fn new(capacity: usize) -> DocCache {
        let capacity = NonZeroUsize::new(capacity).unwrap_or(NonZeroUsize::MIN);
        DocCache { docs: Mutex::new(LruCache::new(capacity)) }
    }

    /// Takes a document out if it is cached at exactly `heads` (sorted hex); an entry
    /// at other heads is stale and dropped.
    pub fn take(&self, id: &str, heads: &[String]) -> Option<AutoCommit> {
        let (cached_heads, doc) = self.lock().pop(id)?;
        (cached_heads == heads).then_some(doc)
    }

    /// Keeps a document as the database now holds it.
    pub fn put(&self, id: &str, mut doc: AutoCommit) {
        let heads = heads_to_hex(&doc.get_heads());
        self.lock().put(id.to_owned(), (heads, doc));
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, LruCache<String, (Vec<String>, AutoCommit)>> {
        // A panic elsewhere cannot leave an entry half written: take the cache over.
        self.docs.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use automerge::transaction::Transactable;

    #[test]
    fn an_entry_is_used_only_at_the_heads_it_was_stored_at() {
        let cache = DocCache::new(4);
        let mut doc = AutoCommit::new();
        doc.put(automerge::ROOT, "a", 1).unwrap();
        let heads = heads_to_hex(&doc.get_heads());
        cache.put("r1", doc.clone());

        assert!(cache.take("r1", &["other".to_owned()]).is_none(), "stale heads");
        assert!(cache.take("r1", &heads).is_none(), "a stale entry is dropped");

        cache.put("r1", doc);
        assert!(cache.take("r1", &heads).is_some());
        assert!(cache.take("r1", &heads).is_none(), "taking removes it");
    }

    #[test]
    fn the_least_recently_used_document_goes_first() {
        let cache = DocCache::new(2);
        for id in ["a", "b", "c"] {
            cache.put(id, AutoCommit::new());
        }
        assert!(cache.take("a", &[]).is_none());
        assert!(cache.take("c", &[]).is_some());
    }
}
