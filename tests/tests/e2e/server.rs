//! The `baolian` server under test, started from the binary that `cargo build` made.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail, ensure};

use crate::process::{Logs, Process};

/// How long the server may take to start listening.
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// A running `baolian serve --demo`.
pub struct Server {
    process: Process,
    /// `127.0.0.1:PORT`, as the server reported it.
    pub addr: String,
}

impl Server {
    /// Starts the server on `addr` (port 0 for any free one) with its data in `data` and
    /// the PWA from `assets`, and waits for it to report where it listens.
    pub async fn start(data: &Path, assets: &Path, addr: &str) -> Result<Server> {
        let bin = binary()?;
        let mut process = Process::spawn(
            "baolian server",
            Command::new(&bin)
                .args(["serve", "--demo", "--addr", addr, "--data"])
                .arg(data)
                .arg("--assets")
                .arg(assets)
                .env("NO_COLOR", "1"),
        )?;

        let addr = process
            .wait_for_line(
                "`baolian listening on http://127.0.0.1:PORT`",
                START_TIMEOUT,
                listening_addr,
            )
            .await?;
        Ok(Server { process, addr })
    }

    /// Starts the server again on the port it had, once the old process is gone; retries
    /// for a while in case the kernel still holds the port.
    pub async fn restart(data: &Path, assets: &Path, addr: &str) -> Result<Server> {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            match Server::start(data, assets, addr).await {
                Ok(server) if server.addr == addr => return Ok(server),
                Ok(server) => bail!("server restarted on {} instead of {addr}", server.addr),
                Err(error) if Instant::now() >= deadline => {
                    return Err(error).context(format!("restarting the server on {addr}"));
                }
                Err(_) => tokio::time::sleep(Duration::from_secs(1)).await,
            }
        }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The server's output so far.
    pub fn logs(&self) -> &Logs {
        self.process.logs()
    }

    /// Kills the server at once, as a lost connection would look to the phone.
    pub fn kill(&mut self) -> Result<()> {
        self.process.kill();
        ensure!(self.process.has_exited(), "the server process did not die");
        Ok(())
    }
}

/// Finds `127.0.0.1:PORT` in a line like `baolian listening on http://127.0.0.1:PORT`,
/// ignoring whatever log formatting surrounds it.
fn listening_addr(line: &str) -> Option<String> {
    let rest = &line[line.find("listening on http://")? + "listening on http://".len()..];
    let addr: String =
        rest.chars().take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ':').collect();
    let (host, port) = addr.rsplit_once(':')?;
    (!host.is_empty() && port.parse::<u16>().is_ok_and(|port| port != 0)).then_some(addr)
}

/// The server binary: `BAOLIAN_BIN`, else `baolian` in the target directory this test was
/// built into (the test runs as `target/debug/deps/e2e-…`).
fn binary() -> Result<PathBuf> {
    if let Some(bin) = std::env::var_os("BAOLIAN_BIN") {
        let bin = PathBuf::from(bin);
        ensure!(bin.is_file(), "BAOLIAN_BIN={} does not exist", bin.display());
        return Ok(bin);
    }

    let exe = std::env::current_exe().context("locating the test executable")?;
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .context("the test executable is not inside a target directory")?;
    let bin = profile_dir.join("baolian");
    ensure!(
        bin.is_file(),
        "the server binary {} is missing: run `cargo build -p baolian-server` first \
         (or set BAOLIAN_BIN)",
        bin.display()
    );
    Ok(bin)
}

#[cfg(test)]
mod tests {
    use super::listening_addr;

    #[test]
    fn finds_the_address_in_a_log_line() {
        assert_eq!(
            listening_addr("baolian listening on http://127.0.0.1:43121").as_deref(),
            Some("127.0.0.1:43121")
        );
        assert_eq!(
            listening_addr(
                "2026-01-01T00:00:00Z INFO baolian listening on http://127.0.0.1:8\x1b[0m"
            )
            .as_deref(),
            Some("127.0.0.1:8")
        );
        assert_eq!(listening_addr("baolian listening on http://127.0.0.1:0"), None);
        assert_eq!(listening_addr("starting"), None);
    }
}
