//! Wire types of the sync protocol (`POST /api/v1/sync`); `docs/sync-protocol.md`
//! describes the exchange these types carry.

use serde::{Deserialize, Serialize};

use sha2::{Digest, Sha256};

use crate::api::ErrorBody;

/// The protocol version this code speaks.
pub const PROTOCOL_VERSION: u32 = 2;

/// The most documents one request may carry.
pub const MAX_DOCS_PER_REQUEST: usize = 200;

/// The most rounds a client runs in one sync session before giving up until next time.
pub const MAX_ROUNDS: usize = 8;

/// One round sent by a device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncRequest {
    /// Must equal [`PROTOCOL_VERSION`].
    pub protocol: u32,
    /// Documents this round is about.
    pub docs: Vec<DocMessage>,
    /// [`scope_digest`] of every record the device holds that is not in `docs`. The
    /// server compares it with the same digest of the device's scope and answers
    /// [`SyncResponse::in_sync`]; absent, no comparison is made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub digest: Option<String>,
    /// Asks for the whole [`SyncResponse::manifest`] of the scope when the digests
    /// differ.
    #[serde(default)]
    pub want_manifest: bool,
    /// How many records on the device still wait for the server, for the township
    /// centre's device list.
    #[serde(default)]
    pub pending_changes: u32,
    /// The app version, for the same list.
    #[serde(default)]
    pub app_version: String,
}

/// What a device sends about one document: an automerge sync message, raw changes,
/// or both.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocMessage {
    /// The document (record) id, a UUID.
    pub id: String,
    /// An encoded automerge sync message, base64 (standard alphabet, padded).
    #[serde(default, with = "base64_opt", skip_serializing_if = "Option::is_none")]
    pub message: Option<Vec<u8>>,
    /// Changes the device believes the server lacks: automerge's `save_after` of the
    /// heads the server last acknowledged (or the whole saved document), base64. Lets
    /// an upload finish in one round; the sync message is the fallback when the
    /// server lacks a dependency.
    #[serde(default, with = "base64_opt", skip_serializing_if = "Option::is_none")]
    pub changes: Option<Vec<u8>>,
}

/// The server's answer to one round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncResponse {
    /// The version the server speaks.
    pub protocol: u32,
    /// One reply per document of the request, in the same order.
    pub docs: Vec<DocReply>,
    /// Whether the request's digest equals the server's digest of the device's scope
    /// without the request's documents; absent when the request sent no digest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_sync: Option<bool>,
    /// Every record of the device's scope, ordered by id; sent only when asked for and
    /// the digests differ.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manifest: Option<Vec<ManifestEntry>>,
}

/// One record of a scope manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestEntry {
    /// The record id.
    pub id: String,
    /// [`heads_hash`] of the record's heads on the server.
    pub heads: String,
}

/// The server's answer about one document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocReply {
    /// The document id.
    pub id: String,
    /// The next sync message for the device, if the server has one.
    #[serde(default, with = "base64_opt", skip_serializing_if = "Option::is_none")]
    pub message: Option<Vec<u8>>,
    /// Heads of the document as committed on the server's disk, sorted hex. A device's
    /// change is acknowledged once its heads are all covered by these.
    #[serde(default)]
    pub heads: Vec<String>,
    /// Set when the server refused this document; the rest of the request is unaffected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorBody>,
}

/// A short fingerprint of a document's heads: the first 16 hex digits of the SHA-256
/// of the sorted hex heads joined by commas; empty for a document with no changes.
pub fn heads_hash(sorted_heads: &[String]) -> String {
    if sorted_heads.is_empty() {
        return String::new();
    }
    let digest = Sha256::digest(sorted_heads.join(",").as_bytes());
    hex_prefix(&digest, 8)
}

/// The digest of a set of records given as `(id, heads hash)` pairs **in id order**:
/// SHA-256 over `id SP hash LF` of each, hex. Two sides holding the same heads of the
/// same records compute the same digest.
pub fn scope_digest<'a>(records: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut hasher = Sha256::new();
    for (id, hash) in records {
        hasher.update(id.as_bytes());
        hasher.update(b" ");
        hasher.update(hash.as_bytes());
        hasher.update(b"\n");
    }
    hex_prefix(&hasher.finalize(), 32)
}

fn hex_prefix(bytes: &[u8], len: usize) -> String {
    use std::fmt::Write;
    bytes.iter().take(len).fold(String::with_capacity(len * 2), |mut out, b| {
        let _ = write!(out, "{b:02x}");
        out
    })
}

mod base64_opt {
    use base64::Engine;
    use base64::engine::general_purpose::STANDARD;
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(bytes: &Option<Vec<u8>>, s: S) -> Result<S::Ok, S::Error> {
        match bytes {
            Some(bytes) => s.serialize_str(&STANDARD.encode(bytes)),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<u8>>, D::Error> {
        match Option::<&str>::deserialize(d)? {
            Some(text) => STANDARD.decode(text).map(Some).map_err(D::Error::custom),
            None => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_travel_as_base64_and_back() {
        let request = SyncRequest {
            protocol: PROTOCOL_VERSION,
            docs: vec![DocMessage {
                id: "a".into(),
                message: Some(vec![0, 1, 2, 255]),
                changes: None,
            }],
            digest: Some("d".into()),
            want_manifest: false,
            pending_changes: 1,
            app_version: "0.1.0".into(),
        };
        let json = serde_json::to_string(&request).unwrap();
        assert!(json.contains("\"message\":\"AAEC/w==\""), "{json}");
        assert!(!json.contains("\"changes\""), "absent fields are left out: {json}");
        assert_eq!(serde_json::from_str::<SyncRequest>(&json).unwrap(), request);

        let reply = DocReply { id: "a".into(), message: None, heads: vec![], error: None };
        let json = serde_json::to_string(&reply).unwrap();
        assert_eq!(serde_json::from_str::<DocReply>(&json).unwrap(), reply);
    }

    #[test]
    fn bad_base64_is_refused() {
        let json = r#"{"protocol":2,"docs":[{"id":"a","message":"not base64!"}]}"#;
        assert!(serde_json::from_str::<SyncRequest>(json).is_err());
    }

    #[test]
    fn heads_hash_is_short_stable_and_empty_for_no_heads() {
        let heads = vec!["aa".to_owned(), "bb".to_owned()];
        let hash = heads_hash(&heads);
        assert_eq!(hash.len(), 16);
        assert_eq!(hash, heads_hash(&heads.clone()));
        assert_ne!(hash, heads_hash(&["aa".to_owned()]));
        assert_eq!(heads_hash(&[]), "");
    }

    #[test]
    fn the_digest_changes_with_any_record_or_head() {
        let base = scope_digest([("a", "1"), ("b", "2")]);
        assert_eq!(base.len(), 64);
        assert_eq!(base, scope_digest([("a", "1"), ("b", "2")]));
        assert_ne!(base, scope_digest([("a", "1"), ("b", "3")]));
        assert_ne!(base, scope_digest([("a", "1")]));
        // Field boundaries count: ("ab", "") is not ("a", "b").
        assert_ne!(scope_digest([("ab", "")]), scope_digest([("a", "b")]));
    }
}
