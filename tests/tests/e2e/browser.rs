//! Headless Chromium driven through a ChromeDriver that the test starts, with waits that
//! poll the DOM and fail with a message naming what they waited for.

use std::cell::RefCell;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow};
use serde_json::Value;
use tempfile::TempDir;
use thirtyfour::LoggingPrefsLogLevel;
use thirtyfour::cdp::domains::network::NetworkConditions;
use thirtyfour::prelude::*;

use crate::process::{Logs, Process, free_port};

/// How long any one thing in the page may take to happen.
pub const WAIT: Duration = Duration::from_secs(60);
const POLL: Duration = Duration::from_millis(200);

/// A Chromium session with a fresh profile. Fields drop in order: the session, then the
/// driver process (and whatever is left of the browser with it), then the profile.
pub struct Browser {
    driver: Option<WebDriver>,
    chromedriver: Process,
    _profile: TempDir,
}

impl Browser {
    /// Starts ChromeDriver on a free port and opens a phone-sized headless Chromium.
    pub async fn start() -> Result<Browser> {
        let chrome = chrome_binary()?;
        let chromedriver_bin = chromedriver_binary()?;
        let profile = tempfile::tempdir().context("creating the browser profile directory")?;

        let port = free_port()?;
        let mut chromedriver = Process::spawn(
            "chromedriver",
            Command::new(&chromedriver_bin).arg(format!("--port={port}")),
        )?;
        chromedriver
            .wait_for_line("that it started", Duration::from_secs(30), |line| {
                line.contains("started successfully").then_some(())
            })
            .await?;

        let mut caps = DesiredCapabilities::chrome();
        caps.set_binary(&chrome.to_string_lossy())?;
        for arg in [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            "--no-first-run",
            "--window-size=390,844",
        ] {
            caps.add_arg(arg)?;
        }
        caps.add_arg(&format!("--user-data-dir={}", profile.path().display()))?;
        caps.set_browser_log_level(LoggingPrefsLogLevel::All)?;

        let driver =
            tokio::time::timeout(WAIT, WebDriver::new(format!("http://127.0.0.1:{port}"), caps))
                .await
                .map_err(|_| {
                    anyhow!("chromedriver did not open a browser session within {WAIT:?}")
                })?
                .with_context(|| {
                    format!(
                        "opening a browser session; chromedriver said:\n{}",
                        chromedriver.logs().tail(40)
                    )
                })?;
        driver.set_page_load_timeout(WAIT).await?;
        driver.set_script_timeout(WAIT).await?;

        Ok(Browser { driver: Some(driver), chromedriver, _profile: profile })
    }

    /// The WebDriver session.
    pub fn driver(&self) -> &WebDriver {
        self.driver.as_ref().expect("the browser is open until `quit`")
    }

    /// ChromeDriver's own output.
    pub fn chromedriver_logs(&self) -> &Logs {
        self.chromedriver.logs()
    }

    /// Closes the browser.
    pub async fn quit(mut self) {
        if let Some(driver) = self.driver.take() {
            let _ = tokio::time::timeout(Duration::from_secs(30), driver.quit()).await;
        }
    }

    /// Opens `url` and waits for the page to load.
    pub async fn goto(&self, url: &str) -> Result<()> {
        self.driver().goto(url).await.with_context(|| format!("opening {url}"))
    }

    /// Reloads the page.
    pub async fn reload(&self) -> Result<()> {
        self.driver().refresh().await.context("reloading the page")
    }

    /// Switches the page's network off or on, as the DevTools "Offline" switch does:
    /// `navigator.onLine` follows and the page gets `offline` or `online` events.
    pub async fn set_offline(&self, offline: bool) -> Result<()> {
        let network = self.driver().cdp();
        network.network().enable().await.context("enabling the CDP network domain")?;
        network
            .network()
            .emulate_network_conditions(NetworkConditions { offline, ..NetworkConditions::new() })
            .await
            .with_context(|| format!("emulating offline={offline} through CDP"))?;
        Ok(())
    }

    /// Runs a script (its body returns a value) and gives back that value.
    pub async fn eval(&self, script: &str) -> Result<Value> {
        let ret = self.driver().execute(script, Vec::new()).await?;
        Ok(ret.json().clone())
    }

    /// Waits until an element matches `css`, and returns it.
    pub async fn wait_for(&self, css: &str, what: &str) -> Result<WebElement> {
        self.wait_for_within(css, what, WAIT).await
    }

    /// [`Browser::wait_for`] with its own timeout.
    pub async fn wait_for_within(
        &self,
        css: &str,
        what: &str,
        timeout: Duration,
    ) -> Result<WebElement> {
        let description = format!("{what} (`{css}`)");
        poll(&description, timeout, || async {
            Ok(self.driver().find_all(By::Css(css)).await?.into_iter().next())
        })
        .await
    }

    /// Whether an element matches `css` right now.
    pub async fn exists(&self, css: &str) -> Result<bool> {
        Ok(!self.driver().find_all(By::Css(css)).await?.is_empty())
    }

    /// The value of attribute `name` of the first element matching `css`, waiting for
    /// the element to exist.
    pub async fn attr(&self, css: &str, name: &str) -> Result<Option<String>> {
        let element = self.wait_for(css, css).await?;
        Ok(element.attr(name).await?)
    }

    /// The current value (the property, not the attribute) of a form field.
    pub async fn field_value(&self, css: &str) -> Result<String> {
        let element = self.wait_for(css, css).await?;
        Ok(element.prop("value").await?.unwrap_or_default())
    }

    /// Clicks the element matching `css`, waiting for it to exist and retrying while the
    /// page re-renders under the pointer.
    pub async fn click(&self, css: &str, what: &str) -> Result<()> {
        let description = format!("{what} (`{css}`) to be clickable");
        poll(&description, WAIT, || async {
            let Some(element) = self.driver().find_all(By::Css(css)).await?.into_iter().next()
            else {
                return Ok(None);
            };
            element.scroll_into_view().await?;
            element.click().await?;
            Ok(Some(()))
        })
        .await
    }

    /// Types `text` into the field matching `css` as a user would, then checks that the
    /// field holds it.
    pub async fn type_into(&self, css: &str, what: &str, text: &str) -> Result<()> {
        let element = self.wait_for(css, what).await?;
        element.scroll_into_view().await?;
        element.click().await?;
        element.send_keys(text).await.with_context(|| format!("typing into {what}"))?;

        let expected = text.to_owned();
        poll(&format!("{what} (`{css}`) to hold {expected:?}"), WAIT, || async {
            Ok((self.field_value(css).await? == expected).then_some(()))
        })
        .await
    }

    /// Fails unless the attribute of an element equals `expected`, waiting for it to.
    pub async fn wait_attr(
        &self,
        css: &str,
        name: &str,
        expected: &str,
        timeout: Duration,
    ) -> Result<()> {
        let what = format!("`{css}` to have {name}=\"{expected}\"");
        let seen = RefCell::new(None);
        poll(&what, timeout, || async {
            let Some(element) = self.driver().find_all(By::Css(css)).await?.into_iter().next()
            else {
                return Ok(None);
            };
            let value = element.attr(name).await?;
            let matches = value.as_deref() == Some(expected);
            *seen.borrow_mut() = Some(value);
            Ok(matches.then_some(()))
        })
        .await
        .map_err(|error| match seen.take() {
            Some(value) => error.context(format!("last seen: {name}={value:?}")),
            None => error.context("no such element"),
        })
    }

    /// Saves a screenshot of the page.
    pub async fn screenshot(&self, path: &Path) -> Result<()> {
        self.driver().screenshot(path).await.context("taking a screenshot")
    }

    /// What the page logged to its console since the last call.
    pub async fn console(&self) -> Result<Vec<String>> {
        let entries = self.driver().browser_log().await?;
        Ok(entries.into_iter().map(|entry| format!("{} {}", entry.level, entry.message)).collect())
    }
}

/// Calls `check` until it gives a value or `timeout` passes. Errors from `check` count as
/// "not yet" (an element can go stale while the page re-renders) and the last one is
/// reported if time runs out.
pub async fn poll<T, F, Fut>(what: &str, timeout: Duration, mut check: F) -> Result<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Option<T>>>,
{
    let deadline = Instant::now() + timeout;
    let mut last_error = None;
    loop {
        match check().await {
            Ok(Some(value)) => return Ok(value),
            Ok(None) => {}
            Err(error) => last_error = Some(error),
        }
        if Instant::now() >= deadline {
            return Err(match last_error {
                Some(error) => {
                    error.context(format!("timed out after {timeout:?} waiting for {what}"))
                }
                None => anyhow!("timed out after {timeout:?} waiting for {what}"),
            });
        }
        tokio::time::sleep(POLL).await;
    }
}

/// Chromium: `BAOLIAN_CHROME`, else Debian's `/usr/bin/chromium`, else the first of the
/// usual names on `PATH`.
fn chrome_binary() -> Result<PathBuf> {
    if let Some(path) = std::env::var_os("BAOLIAN_CHROME") {
        return Ok(PathBuf::from(path));
    }
    let debian = Path::new("/usr/bin/chromium");
    if debian.is_file() {
        return Ok(debian.to_owned());
    }
    ["chromium", "google-chrome", "google-chrome-stable", "chromium-browser"]
        .into_iter()
        .find_map(on_path)
        .context("no Chromium or Chrome found: run `scripts/setup.sh --test` or set BAOLIAN_CHROME")
}

/// ChromeDriver: `BAOLIAN_CHROMEDRIVER`, else `chromedriver` on `PATH`.
fn chromedriver_binary() -> Result<PathBuf> {
    if let Some(path) = std::env::var_os("BAOLIAN_CHROMEDRIVER") {
        return Ok(PathBuf::from(path));
    }
    on_path("chromedriver").context(
        "no chromedriver found on PATH: run `scripts/setup.sh --test` or set BAOLIAN_CHROMEDRIVER",
    )
}

fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|dir| dir.join(name)).find(|candidate| candidate.is_file())
}
