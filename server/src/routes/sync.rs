//! `POST /api/v1/sync`: one round of the sync protocol (`docs/sync-protocol.md`).

use axum::Json;
use axum::extract::State;
use baolian_shared::ErrorCode;
use baolian_shared::sync::{MAX_DOCS_PER_REQUEST, PROTOCOL_VERSION, SyncRequest, SyncResponse};

use crate::AppState;
use crate::auth::Authenticated;
use crate::error::{ApiError, ApiJson, ClientLang};

pub async fn sync(
    State(state): State<AppState>,
    Authenticated(user): Authenticated,
    ClientLang(lang): ClientLang,
    ApiJson(request): ApiJson<SyncRequest>,
) -> Result<Json<SyncResponse>, ApiError> {
    if request.protocol != PROTOCOL_VERSION {
        return Err(ApiError::new(ErrorCode::SyncUnsupportedProtocol));
    }
    if request.docs.len() > MAX_DOCS_PER_REQUEST {
        return Err(ApiError::new(ErrorCode::SyncTooManyDocuments));
    }
    tracing::debug!(docs = request.docs.len(), "sync round");

    let docs = state
        .store
        .call(move |conn| crate::sync::run_round(conn, &user, request.docs, lang))
        .await?;
    Ok(Json(SyncResponse {
        protocol: PROTOCOL_VERSION,
        docs,
    }))
}
