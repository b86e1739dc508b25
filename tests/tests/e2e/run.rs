//! One test's world: a server with its own data directory and a browser, and the report
//! that a failure prints.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, ensure};
use tempfile::TempDir;

use crate::browser::Browser;
use crate::server::Server;

/// Everything one test runs: a server with its own data, and a browser. On failure it
/// reports what each of them said and keeps a screenshot.
pub struct Run {
    pub browser: Browser,
    server: Option<Server>,
    /// Output of earlier server processes, kept for the failure report.
    old_server_logs: Vec<String>,
    addr: String,
    data: TempDir,
    assets: PathBuf,
    failure_png: PathBuf,
}

impl Run {
    pub async fn start(failure_png: &str) -> Run {
        let started = async {
            let assets = built_pwa()?;
            let data = tempfile::tempdir().context("creating the data directory")?;
            let server = Server::start(data.path(), &assets, "127.0.0.1:0").await?;
            let browser = Browser::start().await?;
            anyhow::Ok(Run {
                browser,
                addr: server.addr.clone(),
                server: Some(server),
                old_server_logs: Vec::new(),
                data,
                assets,
                failure_png: target_dir()?.join(failure_png),
            })
        };
        match started.await {
            Ok(run) => run,
            Err(error) => panic!("could not set up the end-to-end test: {error:#}"),
        }
    }

    pub fn server(&self) -> &Server {
        self.server.as_ref().expect("the server is running at this step")
    }

    pub fn kill_server(&mut self) -> Result<()> {
        let mut server = self.server.take().context("the server is not running")?;
        server.kill()?;
        self.old_server_logs.extend(server.logs().lines());
        self.old_server_logs.push("--- server killed ---".to_owned());
        Ok(())
    }

    pub async fn restart_server(&mut self) -> Result<()> {
        let server = Server::restart(self.data.path(), &self.assets, &self.addr).await?;
        self.server = Some(server);
        Ok(())
    }

    /// Ends the test: on failure saves a screenshot and panics with the error followed by
    /// what the server, the page and ChromeDriver said.
    pub async fn finish(self, outcome: Result<()>) {
        let Err(error) = outcome else {
            self.browser.quit().await;
            return;
        };

        let screenshot = match self.browser.screenshot(&self.failure_png).await {
            Ok(()) => format!("screenshot: {}", self.failure_png.display()),
            Err(error) => format!("no screenshot: {error:#}"),
        };
        let mut server_logs = self.old_server_logs.clone();
        if let Some(server) = &self.server {
            server_logs.extend(server.logs().lines());
        }
        let console = match self.browser.console().await {
            Ok(lines) => lines.join("\n"),
            Err(error) => format!("(unavailable: {error:#})"),
        };
        let chromedriver = self.browser.chromedriver_logs().tail(40);
        self.browser.quit().await;
        panic!(
            "{error:#}\n\n===== server output =====\n{}\n\n===== browser console =====\n{console}\n\n\
             ===== chromedriver output (last lines) =====\n{chromedriver}\n\n===== {screenshot}\n\n\
             failed: {error:#}",
            server_logs.join("\n"),
        );
    }
}

/// `client/dist`, which `scripts/build-pwa.sh` fills, or `BAOLIAN_DIST`.
fn built_pwa() -> Result<PathBuf> {
    let dist = match std::env::var_os("BAOLIAN_DIST") {
        Some(dist) => PathBuf::from(dist),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../client/dist"),
    };
    ensure!(
        dist.join("index.html").is_file(),
        "the PWA is not built ({} has no index.html): run `bash scripts/build-pwa.sh`",
        dist.display()
    );
    dist.canonicalize().context("resolving client/dist")
}

/// The target directory this test was built into (`target/debug/deps/e2e-…` → `target`).
fn target_dir() -> Result<PathBuf> {
    let exe = std::env::current_exe().context("locating the test executable")?;
    exe.ancestors().nth(3).map(Path::to_path_buf).context("the test is not in a target directory")
}
