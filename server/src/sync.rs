//! The server side of one sync round (`docs/sync-protocol.md`): merge what the device
//! sent about each document into the master copy, validate the merged record, commit,
//! answer with the next message and the committed heads, and compare the device's
//! digest of everything else with the digest of its scope.
//!
//! The server keeps no sync state between rounds: each document starts from a fresh
//! automerge `sync::State`, which costs at most one extra Bloom filter and means a
//! device can resume from any point after a lost answer. Every document of a round is
//! written in one transaction and the answers are built only after it committed, so the
//! heads a device is shown are on disk.

use std::collections::HashSet;

use automerge::AutoCommit;
use automerge::sync::{Message, State, SyncDoc};
use baolian_shared::ErrorCode;
use baolian_shared::api::{Role, UserInfo};
use baolian_shared::catalogue::activities_for;
use baolian_shared::conflict::{conflicts, extends_linearly};
use baolian_shared::error::Lang;
use baolian_shared::inspection::{
    Inspection, InspectionDoc, heads_to_hex, is_uuid, read_record, read_review,
};
use baolian_shared::review::{Review, ReviewState};
use baolian_shared::sync::{
    DocMessage, DocReply, ManifestEntry, PROTOCOL_VERSION, SyncRequest, SyncResponse, scope_digest,
};
use rusqlite::Connection;

use crate::error::{ApiError, Translated};
use crate::schedule;
use crate::scope::Scope;
use crate::store::cache::DocCache;
use crate::store::records::{self, Flags, Origin};
use crate::store::{StoreError, devices, registry, units};

/// Who is syncing, from where, and when.
#[derive(Debug, Clone)]
pub struct Peer<'a> {
    /// The account.
    pub user: &'a UserInfo,
    /// The device.
    pub device_id: &'a str,
    /// Its scope today.
    pub scope: &'a Scope,
    /// The server's clock, milliseconds since the Unix epoch.
    pub now_ms: i64,
    /// Recently merged documents.
    pub cache: &'a DocCache,
}

/// Loads a stored document from the database.
fn load_stored(conn: &Connection, id: &str) -> Result<AutoCommit, ApiError> {
    let stored = records::load(conn, id)?.ok_or(StoreError::NotFound)?;
    stored.load().map_err(|error| {
        tracing::error!(doc.id = %id, %error, "a stored document does not load");
        ApiError::new(ErrorCode::Internal)
    })
}

/// What a round leaves for [`answer_digest`]: the device's digest of the records it
/// holds beyond those the request carried.
#[derive(Debug)]
pub struct DigestQuery {
    digest: String,
    want_manifest: bool,
    sent: HashSet<String>,
}

/// Merges every document of a request in one transaction and answers each; the digest,
/// if the request has one, is left to [`answer_digest`], which only reads and so may
/// run on another connection once this has committed.
pub fn merge_round(
    conn: &mut Connection,
    peer: &Peer<'_>,
    request: SyncRequest,
    lang: Lang,
) -> Result<(SyncResponse, Option<DigestQuery>), StoreError> {
    let tx = conn.transaction()?;
    let mut outcomes = Vec::with_capacity(request.docs.len());
    for doc in &request.docs {
        outcomes.push(merge_one(&tx, peer, doc));
    }
    devices::record_sync(
        &tx,
        peer.device_id,
        peer.now_ms,
        request.pending_changes,
        &request.app_version,
    )?;
    tx.commit()?;

    // Only now is every merged document what the database holds.
    for (doc, outcome) in request.docs.iter().zip(&mut outcomes) {
        if let Ok(merged) = outcome
            && let Some(stored) = merged.doc.take()
        {
            peer.cache.put(&doc.id, stored);
        }
    }

    let digest = request.digest.map(|digest| DigestQuery {
        digest,
        want_manifest: request.want_manifest,
        sent: request.docs.iter().map(|d| d.id.clone()).collect(),
    });
    let docs = request
        .docs
        .into_iter()
        .zip(outcomes)
        .map(|(doc, outcome)| match outcome {
            Ok(merged) => {
                DocReply { id: doc.id, message: merged.reply, heads: merged.heads, error: None }
            }
            Err(error) => DocReply {
                id: doc.id,
                message: None,
                heads: Vec::new(),
                error: Some(error.body(lang)),
            },
        })
        .collect();
    let response = SyncResponse { protocol: PROTOCOL_VERSION, docs, in_sync: None, manifest: None };
    Ok((response, digest))
}

/// Compares the device's digest of the records it holds outside the request with the
/// same digest of its scope; sends the scope's manifest when they differ and it asked.
pub fn answer_digest(
    conn: &Connection,
    scope: &Scope,
    query: &DigestQuery,
    response: &mut SyncResponse,
) -> Result<(), StoreError> {
    let records = scope.records(conn)?;
    let server = scope_digest(
        records
            .iter()
            .filter(|r| !query.sent.contains(&r.id))
            .map(|r| (r.id.as_str(), r.heads_hash.as_str())),
    );
    let same = server == query.digest;
    response.in_sync = Some(same);
    if !same && query.want_manifest {
        response.manifest = Some(
            records.into_iter().map(|r| ManifestEntry { id: r.id, heads: r.heads_hash }).collect(),
        );
    }
    Ok(())
}

/// What merging one document produced.
struct Merged {
    /// The next sync message for the device.
    reply: Option<Vec<u8>>,
    /// The heads the server holds after this round.
    heads: Vec<String>,
    /// The document as stored, for the cache once the round has committed.
    doc: Option<AutoCommit>,
}

fn merge_one(conn: &Connection, peer: &Peer<'_>, doc: &DocMessage) -> Result<Merged, ApiError> {
    if !is_uuid(&doc.id) {
        return Err(ApiError::new(ErrorCode::SyncBadDocumentId));
    }
    let message = doc.message.as_deref().map(Message::decode).transpose().map_err(|error| {
        tracing::debug!(doc.id = %doc.id, %error, "undecodable sync message");
        ApiError::new(ErrorCode::SyncBadMessage)
    })?;

    let head = records::head(conn, &doc.id)?;
    let mut automerge = match &head {
        Some(head) => {
            if !peer.scope.contains(conn, &head.unit_id, &head.author)? {
                tracing::warn!(doc.id = %doc.id, "sync of a record outside the scope");
                return Err(ApiError::new(ErrorCode::RecordOutOfScope));
            }
            match peer.cache.take(&doc.id, &head.heads) {
                Some(cached) => cached,
                None => load_stored(conn, &doc.id)?,
            }
        }
        None => AutoCommit::new(),
    };
    let heads_before = automerge.get_heads();
    let before = match head {
        // A unit account may change only the signature, so it is checked against the
        // whole record as it was.
        Some(head) if peer.user.role == Role::Unit => Before {
            review: read_review(&automerge).ok(),
            record: read_record(&automerge).ok(),
            activity: Some(head.activity),
            conflicts: head.conflicts,
        },
        Some(head) => Before {
            review: read_review(&automerge).ok(),
            record: None,
            activity: Some(head.activity),
            conflicts: head.conflicts,
        },
        None => Before::default(),
    };

    if let Some(changes) = &doc.changes {
        automerge.load_incremental(changes).map_err(|error| {
            tracing::debug!(doc.id = %doc.id, %error, "undecodable changes");
            ApiError::new(ErrorCode::SyncBadMessage)
        })?;
    }
    let mut state = State::new();
    if let Some(message) = message {
        automerge.sync().receive_sync_message(&mut state, message).map_err(|error| {
            tracing::debug!(doc.id = %doc.id, %error, "sync message refused by automerge");
            ApiError::new(ErrorCode::SyncBadMessage)
        })?;
    }

    if automerge.get_heads() != heads_before {
        automerge = store_merged(conn, peer, &doc.id, automerge, &heads_before, before)?;
    }

    let reply = doc
        .message
        .as_ref()
        .and_then(|_| automerge.sync().generate_sync_message(&mut state))
        .map(Message::encode);
    let heads = heads_to_hex(&automerge.get_heads());
    let doc = (!heads.is_empty()).then_some(automerge);
    Ok(Merged { reply, heads, doc })
}

/// What the server held of a document before this round, as far as the checks need it.
#[derive(Debug, Default)]
struct Before {
    /// The review; `None` for a new record.
    review: Option<Review>,
    /// The whole record, read only for a unit account.
    record: Option<Inspection>,
    /// The activity as stored; `None` for a new record.
    activity: Option<String>,
    /// The fields holding concurrent values as stored; 0 for a new record.
    conflicts: usize,
}

/// Checks and stores a document that this round changed; returns it as stored.
fn store_merged(
    conn: &Connection,
    peer: &Peer<'_>,
    id: &str,
    automerge: AutoCommit,
    heads_before: &[automerge::ChangeHash],
    before: Before,
) -> Result<AutoCommit, ApiError> {
    let mut merged = InspectionDoc::from_automerge(automerge);
    let conflicts_before = before.conflicts;
    let mut record = check_merged(conn, peer, id, &merged, before)?;

    // An official who edits a returned record sends it back for review.
    if record.review.state == ReviewState::Returned && peer.user.role == Role::Official {
        merged.set_review(&Review::default());
        record.review = Review::default();
    }

    // Scanning every field is the costliest check of a round; an edit made in step with
    // the stored copy cannot add a conflict.
    let conflicts = if conflicts_before == 0 && extends_linearly(merged.automerge(), heads_before) {
        0
    } else {
        conflicts(merged.automerge()).len()
    };
    let flags =
        Flags { conflicts, late_edit: records::month_closed(conn, &record.unit_id, record.date)? };
    let origin = Origin {
        username: &peer.user.username,
        device_id: Some(peer.device_id),
        at_ms: peer.now_ms,
    };
    records::save(conn, &record, merged.automerge(), heads_before, origin, flags)?;
    tracing::debug!(doc.id = %id, conflicts = flags.conflicts, "record stored");
    Ok(merged.into_automerge())
}

/// Checks that the merged document is a valid record that this device may write.
fn check_merged(
    conn: &Connection,
    peer: &Peer<'_>,
    id: &str,
    merged: &InspectionDoc,
    before: Before,
) -> Result<Inspection, ApiError> {
    let user = peer.user;
    if user.role.read_only() {
        return Err(ApiError::new(ErrorCode::RecordReadOnly));
    }
    let record = merged.read().map_err(|error| {
        tracing::debug!(doc.id = %id, %error, "merged document is not an inspection");
        ApiError::new(ErrorCode::RecordInvalid).with_details(vec![Translated {
            zh: format!("记录结构错误：{error}"),
            en: format!("malformed record: {error}"),
        }])
    })?;
    if record.id != id {
        return Err(ApiError::new(ErrorCode::SyncBadDocumentId));
    }
    if let Err(violations) = record.validate() {
        let details = violations
            .iter()
            .map(|v| Translated { zh: v.message(Lang::Zh), en: v.message(Lang::En) })
            .collect();
        return Err(ApiError::new(ErrorCode::RecordInvalid).with_details(details));
    }

    if user.role == Role::Official && record.author != user.username {
        tracing::warn!(doc.id = %id, author = %record.author, "write to another author's record");
        return Err(ApiError::new(ErrorCode::RecordForbidden));
    }
    if user.role == Role::Unit && !only_signed(before.record.as_ref(), &record, user) {
        tracing::warn!(doc.id = %id, "a unit account changed more than its signature");
        return Err(ApiError::new(ErrorCode::RecordForbidden));
    }
    let review_changed =
        before.review.map_or(record.review != Review::default(), |b| b != record.review);
    if review_changed && !matches!(user.role, Role::TownshipCentre | Role::CountyAdmin) {
        tracing::warn!(doc.id = %id, "a device changed a review");
        return Err(ApiError::new(ErrorCode::RecordForbidden));
    }
    if !units::exists(conn, &record.unit_id)? {
        return Err(ApiError::new(ErrorCode::RecordUnknownUnit));
    }
    if !peer.scope.covers_unit(conn, &record.unit_id)? {
        tracing::warn!(doc.id = %id, unit.id = %record.unit_id, "write outside the scope");
        return Err(ApiError::new(ErrorCode::RecordOutOfScope));
    }
    if user.role == Role::Official
        && before.activity.as_deref() != Some(record.activity.as_str())
        && !owes_activity(conn, user, &record)?
    {
        tracing::warn!(doc.id = %id, activity = %record.activity, "an activity not the official's");
        return Err(ApiError::new(ErrorCode::RecordWrongActivity));
    }
    Ok(record)
}

/// Whether the record's activity is a duty the official's role owes a unit of its level
/// under the county's duty table. An account linked to no official, or a unit the
/// registry lacks, owes nothing.
fn owes_activity(
    conn: &Connection,
    user: &UserInfo,
    record: &Inspection,
) -> Result<bool, ApiError> {
    let Some(official) = user.official_id.as_deref() else { return Ok(false) };
    let (Some(official), Some(unit)) =
        (registry::load_official(conn, official)?, units::load_key_unit(conn, &record.unit_id)?)
    else {
        return Ok(false);
    };
    let table = schedule::county_settings(conn, &unit.county)?.table;
    Ok(activities_for(&table, official.role, unit.level)
        .iter()
        .any(|(duty, _)| duty.id == record.activity))
}

/// Whether `after` differs from `before` in the signature only, and is a record of the
/// unit account's own unit: all a unit may write. A unit never creates a record.
fn only_signed(before: Option<&Inspection>, after: &Inspection, user: &UserInfo) -> bool {
    let Some(before) = before else { return false };
    let own_unit = user.unit_id.as_deref() == Some(after.unit_id.as_str());
    let unsigned = |record: &Inspection| Inspection { signature: None, ..record.clone() };
    own_unit && unsigned(before) == unsigned(after)
}
