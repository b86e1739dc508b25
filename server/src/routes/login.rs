//! `POST /api/v1/login`: a password check that opens a session.

use axum::Json;
use axum::extract::State;
use baolian_shared::ErrorCode;
use baolian_shared::api::{LoginRequest, LoginResponse};

use crate::AppState;
use crate::auth::{self, DECOY_HASH, SESSION_LIFETIME_MS};
use crate::error::{ApiError, ApiJson};
use crate::store::{accounts, now_ms};

pub async fn login(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<LoginRequest>,
) -> Result<Json<LoginResponse>, ApiError> {
    let username = request.username.trim().to_owned();
    let found = {
        let username = username.clone();
        state
            .store
            .call(move |conn| accounts::find(conn, &username))
            .await?
    };

    // Argon2 takes tens of milliseconds: off the async executor. An unknown user is
    // checked against a decoy hash so both failures take the same time.
    let password = request.password;
    let (account, matches) = tokio::task::spawn_blocking(move || {
        let hash = found
            .as_ref()
            .map_or(DECOY_HASH.as_str(), |a| a.password_hash.as_str());
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
    let expires_at_ms = now + SESSION_LIFETIME_MS;
    let hash = auth::token_hash(&token);
    let user = account.user.clone();
    state
        .store
        .call(move |conn| accounts::create_session(conn, &hash, &user.username, now, expires_at_ms))
        .await?;
    tracing::info!(user.id = %account.user.username, "logged in");
    Ok(Json(LoginResponse {
        token,
        expires_at_ms,
        user: account.user,
    }))
}
