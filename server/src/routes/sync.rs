//! `POST /api/v1/sync`: one round of the sync protocol (`docs/sync-protocol.md`).

use axum::Json;
use axum::extract::State;
use baolian_shared::ErrorCode;
use baolian_shared::sync::{MAX_DOCS_PER_REQUEST, PROTOCOL_VERSION, SyncRequest, SyncResponse};

use crate::AppState;
use crate::auth::Authenticated;
use crate::error::{ApiError, ApiJson, ClientLang};
use crate::scope::Scope;
use crate::store::{local_date, now_ms};
use crate::sync::{Peer, answer_digest, merge_round};

pub async fn sync(
    State(state): State<AppState>,
    Authenticated { user, device_id }: Authenticated,
    ClientLang(lang): ClientLang,
    ApiJson(request): ApiJson<SyncRequest>,
) -> Result<Json<SyncResponse>, ApiError> {
    if request.protocol != PROTOCOL_VERSION {
        return Err(ApiError::new(ErrorCode::SyncUnsupportedProtocol));
    }
    if request.docs.len() > MAX_DOCS_PER_REQUEST {
        return Err(ApiError::new(ErrorCode::SyncTooManyDocuments));
    }
    tracing::debug!(docs = request.docs.len(), digest = request.digest.is_some(), "sync round");

    let cache = state.store.docs();
    let now_ms = now_ms();
    let scope = Scope::of(&user, local_date(now_ms));
    let merge_scope = scope.clone();
    let (mut response, digest) = state
        .store
        .call(move |conn| {
            let scope = &merge_scope;
            let peer = Peer { user: &user, device_id: &device_id, scope, now_ms, cache: &cache };
            merge_round(conn, &peer, request, lang)
        })
        .await?;
    // The digest only reads what the round committed, so it waits for no writer.
    if let Some(query) = digest {
        response = state
            .store
            .read(move |conn| {
                answer_digest(conn, &scope, &query, &mut response)?;
                Ok(response)
            })
            .await?;
    }
    Ok(Json(response))
}
