//! Helpers shared by the integration tests: a raw HTTP client ([`http`]), a running
//! `gloss serve` on a temporary site ([`server`]) and a headless Chromium driven over WebDriver
//! ([`browser`]).
#![allow(dead_code)]

pub mod browser;
pub mod http;
pub mod server;
