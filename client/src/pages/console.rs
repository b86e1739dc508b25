//! The township centre's reconciliation console: its officials' devices, records
//! awaiting review (accept, or return with a reason), conflicting fields side by side
//! with a button to keep one, records changed after the unit signed them (with who
//! changed them since), and the month's ledger with its closing.
//!
//! Online only: every action is a call to `/api/v1/console/...`, and the page reloads
//! its lists after each one so what it shows is what the server holds.

use baolian_shared::console::{
    ConsoleRecord, DeviceSummary, MonthLedger, RecordConflicts, Resolution, ReviewDecision,
};
use baolian_shared::error::Lang;
use chrono::{FixedOffset, Utc};
use yew::prelude::*;

use crate::api::{self, ApiError};
use crate::app::{Action, AppContext, Page};
use crate::i18n::tr;
use crate::pages::inspection::activity_title;

/// Everything the console shows, loaded together.
#[derive(Debug, Clone, Default, PartialEq)]
struct Loaded {
    devices: Vec<DeviceSummary>,
    awaiting: Vec<ConsoleRecord>,
    conflicts: Vec<RecordConflicts>,
    ledger: Option<MonthLedger>,
}

/// This month in China Standard Time, `YYYY-MM`.
fn this_month() -> String {
    let offset = FixedOffset::east_opt(8 * 3600).expect("valid offset");
    Utc::now().with_timezone(&offset).format("%Y-%m").to_string()
}

async fn load(token: &str, lang: Lang, month: &str) -> Result<Loaded, ApiError> {
    Ok(Loaded {
        devices: api::console_get(token, lang, "/devices").await?,
        awaiting: api::console_get(token, lang, "/reviews?state=awaiting").await?,
        conflicts: api::console_get(token, lang, "/conflicts").await?,
        // A county administrator has no township of its own; its ledger stays empty.
        ledger: api::console_get(token, lang, &format!("/months/{month}")).await.ok(),
    })
}

/// The console page.
#[function_component(ConsolePage)]
pub fn console_page() -> Html {
    let context = use_context::<AppContext>().expect("app context");
    let lang = context.state.lang;
    let token = context.state.session.as_ref().map(|s| s.token.clone()).unwrap_or_default();
    let loaded = use_state(Loaded::default);
    let error = use_state(|| None::<String>);
    let reason = use_state(String::new);
    let month = use_memo((), |_| this_month());

    let reload = {
        let (loaded, error, token, month) =
            (loaded.clone(), error.clone(), token.clone(), (*month).clone());
        Callback::from(move |_: ()| {
            let (loaded, error, token, month) =
                (loaded.clone(), error.clone(), token.clone(), month.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match load(&token, lang, &month).await {
                    Ok(fresh) => {
                        loaded.set(fresh);
                        error.set(None);
                    }
                    Err(failure) => error.set(Some(message(lang, &failure))),
                }
            });
        })
    };
    {
        let reload = reload.clone();
        use_effect_with((), move |_| {
            reload.emit(());
            || ()
        });
    }

    // Runs one action, then reloads; a refusal is shown with the server's message.
    let act = {
        let (error, token, reload) = (error.clone(), token.clone(), reload.clone());
        move |path: String, body: serde_json::Value| {
            let (error, token, reload) = (error.clone(), token.clone(), reload.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match api::console_post::<serde_json::Value>(&token, lang, &path, &body).await {
                    Ok(_) => reload.emit(()),
                    Err(failure) => error.set(Some(message(lang, &failure))),
                }
            });
        }
    };

    let back = {
        let dispatcher = context.state.dispatcher();
        Callback::from(move |_| dispatcher.dispatch(Action::Open(Page::Home)))
    };
    let on_reason = {
        let reason = reason.clone();
        Callback::from(move |event: InputEvent| {
            let input: web_sys::HtmlTextAreaElement = event.target_unchecked_into();
            reason.set(input.value());
        })
    };

    html! {
        <div id="console">
            <button id="back" class="link" onclick={back}>{ tr(lang, "← 返回", "← Back") }</button>
            <h2>{ tr(lang, "乡镇对账台", "Township console") }</h2>
            if let Some(text) = &*error {
                <p class="error" id="console-error">{ text }</p>
            }
            { devices_section(lang, &loaded.devices, &act) }
            <section id="reviews">
                <h3>{ tr(lang, "待审核记录", "Awaiting review") }</h3>
                <textarea id="return-reason" value={(*reason).clone()} oninput={on_reason}
                    placeholder={tr(lang, "退回原因（退回时必填）", "reason (required to return)")} />
                if loaded.awaiting.is_empty() {
                    <p class="muted">{ tr(lang, "暂无待审核记录", "nothing awaiting review") }</p>
                }
                { for loaded.awaiting.iter().map(|record| review_row(lang, record, &reason, &act)) }
            </section>
            { conflicts_section(lang, &loaded.conflicts, &act) }
            { ledger_section(lang, loaded.ledger.as_ref(), &act) }
        </div>
    }
}

fn devices_section(
    lang: Lang,
    devices: &[DeviceSummary],
    act: &(impl Fn(String, serde_json::Value) + Clone + 'static),
) -> Html {
    html! {
        <section id="devices">
            <h3>{ tr(lang, "设备", "Devices") }</h3>
            <ul class="list">
                { for devices.iter().map(|device| {
                    let act = act.clone();
                    let path = format!("/devices/{}/revoke", device.id);
                    let revoke = Callback::from(move |_| act(path.clone(), serde_json::json!({})));
                    let revoked = device.revoked_at_ms.is_some();
                    html! {
                        <li class="device card" data-device-id={device.id.clone()}
                            data-revoked={revoked.to_string()}>
                            <div>{ &device.display_name }{ " · " }{ &device.name }</div>
                            <div class="muted">
                                { tr(lang, "版本 ", "version ") }{ &device.app_version }
                                { " · " }{ tr(lang, "待上传 ", "pending ") }{ device.pending_changes }
                                { " · " }{ tr(lang, "最近同步 ", "last sync ") }
                                { device.last_sync_ms.map(time_text).unwrap_or_else(|| "—".into()) }
                            </div>
                            if revoked {
                                <span class="badge">{ tr(lang, "已停用", "revoked") }</span>
                            } else {
                                <button class="revoke small" onclick={revoke}>{ tr(lang, "停用", "Revoke") }</button>
                            }
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}

fn review_row(
    lang: Lang,
    record: &ConsoleRecord,
    reason: &UseStateHandle<String>,
    act: &(impl Fn(String, serde_json::Value) + Clone + 'static),
) -> Html {
    let path = format!("/records/{}/review", record.id);
    let accept = {
        let (act, path) = (act.clone(), path.clone());
        let body = serde_json::to_value(ReviewDecision::Accept).unwrap_or_default();
        Callback::from(move |_| act(path.clone(), body.clone()))
    };
    let give_back = {
        let (act, reason) = (act.clone(), reason.clone());
        Callback::from(move |_| {
            let decision = ReviewDecision::Return { reason: (*reason).clone() };
            act(path.clone(), serde_json::to_value(decision).unwrap_or_default());
        })
    };
    html! {
        <div class="review card" data-record-id={record.id.clone()}>
            <div>{ &record.unit_name }{ " · " }{ record.date.to_string() }{ " · " }{ &record.author }</div>
            <div class="muted activity">{ activity_title(lang, &record.activity) }</div>
            if record.failed > 0 {
                <div class="fail-count">{ tr(lang, "不合格项 ", "failed items ") }{ record.failed }</div>
            }
            <button class="accept primary small" onclick={accept}>{ tr(lang, "通过", "Accept") }</button>
            <button class="return small" onclick={give_back}>{ tr(lang, "退回", "Return") }</button>
        </div>
    }
}

fn conflicts_section(
    lang: Lang,
    conflicts: &[RecordConflicts],
    act: &(impl Fn(String, serde_json::Value) + Clone + 'static),
) -> Html {
    html! {
        <section id="conflicts">
            <h3>{ tr(lang, "同时修改的冲突", "Conflicting edits") }</h3>
            if conflicts.is_empty() {
                <p class="muted">{ tr(lang, "暂无冲突", "no conflicts") }</p>
            }
            { for conflicts.iter().flat_map(|record| record.fields.iter().map(move |field| (record, field))).map(|(record, field)| {
                let path_text = field.path.join(".");
                html! {
                    <div class="conflict card" data-record-id={record.record.id.clone()}
                         data-path={path_text.clone()}>
                        <div>{ &record.record.unit_name }{ " · " }{ path_text }</div>
                        <div class="sides">
                            { for field.values.iter().map(|side| {
                                let act = act.clone();
                                let url = format!("/records/{}/resolve", record.record.id);
                                let choice = Resolution { path: field.path.clone(), value: side.value.clone() };
                                let body = serde_json::to_value(choice).unwrap_or_default();
                                let choose = Callback::from(move |_| act(url.clone(), body.clone()));
                                html! {
                                    <div class="side" data-actor={side.actor.clone()}>
                                        <div class="value">{ &side.value }</div>
                                        <div class="muted">
                                            { side.username.clone().unwrap_or_default() }{ " · " }
                                            { side.device_id.clone().unwrap_or_else(|| tr(lang, "服务器", "server").into()) }
                                            { " · " }{ side.received_at_ms.map(time_text).unwrap_or_default() }
                                        </div>
                                        <button class="choose small" onclick={choose}>{ tr(lang, "采用此值", "Keep this") }</button>
                                    </div>
                                }
                            }) }
                        </div>
                    </div>
                }
            }) }
            { for conflicts.iter().filter_map(|record| record.signature.as_ref().map(|m| (record, m))).map(|(record, mismatch)| html! {
                <div class="signed-changed card" data-record-id={record.record.id.clone()}>
                    <div>{ &record.record.unit_name }{ " · " }{ tr(lang, "签字后内容被修改", "Changed after the unit signed") }</div>
                    <div class="muted">
                        { tr(lang, "签字人：", "Signed by: ") }{ &mismatch.signer }{ " · " }
                        { mismatch.capacity.label(lang) }{ " · " }{ time_text(mismatch.signed_at_ms) }
                    </div>
                    <div class="muted">
                        { tr(lang, "签字时 ", "signed ") }<code>{ short(&mismatch.signed_hash) }</code>
                        { tr(lang, " · 现在 ", " · now ") }<code>{ short(&mismatch.current_hash) }</code>
                    </div>
                    <ul class="changes-after">
                        { for mismatch.changes_after.iter().map(|change| html! {
                            <li data-hash={change.hash.clone()}>
                                { &change.username }{ " · " }
                                { change.device_id.clone().unwrap_or_else(|| tr(lang, "服务器", "server").into()) }
                                { " · " }{ time_text(change.received_at_ms) }
                            </li>
                        }) }
                    </ul>
                </div>
            }) }
        </section>
    }
}

/// The first characters of a content hash, enough to tell two apart at a glance.
fn short(hash: &str) -> &str {
    hash.get(..12).unwrap_or(hash)
}

fn ledger_section(
    lang: Lang,
    ledger: Option<&MonthLedger>,
    act: &(impl Fn(String, serde_json::Value) + Clone + 'static),
) -> Html {
    let Some(ledger) = ledger else {
        return html! {};
    };
    let close = {
        let act = act.clone();
        let path = format!("/months/{}/close", ledger.month);
        Callback::from(move |_| act(path.clone(), serde_json::json!({})))
    };
    html! {
        <section id="ledger" data-month={ledger.month.clone()}
                 data-closed={ledger.closed.is_some().to_string()}>
            <h3>{ tr(lang, "月度台账 ", "Monthly ledger ") }{ &ledger.month }</h3>
            <ul class="list">
                { for ledger.records.iter().map(|record| html! {
                    <li class="ledger-record" data-record-id={record.id.clone()}
                        data-review={record.review_state.as_str()} data-late-edit={record.late_edit.to_string()}>
                        { &record.unit_name }{ " · " }{ record.date.to_string() }{ " · " }
                        { activity_title(lang, &record.activity) }{ " · " }
                        { record.review_state.label(lang) }
                        if record.late_edit {
                            <span class="badge pending">{ tr(lang, "确认后修改", "edited after closing") }</span>
                        }
                    </li>
                }) }
            </ul>
            if let Some(closed) = &ledger.closed {
                <p class="muted">{ tr(lang, "已确认：", "Closed by ") }{ &closed.closed_by }</p>
            } else {
                <button id="close-month" class="primary" onclick={close}>{ tr(lang, "确认本月台账", "Close this month") }</button>
            }
        </section>
    }
}

fn time_text(ms: i64) -> String {
    let offset = FixedOffset::east_opt(8 * 3600).expect("valid offset");
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.with_timezone(&offset).format("%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

fn message(lang: Lang, error: &ApiError) -> String {
    match error {
        ApiError::Offline => tr(lang, "无法连接服务器", "server unreachable").into(),
        ApiError::Refused { message, .. } => message.clone(),
    }
}
