//! End to end: the real `baolian` server and the built PWA in headless Chromium; and, in
//! `js_client`, a sync client written with JavaScript automerge from the protocol's doc.
//!
//! Needs the server binary (`cargo build -p baolian-server`), the built PWA in
//! `client/dist` (`scripts/build-pwa.sh`), Chromium and ChromeDriver
//! (`scripts/setup.sh --test`); `scripts/test.sh` does all of that before `cargo test`.
//! The elements the test uses are the PWA's DOM contract: ids and `data-*` attributes
//! that the client keeps stable for this purpose.

mod api;
mod browser;
mod console;
mod crash;
mod js_client;
mod process;
mod run;
mod server;
mod sign;
mod visit;

use std::time::Duration;

use anyhow::{Context, Result, anyhow, ensure};
use baolian_shared::{ItemResult, MONTHLY_ITEMS, RecordStatus};

use crate::api::Api;
use crate::browser::{Browser, WAIT, poll};
use crate::run::Run;

const USERNAME: &str = "wangfang";
const PASSWORD: &str = "baolian2024";
const UNIT: &str = "U001";
const WIRING_NOTE: &str = "二楼仓库私拉电线";
const SUGGESTIONS: &str = "请于本周内拆除二楼仓库私拉的电线，电动自行车不得在楼内停放充电。";

/// One browser test at a time: two Chromiums on a small machine make both flaky.
static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// An official records an inspection with no network at all (the server is dead), the
/// record survives a reload served by the service worker, and reaches the server intact
/// once the network is back.
#[tokio::test(flavor = "multi_thread")]
async fn inspection_recorded_offline_reaches_the_server() {
    let _serial = SERIAL.lock().await;
    let mut run = Run::start("e2e-failure.png").await;
    let outcome = offline_inspection(&mut run).await;
    run.finish(outcome).await;
}

/// A wrong password is refused with a message in Chinese.
#[tokio::test(flavor = "multi_thread")]
async fn wrong_password_is_refused() {
    let _serial = SERIAL.lock().await;
    let mut run = Run::start("e2e-failure-wrong-password.png").await;
    let outcome = wrong_password(&mut run).await;
    run.finish(outcome).await;
}

/// The answer the test gives to each checklist item.
fn chosen(item: &str) -> (ItemResult, &'static str) {
    match item {
        "wiring" => (ItemResult::Fail, WIRING_NOTE),
        "e-bikes" => (ItemResult::NotApplicable, ""),
        _ => (ItemResult::Pass, ""),
    }
}

async fn offline_inspection(run: &mut Run) -> Result<()> {
    let baseline = Api::login(&run.server().url(), USERNAME, PASSWORD).await?.inspections().await?;

    run.browser.goto(&run.server().url()).await?;
    log_in(&run.browser, USERNAME, PASSWORD).await?;
    run.browser.wait_for(&unit_css(UNIT), "unit U001 on the home page").await?;
    wait_for_service_worker(&run.browser).await?;
    // The duties panel, from the schedule context the first sync cached: this month's
    // self-inspection of U001 is still to do.
    run.browser.wait_for(&duty_css(UNIT, "TWN-SELF", "due"), "U001's monthly check, due").await?;

    // Offline for real: nothing answers, and the browser knows it.
    run.kill_server()?;
    run.browser.set_offline(true).await?;
    run.browser.wait_attr("#sync-status", "data-online", "false", WAIT).await?;

    let record_id = record_inspection(&run.browser).await?;
    run.browser
        .wait_for(&record_css(&record_id, "pending"), "the new record, waiting to sync")
        .await?;
    run.browser.wait_attr("#sync-status", "data-pending", "1", WAIT).await?;
    // Computed on the phone with no network: the record fulfils this month's duty.
    run.browser
        .wait_for(&duty_css(UNIT, "TWN-SELF", "done"), "U001's monthly check, done offline")
        .await?;

    // The app shell now comes from the service worker alone, and the record from IndexedDB.
    run.browser.reload().await?;
    run.browser
        .wait_for("#sync-status", "the home page after reloading offline")
        .await
        .context("the app did not come back offline: is it served by the service worker?")?;
    ensure!(
        !run.browser.exists("#login-username").await?,
        "the reload offline showed the login page: the session was not remembered"
    );
    run.browser.wait_attr("#sync-status", "data-online", "false", WAIT).await?;
    run.browser
        .wait_for(&record_css(&record_id, "pending"), "the record, still pending, after the reload")
        .await?;
    run.browser.wait_attr("#sync-status", "data-pending", "1", WAIT).await?;
    run.browser
        .wait_for(&duty_css(UNIT, "TWN-SELF", "done"), "the duty, still done, after the reload")
        .await?;
    check_record_in_page(&run.browser, &record_id).await?;

    // Back online, with the server up again where it was.
    run.restart_server().await?;
    run.browser.set_offline(false).await?;
    run.browser.wait_attr("#sync-status", "data-online", "true", WAIT).await?;
    wait_synced(&run.browser, &record_id).await?;

    check_record_on_server(&run.server().url(), &baseline, &record_id).await
}

async fn wrong_password(run: &mut Run) -> Result<()> {
    run.browser.goto(&run.server().url()).await?;
    log_in(&run.browser, USERNAME, "not-the-password").await?;

    let error = run.browser.wait_for("#login-error", "the login error").await?;
    let text = poll("the login error to say why", WAIT, || async {
        let text = error.text().await?;
        Ok(text.contains("用户名或密码错误").then_some(text))
    })
    .await?;
    ensure!(!run.browser.exists("#units").await?, "logged in with a wrong password: {text}");
    Ok(())
}

async fn log_in(browser: &Browser, username: &str, password: &str) -> Result<()> {
    browser.type_into("#login-username", "the user name field", username).await?;
    browser.type_into("#login-password", "the password field", password).await?;
    browser.click("#login-submit", "the login button").await
}

/// The page is controlled by the service worker only once it has been installed and has
/// claimed the page; an app that does not claim needs one reload.
async fn wait_for_service_worker(browser: &Browser) -> Result<()> {
    let controlled = || async {
        let value = browser
            .eval("return !!(navigator.serviceWorker && navigator.serviceWorker.controller);")
            .await?;
        Ok(value.as_bool().unwrap_or(false).then_some(()))
    };
    if poll("the service worker", Duration::from_secs(20), controlled).await.is_ok() {
        return Ok(());
    }

    browser.reload().await?;
    browser.wait_for(&unit_css(UNIT), "unit U001 after reloading for the service worker").await?;
    poll("a service worker to control the page (after one reload)", WAIT, controlled).await
}

/// Waits for the form a start button opened; returns its record's id.
async fn opened_record(browser: &Browser) -> Result<String> {
    let page = browser.wait_for("#inspection[data-record-id]", "the inspection page").await?;
    let record_id = page
        .attr("data-record-id")
        .await?
        .filter(|id| !id.is_empty())
        .ok_or_else(|| anyhow!("#inspection has an empty data-record-id"))?;
    browser
        .wait_for(&format!("#inspection[data-record-id=\"{record_id}\"]"), "the inspection page")
        .await?;
    Ok(record_id)
}

/// Waits for the record to be acknowledged, pressing the sync button if the sync on
/// reconnecting does not come.
async fn wait_synced(browser: &Browser, record_id: &str) -> Result<()> {
    let css = record_css(record_id, "synced");
    let by_itself =
        browser.wait_attr("#sync-status", "data-pending", "0", Duration::from_secs(20)).await;
    if by_itself.is_err() || !browser.exists(&css).await? {
        browser.click("#sync-now", "the sync button").await?;
        browser.wait_attr("#sync-status", "data-pending", "0", WAIT).await?;
    }
    browser.wait_for(&css, "the record marked synced").await?;
    Ok(())
}

/// Fills in the inspection of U001 and submits it; returns the record's id.
async fn record_inspection(browser: &Browser) -> Result<String> {
    let start = format!("{} button.start-inspection", unit_css(UNIT));
    browser.click(&start, "start inspection of U001").await?;
    let record_id = opened_record(browser).await?;

    for item in MONTHLY_ITEMS {
        let (result, note) = chosen(item.id);
        let button = result_css(item.id, result);
        browser.click(&button, &format!("{} for {}", result.as_str(), item.id)).await?;
        browser.wait_attr(&button, "aria-pressed", "true", WAIT).await?;
        if !note.is_empty() {
            let field = format!("{} textarea.note", item_css(item.id));
            browser.type_into(&field, &format!("the note of {}", item.id), note).await?;
        }
    }
    browser.type_into("#suggestions", "the suggestions", SUGGESTIONS).await?;
    wait_saved(browser).await?;

    browser.click("#submit-inspection", "the submit button").await?;
    // Submitting may stay on the page (then it saves) or return home (then the page goes).
    // Read in one script: the page may go home between two WebDriver calls.
    let save_state = "if (!document.querySelector('#inspection')) return 'gone'; \
        const s = document.querySelector('#save-state'); \
        return s ? s.getAttribute('data-state') : null;";
    poll("the submitted record to be saved", WAIT, || async {
        let state = browser.eval(save_state).await?;
        Ok(matches!(state.as_str(), Some("saved" | "gone")).then_some(()))
    })
    .await?;
    if browser.exists("#back").await? {
        browser.click("#back", "the back button").await?;
    }
    browser.wait_for("#records", "the home page's records").await?;
    Ok(record_id)
}

/// Waits for the page to settle its last change into IndexedDB.
async fn wait_saved(browser: &Browser) -> Result<()> {
    // A change marks the record "saving" on the next render, not at once.
    tokio::time::sleep(Duration::from_millis(500)).await;
    browser.wait_attr("#save-state", "data-state", "saved", WAIT).await
}

/// Opens the record from the home page and checks every answer the page shows.
async fn check_record_in_page(browser: &Browser, record_id: &str) -> Result<()> {
    browser.click(&record_css(record_id, "pending"), "the pending record").await?;
    browser
        .wait_for(&format!("#inspection[data-record-id=\"{record_id}\"]"), "the reopened record")
        .await?;

    for item in MONTHLY_ITEMS {
        let (chosen, note) = chosen(item.id);
        for result in [ItemResult::Pass, ItemResult::Fail, ItemResult::NotApplicable] {
            let css = result_css(item.id, result);
            let pressed = browser.attr(&css, "aria-pressed").await?;
            let expected = result == chosen;
            ensure!(
                (pressed.as_deref() == Some("true")) == expected,
                "after the reload, {} shows aria-pressed={pressed:?} on {}; chose {}",
                item.id,
                result.as_str(),
                chosen.as_str()
            );
        }
        let field = format!("{} textarea.note", item_css(item.id));
        let shown = browser.field_value(&field).await?;
        ensure!(shown == note, "after the reload, the note of {} is {shown:?}", item.id);
    }
    let suggestions = browser.field_value("#suggestions").await?;
    ensure!(suggestions == SUGGESTIONS, "after the reload, the suggestions are {suggestions:?}");

    browser.click("#back", "the back button").await?;
    browser.wait_for("#sync-status", "the home page").await?;
    Ok(())
}

/// Checks the server's master copy against what was entered in the browser.
async fn check_record_on_server(
    base: &str,
    baseline: &[baolian_shared::api::InspectionSummary],
    record_id: &str,
) -> Result<()> {
    let api = Api::login(base, USERNAME, PASSWORD).await?;
    let new: Vec<_> = api
        .inspections()
        .await?
        .into_iter()
        .filter(|summary| baseline.iter().all(|old| old.id != summary.id))
        .collect();
    ensure!(new.len() == 1, "expected exactly one new inspection on the server, got {new:?}");
    let summary = &new[0];
    ensure!(summary.id == record_id, "the server has {}, the browser made {record_id}", summary.id);
    ensure!(summary.unit_id == UNIT, "the inspection is of {}", summary.unit_id);
    ensure!(summary.author == USERNAME, "the inspection's author is {}", summary.author);
    ensure!(summary.status == RecordStatus::Submitted, "the status is {:?}", summary.status);

    let record = api.inspection(record_id).await?.record;
    ensure!(record.id == record_id && record.unit_id == UNIT, "the detail is of {record:?}");
    ensure!(record.status == RecordStatus::Submitted, "the detail's status is {:?}", record.status);
    for item in MONTHLY_ITEMS {
        let (result, note) = chosen(item.id);
        let entry = record.items.get(item.id).with_context(|| format!("no item {}", item.id))?;
        ensure!(
            entry.result == Some(result) && entry.note == note,
            "on the server, {} is {entry:?}; the browser chose {} with note {note:?}",
            item.id,
            result.as_str()
        );
    }
    ensure!(
        record.suggestions == SUGGESTIONS,
        "on the server, the suggestions are {:?}",
        record.suggestions
    );
    Ok(())
}

fn unit_css(unit: &str) -> String {
    format!("#units .unit[data-unit-id=\"{unit}\"]")
}

fn item_css(item: &str) -> String {
    format!("#inspection .item[data-item=\"{item}\"]")
}

fn result_css(item: &str, result: ItemResult) -> String {
    format!("{} button[data-result=\"{}\"]", item_css(item), result.as_str())
}

fn duty_css(unit: &str, duty: &str, status: &str) -> String {
    format!(
        "#duties .duty[data-unit-id=\"{unit}\"][data-duty=\"{duty}\"][data-status=\"{status}\"]"
    )
}

fn record_css(record_id: &str, sync: &str) -> String {
    format!("#records .record[data-record-id=\"{record_id}\"][data-sync=\"{sync}\"]")
}
