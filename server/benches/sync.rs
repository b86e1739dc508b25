//! Sync performance on a temporary SQLite store with realistic scopes: an idle device's
//! digest round, an upload of 40 edited records, and 200 devices syncing changed
//! records at once over loopback against the real axum app.
//!
//! Run with `cargo bench -p baolian-server --bench sync`; `docs/performance.md` keeps
//! the figures. A plain binary rather than criterion: the third case is a load test with
//! its own clients, and criterion would add a large dependency tree to a 2-core build.

#![allow(clippy::print_stdout, reason = "the bench reports its figures on stdout")]

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use baolian_server::auth::{new_token, token_hash};
use baolian_server::store::accounts::{self, Account};
use baolian_server::store::records::{self, Flags, Origin};
use baolian_server::store::registry;
use baolian_server::store::units::{self, NewUnit};
use baolian_server::store::{Store, devices};
use baolian_server::{AppState, app};
use baolian_shared::api::{Role, UserInfo};
use baolian_shared::inspection::{Checklist, NewInspection};
use baolian_shared::registry::{GroupMember, GuidanceGroup, Official, OfficialRole};
use baolian_shared::sync::{
    DocMessage, PROTOCOL_VERSION, SyncRequest, SyncResponse, heads_hash, scope_digest,
};
use baolian_shared::{InspectionDoc, ItemResult, MONTHLY_ITEMS, RecordStatus};
use chrono::NaiveDate;
use http_body_util::BodyExt;
use tower::ServiceExt;

/// One official's device with the records it holds.
struct Device {
    token: String,
    docs: BTreeMap<String, InspectionDoc>,
}

impl Device {
    /// The digest of every record held except `skip`.
    fn digest_without(&mut self, skip: &[&str]) -> String {
        let hashes: Vec<(String, String)> = self
            .docs
            .iter_mut()
            .filter(|(id, _)| !skip.contains(&id.as_str()))
            .map(|(id, doc)| (id.clone(), heads_hash(&doc.heads_hex())))
            .collect();
        scope_digest(hashes.iter().map(|(id, hash)| (id.as_str(), hash.as_str())))
    }
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    println!("baolian sync bench ({} cores)", std::thread::available_parallelism().unwrap());

    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("one")).unwrap();
    let mut device = seed(&store, 1, 50, 100).pop().unwrap();
    let state = AppState { store, assets: dir.path().join("dist") };
    let router = app(state);
    runtime.block_on(idle_round(&router, &mut device));
    runtime.block_on(upload_40(&router, &mut device));

    let store = Store::open(&dir.path().join("many")).unwrap();
    let devices = seed(&store, 200, 5, 5);
    let state = AppState { store, assets: dir.path().join("dist") };
    concurrent(&runtime, app(state), devices);
    println!("peak RSS of the bench process: {} MiB", peak_rss_kib() / 1024);
}

/// (1) A device holding 5,000 records with nothing new: one round with the digest.
async fn idle_round(router: &axum::Router, device: &mut Device) {
    let mut request = empty_request();
    request.digest = Some(device.digest_without(&[]));
    let body = serde_json::to_vec(&request).unwrap();

    let mut times = Vec::new();
    let mut response_bytes = 0;
    for round in 0..220 {
        let started = Instant::now();
        let (status, bytes) = call(router, &device.token, body.clone()).await;
        let elapsed = started.elapsed();
        assert_eq!(status, StatusCode::OK);
        let response: SyncResponse = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(response.in_sync, Some(true), "the device holds exactly its scope");
        response_bytes = bytes.len();
        // The first rounds warm SQLite's page cache and statement cache.
        if round >= 20 {
            times.push(elapsed);
        }
    }
    println!(
        "(1) idle device, 5,000 records, digest round: median {:.2} ms, p99 {:.2} ms; \
         request {} B + response {} B = {} B",
        ms(percentile(&mut times, 50)),
        ms(percentile(&mut times, 99)),
        body.len(),
        response_bytes,
        body.len() + response_bytes
    );
}

/// (2) A device uploading 40 edited records as raw changes until acknowledged.
async fn upload_40(router: &axum::Router, device: &mut Device) {
    let ids: Vec<String> = device.docs.keys().take(40).cloned().collect();
    let mut times = Vec::new();
    for round in 0..30 {
        let mut docs = Vec::new();
        let mut wanted = Vec::new();
        for id in &ids {
            let doc = device.docs.get_mut(id).unwrap();
            let before = doc.heads();
            doc.set_note("wiring", &format!("第 {round} 次复查：电线已更换"));
            wanted.push(doc.heads_hex());
            let changes = doc.automerge().save_after(&before);
            docs.push(DocMessage { id: id.clone(), message: None, changes: Some(changes) });
        }
        let mut request = empty_request();
        request.docs = docs;
        let body = serde_json::to_vec(&request).unwrap();

        let started = Instant::now();
        let (status, bytes) = call(router, &device.token, body).await;
        let response: SyncResponse = serde_json::from_slice(&bytes).unwrap();
        let elapsed = started.elapsed();
        assert_eq!(status, StatusCode::OK);
        for (reply, heads) in response.docs.iter().zip(&wanted) {
            assert!(reply.error.is_none(), "{:?}", reply.error);
            assert!(heads.iter().all(|h| reply.heads.contains(h)), "not acknowledged");
        }
        times.push(elapsed);
    }
    println!(
        "(2) upload of 40 edited records, acknowledged in one round: median {:.1} ms, \
         p99 {:.1} ms",
        ms(percentile(&mut times, 50)),
        ms(percentile(&mut times, 99))
    );
}

/// (3) 200 devices on loopback, each syncing one changed record per round with its
/// digest, for a fixed time.
fn concurrent(runtime: &tokio::runtime::Runtime, router: axum::Router, devices: Vec<Device>) {
    let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).unwrap();
    let addr = listener.local_addr().unwrap();
    runtime.spawn(async move { axum::serve(listener, router).await });

    const RUN: Duration = Duration::from_secs(10);
    let stop = Arc::new(AtomicBool::new(false));
    let start = Arc::new(Barrier::new(devices.len() + 1));
    let clients: Vec<_> = devices
        .into_iter()
        .map(|mut device| {
            let (stop, start) = (stop.clone(), start.clone());
            std::thread::spawn(move || {
                let mut connection = Connection::open(addr);
                let ids: Vec<String> = device.docs.keys().cloned().collect();
                let mut latencies = Vec::new();
                start.wait();
                let mut n = 0;
                while !stop.load(Ordering::Relaxed) {
                    let id = &ids[n % ids.len()];
                    n += 1;
                    let digest = device.digest_without(&[id]);
                    let doc = device.docs.get_mut(id).unwrap();
                    let before = doc.heads();
                    doc.set_suggestions(&format!("第 {n} 次同步"));
                    let heads = doc.heads_hex();
                    let changes = doc.automerge().save_after(&before);
                    let mut request = empty_request();
                    request.docs =
                        vec![DocMessage { id: id.clone(), message: None, changes: Some(changes) }];
                    request.digest = Some(digest);
                    let body = serde_json::to_vec(&request).unwrap();

                    let started = Instant::now();
                    let bytes = connection.post("/api/v1/sync", &device.token, &body);
                    latencies.push(started.elapsed());
                    let response: SyncResponse = serde_json::from_slice(&bytes).unwrap();
                    assert!(response.docs[0].error.is_none(), "{:?}", response.docs[0].error);
                    assert!(heads.iter().all(|h| response.docs[0].heads.contains(h)));
                    assert_eq!(response.in_sync, Some(true));
                }
                latencies
            })
        })
        .collect();

    start.wait();
    let started = Instant::now();
    std::thread::sleep(RUN);
    stop.store(true, Ordering::Relaxed);
    let mut latencies: Vec<Duration> =
        clients.into_iter().flat_map(|c| c.join().unwrap()).collect();
    let elapsed = started.elapsed();
    println!(
        "(3) 200 devices, changed-record syncs over loopback: {} in {:.1} s = {:.0}/s; \
         latency median {:.1} ms, p99 {:.1} ms",
        latencies.len(),
        elapsed.as_secs_f64(),
        latencies.len() as f64 / elapsed.as_secs_f64(),
        ms(percentile(&mut latencies, 50)),
        ms(percentile(&mut latencies, 99))
    );
}

/// A blocking HTTP/1.1 keep-alive connection: enough client for a load test on
/// loopback, without pulling an HTTP client crate into the server's build.
struct Connection {
    reader: BufReader<TcpStream>,
    writer: TcpStream,
}

impl Connection {
    fn open(addr: std::net::SocketAddr) -> Connection {
        let stream = TcpStream::connect(addr).unwrap();
        stream.set_nodelay(true).unwrap();
        Connection { reader: BufReader::new(stream.try_clone().unwrap()), writer: stream }
    }

    fn post(&mut self, path: &str, token: &str, body: &[u8]) -> Vec<u8> {
        let head = format!(
            "POST {path} HTTP/1.1\r\nHost: bench\r\nAuthorization: Bearer {token}\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\n\r\n",
            body.len()
        );
        self.writer.write_all(head.as_bytes()).unwrap();
        self.writer.write_all(body).unwrap();

        let mut line = String::new();
        self.reader.read_line(&mut line).unwrap();
        assert!(line.starts_with("HTTP/1.1 200"), "{line}");
        let mut length = 0;
        loop {
            line.clear();
            self.reader.read_line(&mut line).unwrap();
            let trimmed = line.trim_end();
            if trimmed.is_empty() {
                break;
            }
            if let Some((name, value)) = trimmed.split_once(':')
                && name.eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse().unwrap();
            }
        }
        let mut bytes = vec![0; length];
        self.reader.read_exact(&mut bytes).unwrap();
        bytes
    }
}

/// Fills the store: one township, `officials` officials each serving their own
/// `units_each` units with `records_each` submitted records per unit, and one enrolled
/// device per official holding exactly its scope.
fn seed(store: &Store, officials: usize, units_each: usize, records_each: usize) -> Vec<Device> {
    let mut conn = store.lock();
    let tx = conn.transaction().unwrap();
    units::insert_township_if_missing(&tx, "T01", "城关镇").unwrap();
    let date = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
    let mut made = Vec::new();
    for o in 0..officials {
        let official = format!("O{o:04}");
        let username = format!("official{o:04}");
        let unit_ids: Vec<String> = (0..units_each).map(|u| format!("U{o:04}{u:03}")).collect();
        let new = Official {
            id: official.clone(),
            name: "王芳".into(),
            body: "城关镇人民政府".into(),
            role: OfficialRole::Township,
            established: true,
            phone: String::new(),
        };
        registry::insert_official_if_missing(&tx, &new).unwrap();
        for unit in &unit_ids {
            let new = NewUnit {
                id: unit,
                name: "新华百货商场",
                level: 1,
                crowded: true,
                township_id: "T01",
                address: "人民路 88 号",
            };
            units::insert_if_missing(&tx, &new).unwrap();
            let member = GroupMember {
                official_id: official.clone(),
                role: OfficialRole::Township,
                assigned_on: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
                until: None,
            };
            let group = GuidanceGroup { unit_id: unit.clone(), members: vec![member] };
            registry::replace_group(&tx, &group).unwrap();
        }
        let user = UserInfo {
            username: username.clone(),
            display_name: "王芳".into(),
            role: Role::Official,
            body: "城关镇人民政府".into(),
            official_id: Some(official.clone()),
            unit_id: None,
            township_id: None,
        };
        // Nobody logs in with a password here; devices are enrolled directly.
        let account = Account { user, password_hash: "unused".into() };
        accounts::insert_if_missing(&tx, &account).unwrap();
        let token = new_token();
        let hash = token_hash(&token);
        let device_id = format!("device{o:04}");
        let enrolment = devices::Enrolment {
            id: &device_id,
            username: &username,
            name: "bench",
            app_version: "bench",
            token_hash: &hash,
        };
        devices::enrol(&tx, &enrolment, baolian_server::store::now_ms()).unwrap();

        let mut docs = BTreeMap::new();
        for (u, unit) in unit_ids.iter().enumerate() {
            for r in 0..records_each {
                let n = (o * units_each + u) * records_each + r;
                let id = format!("{n:08x}-0000-4000-8000-{o:012x}");
                let mut doc = record(&id, unit, &username, date);
                let record = doc.read().unwrap();
                let origin = Origin { username: &username, device_id: Some(&device_id), at_ms: 1 };
                records::save(&tx, &record, doc.automerge(), &[], origin, Flags::default())
                    .unwrap();
                docs.insert(id, doc);
            }
        }
        made.push(Device { token, docs });
    }
    tx.commit().unwrap();
    made
}

fn record(id: &str, unit: &str, author: &str, date: NaiveDate) -> InspectionDoc {
    let mut doc = InspectionDoc::create(&NewInspection {
        id: id.into(),
        unit_id: unit.into(),
        author: author.into(),
        date,
        created_at_ms: 1_767_571_200_000,
        checklist: Checklist::monthly(),
    });
    for item in MONTHLY_ITEMS {
        doc.set_result(item.id, Some(ItemResult::Pass));
    }
    doc.set_result("wiring", Some(ItemResult::Fail));
    doc.set_note("wiring", "二楼仓库私拉电线");
    doc.set_suggestions("请于本周内拆除私拉电线。");
    doc.set_status(RecordStatus::Submitted);
    doc
}

fn empty_request() -> SyncRequest {
    SyncRequest {
        protocol: PROTOCOL_VERSION,
        docs: Vec::new(),
        digest: None,
        want_manifest: false,
        pending_changes: 0,
        app_version: "bench".into(),
    }
}

async fn call(router: &axum::Router, token: &str, body: Vec<u8>) -> (StatusCode, Vec<u8>) {
    let request = Request::post("/api/v1/sync")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::from(body))
        .unwrap();
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    (status, response.into_body().collect().await.unwrap().to_bytes().to_vec())
}

fn percentile(times: &mut [Duration], p: usize) -> Duration {
    times.sort();
    times[(times.len() * p / 100).min(times.len() - 1)]
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1_000.0
}

/// The process's peak resident set, from `/proc/self/status` (`VmHWM`), in KiB.
fn peak_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}
