//! Headless Chromium for end-to-end tests, driven by chromedriver over the WebDriver protocol
//! (plain HTTP + JSON, through [`super::http`]: no extra dependency). Reusable:
//! [`Browser::start`], [`Browser::goto`], [`Browser::eval`], [`Browser::wait_for`],
//! [`Browser::screenshot`].
//!
//! When Chromium is missing the tests skip with a printed note, unless `GLOSS_REQUIRE_BROWSER`
//! is set (CI sets it): then a missing browser fails the test. `GLOSS_CHROMIUM` and
//! `GLOSS_CHROMEDRIVER` override the default paths.

use super::http::request_with_body;
use super::server::free_port;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn chromium_path() -> PathBuf {
    std::env::var_os("GLOSS_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"))
}

fn chromedriver_path() -> PathBuf {
    std::env::var_os("GLOSS_CHROMEDRIVER")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromedriver"))
}

/// A browser session; the browser and its driver are stopped on drop.
pub struct Browser {
    driver: Child,
    port: u16,
    session: String,
    profile: tempfile::TempDir,
}

impl Browser {
    /// Starts headless Chromium with a fresh profile. `None` (after printing why) when the
    /// browser is not installed and `GLOSS_REQUIRE_BROWSER` is unset; panics when it is set.
    pub fn start() -> Option<Browser> {
        let (chromium, driver) = (chromium_path(), chromedriver_path());
        let required = std::env::var_os("GLOSS_REQUIRE_BROWSER").is_some();
        for (what, path) in [("Chromium", &chromium), ("chromedriver", &driver)] {
            if !path.exists() {
                if required {
                    panic!(
                        "{what} is not installed at {} and GLOSS_REQUIRE_BROWSER is set",
                        path.display()
                    );
                }
                eprintln!(
                    "note: skipping browser test: {what} not found at {} (set GLOSS_REQUIRE_BROWSER to make this a failure)",
                    path.display()
                );
                return None;
            }
        }
        Some(Browser::launch(&chromium, &driver))
    }

    fn launch(chromium: &Path, driver_bin: &Path) -> Browser {
        let profile = tempfile::tempdir().expect("browser profile dir");
        let port = free_port();
        let log = profile.path().join("chromedriver.log");
        let driver = Command::new(driver_bin)
            .arg(format!("--port={port}"))
            .arg(format!("--log-path={}", log.display()))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn chromedriver");
        let mut browser = Browser {
            driver,
            port,
            session: String::new(),
            profile,
        };
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if let Ok(r) = request_with_body(port, "GET", "/status", b"") {
                let v: Value = serde_json::from_slice(&r.body).unwrap_or(Value::Null);
                if v["value"]["ready"] == true {
                    break;
                }
            }
            assert!(
                Instant::now() < deadline,
                "chromedriver did not start in 15 s"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        let user_data = browser.profile.path().join("user-data");
        let args = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-quic",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--window-size=1200,900",
        ]
        .iter()
        .map(|s| s.to_string())
        .chain([format!("--user-data-dir={}", user_data.display())])
        .collect::<Vec<_>>();
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": chromium.display().to_string(), "args": args},
        }}});
        let v = browser
            .command("POST", "/session", &caps)
            .unwrap_or_else(|e| {
                panic!(
                    "cannot start a Chromium session: {e}\n{}",
                    std::fs::read_to_string(&log).unwrap_or_default()
                )
            });
        browser.session = v["sessionId"].as_str().expect("session id").to_string();
        browser
            .session_command(
                "POST",
                "timeouts",
                &json!({"script": 10_000, "pageLoad": 15_000}),
            )
            .expect("set timeouts");
        browser
    }

    /// Sends a WebDriver command; returns its `value`, or the WebDriver error message.
    fn command(&self, method: &str, path: &str, body: &Value) -> Result<Value, String> {
        let bytes = if method == "GET" || method == "DELETE" {
            Vec::new()
        } else {
            body.to_string().into_bytes()
        };
        let r = request_with_body(self.port, method, path, &bytes)
            .map_err(|e| format!("{method} {path}: {e}"))?;
        let v: Value = serde_json::from_slice(&r.body)
            .map_err(|e| format!("{method} {path}: bad JSON ({e}): {}", r.text()))?;
        let value = v.get("value").cloned().unwrap_or(Value::Null);
        if r.status >= 400 || value.get("error").is_some_and(Value::is_string) {
            return Err(format!(
                "{method} {path}: {} {}",
                value["error"].as_str().unwrap_or(""),
                value["message"].as_str().unwrap_or("")
            ));
        }
        Ok(value)
    }

    fn session_command(&self, method: &str, what: &str, body: &Value) -> Result<Value, String> {
        self.command(method, &format!("/session/{}/{what}", self.session), body)
    }

    /// Opens `url` and waits for it to load.
    pub fn goto(&self, url: &str) {
        self.session_command("POST", "url", &json!({ "url": url }))
            .unwrap_or_else(|e| panic!("open {url}: {e}"));
    }

    /// The current page's URL.
    pub fn url(&self) -> String {
        self.session_command("GET", "url", &Value::Null)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }

    /// Runs `script` (a function body: use `return`) in the page and returns its result.
    pub fn eval(&self, script: &str) -> Result<Value, String> {
        self.session_command(
            "POST",
            "execute/sync",
            &json!({"script": script, "args": []}),
        )
    }

    /// Polls `script` until it returns a truthy value; returns it, or `Err` with the last value
    /// after `timeout`. Errors while the page reloads count as "not yet".
    pub fn wait_for(&self, script: &str, timeout: Duration) -> Result<Value, String> {
        let deadline = Instant::now() + timeout;
        let mut last = Err(String::from("never evaluated"));
        while Instant::now() < deadline {
            last = self.eval(script);
            if let Ok(v) = &last {
                let truthy = !matches!(v, Value::Null | Value::Bool(false))
                    && v.as_str() != Some("")
                    && v.as_f64() != Some(0.0);
                if truthy {
                    return Ok(v.clone());
                }
            }
            std::thread::sleep(Duration::from_millis(15));
        }
        Err(format!("timed out after {timeout:?}; last: {last:?}"))
    }

    /// Resizes the window (CSS pixels), e.g. to a phone's width.
    pub fn set_window(&self, width: u32, height: u32) {
        self.session_command(
            "POST",
            "window/rect",
            &json!({"width": width, "height": height}),
        )
        .unwrap_or_else(|e| panic!("resize window: {e}"));
    }

    /// Saves a PNG screenshot of the viewport to `path`.
    pub fn screenshot(&self, path: &Path) {
        let v = self
            .session_command("GET", "screenshot", &Value::Null)
            .expect("screenshot");
        let png = base64_decode(v.as_str().unwrap_or("")).expect("screenshot base64");
        std::fs::write(path, png).expect("write screenshot");
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = self.command(
                "DELETE",
                &format!("/session/{}", self.session),
                &Value::Null,
            );
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// Standard base64 (with padding) → bytes.
pub fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => break,
            b'\r' | b'\n' => continue,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}
