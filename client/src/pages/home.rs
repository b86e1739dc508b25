//! The home screen: connection and sync status, the units to inspect, and the records
//! kept on this device with whether each still waits for the server.

use baolian_shared::api::{Role, ScheduleContext, UnitSummary};
use baolian_shared::catalogue::activities_for;
use baolian_shared::checklist::TWN_SELF;
use baolian_shared::error::Lang;
use baolian_shared::inspection::{Checklist, InspectionDoc, NewInspection};
use yew::prelude::*;

use crate::app::{Action, AppContext, AppState, Page, RecordRow, china_today};
use crate::i18n::tr;
use crate::pages::duties::{DutiesPanel, use_schedule_context};
use crate::pages::inspection::activity_title;

/// Units, records and sync status.
#[function_component(HomePage)]
pub fn home_page() -> Html {
    let context = use_context::<AppContext>().expect("app context");
    let state = &context.state;
    let lang = state.lang;

    let schedule = use_schedule_context(&context);
    let start = {
        let context = context.clone();
        Callback::from(move |(unit_id, checklist): (String, Checklist)| {
            start_record(&context, unit_id, checklist)
        })
    };

    let console_user = state
        .session
        .as_ref()
        .is_some_and(|s| matches!(s.user.role, Role::TownshipCentre | Role::CountyAdmin));
    let open_console = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_| dispatcher.dispatch(Action::Open(Page::Console)))
    };

    html! {
        <>
            { status_bar(&context) }
            <DutiesPanel />
            if console_user {
                <button id="open-console" class="primary" onclick={open_console}>
                    { tr(lang, "对账台（审核、冲突、月度台账）", "Console (reviews, conflicts, ledger)") }
                </button>
            }
            <section>
                <h2>{ tr(lang, "包保单位", "My units") }</h2>
                if state.units.is_empty() {
                    <p class="muted">{ tr(lang, "暂无单位，请联网后刷新", "no units yet: connect to refresh") }</p>
                }
                <ul id="units" class="list">
                    { for state.units.iter().map(|unit| {
                        let activities = activities_at(state, schedule.as_ref(), unit);
                        html! {
                            <li class="unit card" data-unit-id={unit.id.clone()}>
                                <div class="unit-name">{ &unit.name }</div>
                                <div class="muted">
                                    { level_text(lang, unit.level) }
                                    if unit.crowded { { " · " }{ tr(lang, "人员密集场所", "crowded place") } }
                                    { " · " }{ &unit.township }
                                </div>
                                <div class="activities">
                                    { for activities.into_iter().map(|(label, checklist)| {
                                        let activity = checklist.template.activity.to_string();
                                        let unit_id = unit.id.clone();
                                        let onclick = start.reform(move |_| (unit_id.clone(), checklist.clone()));
                                        html! {
                                            <button class="start-inspection primary" data-activity={activity} {onclick}>
                                                { label }
                                            </button>
                                        }
                                    }) }
                                </div>
                            </li>
                        }
                    }) }
                </ul>
            </section>
            <section>
                <h2>{ tr(lang, "本机记录", "Records on this device") }</h2>
                if state.records.is_empty() {
                    <p class="muted">{ tr(lang, "暂无记录", "no records yet") }</p>
                }
                <ul id="records" class="list">
                    { for state.records.iter().map(|row| record_row(&context, row)) }
                </ul>
            </section>
        </>
    }
}

/// Creates a record of `checklist` about a unit on this device, dated today in China,
/// and opens its form.
pub fn start_record(context: &AppContext, unit_id: String, checklist: Checklist) {
    let (Some(store), Some(session)) = (context.state.store.clone(), context.state.session.clone())
    else {
        return;
    };
    let dispatcher = context.state.dispatcher();
    let context = context.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let new = NewInspection {
            id: uuid::Uuid::new_v4().to_string(),
            unit_id,
            author: session.user.username.clone(),
            date: china_today(),
            created_at_ms: js_sys::Date::now() as i64,
            checklist,
        };
        let mut doc = InspectionDoc::create(&new);
        let record = doc.read().expect("a new record reads back");
        match store.merge_record(&record, doc.automerge(), None).await {
            Ok(_) => {
                context.refresh_records();
                dispatcher.dispatch(Action::Open(Page::Inspection(new.id)));
            }
            Err(error) => gloo::console::error!("cannot create record:", error.to_string()),
        }
    });
}

/// The activities the signed-in official records at a unit, each with its button label:
/// those of the official's role under the county's duty table, per the cached schedule
/// context. Before the phone holds a context, it offers the monthly self-inspection,
/// which the server checks like any other record. Other accounts make no records.
fn activities_at(
    state: &AppState,
    context: Option<&ScheduleContext>,
    unit: &UnitSummary,
) -> Vec<(String, Checklist)> {
    let lang = state.lang;
    let label = |activity: &str| match lang {
        Lang::Zh => format!("开始{}", activity_title(lang, activity)),
        Lang::En => format!("Start: {}", activity_title(lang, activity)),
    };
    // Only officials make records; a unit signs them and a centre reviews them.
    let user = state.session.as_ref().map(|s| &s.user);
    if user.is_none_or(|u| u.role != Role::Official) {
        return Vec::new();
    }
    let official = user.and_then(|u| u.official_id.as_deref());
    let role = context
        .zip(official)
        .and_then(|(c, id)| c.officials.iter().find(|o| o.id == id))
        .map(|o| o.role);
    let (Some(context), Some(role), Some(traits)) = (context, role, unit.traits()) else {
        return vec![(label(TWN_SELF), Checklist::monthly())];
    };
    activities_for(&context.table, role, traits.level)
        .into_iter()
        .map(|(duty, template)| (label(&duty.id), Checklist::for_unit(template, &traits)))
        .collect()
}

fn level_text(lang: Lang, level: u8) -> &'static str {
    match level {
        1 => tr(lang, "一级", "Level 1"),
        2 => tr(lang, "二级", "Level 2"),
        _ => tr(lang, "三级", "Level 3"),
    }
}

fn status_bar(context: &AppContext) -> Html {
    let state = &context.state;
    let lang = state.lang;
    let pending = context.pending();
    let onclick = {
        let context = context.clone();
        Callback::from(move |_| context.sync_now())
    };
    html! {
        <div id="sync-status" class={classes!("status", (!state.online).then_some("offline"))}
             data-online={state.online.to_string()} data-pending={pending.to_string()}>
            <span class="dot"></span>
            <span>{ if state.online { tr(lang, "在线", "Online") } else { tr(lang, "离线", "Offline") } }</span>
            <span class="pending">
                { if pending == 0 { tr(lang, "全部已同步", "all synced").to_string() }
                  else if lang == Lang::Zh { format!("待同步 {pending} 条") }
                  else { format!("{pending} waiting to sync") } }
            </span>
            <button id="sync-now" class="small" {onclick} disabled={state.syncing}>
                { if state.syncing { tr(lang, "同步中…", "Syncing…") } else { tr(lang, "立即同步", "Sync now") } }
            </button>
            if let Some(note) = &state.sync_note {
                <div class="note" id="sync-note">{ note }</div>
            }
        </div>
    }
}

fn record_row(context: &AppContext, row: &RecordRow) -> Html {
    let lang = context.state.lang;
    let summary = &row.summary;
    let unit_name = context
        .state
        .units
        .iter()
        .find(|u| u.id == summary.unit_id)
        .map(|u| u.name.clone())
        .unwrap_or_else(|| summary.unit_id.clone());
    let onclick = {
        let dispatcher = context.state.dispatcher();
        let id = summary.id.clone();
        Callback::from(move |_| dispatcher.dispatch(Action::Open(Page::Inspection(id.clone()))))
    };
    let status = if summary.status == "submitted" {
        tr(lang, "已提交", "submitted")
    } else {
        tr(lang, "草稿", "draft")
    };
    html! {
        <li class="record card" data-record-id={summary.id.clone()}
            data-sync={if row.pending { "pending" } else { "synced" }} {onclick}>
            <div class="unit-name">{ unit_name }</div>
            <div class="muted">
                { activity_title(lang, &summary.activity) }{ " · " }
                { &summary.date }{ " · " }{ status }{ " · " }
                { format!("{}/{}", summary.answered, summary.items) }
                if summary.failed > 0 {
                    { " · " }<span class="fail-count">{ format!("{} {}", tr(lang, "不合格", "failed"), summary.failed) }</span>
                }
            </div>
            if summary.review_state == "returned" {
                <div class="review-returned" data-review="returned">
                    { tr(lang, "已退回：", "Returned: ") }{ &summary.review_reason }
                </div>
            } else if summary.review_state == "accepted" {
                <div class="review-accepted muted" data-review="accepted">
                    { tr(lang, "已通过审核", "accepted") }
                </div>
            }
            <span class={classes!("badge", row.pending.then_some("pending"))}>
                { if row.pending { tr(lang, "待同步", "waiting") } else { tr(lang, "已同步", "synced") } }
            </span>
        </li>
    }
}
