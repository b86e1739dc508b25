//! The township centre's reconciliation console in the real PWA: the centre accepts one
//! record and returns another with a reason, closes the month's ledger, and the official
//! who made the records then sees the reason on her phone's home page.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result, anyhow, ensure};
use baolian_shared::console::ConsoleRecord;
use baolian_shared::review::ReviewState;
use chrono::{DateTime, FixedOffset};

use crate::api::Api;
use crate::browser::{Browser, WAIT, poll};
use crate::run::Run;
use crate::{PASSWORD, SERIAL, log_in};

/// The township centre of T01 城关镇.
const CENTRE: &str = "chenjing";
/// The official of T01 who made the demo's history records.
const OFFICIAL: &str = "wangfang";
const REASON: &str = "三号楼消防通道照片缺失，请补拍后重新提交。";

/// How long the official's phone may take to catch up with her whole scope after login.
const CATCH_UP: Duration = Duration::from_secs(120);

/// The centre reviews two records and closes the month in the console; the returned
/// record reaches the official's phone with its reason.
#[tokio::test(flavor = "multi_thread")]
async fn centre_reviews_and_closes_the_month_and_the_official_sees_the_reason() {
    let _serial = SERIAL.lock().await;
    let mut run = Run::start("e2e-failure-console.png").await;
    let outcome = console(&mut run).await;
    run.finish(outcome).await;
}

async fn console(run: &mut Run) -> Result<()> {
    let base = run.server().url();
    let centre = Api::login(&base, CENTRE, PASSWORD).await?;
    let awaiting = ids(centre.reviews("awaiting").await?);
    let reviewed = [ids(centre.reviews("accepted").await?), ids(centre.reviews("returned").await?)];
    // Two records the official's phone will hold: awaiting review and in her scope.
    let official = Api::login(&base, OFFICIAL, PASSWORD).await?;
    let hers: Vec<String> = official
        .inspections()
        .await?
        .into_iter()
        .map(|summary| summary.id)
        .filter(|id| awaiting.contains(id))
        .collect();
    let [accepted, returned] = match hers.as_slice() {
        [first, second, ..] => [first.clone(), second.clone()],
        _ => return Err(anyhow!("the demo has {} of wangfang's records awaiting", hers.len())),
    };

    let browser = &run.browser;
    browser.goto(&base).await?;
    log_in(browser, CENTRE, PASSWORD).await?;
    browser.click("#open-console", "the console button on the centre's home page").await?;
    browser.wait_for("#console #reviews", "the console's review queue").await?;
    wait_queue(browser, &awaiting, "the review queue to list every record awaiting review").await?;

    // Accept one.
    browser
        .click(&format!("{} button.accept", review_css(&accepted)), "accept on the first record")
        .await?;
    let mut left = awaiting.clone();
    left.remove(&accepted);
    wait_queue(browser, &left, "the accepted record to leave the queue").await?;

    // Return another, with a reason.
    browser.type_into("#return-reason", "the return reason", REASON).await?;
    browser
        .click(&format!("{} button.return", review_css(&returned)), "return on the second record")
        .await?;
    left.remove(&returned);
    wait_queue(browser, &left, "the returned record to leave the queue").await?;
    ensure!(
        !browser.exists("#console-error").await?,
        "the console shows an error: {}",
        browser.wait_for("#console-error", "the error").await?.text().await?
    );

    check_reviews_on_server(&centre, [&accepted, &returned], &reviewed, &left).await?;

    // Close this month's ledger.
    let month = this_month();
    browser.wait_attr("#ledger", "data-month", &month, WAIT).await?;
    browser.wait_attr("#ledger", "data-closed", "false", WAIT).await?;
    let before = centre.month(&month).await?;
    ensure!(before.closed.is_none(), "{month} is closed before the test closed it: {before:?}");
    browser.click("#close-month", "the close-month button").await?;
    browser.wait_attr("#ledger", "data-closed", "true", WAIT).await?;
    ensure!(!browser.exists("#close-month").await?, "a closed month still offers to close it");
    let after = centre.month(&month).await?;
    let closure =
        after.closed.as_ref().with_context(|| format!("{month} is not closed: {after:?}"))?;
    ensure!(closure.closed_by == CENTRE, "{month} was closed by {}", closure.closed_by);
    let shown = browser
        .eval("return document.querySelectorAll('#ledger .ledger-record').length;")
        .await?
        .as_u64();
    ensure!(
        shown == Some(after.records.len() as u64),
        "the ledger shows {shown:?} records, the server lists {}",
        after.records.len()
    );

    // The official, on the same phone, sees why her record came back.
    browser.click("#logout", "the logout button").await?;
    browser.wait_for("#login-username", "the login page after logging out").await?;
    log_in(browser, OFFICIAL, PASSWORD).await?;
    browser.wait_for("#sync-status", "the official's home page").await?;
    let notice = browser
        .wait_for_within(
            &format!("{} .review-returned", record_css(&returned)),
            "the returned record with its notice on the official's home page",
            CATCH_UP,
        )
        .await?;
    let text = notice.text().await?;
    ensure!(text.contains(REASON), "the returned record's notice says {text:?}");
    browser
        .wait_for(
            &format!("{} .review-accepted", record_css(&accepted)),
            "the accepted record marked accepted on the official's home page",
        )
        .await?;
    ensure!(
        !browser.exists(&format!("{} .review-returned", record_css(&accepted))).await?,
        "the accepted record shows as returned"
    );
    ensure!(!browser.exists("#open-console").await?, "an official is offered the console");
    Ok(())
}

/// Waits until the page lists exactly `expected` as awaiting review.
async fn wait_queue(browser: &Browser, expected: &BTreeSet<String>, what: &str) -> Result<()> {
    let last = RefCell::new(BTreeSet::new());
    poll(what, WAIT, || async {
        let ids = listed(browser).await?;
        let done = ids == *expected;
        *last.borrow_mut() = ids;
        Ok(done.then_some(()))
    })
    .await
    .with_context(|| {
        let last = last.borrow();
        let missing: Vec<_> = expected.difference(&last).collect();
        let extra: Vec<_> = last.difference(expected).collect();
        format!("the page lists {} records; missing {missing:?}, extra {extra:?}", last.len())
    })
}

/// The ids of the records the page lists as awaiting review.
async fn listed(browser: &Browser) -> Result<BTreeSet<String>> {
    let ids = browser
        .eval(
            "return Array.from(document.querySelectorAll('#reviews .review[data-record-id]'))\
             .map(row => row.dataset.recordId);",
        )
        .await?;
    let ids = ids.as_array().context("the page's review ids are not a list")?;
    ids.iter()
        .map(|id| id.as_str().map(str::to_owned).context("a review id is not a string"))
        .collect()
}

/// Checks the decisions reached the records on the server, and its lists: `decided` are
/// the accepted and the returned record, `before` what was accepted and returned before.
async fn check_reviews_on_server(
    centre: &Api,
    decided: [&String; 2],
    before: &[BTreeSet<String>; 2],
    awaiting: &BTreeSet<String>,
) -> Result<()> {
    let [accepted, returned] = decided;
    let review = centre.inspection(accepted).await?.record.review;
    ensure!(
        review.state == ReviewState::Accepted && review.by == CENTRE && review.reason.is_empty(),
        "on the server, the accepted record's review is {review:?}"
    );
    let review = centre.inspection(returned).await?.record.review;
    ensure!(
        review.state == ReviewState::Returned && review.by == CENTRE && review.reason == REASON,
        "on the server, the returned record's review is {review:?}"
    );

    let queue = ids(centre.reviews("awaiting").await?);
    ensure!(queue == *awaiting, "the server's queue is not what the page shows");
    for (state, id, before) in
        [("accepted", accepted, &before[0]), ("returned", returned, &before[1])]
    {
        let mut expected = before.clone();
        expected.insert(id.clone());
        let listed = ids(centre.reviews(state).await?);
        ensure!(
            listed == expected,
            "the server lists as {state} {listed:?}; expected {expected:?}"
        );
    }
    Ok(())
}

fn ids(records: Vec<ConsoleRecord>) -> BTreeSet<String> {
    records.into_iter().map(|record| record.id).collect()
}

/// This month in China Standard Time, `YYYY-MM`, as the console counts it.
fn this_month() -> String {
    let offset = FixedOffset::east_opt(8 * 3600).expect("valid offset");
    let now = SystemTime::now().duration_since(UNIX_EPOCH).expect("the clock is after 1970");
    let now = DateTime::from_timestamp(now.as_secs() as i64, 0).expect("a representable time");
    now.with_timezone(&offset).format("%Y-%m").to_string()
}

fn review_css(record_id: &str) -> String {
    format!("#reviews .review[data-record-id=\"{record_id}\"]")
}

fn record_css(record_id: &str) -> String {
    format!("#records .record[data-record-id=\"{record_id}\"]")
}
