//! `POST /api/v1/login`: a password check that enrols the device and issues its
//! credential.

use axum::Json;
use axum::extract::State;
use baolian_shared::ErrorCode;
use baolian_shared::api::{DEVICE_IDLE_LIFETIME_MS, LoginRequest, LoginResponse};

use crate::AppState;
use crate::auth::{self, DECOY_HASH};
use crate::error::{ApiError, ApiJson};
use crate::store::devices::{self, Enrolment};
use crate::store::{accounts, now_ms};

/// The longest device name or version kept.
const MAX_DEVICE_TEXT: usize = 120;

pub async fn login(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<LoginRequest>,
) -> Result<Json<LoginResponse>, ApiError> {
    let username = request.username.trim().to_owned();
    let found = {
        let username = username.clone();
        state.store.call(move |conn| accounts::find(conn, &username)).await?
    };

    // Argon2 takes tens of milliseconds: off the async executor. An unknown user is
    // checked against a decoy hash so both failures take the same time.
    let password = request.password;
    let (account, matches) = tokio::task::spawn_blocking(move || {
        let hash = found.as_ref().map_or(DECOY_HASH.as_str(), |a| a.password_hash.as_str());
        let matches = auth::verify_password(&password, hash);
        (found, matches)
    })
    .await
    .map_err(|error| {
        tracing::error!(%error, "password check task failed");
        ApiError::new(ErrorCode::Internal)
    })?;
    let Some(account) = account.filter(|_| matches) else {
        tracing::warn!(user.name = %username, "failed login");
        return Err(ApiError::new(ErrorCode::AuthInvalidCredentials));
    };

    let token = auth::new_token();
    let now = now_ms();
    let hash = auth::token_hash(&token);
    let info = request.device.unwrap_or_default();
    let user = account.user.clone();
    let device_id = state
        .store
        .call(move |conn| {
            // Keep one entry per phone: a re-login may reuse the id it had, if it is its own.
            let device_id = match info.previous_id.as_deref() {
                Some(id) if devices::belongs_to(conn, id, &user.username)? => id.to_owned(),
                _ => auth::new_device_id(),
            };
            let enrolment = Enrolment {
                id: &device_id,
                username: &user.username,
                name: &clip(&info.name),
                app_version: &clip(&info.app_version),
                token_hash: &hash,
            };
            devices::enrol(conn, &enrolment, now)?;
            Ok(device_id)
        })
        .await?;
    tracing::info!(user.id = %account.user.username, device.id = %device_id, "device enrolled");
    Ok(Json(LoginResponse {
        token,
        device_id,
        expires_at_ms: now + DEVICE_IDLE_LIFETIME_MS,
        user: account.user,
    }))
}

fn clip(text: &str) -> String {
    text.trim().chars().take(MAX_DEVICE_TEXT).collect()
}
