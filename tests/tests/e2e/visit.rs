//! A fire supervision officer records an on-site guidance visit (FIRE-VISIT) with the
//! network off: the phone offers the activities of the officer's own role and a form
//! for each duty still owed, the form holds the items of the fire officer's template
//! that apply to the unit, the duty turns done on the phone, and the server holds the
//! record and credits the officer's duty.

use anyhow::{Context, Result, ensure};
use baolian_shared::ItemResult;
use baolian_shared::api::UnitSummary;
use baolian_shared::catalogue;
use baolian_shared::duty::{DutyTable, FIRE_VISIT};
use baolian_shared::inspection::{Checklist, RecordStatus};
use baolian_shared::registry::OfficialRole;
use baolian_shared::schedule::{DutyStatus, Schedule};

use crate::api::Api;
use crate::browser::WAIT;
use crate::run::Run;
use crate::{
    PASSWORD, SERIAL, UNIT, duty_css, log_in, opened_record, record_css, result_css, unit_css,
    wait_saved, wait_synced,
};

const OFFICER: &str = "lijun";
const TEMPLATE: &str = "fire-visit/1";

#[tokio::test(flavor = "multi_thread")]
async fn a_fire_officer_records_a_visit_with_the_officers_own_checklist() {
    let _serial = SERIAL.lock().await;
    let mut run = Run::start("e2e-failure-visit.png").await;
    let outcome = fire_visit(&mut run).await;
    run.finish(outcome).await;
}

async fn fire_visit(run: &mut Run) -> Result<()> {
    let base = run.server().url();
    let api = Api::login(&base, OFFICER, PASSWORD).await?;
    let units: Vec<UnitSummary> = api.get("/api/v1/units").await?;
    let unit = units.iter().find(|u| u.id == UNIT).context("U001 in the officer's units")?;
    let traits = unit.traits().context("U001 has a known level")?;
    let template = catalogue::template(TEMPLATE).context("the fire officer's template")?;
    let expected = Checklist::for_unit(template, &traits).items;

    let browser = &run.browser;
    browser.goto(&base).await?;
    log_in(browser, OFFICER, PASSWORD).await?;
    let fire_button =
        format!("{} button.start-inspection[data-activity=\"{FIRE_VISIT}\"]", unit_css(UNIT));
    browser.wait_for(&fire_button, "the fire officer's visit button on U001").await?;
    let buttons = browser
        .eval(&format!(
            "return Array.from(document.querySelectorAll('{} button.start-inspection'))\
             .map(b => b.getAttribute('data-activity'));",
            unit_css(UNIT).replace('\'', "\\'")
        ))
        .await?;
    let own: Vec<String> = catalogue::activities_for(
        &DutyTable::henan_default(),
        OfficialRole::FireOfficer,
        traits.level,
    )
    .into_iter()
    .map(|(duty, _)| duty.id.to_string())
    .collect();
    ensure!(
        buttons == serde_json::json!(own) && own.first().map(String::as_str) == Some(FIRE_VISIT),
        "a fire officer is offered {buttons}; the fire officer's own activities are {own:?}"
    );
    browser.wait_for(&duty_css(UNIT, FIRE_VISIT, "due"), "U001's fire officer visit, due").await?;

    browser.set_offline(true).await?;
    browser.wait_attr("#sync-status", "data-online", "false", WAIT).await?;
    // Started from the duties panel, which offers a form for each duty still owed.
    let record_duty = format!("{} button.record-duty", duty_css(UNIT, FIRE_VISIT, "due"));
    browser.click(&record_duty, "record the fire officer's visit from the duties panel").await?;
    let record_id = opened_record(browser).await?;
    browser
        .wait_attr("#activity", "data-activity", FIRE_VISIT, WAIT)
        .await
        .context("the form names the fire officer's visit")?;
    let shown = browser
        .eval(
            "return Array.from(document.querySelectorAll('#inspection .item'))\
             .map(e => e.getAttribute('data-item'));",
        )
        .await?;
    ensure!(
        shown == serde_json::json!(expected),
        "the form shows {shown}; the template's items for U001 are {expected:?}"
    );

    for item in &expected {
        let button = result_css(item, ItemResult::Pass);
        browser.click(&button, &format!("pass for {item}")).await?;
        browser.wait_attr(&button, "aria-pressed", "true", WAIT).await?;
    }
    wait_saved(browser).await?;
    browser.click("#submit-inspection", "the submit button").await?;
    browser.wait_for(&record_css(&record_id, "pending"), "the visit, waiting to sync").await?;
    browser
        .wait_for(&duty_css(UNIT, FIRE_VISIT, "done"), "the fire officer's visit, done offline")
        .await?;

    browser.set_offline(false).await?;
    browser.wait_attr("#sync-status", "data-online", "true", WAIT).await?;
    wait_synced(browser, &record_id).await?;

    let record = api.inspection(&record_id).await?.record;
    ensure!(record.activity == FIRE_VISIT, "the server holds a {} record", record.activity);
    ensure!(record.template == TEMPLATE, "the server's record uses {}", record.template);
    ensure!(record.status == RecordStatus::Submitted, "the record is {:?}", record.status);
    let held: Vec<&String> = record.items.keys().collect();
    let mut wanted: Vec<&String> = expected.iter().collect();
    wanted.sort();
    ensure!(held == wanted, "the server's record holds {held:?}");
    ensure!(
        record.items.values().all(|e| e.result == Some(ItemResult::Pass)),
        "every item passed on the phone: {:?}",
        record.items
    );

    let schedule: Schedule = api.get(&format!("/api/v1/schedule?scope=unit:{UNIT}")).await?;
    let credited = schedule.obligations.iter().any(|o| {
        o.duty == FIRE_VISIT && o.status == DutyStatus::Done && o.records.contains(&record_id)
    });
    ensure!(credited, "the server's schedule does not credit the visit to U001's fire duty");
    Ok(())
}
