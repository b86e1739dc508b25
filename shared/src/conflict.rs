//! Concurrent edits of the same field: finding them in a merged record.
//!
//! Automerge keeps every value written concurrently to one key and picks a winner
//! deterministically. A guidance record is evidence, so the township centre must see
//! such cases: this module lists each field that holds more than one value, with the
//! actor (device session) that wrote each, for the centre to choose. Choosing writes
//! the chosen value again, as an ordinary change that supersedes all of them.

use automerge::transaction::Transactable;
use std::collections::BTreeSet;

use automerge::{AutoCommit, ChangeHash, ObjId, ObjType, ROOT, ReadDoc, Value};
use serde::{Deserialize, Serialize};

/// One field with concurrent values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldConflict {
    /// Where the field is: `["suggestions"]`, or `["items", "wiring", "note"]`.
    pub path: Vec<String>,
    /// Every concurrent value, the one automerge shows first.
    pub values: Vec<ConflictValue>,
}

/// One of the concurrent values of a field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConflictValue {
    /// The value as text (a string as is, anything else in its JSON-like form).
    pub value: String,
    /// Hex id of the automerge actor that wrote it.
    pub actor: String,
}

/// Whether every change after `before` was made knowing all that came before it: the
/// changes form one chain whose first change depends on exactly `before`, and each
/// later one on the change before it. Such changes overwrite rather than add concurrent
/// values, so a document without conflicts at `before` has none after them, and the
/// full scan of [`conflicts`] can be skipped. A device editing a record it holds in
/// step with the server sends exactly this.
pub fn extends_linearly(doc: &mut AutoCommit, before: &[ChangeHash]) -> bool {
    let mut expected: BTreeSet<ChangeHash> = before.iter().copied().collect();
    for change in doc.get_changes(before) {
        let deps: BTreeSet<ChangeHash> = change.deps().iter().copied().collect();
        if deps != expected {
            return false;
        }
        expected = BTreeSet::from([change.hash()]);
    }
    true
}

/// Every field of the document that holds concurrent values: root scalars and the
/// scalars of each checklist item.
pub fn conflicts(doc: &AutoCommit) -> Vec<FieldConflict> {
    let mut found = Vec::new();
    collect(doc, &ROOT, &mut Vec::new(), &mut found);
    found
}

fn collect(doc: &AutoCommit, obj: &ObjId, path: &mut Vec<String>, found: &mut Vec<FieldConflict>) {
    for key in doc.keys(obj) {
        let Ok(values) = doc.get_all(obj, key.as_str()) else { continue };
        path.push(key.clone());
        if values.len() > 1 {
            let values = values
                .iter()
                .map(|(value, id)| ConflictValue { value: display(value), actor: actor_of(id) })
                .collect();
            found.push(FieldConflict { path: path.clone(), values });
        } else if let Some((Value::Object(ObjType::Map), child)) = values.first() {
            collect(doc, child, path, found);
        }
        path.pop();
    }
}

/// Why [`resolve`] refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ResolveError {
    /// The field does not exist or holds a single value.
    #[error("the field holds no conflicting values")]
    NoConflict,
    /// The chosen value is not one of the field's concurrent values.
    #[error("the value is not one of the field's conflicting values")]
    UnknownValue,
}

/// Keeps `value`, one of the concurrent values of the field at `path` (as listed by
/// [`conflicts`]), by writing it again with its own type: the new write follows every
/// concurrent one, so each device that merges it sees the conflict gone.
pub fn resolve(doc: &mut AutoCommit, path: &[String], value: &str) -> Result<(), ResolveError> {
    let (field, parents) = path.split_last().ok_or(ResolveError::NoConflict)?;
    let mut obj = ROOT;
    for key in parents {
        match doc.get(&obj, key.as_str()) {
            Ok(Some((Value::Object(ObjType::Map), child))) => obj = child,
            _ => return Err(ResolveError::NoConflict),
        }
    }
    let values = doc.get_all(&obj, field.as_str()).map_err(|_| ResolveError::NoConflict)?;
    if values.len() < 2 {
        return Err(ResolveError::NoConflict);
    }
    let chosen = values
        .iter()
        .find_map(|(candidate, _)| match candidate {
            Value::Scalar(scalar) if display(candidate) == value => {
                Some(scalar.clone().into_owned())
            }
            _ => None,
        })
        .ok_or(ResolveError::UnknownValue)?;
    doc.put(&obj, field.as_str(), chosen).map_err(|_| ResolveError::NoConflict)
}

fn display(value: &Value<'_>) -> String {
    match value {
        Value::Scalar(scalar) => match scalar.as_ref() {
            automerge::ScalarValue::Str(text) => text.to_string(),
            other => other.to_string(),
        },
        Value::Object(kind) => format!("({kind})"),
    }
}

fn actor_of(id: &automerge::ObjId) -> String {
    match id {
        automerge::ObjId::Id(_, actor, _) => actor.to_hex_string(),
        automerge::ObjId::Root => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::InspectionDoc;
    use crate::inspection::{Checklist, NewInspection};
    use chrono::NaiveDate;

    fn fork_pair() -> (InspectionDoc, InspectionDoc) {
        let mut a = InspectionDoc::create(&NewInspection {
            id: "6f1c2b8e-4d3a-4b5c-9e7f-112233445566".into(),
            unit_id: "U001".into(),
            author: "wangfang".into(),
            date: NaiveDate::from_ymd_opt(2026, 12, 3).unwrap(),
            created_at_ms: 0,
            checklist: Checklist::monthly(),
        });
        let b = InspectionDoc::from_automerge(a.automerge().fork());
        (a, b)
    }

    #[test]
    fn only_a_chain_from_every_head_extends_linearly() {
        let (mut a, mut b) = fork_pair();
        let start = a.heads();
        a.set_note("wiring", "配电箱未上锁");
        a.set_suggestions("尽快整改");
        assert!(extends_linearly(a.automerge(), &start));
        assert!(conflicts(a.automerge()).is_empty());

        // Concurrent with a's two changes: the merge is no chain from `start`, nor
        // from a's own heads, and it does hold a conflict.
        let a_heads = a.heads();
        b.set_note("wiring", "电线老化");
        a.automerge().merge(b.automerge()).unwrap();
        assert!(!extends_linearly(a.automerge(), &start));
        assert!(!extends_linearly(a.automerge(), &a_heads));
        assert_eq!(conflicts(a.automerge()).len(), 1);

        // An edit made after the merge knows both heads.
        let merged = a.heads();
        a.set_note("wiring", "已整改");
        assert!(extends_linearly(a.automerge(), &merged));
        assert!(conflicts(a.automerge()).is_empty());
    }

    #[test]
    fn concurrent_writes_to_one_field_are_listed_with_both_values() {
        let (mut a, mut b) = fork_pair();
        a.set_note("wiring", "配电箱未上锁");
        b.set_note("wiring", "电线老化");
        b.set_suggestions("尽快整改");
        a.automerge().merge(b.automerge()).unwrap();

        let found = conflicts(a.automerge());
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].path, ["items", "wiring", "note"]);
        let mut values: Vec<&str> = found[0].values.iter().map(|v| v.value.as_str()).collect();
        values.sort();
        assert_eq!(values, ["电线老化", "配电箱未上锁"]);
        assert_ne!(found[0].values[0].actor, found[0].values[1].actor);
    }

    #[test]
    fn writing_the_field_again_resolves_the_conflict() {
        let (mut a, mut b) = fork_pair();
        a.set_suggestions("甲");
        b.set_suggestions("乙");
        a.automerge().merge(b.automerge()).unwrap();
        assert_eq!(conflicts(a.automerge()).len(), 1);

        a.set_suggestions("乙");
        assert!(conflicts(a.automerge()).is_empty());
        assert_eq!(a.read().unwrap().suggestions, "乙");
    }

    #[test]
    fn resolving_keeps_the_chosen_value_with_its_type() {
        let (mut a, mut b) = fork_pair();
        a.set_note("wiring", "甲");
        b.set_note("wiring", "乙");
        a.automerge().put(ROOT, "created_at_ms", 5_i64).unwrap();
        b.automerge().put(ROOT, "created_at_ms", 7_i64).unwrap();
        a.automerge().merge(b.automerge()).unwrap();
        assert_eq!(conflicts(a.automerge()).len(), 2);

        let note = ["items".to_owned(), "wiring".to_owned(), "note".to_owned()];
        assert_eq!(resolve(a.automerge(), &note, "丙"), Err(ResolveError::UnknownValue));
        resolve(a.automerge(), &note, "乙").unwrap();
        resolve(a.automerge(), &["created_at_ms".to_owned()], "7").unwrap();
        assert!(conflicts(a.automerge()).is_empty());
        let record = a.read().unwrap();
        assert_eq!((record.items["wiring"].note.as_str(), record.created_at_ms), ("乙", 7));

        assert_eq!(resolve(a.automerge(), &note, "乙"), Err(ResolveError::NoConflict));
        assert_eq!(resolve(a.automerge(), &[], "乙"), Err(ResolveError::NoConflict));
        let deep = ["suggestions".to_owned(), "x".to_owned()];
        assert_eq!(resolve(a.automerge(), &deep, "乙"), Err(ResolveError::NoConflict));
    }

    #[test]
    fn edits_of_different_fields_do_not_conflict() {
        let (mut a, mut b) = fork_pair();
        a.set_note("wiring", "x");
        b.set_note("e-bikes", "y");
        a.automerge().merge(b.automerge()).unwrap();
        assert!(conflicts(a.automerge()).is_empty());
    }
}
