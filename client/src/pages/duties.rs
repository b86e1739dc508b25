//! What the logged-in official owes this year: periods due now and overdue, computed on
//! the phone by the same schedule engine as the server, from the cached schedule
//! context plus the records made on this device since it was fetched. Works offline.

use baolian_shared::api::ScheduleContext;
use baolian_shared::catalogue;
use baolian_shared::error::Lang;
use baolian_shared::inspection::Checklist;
use baolian_shared::period::DateRange;
use baolian_shared::schedule::{ActivityRecord, DutyStatus, Obligation, Participant, Scheduler};
use chrono::{Datelike, NaiveDate};
use yew::prelude::*;

use crate::app::{AppContext, RecordRow, SCHEDULE_KEY, china_today};
use crate::i18n::tr;
use crate::pages::home::start_record;

/// The duties panel of the home page.
#[function_component(DutiesPanel)]
pub fn duties_panel() -> Html {
    let app = use_context::<AppContext>().expect("app context");
    let lang = app.state.lang;
    let cached = use_schedule_context(&app);

    let official = app.state.session.as_ref().and_then(|s| s.user.official_id.clone());
    let (Some(context), Some(official)) = ((*cached).clone(), official) else {
        return html! {};
    };
    let today = china_today();
    let owed = owed_now(&context, &official, &app.state.records, today);

    html! {
        <section id="duties">
            <h2>{ tr(lang, "本期职责", "Duties this period") }</h2>
            if owed.is_empty() {
                <p class="muted">{ tr(lang, "本期职责均已完成", "every duty of this period is done") }</p>
            }
            <ul class="list">
                { for owed.iter().map(|o| duty_row(&app, &context, o, lang)) }
            </ul>
        </section>
    }
}

/// The schedule context cached on the device, read at start and again after every sync,
/// which may refresh it.
#[hook]
pub fn use_schedule_context(app: &AppContext) -> UseStateHandle<Option<ScheduleContext>> {
    let cached = use_state(|| None::<ScheduleContext>);
    let (handle, store) = (cached.clone(), app.state.store.clone());
    use_effect_with(app.state.syncing, move |syncing| {
        if let (false, Some(store)) = (*syncing, store) {
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(Some(context)) = store.get_kv::<ScheduleContext>(SCHEDULE_KEY).await {
                    handle.set(Some(context));
                }
            });
        }
        || ()
    });
    cached
}

/// The obligations of `official` this year that are due, overdue, or done in the
/// current period, most urgent first.
fn owed_now(
    context: &ScheduleContext,
    official: &str,
    rows: &[RecordRow],
    today: NaiveDate,
) -> Vec<Obligation> {
    let mut records = context.records.clone();
    records.extend(local_records(context, official, rows));
    let scheduler =
        Scheduler::new(&context.units, &context.groups, &records, &context.table, context.settings);
    let year = DateRange::new(
        NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today),
        NaiveDate::from_ymd_opt(today.year(), 12, 31).unwrap_or(today),
    );
    let Some(year) = year else { return Vec::new() };

    let mut owed: Vec<Obligation> = scheduler
        .official(official, year, today)
        .obligations
        .into_iter()
        .filter(|o| match o.status {
            DutyStatus::Due | DutyStatus::Overdue => true,
            DutyStatus::Done => o.period.contains(today),
            _ => false,
        })
        .collect();
    owed.sort_by_key(|o| (rank(o.status), o.deadline));
    owed
}

fn rank(status: DutyStatus) -> u8 {
    match status {
        DutyStatus::Overdue => 0,
        DutyStatus::Due => 1,
        _ => 2,
    }
}

/// Submitted records on this device that the cached context does not know yet.
fn local_records(
    context: &ScheduleContext,
    official: &str,
    rows: &[RecordRow],
) -> Vec<ActivityRecord> {
    let role = context.officials.iter().find(|o| o.id == official).map(|o| o.role);
    let Some(role) = role else { return Vec::new() };
    rows.iter()
        .map(|row| &row.summary)
        .filter(|s| s.status == "submitted")
        .filter(|s| context.records.iter().all(|r| r.record_id != s.id))
        .filter_map(|s| {
            Some(ActivityRecord {
                record_id: s.id.clone(),
                unit_id: s.unit_id.clone(),
                activity: s.activity.clone(),
                officials: vec![Participant { official_id: official.to_owned(), role }],
                date: NaiveDate::parse_from_str(&s.date, "%Y-%m-%d").ok()?,
            })
        })
        .collect()
}

fn duty_row(app: &AppContext, context: &ScheduleContext, o: &Obligation, lang: Lang) -> Html {
    let unit = app
        .state
        .units
        .iter()
        .find(|u| u.id == o.unit_id)
        .map_or_else(|| o.unit_id.clone(), |u| u.name.clone());
    let duty =
        context.table.get(&o.duty).map_or_else(|| o.duty.clone(), |d| d.name(lang).to_owned());
    let (status, class) = match o.status {
        DutyStatus::Overdue => (tr(lang, "已逾期", "overdue"), "overdue"),
        DutyStatus::Due => (tr(lang, "待完成", "due"), "due"),
        _ => (tr(lang, "已完成", "done"), "done"),
    };
    let deadline = match lang {
        Lang::Zh => format!("截止 {}", o.deadline),
        Lang::En => format!("by {}", o.deadline),
    };
    // A duty still owed can be recorded from here, with its activity's newest form.
    let checklist = (o.status != DutyStatus::Done)
        .then(|| catalogue::latest(&o.duty))
        .flatten()
        .zip(app.state.units.iter().find(|u| u.id == o.unit_id).and_then(|u| u.traits()))
        .map(|(template, traits)| Checklist::for_unit(template, &traits));
    html! {
        <li class="duty card" data-unit-id={o.unit_id.clone()} data-duty={o.duty.clone()}
            data-status={class}>
            <div class="unit-name">{ unit }</div>
            <div class="muted">{ duty }{ " · " }{ o.period.label(lang) }{ " · " }{ deadline }</div>
            <span class={classes!("badge", class)}>{ status }</span>
            if let Some(checklist) = checklist {
                <button class="record-duty small" onclick={{
                    let (app, unit_id) = (app.clone(), o.unit_id.clone());
                    Callback::from(move |_| start_record(&app, unit_id.clone(), checklist.clone()))
                }}>
                    { tr(lang, "去记录", "Record") }
                </button>
            }
        </li>
    }
}
