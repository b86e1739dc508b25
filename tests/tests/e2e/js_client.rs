//! A client of someone else's making: `tests/js/sync-client.mjs`, written from
//! `docs/sync-protocol.md` alone with the official JavaScript automerge library, syncs
//! a record with the real server, and the server's JSON API shows what it wrote.
//!
//! Needs Node.js on PATH (or `BAOLIAN_NODE`) and `tests/js/node_modules`
//! (`scripts/setup.sh --test`, or `npm ci --prefix tests/js`); no browser.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use anyhow::{Context, Result, bail, ensure};
use baolian_shared::{ItemResult, MONTHLY_ITEMS, RecordStatus};
use serde::Deserialize;
use tempfile::TempDir;

use crate::api::Api;
use crate::server::Server;

/// How long the JavaScript client may take for its whole session.
const CLIENT_TIMEOUT: Duration = Duration::from_secs(120);

/// What the client writes, as it says it does.
const AUTHOR: &str = "wangfang";
const PASSWORD: &str = "baolian2024";
const UNIT: &str = "U001";
const EDITED_NOTE: &str = "二楼仓库私拉电线，已当场要求拆除";
const SUGGESTIONS: &str = "请于本周内拆除二楼仓库私拉的电线。";

/// The part of the client's JSON summary this test reads.
#[derive(Debug, Deserialize)]
struct Summary {
    ok: bool,
    record_id: String,
    heads: Vec<String>,
}

#[tokio::test(flavor = "multi_thread")]
async fn javascript_client_syncs_by_the_spec() {
    let setup = async {
        let client = js_client()?;
        let data = tempfile::tempdir().context("creating the data directory")?;
        // The server only needs the assets folder to exist: this test loads no page.
        let assets = tempfile::tempdir().context("creating an assets directory")?;
        let server = Server::start(data.path(), assets.path(), "127.0.0.1:0").await?;
        anyhow::Ok((client, server, data, assets))
    };
    let (client, server, _data, _assets): (JsClient, Server, TempDir, TempDir) = match setup.await {
        Ok(setup) => setup,
        Err(error) => panic!("could not set up the JavaScript client test: {error:#}"),
    };

    if let Err(error) = run(&client, &server).await {
        panic!(
            "{error:#}\n\n===== server output (last lines) =====\n{}\n\nfailed: {error:#}",
            server.logs().tail(60)
        );
    }
}

async fn run(client: &JsClient, server: &Server) -> Result<()> {
    let url = server.url();
    let api = Api::login(&url, AUTHOR, PASSWORD).await?;
    let baseline = api.inspections().await?;
    let summary = client.sync(&url).await?;
    ensure!(summary.ok, "the client's summary does not say ok: {summary:?}");

    let new: Vec<_> = api
        .inspections()
        .await?
        .into_iter()
        .filter(|record| baseline.iter().all(|old| old.id != record.id))
        .collect();
    ensure!(
        new.len() == 1 && new[0].id == summary.record_id,
        "expected only the client's record {} to be new on the server (the refused ones \
         must not be stored), got {new:?}",
        summary.record_id
    );

    let detail = api.inspection(&summary.record_id).await?;
    ensure!(
        detail.heads == summary.heads,
        "the server holds heads {:?}, the client was acknowledged {:?}",
        detail.heads,
        summary.heads
    );
    let record = detail.record;
    ensure!(record.id == summary.record_id, "the detail is of {}", record.id);
    ensure!(record.unit_id == UNIT, "the record is of unit {}", record.unit_id);
    ensure!(record.author == AUTHOR, "the record's author is {}", record.author);
    ensure!(record.activity == "TWN-SELF", "the record's activity is {}", record.activity);
    ensure!(record.status == RecordStatus::Submitted, "the status is {:?}", record.status);
    ensure!(record.suggestions == SUGGESTIONS, "the suggestions are {:?}", record.suggestions);
    ensure!(record.items.len() == MONTHLY_ITEMS.len(), "the items are {:?}", record.items);
    for item in MONTHLY_ITEMS {
        let (result, note) = match item.id {
            "wiring" => (ItemResult::Fail, EDITED_NOTE),
            _ => (ItemResult::Pass, ""),
        };
        let entry = record.items.get(item.id).with_context(|| format!("no item {}", item.id))?;
        ensure!(
            entry.result == Some(result) && entry.note == note,
            "on the server, {} is {entry:?}; the client wrote {} with note {note:?}",
            item.id,
            result.as_str()
        );
    }
    Ok(())
}

/// Node and the client script, with its installed dependencies.
struct JsClient {
    node: PathBuf,
    script: PathBuf,
}

impl JsClient {
    /// Runs one session of the client against `url` and reads its summary.
    async fn sync(&self, url: &str) -> Result<Summary> {
        let child = tokio::process::Command::new(&self.node)
            .arg(&self.script)
            .arg(url)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .with_context(|| {
                format!("starting {} {}", self.node.display(), self.script.display())
            })?;
        let output = tokio::time::timeout(CLIENT_TIMEOUT, child.wait_with_output())
            .await
            .with_context(|| format!("the JavaScript client did not finish in {CLIENT_TIMEOUT:?}"))?
            .context("waiting for the JavaScript client")?;

        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        if !output.status.success() {
            bail!(
                "the JavaScript client failed ({}):\n{stderr}\n--- its stdout ---\n{stdout}",
                output.status
            );
        }
        serde_json::from_str(&stdout).with_context(|| {
            format!("the JavaScript client printed no JSON summary:\n{stdout}\n{stderr}")
        })
    }
}

/// Finds Node.js and checks that the client's dependencies are installed.
fn js_client() -> Result<JsClient> {
    let node = match std::env::var_os("BAOLIAN_NODE") {
        Some(node) => {
            let node = PathBuf::from(node);
            ensure!(node.is_file(), "BAOLIAN_NODE={} does not exist", node.display());
            node
        }
        None => on_path("node").context(
            "node is not on PATH: install Node.js 20 or later (scripts/setup.sh --test) \
             or set BAOLIAN_NODE",
        )?,
    };
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("js");
    let script = dir.join("sync-client.mjs");
    ensure!(script.is_file(), "{} is missing", script.display());
    let automerge = dir.join("node_modules/@automerge/automerge/package.json");
    ensure!(
        automerge.is_file(),
        "the JavaScript client's dependencies are not installed ({} is missing): run \
         `scripts/setup.sh --test` or `npm ci --prefix tests/js`",
        automerge.display()
    );
    Ok(JsClient { node, script })
}

/// The first file called `name` in a directory of PATH.
fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|dir| dir.join(name)).find(|candidate| candidate.is_file())
}
