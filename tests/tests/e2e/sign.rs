//! The unit signs a guidance record on the official's phone: wangfang records and
//! submits an inspection of U001, the unit's manager types their name and draws a
//! signature on the canvas, and the signature reaches the server covering the content
//! the server holds.

use anyhow::{Context, Result, ensure};
use baolian_shared::signature::{SignerCapacity, content_hash, decode_strokes};

use crate::api::Api;
use crate::browser::WAIT;
use crate::run::Run;
use crate::{
    PASSWORD, SERIAL, UNIT, USERNAME, log_in, record_inspection, unit_css, wait_saved, wait_synced,
};

const SIGNER: &str = "张伟";

/// The manager signs a submitted record with a finger on the canvas; it syncs.
#[tokio::test(flavor = "multi_thread")]
async fn the_units_manager_signs_a_submitted_record() {
    let _serial = SERIAL.lock().await;
    let mut run = Run::start("e2e-failure-sign.png").await;
    let outcome = sign(&mut run).await;
    run.finish(outcome).await;
}

/// A stroke drawn with pointer events dispatched on the canvas, as a finger would.
const DRAW: &str = r#"
const canvas = document.getElementById('signature-pad');
const box = canvas.getBoundingClientRect();
const send = (type, x, y) => canvas.dispatchEvent(new PointerEvent(type, {
  bubbles: true, cancelable: true, pointerId: 1, pointerType: 'touch', isPrimary: true,
  buttons: type === 'pointerup' ? 0 : 1, clientX: box.left + x, clientY: box.top + y,
}));
send('pointerdown', 20, 30);
for (let i = 1; i <= 12; i++) send('pointermove', 20 + 15 * i, 30 + (i % 2 ? 25 : 0));
send('pointerup', 200, 40);
return true;
"#;

async fn sign(run: &mut Run) -> Result<()> {
    let base = run.server().url();
    let browser = &run.browser;
    browser.goto(&base).await?;
    log_in(browser, USERNAME, PASSWORD).await?;
    browser.wait_for(&unit_css(UNIT), "unit U001 on the home page").await?;
    let record_id = record_inspection(browser).await?;

    let record = format!("#records .record[data-record-id=\"{record_id}\"]");
    browser.click(&record, "the submitted record").await?;
    browser.wait_for("#signature-pad", "the signature pad of the submitted record").await?;
    browser.type_into("#signer-name", "the signer's name", SIGNER).await?;
    browser.click("button[data-capacity=\"manager\"]", "the manager's capacity").await?;
    browser.wait_attr("button[data-capacity=\"manager\"]", "aria-pressed", "true", WAIT).await?;
    browser.eval(DRAW).await.context("drawing on the canvas")?;
    browser.click("#signature-confirm", "the confirm button").await?;
    browser.wait_attr("#signature-status", "data-signed", "true", WAIT).await?;
    let status = browser.wait_for("#signature-status", "the signature status").await?;
    let text = status.text().await?;
    ensure!(text.contains(SIGNER), "the signature status reads {text:?}");
    wait_saved(browser).await?;

    browser.click("#back", "the back button").await?;
    wait_synced(browser, &record_id).await?;

    let api = Api::login(&base, USERNAME, PASSWORD).await?;
    let record = api.inspection(&record_id).await?.record;
    let signature = record.signature.clone().context("the server's record is not signed")?;
    ensure!(signature.signer == SIGNER, "signed by {:?}", signature.signer);
    ensure!(signature.capacity == SignerCapacity::Manager, "as {:?}", signature.capacity);
    let strokes = decode_strokes(&signature.strokes).context("the strokes do not decode")?;
    ensure!(
        strokes.iter().map(Vec::len).sum::<usize>() >= 2,
        "the drawing has too few points: {strokes:?}"
    );
    ensure!(
        signature.content_hash == content_hash(&record),
        "the signature covers {}, the server's record is {}",
        signature.content_hash,
        content_hash(&record)
    );
    Ok(())
}
