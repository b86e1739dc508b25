//! Calls to the server's JSON API.
//!
//! A request that never reached the server (no network, server down) is
//! [`ApiError::Offline`]; one the server refused carries its stable code and translated
//! message, so the UI can tell "try later" from "something is wrong".

use baolian_shared::ErrorCode;
use baolian_shared::api::{
    DeviceInfo, ErrorBody, LoginRequest, LoginResponse, ScheduleContext, UnitSummary,
};
use baolian_shared::error::Lang;
use baolian_shared::sync::{SyncRequest, SyncResponse};
use gloo::net::http::{Request, RequestBuilder, Response};
use serde::de::DeserializeOwned;

/// Why a call failed.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// The server could not be reached.
    Offline,
    /// The server answered with an error.
    Refused {
        /// The stable code, if the server sent one this version knows.
        code: Option<ErrorCode>,
        /// The server's message, already in the user's language.
        message: String,
    },
}

impl ApiError {
    /// Whether the session is no longer accepted and the user must log in again.
    pub fn needs_login(&self) -> bool {
        matches!(
            self,
            ApiError::Refused {
                code: Some(
                    ErrorCode::AuthRequired
                        | ErrorCode::AuthSessionExpired
                        | ErrorCode::AuthDeviceRevoked,
                ),
                ..
            }
        )
    }
}

fn lang_header(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "zh-CN",
        Lang::En => "en",
    }
}

async fn send<T: DeserializeOwned>(
    request: Result<Request, gloo::net::Error>,
) -> Result<T, ApiError> {
    let request = request.map_err(|_| ApiError::Offline)?;
    let response = request.send().await.map_err(|_| ApiError::Offline)?;
    read(response).await
}

async fn read<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    if response.ok() {
        return response.json::<T>().await.map_err(|_| ApiError::Offline);
    }
    match response.json::<ErrorBody>().await {
        Ok(body) => {
            Err(ApiError::Refused { code: ErrorCode::parse(&body.code), message: body.message })
        }
        // An answer that is not ours (a proxy, a captive portal) means no usable server.
        Err(_) => Err(ApiError::Offline),
    }
}

fn authorized(builder: RequestBuilder, token: &str, lang: Lang) -> RequestBuilder {
    builder
        .header("Authorization", &format!("Bearer {token}"))
        .header("Accept-Language", lang_header(lang))
}

/// Logs in, enrolling this device (again, if `previous_device` is its earlier id), and
/// returns the device's credential.
pub async fn login(
    username: &str,
    password: &str,
    previous_device: Option<String>,
    lang: Lang,
) -> Result<LoginResponse, ApiError> {
    let name = web_sys::window().and_then(|w| w.navigator().user_agent().ok()).unwrap_or_default();
    let body = LoginRequest {
        username: username.to_owned(),
        password: password.to_owned(),
        device: Some(DeviceInfo {
            previous_id: previous_device,
            name,
            app_version: env!("CARGO_PKG_VERSION").to_owned(),
        }),
    };
    send(Request::post("/api/v1/login").header("Accept-Language", lang_header(lang)).json(&body))
        .await
}

/// Lists the units the official can inspect.
pub async fn units(token: &str, lang: Lang) -> Result<Vec<UnitSummary>, ApiError> {
    send(authorized(Request::get("/api/v1/units"), token, lang).build()).await
}

/// The schedule context of the account's scope, for computing duties offline.
pub async fn schedule_context(token: &str, lang: Lang) -> Result<ScheduleContext, ApiError> {
    send(authorized(Request::get("/api/v1/schedule/context"), token, lang).build()).await
}

/// Sends one round of the sync protocol.
pub async fn sync_round(
    token: &str,
    lang: Lang,
    body: &SyncRequest,
) -> Result<SyncResponse, ApiError> {
    send(authorized(Request::post("/api/v1/sync"), token, lang).json(body)).await
}

/// `GET` of a console resource (`/api/v1/console/...`).
pub async fn console_get<T: DeserializeOwned>(
    token: &str,
    lang: Lang,
    path: &str,
) -> Result<T, ApiError> {
    send(authorized(Request::get(&format!("/api/v1/console{path}")), token, lang).build()).await
}

/// `POST` of a console action with a JSON body.
pub async fn console_post<T: DeserializeOwned>(
    token: &str,
    lang: Lang,
    path: &str,
    body: &impl serde::Serialize,
) -> Result<T, ApiError> {
    send(authorized(Request::post(&format!("/api/v1/console{path}")), token, lang).json(body)).await
}
