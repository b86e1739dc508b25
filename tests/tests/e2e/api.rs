//! The server's JSON API, to check what reached the master copy.

use anyhow::{Context, Result, ensure};
use baolian_shared::api::{InspectionDetail, InspectionSummary, LoginRequest, LoginResponse};
use baolian_shared::console::{ConsoleRecord, MonthLedger};
use serde::de::DeserializeOwned;

/// A logged-in API client.
pub struct Api {
    http: reqwest::Client,
    base: String,
    token: String,
}

impl Api {
    /// Logs in at `base` (`http://127.0.0.1:PORT`).
    pub async fn login(base: &str, username: &str, password: &str) -> Result<Api> {
        let http = reqwest::Client::new();
        let request = LoginRequest {
            username: username.to_owned(),
            password: password.to_owned(),
            device: None,
        };
        let response = http
            .post(format!("{base}/api/v1/login"))
            .json(&request)
            .send()
            .await
            .context("POST /api/v1/login")?;
        let login: LoginResponse = read_json("POST /api/v1/login", response).await?;

        ensure!(login.user.username == username, "logged in as {}", login.user.username);
        Ok(Api { http, base: base.to_owned(), token: login.token })
    }

    /// `GET /api/v1/inspections`.
    pub async fn inspections(&self) -> Result<Vec<InspectionSummary>> {
        self.get("/api/v1/inspections").await
    }

    /// `GET /api/v1/inspections/{id}`.
    pub async fn inspection(&self, id: &str) -> Result<InspectionDetail> {
        self.get(&format!("/api/v1/inspections/{id}")).await
    }

    /// `GET /api/v1/console/reviews?state={state}` (`awaiting`, `returned`, `accepted`).
    pub async fn reviews(&self, state: &str) -> Result<Vec<ConsoleRecord>> {
        self.get(&format!("/api/v1/console/reviews?state={state}")).await
    }

    /// `GET /api/v1/console/months/{month}`: the own township's ledger (`YYYY-MM`).
    pub async fn month(&self, month: &str) -> Result<MonthLedger> {
        self.get(&format!("/api/v1/console/months/{month}")).await
    }

    /// `GET {path}`, read as JSON.
    pub async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T> {
        let what = format!("GET {path}");
        let response = self
            .http
            .get(format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .send()
            .await
            .with_context(|| what.clone())?;
        read_json(&what, response).await
    }
}

async fn read_json<T: DeserializeOwned>(what: &str, response: reqwest::Response) -> Result<T> {
    let status = response.status();
    let body = response.text().await.with_context(|| format!("{what}: reading the body"))?;
    ensure!(status.is_success(), "{what} answered {status}: {body}");
    serde_json::from_str(&body).with_context(|| format!("{what}: unexpected body {body}"))
}
