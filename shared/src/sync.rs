//! Wire types of the sync protocol (`POST /api/v1/sync`); `docs/sync-protocol.md`
//! describes the exchange these types carry.

use serde::{Deserialize, Serialize};

use crate::api::ErrorBody;

/// The protocol version this code speaks.
pub const PROTOCOL_VERSION: u32 = 1;

/// The most documents one request may carry.
pub const MAX_DOCS_PER_REQUEST: usize = 200;

/// The most rounds a client runs in one sync session before giving up until next time.
pub const MAX_ROUNDS: usize = 8;

/// One round sent by a device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncRequest {
    /// Must equal [`PROTOCOL_VERSION`].
    pub protocol: u32,
    /// One automerge sync message per document.
    pub docs: Vec<DocMessage>,
}

/// An automerge sync message about one document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocMessage {
    /// The document (record) id, a UUID.
    pub id: String,
    /// The encoded automerge sync message, base64 (standard alphabet, padded).
    #[serde(with = "base64_bytes")]
    pub message: Vec<u8>,
}

/// The server's answer to one round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncResponse {
    /// The version the server speaks.
    pub protocol: u32,
    /// One reply per document of the request, in the same order.
    pub docs: Vec<DocReply>,
}

/// The server's answer about one document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocReply {
    /// The document id.
    pub id: String,
    /// The next sync message for the device, if the server has one.
    #[serde(default, with = "base64_opt")]
    pub message: Option<Vec<u8>>,
    /// Heads of the document as committed on the server's disk, sorted hex. A device's
    /// change is acknowledged once its heads are all covered by these.
    #[serde(default)]
    pub heads: Vec<String>,
    /// Set when the server refused this document; the rest of the request is unaffected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorBody>,
}

mod base64_bytes {
    use base64::Engine;
    use base64::engine::general_purpose::STANDARD;
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&STANDARD.encode(bytes))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let text = <&str>::deserialize(d)?;
        STANDARD.decode(text).map_err(D::Error::custom)
    }
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
                message: vec![0, 1, 2, 255],
            }],
        };
        let json = serde_json::to_string(&request).unwrap();
        assert!(json.contains("\"message\":\"AAEC/w==\""), "{json}");
        assert_eq!(serde_json::from_str::<SyncRequest>(&json).unwrap(), request);

        let reply = DocReply {
            id: "a".into(),
            message: None,
            heads: vec![],
            error: None,
        };
        let json = serde_json::to_string(&reply).unwrap();
        assert_eq!(serde_json::from_str::<DocReply>(&json).unwrap(), reply);
    }

    #[test]
    fn bad_base64_is_refused() {
        let json = r#"{"protocol":1,"docs":[{"id":"a","message":"not base64!"}]}"#;
        assert!(serde_json::from_str::<SyncRequest>(json).is_err());
    }
}
