//! `ApiError`, the one error type of the HTTP edge, and the language of its messages.
//!
//! A handler returns an `ApiError` carrying a stable [`ErrorCode`]; the
//! [`render_errors`] middleware, which knows the request's `Accept-Language`, turns it
//! into the `{code, message, details}` body with the message in that language. Internal
//! detail is logged where the error is made and never sent.

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use baolian_shared::ErrorCode;
use baolian_shared::api::ErrorBody;
use baolian_shared::error::Lang;
use serde::de::DeserializeOwned;

use crate::store::StoreError;

/// A text in both languages, for error details such as a record's broken rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Translated {
    /// Simplified Chinese.
    pub zh: String,
    /// English.
    pub en: String,
}

impl Translated {
    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// An error answer: HTTP status, stable code and optional details.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The stable code.
    pub code: ErrorCode,
    /// Explanations, for example one per broken rule.
    pub details: Vec<Translated>,
}

impl ApiError {
    /// An error with the status that belongs to `code`.
    pub fn new(code: ErrorCode) -> ApiError {
        ApiError { status: status_of(code), code, details: Vec::new() }
    }

    /// The same error with explanations.
    pub fn with_details(mut self, details: Vec<Translated>) -> ApiError {
        self.details = details;
        self
    }

    /// The error as the body of an answer, in `lang`.
    pub fn body(&self, lang: Lang) -> ErrorBody {
        ErrorBody {
            code: self.code.as_str().to_owned(),
            message: self.code.message(lang).to_owned(),
            details: self.details.iter().map(|d| d.get(lang).to_owned()).collect(),
        }
    }
}

impl From<ErrorCode> for ApiError {
    fn from(code: ErrorCode) -> ApiError {
        ApiError::new(code)
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> ApiError {
        match error {
            StoreError::NotFound => ApiError::new(ErrorCode::NotFound),
            other => {
                tracing::error!(error = %other, "storage failed");
                ApiError::new(ErrorCode::Internal)
            }
        }
    }
}

/// The status that a code is answered with.
fn status_of(code: ErrorCode) -> StatusCode {
    match code {
        ErrorCode::AuthRequired
        | ErrorCode::AuthSessionExpired
        | ErrorCode::AuthDeviceRevoked
        | ErrorCode::AuthInvalidCredentials => StatusCode::UNAUTHORIZED,
        ErrorCode::AuthForbidden | ErrorCode::RecordReadOnly | ErrorCode::RecordOutOfScope => {
            StatusCode::FORBIDDEN
        }
        ErrorCode::ReviewNotSubmitted
        | ErrorCode::MonthAlreadyClosed
        | ErrorCode::RegistryConflict
        | ErrorCode::ConflictNotFound => StatusCode::CONFLICT,
        ErrorCode::ReviewReasonRequired
        | ErrorCode::ConflictUnknownValue
        | ErrorCode::RegistryInvalid
        | ErrorCode::RegistryUnknownTownship
        | ErrorCode::ImportInvalid
        | ErrorCode::SettingsInvalid => StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::ImportUnsupportedFormat => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ErrorCode::RequestTooLarge | ErrorCode::SyncTooManyDocuments => {
            StatusCode::PAYLOAD_TOO_LARGE
        }
        ErrorCode::NotFound => StatusCode::NOT_FOUND,
        ErrorCode::RecordForbidden | ErrorCode::RecordWrongActivity => StatusCode::FORBIDDEN,
        ErrorCode::RecordInvalid | ErrorCode::RecordUnknownUnit => StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        ErrorCode::RequestMalformed
        | ErrorCode::SyncUnsupportedProtocol
        | ErrorCode::SyncBadDocumentId
        | ErrorCode::SyncBadMessage
        | ErrorCode::ScheduleBadQuery => StatusCode::BAD_REQUEST,
    }
}

impl IntoResponse for ApiError {
    /// The body is written by [`render_errors`], which knows the language; the error
    /// travels to it as a response extension.
    fn into_response(self) -> Response {
        let mut response = self.status.into_response();
        response.extensions_mut().insert(self);
        response
    }
}

/// Middleware: writes the body of every [`ApiError`] answer in the request's language.
pub async fn render_errors(request: Request, next: Next) -> Response {
    let lang = lang_of(request.headers());
    let mut response = next.run(request).await;
    let Some(error) = response.extensions_mut().remove::<ApiError>() else {
        return response;
    };
    (error.status, axum::Json(error.body(lang))).into_response()
}

/// The language a request asks for; Chinese unless it prefers English.
pub fn lang_of(headers: &HeaderMap) -> Lang {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|value| value.to_str().ok())
        .map(Lang::from_accept_language)
        .unwrap_or_default()
}

/// Extractor for the language of the request, for answers that carry messages in a
/// successful body (such as per-document errors of a sync round).
#[derive(Debug, Clone, Copy)]
pub struct ClientLang(pub Lang);

impl<S: Send + Sync> FromRequestParts<S> for ClientLang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientLang(lang_of(&parts.headers)))
    }
}

/// `axum::Json` whose rejections are [`ApiError`]s: a body too large is
/// `request.too_large`, anything else that is not the expected JSON is
/// `request.malformed`.
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(request, state).await {
            Ok(axum::Json(value)) => Ok(ApiJson(value)),
            Err(rejection) => Err(json_rejection(&rejection)),
        }
    }
}

fn json_rejection(rejection: &JsonRejection) -> ApiError {
    tracing::debug!(reason = %rejection.body_text(), "bad json body");
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::new(ErrorCode::RequestTooLarge)
    } else {
        ApiError::new(ErrorCode::RequestMalformed)
    }
}

/// `axum::extract::Query` whose rejection is `request.malformed`, so a bad query string
/// gets the same JSON error body as everything else.
#[derive(Debug)]
pub struct ApiQuery<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiQuery<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(ApiQuery(value)),
            Err(rejection) => {
                tracing::debug!(reason = %rejection.body_text(), "bad query string");
                Err(ApiError::new(ErrorCode::RequestMalformed))
            }
        }
    }
}

/// Answer for API paths that do not exist.
pub async fn api_not_found() -> ApiError {
    ApiError::new(ErrorCode::NotFound)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_a_client_or_server_status() {
        for &code in ErrorCode::ALL {
            let status = ApiError::new(code).status;
            assert!(status.is_client_error() || status.is_server_error(), "{code}: {status}");
        }
        assert_eq!(ApiError::new(ErrorCode::Internal).status, StatusCode::INTERNAL_SERVER_ERROR);
    }

    #[test]
    fn the_body_is_in_the_asked_language() {
        let error = ApiError::new(ErrorCode::RecordInvalid)
            .with_details(vec![Translated {
                zh: "缺少日期".into(), en: "date missing".into()
            }]);
        let zh = error.body(Lang::Zh);
        assert_eq!(zh.code, "record.invalid");
        assert_eq!(zh.message, "记录内容不符合要求");
        assert_eq!(zh.details, ["缺少日期"]);
        let en = error.body(Lang::En);
        assert_eq!(en.message, "the record is not valid");
        assert_eq!(en.details, ["date missing"]);
    }
}
