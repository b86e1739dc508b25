//! The unit's signature on a guidance record (Attachment 2 of the regulation: the unit's
//! responsible person or manager signs the record the official made).
//!
//! The signature lives in the record's own document as root scalars, written empty when
//! the record is created (schema 3) and filled in once, usually on the official's phone
//! right after the visit:
//!
//! ```text
//! signature_signer: string     the signer's name; empty = not signed
//! signature_capacity: string   "responsible_person" (消防安全责任人) | "manager" (消防安全管理人)
//! signature_at_ms: int         when it was signed, the signing device's clock
//! signature_hash: string       content_hash of the record as it was signed
//! signature_strokes: bytes     the drawn strokes, encoded by `encode_strokes`
//! ```
//!
//! The strokes are one bytes value, not nested lists: a list of points costs one
//! automerge op per coordinate and makes the document ten times slower to load.
//!
//! A signature covers the content it was written against. A later change of that
//! content is kept (a record is evidence and nothing is thrown away), but it no longer
//! matches `signature_hash`, and the server flags the record for the township centre.

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ChangeHash, ROOT, ReadDoc, ScalarValue, Value};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::Lang;
use crate::inspection::{Inspection, SchemaError};

/// The first byte of an encoded stroke set: the layout version of the encoding.
pub const STROKES_VERSION: u8 = 1;

/// In what capacity the unit's person signs (art. 6 of the regulation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignerCapacity {
    /// 消防安全责任人: the unit's fire-safety responsible person.
    ResponsiblePerson,
    /// 消防安全管理人: the unit's fire-safety manager.
    Manager,
}

impl SignerCapacity {
    /// The value stored in the document.
    pub fn as_str(self) -> &'static str {
        match self {
            SignerCapacity::ResponsiblePerson => "responsible_person",
            SignerCapacity::Manager => "manager",
        }
    }

    /// Parses the stored value.
    pub fn parse(value: &str) -> Option<SignerCapacity> {
        match value {
            "responsible_person" => Some(SignerCapacity::ResponsiblePerson),
            "manager" => Some(SignerCapacity::Manager),
            _ => None,
        }
    }

    /// The label shown to users.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (SignerCapacity::ResponsiblePerson, Lang::Zh) => "消防安全责任人",
            (SignerCapacity::Manager, Lang::Zh) => "消防安全管理人",
            (SignerCapacity::ResponsiblePerson, Lang::En) => "fire-safety responsible person",
            (SignerCapacity::Manager, Lang::En) => "fire-safety manager",
        }
    }
}

/// The unit's signature of one record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitSignature {
    /// The signer's name.
    pub signer: String,
    /// Responsible person or manager.
    pub capacity: SignerCapacity,
    /// When it was signed, milliseconds since the Unix epoch (the signing device's clock).
    pub signed_at_ms: i64,
    /// [`content_hash`] of the record as it was signed.
    pub content_hash: String,
    /// The drawn strokes, encoded by [`encode_strokes`].
    pub strokes: Vec<u8>,
}

/// A point of a stroke, in canvas pixels.
pub type Point = (u16, u16);

/// Encodes drawn strokes compactly: the byte [`STROKES_VERSION`], then for each stroke
/// its point count as a little-endian `u16` followed by that many points, each `x` then
/// `y` as little-endian `u16`. A stroke longer than `u16::MAX` points is cut there;
/// empty strokes are left out.
pub fn encode_strokes(strokes: &[Vec<Point>]) -> Vec<u8> {
    let points: usize = strokes.iter().map(Vec::len).sum();
    let mut bytes = Vec::with_capacity(1 + 2 * strokes.len() + 4 * points);
    bytes.push(STROKES_VERSION);
    for stroke in strokes.iter().filter(|s| !s.is_empty()) {
        let stroke = &stroke[..stroke.len().min(usize::from(u16::MAX))];
        bytes.extend_from_slice(&(stroke.len() as u16).to_le_bytes());
        for (x, y) in stroke {
            bytes.extend_from_slice(&x.to_le_bytes());
            bytes.extend_from_slice(&y.to_le_bytes());
        }
    }
    bytes
}

/// Decodes what [`encode_strokes`] wrote; `None` if the bytes are not such an encoding.
pub fn decode_strokes(bytes: &[u8]) -> Option<Vec<Vec<Point>>> {
    let (&version, mut rest) = bytes.split_first()?;
    if version != STROKES_VERSION {
        return None;
    }
    let u16_at = |bytes: &[u8], at: usize| u16::from_le_bytes([bytes[at], bytes[at + 1]]);
    let mut strokes = Vec::new();
    while !rest.is_empty() {
        if rest.len() < 2 {
            return None;
        }
        let count = usize::from(u16_at(rest, 0));
        let end = 2 + 4 * count;
        if count == 0 || rest.len() < end {
            return None;
        }
        let stroke = (0..count).map(|i| (u16_at(rest, 2 + 4 * i), u16_at(rest, 4 + 4 * i)));
        strokes.push(stroke.collect());
        rest = &rest[end..];
    }
    Some(strokes)
}

/// The SHA-256, as lowercase hex, of the canonical form of what a unit signs: unit,
/// date, activity, template, author, status, suggestions, and every item's result and
/// note in item id order. Not the review, the signature, the id or the creation time.
///
/// The canonical form is a sequence of fields, each `name` `\n` `byte length` `\n`
/// `value` `\n`, in the order `unit_id`, `date` (`YYYY-MM-DD`), `activity`, `template`,
/// `author`, `status`, `suggestions`, then for each item `items.<id>.result` (`pass`,
/// `fail`, `na` or empty) and `items.<id>.note`. Lengths make it unambiguous.
pub fn content_hash(record: &Inspection) -> String {
    let mut hasher = Sha256::new();
    let mut field = |name: &str, value: &str| {
        hasher.update(format!("{name}\n{}\n", value.len()).as_bytes());
        hasher.update(value.as_bytes());
        hasher.update(b"\n");
    };
    field("unit_id", &record.unit_id);
    field("date", &record.date.format("%Y-%m-%d").to_string());
    field("activity", &record.activity);
    field("template", &record.template);
    field("author", &record.author);
    field("status", record.status.as_str());
    field("suggestions", &record.suggestions);
    for (id, entry) in &record.items {
        field(&format!("items.{id}.result"), entry.result.map_or("", |r| r.as_str()));
        field(&format!("items.{id}.note"), &entry.note);
    }
    let digest = hasher.finalize();
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

impl UnitSignature {
    /// Whether the record, as it is now, is still the content this signature covers.
    pub fn covers(&self, record: &Inspection) -> bool {
        content_hash(record) == self.content_hash
    }
}

/// Writes the signature keys; an empty signature (`None`) is written at creation.
pub(crate) fn write_signature(
    doc: &mut AutoCommit,
    signature: Option<&UnitSignature>,
) -> Result<(), automerge::AutomergeError> {
    let (signer, capacity, at_ms, hash, strokes) = match signature {
        Some(s) => (
            s.signer.as_str(),
            s.capacity.as_str(),
            s.signed_at_ms,
            s.content_hash.as_str(),
            s.strokes.clone(),
        ),
        None => ("", "", 0, "", Vec::new()),
    };
    doc.put(ROOT, "signature_signer", signer)?;
    doc.put(ROOT, "signature_capacity", capacity)?;
    doc.put(ROOT, "signature_at_ms", at_ms)?;
    doc.put(ROOT, "signature_hash", hash)?;
    doc.put(ROOT, "signature_strokes", ScalarValue::Bytes(strokes))?;
    Ok(())
}

/// Reads only the signature of a record document; `None` while nobody has signed (the
/// signer is empty or, in records older than schema 3, absent).
pub fn read_signature(doc: &AutoCommit) -> Result<Option<UnitSignature>, SchemaError> {
    let signer = match root_scalar(doc, "signature_signer")? {
        Some(ScalarValue::Str(s)) if s.is_empty() => return Ok(None),
        Some(ScalarValue::Str(s)) => s.to_string(),
        None => return Ok(None),
        Some(_) => return Err(invalid("signature_signer")),
    };
    let capacity = match root_scalar(doc, "signature_capacity")? {
        Some(ScalarValue::Str(s)) => SignerCapacity::parse(&s),
        _ => None,
    }
    .ok_or_else(|| invalid("signature_capacity"))?;
    let signed_at_ms = match root_scalar(doc, "signature_at_ms")? {
        Some(ScalarValue::Int(v)) => v,
        Some(ScalarValue::Uint(v)) => i64::try_from(v).map_err(|_| invalid("signature_at_ms"))?,
        _ => return Err(invalid("signature_at_ms")),
    };
    let content_hash = match root_scalar(doc, "signature_hash")? {
        Some(ScalarValue::Str(s)) => s.to_string(),
        _ => return Err(invalid("signature_hash")),
    };
    let strokes = match root_scalar(doc, "signature_strokes")? {
        Some(ScalarValue::Bytes(b)) => b,
        _ => return Err(invalid("signature_strokes")),
    };
    Ok(Some(UnitSignature { signer, capacity, signed_at_ms, content_hash, strokes }))
}

/// The change that wrote the current signature, if the record is signed: every change
/// that is not one of its ancestors came after the unit signed (or concurrently).
pub fn signing_change(doc: &mut AutoCommit) -> Option<ChangeHash> {
    let Ok(Some((Value::Scalar(hash), automerge::ObjId::Id(counter, actor, _)))) =
        doc.get(ROOT, "signature_hash")
    else {
        return None;
    };
    if hash.as_str().is_none_or(str::is_empty) {
        return None;
    }
    doc.get_changes(&[]).into_iter().find_map(|change| {
        let start = change.start_op().get();
        let inside = (start..start + change.len() as u64).contains(&counter);
        (change.actor_id() == &actor && inside).then(|| change.hash())
    })
}

fn root_scalar(doc: &AutoCommit, key: &str) -> Result<Option<ScalarValue>, SchemaError> {
    match doc.get(ROOT, key).map_err(|e| SchemaError::Corrupt(e.to_string()))? {
        Some((Value::Scalar(value), _)) => Ok(Some(value.into_owned())),
        Some((Value::Object(_), _)) => Err(invalid(key)),
        None => Ok(None),
    }
}

fn invalid(field: &str) -> SchemaError {
    SchemaError::Invalid(field.into())
}

#[cfg(test)]
mod tests;
