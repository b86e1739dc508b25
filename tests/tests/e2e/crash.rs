//! The server killed with SIGKILL in the middle of a large upload keeps every change it
//! acknowledged: after a restart on the same data folder each acknowledged record is
//! there with the acknowledged heads, and every stored record loads.
//!
//! This is the promise a sync reply makes (`docs/sync-protocol.md`): heads in a reply
//! are on disk, so a phone may forget that it still has to send them.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{Context, Result, ensure};
use baolian_shared::api::{InspectionSummary, LoginRequest, LoginResponse};
use baolian_shared::inspection::{Checklist, NewInspection};
use baolian_shared::sync::{DocMessage, PROTOCOL_VERSION, SyncRequest, SyncResponse};
use baolian_shared::{InspectionDoc, ItemResult, MONTHLY_ITEMS, RecordStatus};

use crate::api::Api;
use crate::server::Server;
use crate::{PASSWORD, UNIT, USERNAME};

/// Records uploaded in all; far more than are sent before the kill.
const RECORDS: usize = 1_200;
/// Records per request, as the PWA batches a backlog.
const PER_REQUEST: usize = 20;
/// Requests in flight at once.
const UPLOADERS: usize = 6;
/// Acknowledged requests after which the server is killed.
const KILL_AFTER: usize = 12;

/// One record to upload: its id, its whole saved document and its heads.
struct Upload {
    id: String,
    bytes: Vec<u8>,
    heads: Vec<String>,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn acknowledged_changes_survive_a_crash_mid_upload() {
    if let Err(error) = crash_mid_upload().await {
        panic!("{error:#}");
    }
}

async fn crash_mid_upload() -> Result<()> {
    let data = tempfile::tempdir().context("creating the data folder")?;
    let assets = tempfile::tempdir().context("creating an empty assets folder")?;
    let mut server = Server::start(data.path(), assets.path(), "127.0.0.1:0").await?;
    let base = server.url();
    let token = login(&base).await?;

    let uploads: Arc<Vec<Upload>> = Arc::new((0..RECORDS).map(record).collect());
    let acknowledged: Arc<Mutex<HashMap<String, Vec<String>>>> = Arc::default();
    let answered = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let http = reqwest::Client::new();

    let mut tasks = Vec::new();
    for uploader in 0..UPLOADERS {
        let (uploads, acknowledged, answered) =
            (uploads.clone(), acknowledged.clone(), answered.clone());
        let (http, base, token) = (http.clone(), base.clone(), token.clone());
        tasks.push(tokio::spawn(async move {
            let batches = (0..RECORDS / PER_REQUEST).filter(|b| b % UPLOADERS == uploader);
            for batch in batches {
                let slice = &uploads[batch * PER_REQUEST..(batch + 1) * PER_REQUEST];
                // A failed request is the kill: this uploader stops, as a phone would.
                let Ok(response) = send_batch(&http, &base, &token, slice).await else {
                    return;
                };
                let mut acked = acknowledged.lock().unwrap_or_else(|p| p.into_inner());
                for (upload, reply) in slice.iter().zip(&response.docs) {
                    let covered = upload.heads.iter().all(|h| reply.heads.contains(h));
                    if reply.error.is_none() && reply.id == upload.id && covered {
                        acked.insert(upload.id.clone(), reply.heads.clone());
                    }
                }
                drop(acked);
                answered.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            }
        }));
    }

    // Kill while the uploaders are busy, so requests are in flight at the moment of death.
    let started = std::time::Instant::now();
    while answered.load(std::sync::atomic::Ordering::SeqCst) < KILL_AFTER {
        ensure!(started.elapsed() < Duration::from_secs(120), "the upload did not progress");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    server.kill()?;
    for task in tasks {
        task.await.context("an uploader panicked")?;
    }
    let acknowledged = acknowledged.lock().unwrap_or_else(|p| p.into_inner()).clone();
    ensure!(acknowledged.len() >= KILL_AFTER * PER_REQUEST, "too few acknowledged records");
    ensure!(
        acknowledged.len() < RECORDS,
        "every record was acknowledged before the kill: the test did not crash mid-upload"
    );

    let server = Server::start(data.path(), assets.path(), "127.0.0.1:0").await?;
    let api = Api::login(&server.url(), USERNAME, PASSWORD).await?;
    let listed: Vec<InspectionSummary> = api.inspections().await?;
    let mut stored: HashMap<String, Vec<String>> = HashMap::new();
    for summary in &listed {
        let detail = api
            .inspection(&summary.id)
            .await
            .with_context(|| format!("stored record {} does not load", summary.id))?;
        ensure!(
            detail.record.id == summary.id,
            "record {} reads as {}",
            summary.id,
            detail.record.id
        );
        stored.insert(summary.id.clone(), detail.heads);
    }
    for (id, heads) in &acknowledged {
        let after = stored.get(id).with_context(|| {
            format!("record {id} was acknowledged before the kill but is gone after the restart")
        })?;
        ensure!(
            after == heads,
            "record {id}: acknowledged heads {heads:?}, after restart {after:?}"
        );
    }
    Ok(())
}

async fn login(base: &str) -> Result<String> {
    let request =
        LoginRequest { username: USERNAME.into(), password: PASSWORD.into(), device: None };
    let response = reqwest::Client::new()
        .post(format!("{base}/api/v1/login"))
        .json(&request)
        .send()
        .await
        .context("POST /api/v1/login")?;
    ensure!(response.status().is_success(), "login answered {}", response.status());
    Ok(response.json::<LoginResponse>().await?.token)
}

async fn send_batch(
    http: &reqwest::Client,
    base: &str,
    token: &str,
    uploads: &[Upload],
) -> Result<SyncResponse> {
    let docs = uploads
        .iter()
        .map(|u| DocMessage { id: u.id.clone(), message: None, changes: Some(u.bytes.clone()) })
        .collect();
    let request = SyncRequest {
        protocol: PROTOCOL_VERSION,
        docs,
        digest: None,
        want_manifest: false,
        pending_changes: 0,
        app_version: "crash-test".into(),
    };
    let response =
        http.post(format!("{base}/api/v1/sync")).bearer_auth(token).json(&request).send().await?;
    ensure!(response.status().is_success(), "sync answered {}", response.status());
    Ok(response.json().await?)
}

/// A submitted inspection of U001 by wangfang, edited a little like a real visit.
fn record(n: usize) -> Upload {
    let id = format!("{n:08x}-0000-4000-8000-{n:012x}");
    let mut doc = InspectionDoc::create(&NewInspection {
        id: id.clone(),
        unit_id: UNIT.into(),
        author: USERNAME.into(),
        date: chrono_date(),
        created_at_ms: 1_764_720_000_000,
        checklist: Checklist::monthly(),
    });
    for item in MONTHLY_ITEMS {
        doc.set_result(item.id, Some(ItemResult::Pass));
    }
    doc.set_result("wiring", Some(ItemResult::Fail));
    doc.set_note("wiring", &format!("第 {n} 次检查：二楼仓库私拉电线"));
    doc.set_suggestions("请于本周内拆除私拉电线，电动自行车不得在楼内停放充电。");
    doc.set_status(RecordStatus::Submitted);
    Upload { id, bytes: doc.save(), heads: doc.heads_hex() }
}

fn chrono_date() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 12, 3).expect("a valid date")
}
