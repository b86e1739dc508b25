//! The catalogue of error codes that the server returns and the PWA shows.
//!
//! Each code is a stable string that clients may match on, with a message in
//! Simplified Chinese (the default) and English. Messages never carry internal detail.

use serde::{Deserialize, Serialize};

/// A language the user interface and error messages are available in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Simplified Chinese, the first language of the system.
    #[default]
    Zh,
    /// English, the second language.
    En,
}

impl Lang {
    /// Picks the language from an HTTP `Accept-Language` header: English only when the
    /// client ranks it before any Chinese, Chinese otherwise.
    pub fn from_accept_language(header: &str) -> Lang {
        for part in header.split(',') {
            let tag = part.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
            if tag.starts_with("zh") {
                return Lang::Zh;
            }
            if tag.starts_with("en") {
                return Lang::En;
            }
        }
        Lang::Zh
    }
}

macro_rules! error_codes {
    ($($variant:ident = $code:literal, $zh:literal, $en:literal;)*) => {
        /// A stable, machine-readable error code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum ErrorCode {
            $(
                #[doc = $en]
                $variant,
            )*
        }

        impl ErrorCode {
            /// Every code, for documentation and tests.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant),*];

            /// The code as sent on the wire, for example `auth.invalid_credentials`.
            pub fn as_str(self) -> &'static str {
                match self { $(ErrorCode::$variant => $code,)* }
            }

            /// Parses a code received on the wire.
            pub fn parse(code: &str) -> Option<ErrorCode> {
                match code { $($code => Some(ErrorCode::$variant),)* _ => None }
            }

            /// The message for a user, in the given language.
            pub fn message(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $(
                        (ErrorCode::$variant, Lang::Zh) => $zh,
                        (ErrorCode::$variant, Lang::En) => $en,
                    )*
                }
            }
        }
    };
}

error_codes! {
    AuthRequired = "auth.required", "请先登录", "please log in first";
    AuthInvalidCredentials = "auth.invalid_credentials", "用户名或密码错误", "wrong user name or password";
    AuthSessionExpired = "auth.session_expired", "登录已失效，请重新登录", "the session has expired, please log in again";
    AuthDeviceRevoked = "auth.device_revoked", "本设备已被停用，请联系乡镇消防安全服务中心", "this device has been revoked, contact the township centre";
    AuthForbidden = "auth.forbidden", "当前账号无权执行此操作", "this account may not do that";
    RequestMalformed = "request.malformed", "请求格式错误", "the request is malformed";
    RequestTooLarge = "request.too_large", "请求内容过大", "the request is too large";
    NotFound = "not_found", "未找到该记录", "no such record";
    SyncUnsupportedProtocol = "sync.unsupported_protocol", "同步协议版本不受支持，请更新应用", "unsupported sync protocol version, please update the app";
    SyncTooManyDocuments = "sync.too_many_documents", "一次同步的记录过多", "too many records in one sync request";
    SyncBadDocumentId = "sync.bad_document_id", "记录编号无效", "invalid record id";
    SyncBadMessage = "sync.bad_message", "同步数据已损坏", "the sync data is corrupt";
    RecordInvalid = "record.invalid", "记录内容不符合要求", "the record is not valid";
    RecordForbidden = "record.forbidden", "无权修改该记录", "not allowed to change this record";
    RecordWrongActivity = "record.wrong_activity", "该类记录不属于本人在该单位的包联职责", "this kind of record is not one of your duties at this unit";
    RecordUnknownUnit = "record.unknown_unit", "记录所属单位不存在", "the record names an unknown unit";
    RecordOutOfScope = "record.out_of_scope", "该记录不在本账号的包联范围内", "the record is outside this account's scope";
    RecordReadOnly = "record.read_only", "只读账号不能修改记录", "a read-only account cannot change records";
    ReviewNotSubmitted = "review.not_submitted", "记录尚未提交，不能审核", "the record is not submitted yet and cannot be reviewed";
    ReviewReasonRequired = "review.reason_required", "退回记录时请填写原因", "give a reason when returning a record";
    MonthAlreadyClosed = "month.already_closed", "该月台账已确认", "the month's ledger is already closed";
    RegistryInvalid = "registry.invalid", "登记信息不符合《实施办法》的要求", "the registry entry breaks a rule of the regulation";
    RegistryConflict = "registry.conflict", "该编号已被使用", "that id is already in use";
    RegistryUnknownTownship = "registry.unknown_township", "乡镇（街道）不存在", "no such township";
    ImportInvalid = "import.invalid", "导入文件有误，未导入任何数据", "the import file has errors; nothing was imported";
    ImportUnsupportedFormat = "import.unsupported_format", "仅支持 CSV（UTF-8）和 XLSX 文件", "only CSV (UTF-8) and XLSX files are supported";
    ScheduleBadQuery = "schedule.bad_query", "查询范围或日期有误", "the scope or dates of the query are invalid";
    SettingsInvalid = "settings.invalid", "本地职责设置有误", "the county's duty settings are invalid";
    ConflictNotFound = "conflict.not_found", "该字段已没有冲突", "this field no longer holds conflicting values";
    ConflictUnknownValue = "conflict.unknown_value", "所选内容不是该字段的冲突值之一", "the chosen value is not one of the field's conflicting values";
    Internal = "internal", "服务器内部错误，请稍后重试", "internal server error, please try again later";
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_have_both_languages() {
        for &code in ErrorCode::ALL {
            assert_eq!(ErrorCode::parse(code.as_str()), Some(code));
            assert!(!code.message(Lang::Zh).is_empty());
            assert!(!code.message(Lang::En).is_empty());
            assert_ne!(code.message(Lang::Zh), code.message(Lang::En));
        }
    }

    #[test]
    fn accept_language_prefers_the_first_known_language() {
        assert_eq!(Lang::from_accept_language("en-US,en;q=0.9,zh;q=0.5"), Lang::En);
        assert_eq!(Lang::from_accept_language("zh-CN,zh;q=0.9,en;q=0.5"), Lang::Zh);
        assert_eq!(Lang::from_accept_language("fr-FR"), Lang::Zh);
        assert_eq!(Lang::from_accept_language(""), Lang::Zh);
    }
}
