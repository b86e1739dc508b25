//! Child processes of the test (the server, ChromeDriver): started with their output kept,
//! and killed when dropped, so a failing test leaves nothing running.

use std::io::{BufRead, BufReader, Read};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

/// Every line a process printed on stdout or stderr, in arrival order.
#[derive(Clone, Default)]
pub struct Logs(Arc<Mutex<Vec<String>>>);

impl Logs {
    fn push(&self, line: String) {
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).push(line);
    }

    /// The last `count` lines, one per line, for error messages.
    pub fn tail(&self, count: usize) -> String {
        let lines = self.lines();
        lines[lines.len().saturating_sub(count)..].join("\n")
    }

    /// A copy of the lines so far.
    pub fn lines(&self) -> Vec<String> {
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).clone()
    }
}

/// A running child process, killed (with its whole process group) on drop.
pub struct Process {
    name: String,
    child: Child,
    logs: Logs,
}

impl Process {
    /// Starts `command` in a process group of its own, with stdout and stderr drained into
    /// [`Logs`] by background threads so the child never blocks on a full pipe.
    pub fn spawn(name: &str, command: &mut Command) -> Result<Process> {
        let mut child = command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .process_group(0)
            .spawn()
            .with_context(|| format!("starting {name} ({command:?})"))?;

        let logs = Logs::default();
        let stdout = child.stdout.take().expect("stdout is piped");
        let stderr = child.stderr.take().expect("stderr is piped");
        drain(stdout, logs.clone());
        drain(stderr, logs.clone());

        Ok(Process { name: name.to_owned(), child, logs })
    }

    /// The output kept so far.
    pub fn logs(&self) -> &Logs {
        &self.logs
    }

    /// Waits until the process prints a line for which `parse` gives a value, and returns
    /// that value; fails if the process exits first or `timeout` passes.
    pub async fn wait_for_line<T>(
        &mut self,
        what: &str,
        timeout: Duration,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Result<T> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(found) = self.logs.lines().iter().find_map(|line| parse(line)) {
                return Ok(found);
            }
            if let Some(status) = self.child.try_wait()? {
                // Let the drain threads catch the last lines before reporting.
                tokio::time::sleep(Duration::from_millis(200)).await;
                if let Some(found) = self.logs.lines().iter().find_map(|line| parse(line)) {
                    return Ok(found);
                }
                bail!(
                    "{} exited ({status}) before printing {what}; its output:\n{}",
                    self.name,
                    self.logs.tail(40)
                );
            }
            if Instant::now() >= deadline {
                bail!(
                    "{} did not print {what} within {timeout:?}; its output:\n{}",
                    self.name,
                    self.logs.tail(40)
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Whether the process has exited.
    pub fn has_exited(&mut self) -> bool {
        !matches!(self.child.try_wait(), Ok(None))
    }

    /// Kills the process and everything it started, and reaps it.
    pub fn kill(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            // The group holds what the process started (Chromium, for ChromeDriver). `kill`
            // from procps does it without unsafe code; the direct kill below is the fallback.
            let group = format!("-{}", self.child.id());
            let _ = Command::new("kill")
                .args(["-s", "KILL", "--", &group])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        self.kill();
    }
}

fn drain(stream: impl Read + Send + 'static, logs: Logs) {
    thread::spawn(move || {
        // Bytes rather than `lines()`: a line that is not UTF-8 must not stop the draining.
        let mut reader = BufReader::new(stream);
        let mut line = Vec::new();
        while matches!(reader.read_until(b'\n', &mut line), Ok(n) if n > 0) {
            logs.push(String::from_utf8_lossy(&line).trim_end().to_owned());
            line.clear();
        }
    });
}

/// Asks the kernel for a free loopback port. Another process could take it before it is
/// used, which is unlikely enough on a test machine.
pub fn free_port() -> Result<u16> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").context("binding a free port")?;
    Ok(listener.local_addr()?.port())
}
