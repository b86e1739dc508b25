//! Passwords, device credentials, and the extractor that turns a bearer token into an
//! account and its device.
//!
//! Passwords are stored as argon2id hashes. A device credential is 32 random bytes shown
//! to the device once; the database keeps only its SHA-256, so a copy of the database
//! lets nobody log in.

use std::sync::LazyLock;

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use baolian_shared::ErrorCode;
use baolian_shared::api::UserInfo;
use sha2::{Digest, Sha256};

use crate::AppState;
use crate::error::ApiError;
use crate::store::devices::{self, DeviceLookup};
use crate::store::now_ms;

/// Hashes a password for storage (argon2id, random salt). Slow on purpose: call it from
/// blocking code.
pub fn hash_password(password: &str) -> String {
    let salt = SaltString::encode_b64(&rand::random::<[u8; 16]>())
        .expect("16 bytes is a valid salt length");
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 with default parameters accepts every password")
        .to_string()
}

/// Checks a password against a stored hash; a malformed hash never matches. Slow on
/// purpose: call it from blocking code.
pub fn verify_password(password: &str, stored_hash: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(stored_hash) else {
        tracing::error!("a stored password hash does not parse");
        return false;
    };
    Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok()
}

/// A hash to verify against when the user name is unknown, so that a wrong name takes
/// as long as a wrong password and does not reveal which accounts exist.
pub static DECOY_HASH: LazyLock<String> = LazyLock::new(|| hash_password("decoy"));

/// A fresh session token: 32 random bytes, hex.
pub fn new_token() -> String {
    hex::encode(rand::random::<[u8; 32]>())
}

/// A fresh device id: 12 random bytes, hex.
pub fn new_device_id() -> String {
    hex::encode(rand::random::<[u8; 12]>())
}

/// What the database stores of a token.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// The account and device behind the request's `Authorization: Bearer` credential.
#[derive(Debug, Clone)]
pub struct Authenticated {
    /// The account.
    pub user: UserInfo,
    /// The enrolled device making the request.
    pub device_id: String,
}

impl FromRequestParts<AppState> for Authenticated {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|token| !token.is_empty())
            .ok_or(ApiError::new(ErrorCode::AuthRequired))?;

        // Looked up on a read connection, beside any write in progress; the rare
        // last-seen update then queues for the writer.
        let hash = token_hash(token);
        let now = now_ms();
        let (lookup, stale) =
            state.store.read(move |conn| devices::look_up(conn, &hash, now)).await?;
        match lookup {
            DeviceLookup::Valid { user, device_id } => {
                if stale {
                    let id = device_id.clone();
                    state.store.call(move |conn| devices::touch(conn, &id, now)).await?;
                }
                let span = tracing::Span::current();
                span.record("user.id", user.username.as_str());
                span.record("device.id", device_id.as_str());
                Ok(Authenticated { user, device_id })
            }
            DeviceLookup::Expired => {
                tracing::debug!("expired device credential");
                Err(ApiError::new(ErrorCode::AuthSessionExpired))
            }
            DeviceLookup::Revoked => {
                tracing::warn!("revoked device credential");
                Err(ApiError::new(ErrorCode::AuthDeviceRevoked))
            }
            DeviceLookup::Unknown => {
                tracing::warn!("unknown device credential");
                Err(ApiError::new(ErrorCode::AuthRequired))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_verify_only_against_their_own_hash() {
        let hash = hash_password("baolian2024");
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("baolian2024", &hash));
        assert!(!verify_password("baolian2025", &hash));
        assert!(!verify_password("baolian2024", "not a hash"));
    }

    #[test]
    fn tokens_are_random_and_stored_hashed() {
        let (a, b) = (new_token(), new_token());
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert_eq!(token_hash(&a), token_hash(&a));
        assert_ne!(token_hash(&a), a);
        assert_ne!(token_hash(&a), token_hash(&b));
    }
}
