//! The inspection record: its plain form, its automerge document, and its rules.
//!
//! A record is one automerge document so that edits made on several phones merge field
//! by field. The layout of the document is the schema below; every key is written once
//! when the record is created, so that concurrent edits only ever touch scalar values
//! and never race to create the same map (which would make one side's map win whole).
//!
//! ```text
//! ROOT
//! ├── type: "inspection"        record type, for the day other record types exist
//! ├── schema: 1                 layout version of this document
//! ├── id: "<uuid>"              equals the document id used by sync
//! ├── unit_id, activity, template, author: strings
//! ├── date: "YYYY-MM-DD"        the local date (China Standard Time) of the visit
//! ├── created_at_ms: int        creation instant, milliseconds since the Unix epoch
//! ├── status: "draft" | "submitted"
//! ├── suggestions: string       work suggestions given to the unit; for an activity
//! │                             without checklist items, the account of it
//! ├── review_state, review_reason, reviewed_by: strings; reviewed_at_ms: int
//! │                             the township centre's review (schema 2; see `review`)
//! ├── signature_signer, signature_capacity, signature_hash: strings;
//! │   signature_at_ms: int; signature_strokes: bytes
//! │                             the unit's signature (schema 3; see `signature`)
//! └── items: map
//!     └── <item id>: map { result: "pass" | "fail" | "na" (absent = unanswered), note }
//! ```
//!
//! Strings are scalar strings rather than collaborative text: a note is written by one
//! person, and scalars load and merge much more cheaply.

use std::collections::BTreeMap;

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ChangeHash, ObjId, ObjType, ROOT, ReadDoc, ScalarValue, Value};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::catalogue::{self, Catalogue, Template, UnitTraits};
use crate::checklist::TWN_SELF_TEMPLATE;
use crate::error::Lang;
use crate::review::{Review, ReviewState};
use crate::signature::{UnitSignature, read_signature, write_signature};

/// The value of `type` in an inspection document.
pub const RECORD_TYPE: &str = "inspection";
/// The layout version written by this code.
pub const SCHEMA_VERSION: u64 = 3;
/// The longest note or suggestion text accepted, in characters.
pub const MAX_TEXT_CHARS: usize = 2000;

/// The outcome of one checklist item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ItemResult {
    /// The item meets the requirement (合格).
    Pass,
    /// The item does not meet the requirement: a hazard to describe in the note (不合格).
    Fail,
    /// The item does not apply to this unit (不适用).
    #[serde(rename = "na")]
    NotApplicable,
}

impl ItemResult {
    /// The value stored in the document.
    pub fn as_str(self) -> &'static str {
        match self {
            ItemResult::Pass => "pass",
            ItemResult::Fail => "fail",
            ItemResult::NotApplicable => "na",
        }
    }

    fn parse(value: &str) -> Option<ItemResult> {
        match value {
            "pass" => Some(ItemResult::Pass),
            "fail" => Some(ItemResult::Fail),
            "na" => Some(ItemResult::NotApplicable),
            _ => None,
        }
    }

    /// The label shown to users.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (ItemResult::Pass, Lang::Zh) => "合格",
            (ItemResult::Fail, Lang::Zh) => "不合格",
            (ItemResult::NotApplicable, Lang::Zh) => "不适用",
            (ItemResult::Pass, Lang::En) => "Pass",
            (ItemResult::Fail, Lang::En) => "Fail",
            (ItemResult::NotApplicable, Lang::En) => "N/A",
        }
    }
}

/// Where a record is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RecordStatus {
    /// Being filled in; may be incomplete.
    Draft,
    /// Declared complete by its author; must pass every completeness rule.
    Submitted,
}

impl RecordStatus {
    /// The value stored in the document.
    pub fn as_str(self) -> &'static str {
        match self {
            RecordStatus::Draft => "draft",
            RecordStatus::Submitted => "submitted",
        }
    }

    /// Parses the stored value.
    pub fn parse(value: &str) -> Option<RecordStatus> {
        match value {
            "draft" => Some(RecordStatus::Draft),
            "submitted" => Some(RecordStatus::Submitted),
            _ => None,
        }
    }
}

/// The answer to one checklist item.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemEntry {
    /// `None` while the item is unanswered.
    pub result: Option<ItemResult>,
    /// What the official saw; required for a failed item before submission.
    pub note: String,
}

/// An inspection record in plain form, as read from its document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inspection {
    /// Record id, a UUID; also the id of its document.
    pub id: String,
    /// The key unit inspected.
    pub unit_id: String,
    /// The duty this record fulfils, for example `TWN-SELF`.
    pub activity: String,
    /// The checklist template and its version the record was made with.
    pub template: String,
    /// User name of the official who made the record.
    pub author: String,
    /// Local date of the visit.
    pub date: NaiveDate,
    /// Creation instant in milliseconds since the Unix epoch.
    pub created_at_ms: i64,
    /// Draft or submitted.
    pub status: RecordStatus,
    /// Work suggestions given to the unit.
    pub suggestions: String,
    /// The township centre's review; absent in records of schema 1 until reviewed.
    #[serde(default)]
    pub review: Review,
    /// The unit's signature; absent until the unit signs (and in records before
    /// schema 3).
    #[serde(default)]
    pub signature: Option<UnitSignature>,
    /// Answers by checklist item id.
    pub items: BTreeMap<String, ItemEntry>,
}

/// What the creator of a new inspection decides; everything else starts empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewInspection {
    /// Record id, a fresh UUID.
    pub id: String,
    /// The key unit inspected.
    pub unit_id: String,
    /// User name of the official.
    pub author: String,
    /// Local date of the visit.
    pub date: NaiveDate,
    /// Creation instant in milliseconds since the Unix epoch.
    pub created_at_ms: i64,
    /// The form the record is made with.
    pub checklist: Checklist,
}

/// The form of a new record: a template of the catalogue and the items of it that apply
/// to the unit. The record's activity is the template's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checklist {
    /// The template, at the version the record keeps.
    pub template: &'static Template,
    /// The ids of the items the record holds, in the template's order.
    pub items: Vec<String>,
}

impl Checklist {
    /// The township's monthly self-inspection (art. 9(1)): the nine items, which apply
    /// to every unit.
    pub fn monthly() -> Checklist {
        let template = catalogue::template(TWN_SELF_TEMPLATE).expect("the built-in template");
        Checklist { template, items: template.items.iter().map(|id| id.to_string()).collect() }
    }

    /// A record of `template` for a unit: the items that apply to it.
    pub fn for_unit(template: &'static Template, unit: &UnitTraits) -> Checklist {
        let catalogue = Catalogue::builtin();
        let items = template.items_for(catalogue, unit).iter().map(|i| i.id.to_string()).collect();
        Checklist { template, items }
    }
}

/// Why a document could not be read as an inspection.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SchemaError {
    /// The bytes are not an automerge document.
    #[error("not an automerge document: {0}")]
    Corrupt(String),
    /// The document is not an inspection.
    #[error("not an inspection record")]
    NotAnInspection,
    /// The document was written with a newer layout than this code knows.
    #[error("unsupported schema version {0}")]
    UnsupportedVersion(u64),
    /// A required field is absent.
    #[error("missing field `{0}`")]
    Missing(String),
    /// A field holds a value of the wrong type or an unknown value.
    #[error("invalid value in field `{0}`")]
    Invalid(String),
}

/// An inspection document: the automerge form of an [`Inspection`].
#[derive(Debug)]
pub struct InspectionDoc {
    doc: AutoCommit,
}

impl InspectionDoc {
    /// Creates the document of a new inspection with every item unanswered.
    pub fn create(new: &NewInspection) -> InspectionDoc {
        let mut doc = AutoCommit::new();
        write_new(&mut doc, new).expect("writing to a fresh document cannot fail");
        InspectionDoc { doc }
    }

    /// Loads a document from its saved bytes and checks that it reads as an inspection.
    pub fn load(bytes: &[u8]) -> Result<InspectionDoc, SchemaError> {
        let doc = AutoCommit::load(bytes).map_err(|e| SchemaError::Corrupt(e.to_string()))?;
        let doc = InspectionDoc { doc };
        doc.read()?;
        Ok(doc)
    }

    /// Wraps a document that has not been checked yet, such as an empty one about to
    /// receive its first sync message. Call [`InspectionDoc::read`] before trusting it.
    pub fn from_automerge(doc: AutoCommit) -> InspectionDoc {
        InspectionDoc { doc }
    }

    /// The underlying automerge document, for the sync protocol.
    pub fn automerge(&mut self) -> &mut AutoCommit {
        &mut self.doc
    }

    /// A copy of the document for another owner (a save running in the background).
    ///
    /// Commits the open transaction first: a copy taken mid-transaction would commit
    /// its own version of the same change, and the two copies could then never merge.
    pub fn snapshot(&mut self) -> AutoCommit {
        self.doc.commit();
        self.doc.clone()
    }

    /// Unwraps the underlying automerge document.
    pub fn into_automerge(self) -> AutoCommit {
        self.doc
    }

    /// Saves the whole document, compacted.
    pub fn save(&mut self) -> Vec<u8> {
        self.doc.save()
    }

    /// The current heads of the document.
    pub fn heads(&mut self) -> Vec<ChangeHash> {
        self.doc.get_heads()
    }

    /// The current heads as sorted lowercase hex strings, the form used on the wire.
    pub fn heads_hex(&mut self) -> Vec<String> {
        heads_to_hex(&self.doc.get_heads())
    }

    /// Reads the document into plain form.
    pub fn read(&self) -> Result<Inspection, SchemaError> {
        read_inspection(&self.doc)
    }

    /// Sets or clears the result of one checklist item.
    pub fn set_result(&mut self, item: &str, result: Option<ItemResult>) {
        let obj = self.item_obj(item);
        let outcome = match result {
            Some(result) => self.doc.put(&obj, "result", result.as_str()),
            None => self.doc.delete(&obj, "result"),
        };
        outcome.expect("item map exists");
    }

    /// Sets the note of one checklist item.
    pub fn set_note(&mut self, item: &str, note: &str) {
        let obj = self.item_obj(item);
        self.doc.put(&obj, "note", note).expect("item map exists");
    }

    /// Sets the work suggestions.
    pub fn set_suggestions(&mut self, text: &str) {
        self.doc.put(ROOT, "suggestions", text).expect("root exists");
    }

    /// Writes the township centre's review. Only the server calls this.
    pub fn set_review(&mut self, review: &Review) {
        write_review(&mut self.doc, review).expect("root exists");
    }

    /// Writes the unit's signature. Only a submitted record can be signed; a draft is
    /// refused with [`Violation::SignedDraft`].
    pub fn sign(&mut self, signature: &UnitSignature) -> Result<(), Violation> {
        let status = optional_str(&self.doc, &ROOT, "status").ok().flatten();
        if status.as_deref() != Some(RecordStatus::Submitted.as_str()) {
            return Err(Violation::SignedDraft);
        }
        write_signature(&mut self.doc, Some(signature)).expect("root exists");
        Ok(())
    }

    /// Sets the status.
    pub fn set_status(&mut self, status: RecordStatus) {
        self.doc.put(ROOT, "status", status.as_str()).expect("root exists");
    }

    /// Finds the map of an item, creating it if a record made with another template
    /// lacks it.
    fn item_obj(&mut self, item: &str) -> ObjId {
        let items = match self.doc.get(ROOT, "items").ok().flatten() {
            Some((Value::Object(ObjType::Map), id)) => id,
            _ => self.doc.put_object(ROOT, "items", ObjType::Map).expect("root exists"),
        };
        match self.doc.get(&items, item).ok().flatten() {
            Some((Value::Object(ObjType::Map), id)) => id,
            _ => self.doc.put_object(&items, item, ObjType::Map).expect("items map exists"),
        }
    }
}

/// Formats change hashes as sorted lowercase hex strings.
pub fn heads_to_hex(heads: &[ChangeHash]) -> Vec<String> {
    let mut hex: Vec<String> = heads.iter().map(|h| h.to_string()).collect();
    hex.sort();
    hex
}

fn write_new(doc: &mut AutoCommit, new: &NewInspection) -> Result<(), automerge::AutomergeError> {
    doc.put(ROOT, "type", RECORD_TYPE)?;
    doc.put(ROOT, "schema", SCHEMA_VERSION)?;
    doc.put(ROOT, "id", new.id.as_str())?;
    doc.put(ROOT, "unit_id", new.unit_id.as_str())?;
    doc.put(ROOT, "activity", new.checklist.template.activity.as_ref())?;
    doc.put(ROOT, "template", new.checklist.template.id.as_ref())?;
    doc.put(ROOT, "author", new.author.as_str())?;
    doc.put(ROOT, "date", new.date.format("%Y-%m-%d").to_string())?;
    doc.put(ROOT, "created_at_ms", new.created_at_ms)?;
    doc.put(ROOT, "status", RecordStatus::Draft.as_str())?;
    doc.put(ROOT, "suggestions", "")?;
    write_review(doc, &Review::default())?;
    write_signature(doc, None)?;

    let items = doc.put_object(ROOT, "items", ObjType::Map)?;
    for item in &new.checklist.items {
        let entry = doc.put_object(&items, item.as_str(), ObjType::Map)?;
        doc.put(&entry, "note", "")?;
    }
    Ok(())
}

fn write_review(doc: &mut AutoCommit, review: &Review) -> Result<(), automerge::AutomergeError> {
    doc.put(ROOT, "review_state", review.state.as_str())?;
    doc.put(ROOT, "review_reason", review.reason.as_str())?;
    doc.put(ROOT, "reviewed_by", review.by.as_str())?;
    doc.put(ROOT, "reviewed_at_ms", review.at_ms)?;
    Ok(())
}

/// Reads only the review of a record document: four keys, far cheaper than a whole read.
pub fn read_review(doc: &AutoCommit) -> Result<Review, SchemaError> {
    let state = match optional_str(doc, &ROOT, "review_state")? {
        Some(value) => ReviewState::parse(&value).ok_or_else(|| invalid("review_state"))?,
        None => ReviewState::None,
    };
    let at_ms = match scalar(doc, &ROOT, "reviewed_at_ms")? {
        Some(ScalarValue::Int(v)) => v,
        Some(ScalarValue::Uint(v)) => i64::try_from(v).map_err(|_| invalid("reviewed_at_ms"))?,
        Some(_) => return Err(invalid("reviewed_at_ms")),
        None => 0,
    };
    Ok(Review {
        state,
        reason: optional_str(doc, &ROOT, "review_reason")?.unwrap_or_default(),
        by: optional_str(doc, &ROOT, "reviewed_by")?.unwrap_or_default(),
        at_ms,
    })
}

/// Reads a whole record document without wrapping it, as [`InspectionDoc::read`] does.
pub fn read_record(doc: &AutoCommit) -> Result<Inspection, SchemaError> {
    read_inspection(doc)
}

fn read_inspection(doc: &AutoCommit) -> Result<Inspection, SchemaError> {
    if scalar(doc, &ROOT, "type")?.and_then(|v| v.as_str().map(str::to_owned)).as_deref()
        != Some(RECORD_TYPE)
    {
        return Err(SchemaError::NotAnInspection);
    }
    let schema = match scalar(doc, &ROOT, "schema")? {
        Some(ScalarValue::Uint(v)) => v,
        Some(ScalarValue::Int(v)) if v >= 0 => v as u64,
        Some(_) => return Err(SchemaError::Invalid("schema".into())),
        None => return Err(SchemaError::Missing("schema".into())),
    };
    if schema > SCHEMA_VERSION {
        return Err(SchemaError::UnsupportedVersion(schema));
    }

    let date = required_str(doc, &ROOT, "date")?;
    let date = NaiveDate::parse_from_str(&date, "%Y-%m-%d")
        .map_err(|_| SchemaError::Invalid("date".into()))?;
    let created_at_ms = match scalar(doc, &ROOT, "created_at_ms")? {
        Some(ScalarValue::Int(v)) => v,
        Some(ScalarValue::Uint(v)) => i64::try_from(v).map_err(|_| invalid("created_at_ms"))?,
        Some(_) => return Err(invalid("created_at_ms")),
        None => return Err(SchemaError::Missing("created_at_ms".into())),
    };
    let status = required_str(doc, &ROOT, "status")?;
    let status = RecordStatus::parse(&status).ok_or_else(|| invalid("status"))?;

    Ok(Inspection {
        id: required_str(doc, &ROOT, "id")?,
        unit_id: required_str(doc, &ROOT, "unit_id")?,
        activity: required_str(doc, &ROOT, "activity")?,
        template: required_str(doc, &ROOT, "template")?,
        author: required_str(doc, &ROOT, "author")?,
        date,
        created_at_ms,
        status,
        suggestions: optional_str(doc, &ROOT, "suggestions")?.unwrap_or_default(),
        review: read_review(doc)?,
        signature: read_signature(doc)?,
        items: read_items(doc)?,
    })
}

fn read_items(doc: &AutoCommit) -> Result<BTreeMap<String, ItemEntry>, SchemaError> {
    let items = match doc.get(ROOT, "items").map_err(corrupt)? {
        Some((Value::Object(ObjType::Map), id)) => id,
        Some(_) => return Err(invalid("items")),
        None => return Err(SchemaError::Missing("items".into())),
    };
    let mut entries = BTreeMap::new();
    for key in doc.keys(&items) {
        let field = format!("items.{key}");
        let obj = match doc.get(&items, key.as_str()).map_err(corrupt)? {
            Some((Value::Object(ObjType::Map), id)) => id,
            _ => return Err(SchemaError::Invalid(field)),
        };
        let result = match optional_str(doc, &obj, "result")? {
            Some(value) => Some(
                ItemResult::parse(&value)
                    .ok_or_else(|| SchemaError::Invalid(format!("{field}.result")))?,
            ),
            None => None,
        };
        let note = optional_str(doc, &obj, "note")?.unwrap_or_default();
        entries.insert(key, ItemEntry { result, note });
    }
    Ok(entries)
}

fn scalar(doc: &AutoCommit, obj: &ObjId, key: &str) -> Result<Option<ScalarValue>, SchemaError> {
    match doc.get(obj, key).map_err(corrupt)? {
        Some((Value::Scalar(value), _)) => Ok(Some(value.into_owned())),
        Some((Value::Object(_), _)) => Err(invalid(key)),
        None => Ok(None),
    }
}

fn optional_str(doc: &AutoCommit, obj: &ObjId, key: &str) -> Result<Option<String>, SchemaError> {
    match scalar(doc, obj, key)? {
        Some(ScalarValue::Str(s)) => Ok(Some(s.to_string())),
        Some(_) => Err(invalid(key)),
        None => Ok(None),
    }
}

fn required_str(doc: &AutoCommit, obj: &ObjId, key: &str) -> Result<String, SchemaError> {
    optional_str(doc, obj, key)?.ok_or_else(|| SchemaError::Missing(key.into()))
}

fn invalid(field: &str) -> SchemaError {
    SchemaError::Invalid(field.into())
}

fn corrupt(error: automerge::AutomergeError) -> SchemaError {
    SchemaError::Corrupt(error.to_string())
}

/// One rule a record breaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum Violation {
    /// A required text field is empty.
    EmptyField {
        /// Name of the field.
        field: String,
    },
    /// The record id is not a UUID.
    BadId,
    /// The activity is not one this version knows.
    UnknownActivity {
        /// The activity found.
        activity: String,
    },
    /// The template is not one this version knows.
    UnknownTemplate {
        /// The template found.
        template: String,
    },
    /// An answer names an item that is not on the checklist.
    UnknownItem {
        /// The item id found.
        item: String,
    },
    /// A note or the suggestions exceed [`MAX_TEXT_CHARS`].
    TextTooLong {
        /// The field, `suggestions` or the item id.
        field: String,
    },
    /// A submitted record leaves an item unanswered.
    Unanswered {
        /// The item id.
        item: String,
    },
    /// A submitted record fails an item without saying what was wrong.
    FailWithoutNote {
        /// The item id.
        item: String,
    },
    /// A draft carries the unit's signature: only a submitted record can be signed.
    SignedDraft,
    /// The signature lacks the signer's name, the drawing or the content hash.
    SignatureIncomplete,
    /// A submitted record without checklist items (a meeting, a drill, a training)
    /// does not say what was done.
    MissingAccount,
}

impl Violation {
    /// Explains the violation to a user.
    pub fn message(&self, lang: Lang) -> String {
        let item_text =
            |id: &str| catalogue::item(id).map_or(id, |item| item.text(lang)).to_owned();
        match (self, lang) {
            (Violation::EmptyField { field }, Lang::Zh) => format!("字段 {field} 不能为空"),
            (Violation::EmptyField { field }, Lang::En) => format!("field {field} is empty"),
            (Violation::BadId, Lang::Zh) => "记录编号不是有效的 UUID".into(),
            (Violation::BadId, Lang::En) => "the record id is not a UUID".into(),
            (Violation::UnknownActivity { activity }, Lang::Zh) => {
                format!("未知的工作类型 {activity}")
            }
            (Violation::UnknownActivity { activity }, Lang::En) => {
                format!("unknown activity {activity}")
            }
            (Violation::UnknownTemplate { template }, Lang::Zh) => {
                format!("未知的检查表模板 {template}")
            }
            (Violation::UnknownTemplate { template }, Lang::En) => {
                format!("unknown checklist template {template}")
            }
            (Violation::UnknownItem { item }, Lang::Zh) => format!("检查表中没有项目 {item}"),
            (Violation::UnknownItem { item }, Lang::En) => {
                format!("{item} is not on the checklist")
            }
            (Violation::TextTooLong { field }, Lang::Zh) => {
                format!("{} 超过 {MAX_TEXT_CHARS} 字", item_text(field))
            }
            (Violation::TextTooLong { field }, Lang::En) => {
                format!("{} is longer than {MAX_TEXT_CHARS} characters", item_text(field))
            }
            (Violation::Unanswered { item }, Lang::Zh) => {
                format!("「{}」尚未填写", item_text(item))
            }
            (Violation::Unanswered { item }, Lang::En) => {
                format!("\"{}\" is not answered", item_text(item))
            }
            (Violation::FailWithoutNote { item }, Lang::Zh) => {
                format!("「{}」不合格，请填写问题说明", item_text(item))
            }
            (Violation::FailWithoutNote { item }, Lang::En) => {
                format!("\"{}\" failed: describe the problem in its note", item_text(item))
            }
            (Violation::SignedDraft, Lang::Zh) => "记录尚未提交，单位不能签字".into(),
            (Violation::SignedDraft, Lang::En) => {
                "only a submitted record can be signed by the unit".into()
            }
            (Violation::SignatureIncomplete, Lang::Zh) => {
                "单位签字不完整：须有签字人姓名和手写签名".into()
            }
            (Violation::SignatureIncomplete, Lang::En) => {
                "the unit's signature needs the signer's name and a drawn signature".into()
            }
            (Violation::MissingAccount, Lang::Zh) => "请填写活动情况记录".into(),
            (Violation::MissingAccount, Lang::En) => "describe what was done".into(),
        }
    }
}

impl Inspection {
    /// Checks every rule a record must satisfy; a submitted record must also be complete.
    /// Returns all violations, in a stable order, so a form can mark each one.
    pub fn validate(&self) -> Result<(), Vec<Violation>> {
        let mut found = Vec::new();

        if !is_uuid(&self.id) {
            found.push(Violation::BadId);
        }
        for (field, value) in [("unit_id", &self.unit_id), ("author", &self.author)] {
            if value.trim().is_empty() {
                found.push(Violation::EmptyField { field: field.into() });
            }
        }
        let template = catalogue::template(&self.template);
        match template {
            None => found.push(Violation::UnknownTemplate { template: self.template.clone() }),
            Some(template) if template.activity != self.activity => {
                found.push(Violation::UnknownActivity { activity: self.activity.clone() })
            }
            Some(_) => {}
        }
        if self.suggestions.chars().count() > MAX_TEXT_CHARS {
            found.push(Violation::TextTooLong { field: "suggestions".into() });
        }
        for (id, entry) in &self.items {
            if template.is_some_and(|t| !t.lists(id)) {
                found.push(Violation::UnknownItem { item: id.clone() });
            } else if entry.note.chars().count() > MAX_TEXT_CHARS {
                found.push(Violation::TextTooLong { field: id.clone() });
            }
        }

        if self.status == RecordStatus::Submitted {
            found.extend(self.completeness_violations());
        }
        if let Some(signature) = &self.signature {
            if self.status != RecordStatus::Submitted {
                found.push(Violation::SignedDraft);
            }
            let blank = signature.signer.trim().is_empty()
                || signature.content_hash.is_empty()
                || crate::signature::decode_strokes(&signature.strokes)
                    .is_none_or(|s| s.is_empty());
            if blank {
                found.push(Violation::SignatureIncomplete);
            }
        }

        if found.is_empty() { Ok(()) } else { Err(found) }
    }

    /// What still stops this record from being submitted, whatever its status.
    ///
    /// Every item the record holds must be answered, and so must every item of its
    /// template that applies to all units, so that a record cannot leave out an item by
    /// not holding it. Items are reported in the template's order. A record with no
    /// items at all must give an account of the activity in its text.
    pub fn completeness_violations(&self) -> Vec<Violation> {
        let order = self.item_order();
        let mut found = Vec::new();
        if order.is_empty() && self.suggestions.trim().is_empty() {
            found.push(Violation::MissingAccount);
        }
        for id in order {
            let entry = self.items.get(id);
            match entry.and_then(|e| e.result) {
                None => found.push(Violation::Unanswered { item: id.into() }),
                Some(ItemResult::Fail) if entry.is_some_and(|e| e.note.trim().is_empty()) => {
                    found.push(Violation::FailWithoutNote { item: id.into() })
                }
                Some(_) => {}
            }
        }
        found
    }

    /// The items a complete record answers, in the order the form shows them: its
    /// template's items that it holds or that apply to every unit, in the template's
    /// order, then any it holds that the template does not list.
    pub fn item_order(&self) -> Vec<&str> {
        let mut order: Vec<&str> = Vec::new();
        if let Some(template) = catalogue::template(&self.template) {
            let required: Vec<&str> = template.required_items().collect();
            order.extend(
                template
                    .items
                    .iter()
                    .map(|id| id.as_ref())
                    .filter(|id| required.contains(id) || self.items.contains_key(*id)),
            );
        }
        let unlisted: Vec<&str> =
            self.items.keys().map(String::as_str).filter(|id| !order.contains(id)).collect();
        order.extend(unlisted);
        order
    }

    /// Counts of (answered, failed) items.
    pub fn tally(&self) -> (usize, usize) {
        let answered = self.items.values().filter(|e| e.result.is_some()).count();
        let failed = self.items.values().filter(|e| e.result == Some(ItemResult::Fail)).count();
        (answered, failed)
    }
}

/// Whether `id` is a UUID in its canonical hyphenated lowercase or uppercase form.
pub fn is_uuid(id: &str) -> bool {
    let bytes = id.as_bytes();
    bytes.len() == 36
        && bytes.iter().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => *b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

#[cfg(test)]
mod tests;
